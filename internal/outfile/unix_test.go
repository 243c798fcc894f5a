//go:build unix

package outfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }

// deadPID is the id of a process that has exited.
func deadPID(t *testing.T) int {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip("cannot run a process:", err)
	}
	return cmd.Process.Pid
}

// --force replaces a regular file only: a FIFO stays a FIFO.
func TestWriteNeverReplacesSpecialFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.pdf")
	if err := mkfifo(fifo); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	err := Write(fifo, true, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	if !errors.Is(err, ErrNotRegular) {
		t.Errorf("err = %v, want ErrNotRegular", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced (%v)", err)
	}
	assertNoTemporaries(t, dir)
}

// A temporary file of a process that is gone is removed by the next write into the folder;
// one of a running process is kept.
func TestStaleTemporariesRemoved(t *testing.T) {
	dir := t.TempDir()
	gone := deadPID(t)
	stale := filepath.Join(dir, fmt.Sprintf(".nianbao-%d-123.tmp", gone))
	running := filepath.Join(dir, fmt.Sprintf(".nianbao-%d-456.tmp", os.Getppid()))
	os.WriteFile(stale, []byte("half"), 0o644)
	os.WriteFile(running, []byte("half"), 0o644)
	if err := Write(filepath.Join(dir, "a.txt"), false, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary kept (%v)", err)
	}
	if _, err := os.Stat(running); err != nil {
		t.Errorf("a running process's temporary removed: %v", err)
	}
}
