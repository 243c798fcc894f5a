//go:build unix

package infile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Every kind of special file is refused at once; a FIFO without a writer must not block.
func TestOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, dir, "/dev/zero", "/dev/null"} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(path, 1<<20); done <- err }()
		select {
		case err := <-done:
			var nreg *NotRegularError
			if !errors.Is(err, ErrNotRegular) || !errors.As(err, &nreg) || nreg.Mode.IsRegular() {
				t.Errorf("%s: err = %v, want ErrNotRegular with the file's mode", path, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: reading blocked", path)
		}
	}
}

func TestRegularFileAndLink(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.txt")
	os.WriteFile(file, []byte("内容"), 0o644)
	link := filepath.Join(dir, "link.txt")
	os.Symlink(file, link)
	for _, path := range []string{file, link} {
		data, err := ReadFile(path, 100)
		if err != nil || string(data) != "内容" {
			t.Errorf("%s: %q, %v", path, data, err)
		}
	}
	if _, err := ReadFile(file, 3); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit: err = %v, want ErrTooLarge", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "none"), 100); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: err = %v", err)
	}
}
