package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteCreatesCompleteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	if err := Write(path, false, func(w io.Writer) error { _, err := io.WriteString(w, "完整"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "完整" {
		t.Errorf("content %q", b)
	}
	assertNoTemporaries(t, filepath.Dir(path))
}

func TestWriteNeverOverwritesWithoutAsking(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(path, []byte("old"), 0o644)
	err := Write(path, false, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	if !errors.Is(err, ErrExists) {
		t.Fatalf("err = %v, want ErrExists", err)
	}
	if perr, ok := err.(*fs.PathError); !ok || perr.Path != path {
		t.Errorf("err = %#v, want an *fs.PathError naming %s", err, path)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("file changed to %q", b)
	}
	if err := Write(path, true, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("overwrite gave %q", b)
	}
	assertNoTemporaries(t, filepath.Dir(path))
}

// A failure half-way leaves neither a partial file nor a temporary behind, and an existing
// file untouched.
func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	fail := errors.New("disk full")
	half := func(w io.Writer) error { io.WriteString(w, "half"); return fail }
	path := filepath.Join(dir, "new.txt")
	if err := Write(path, false, half); !errors.Is(err, fail) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("partial file left: %v", err)
	}
	old := filepath.Join(dir, "old.txt")
	os.WriteFile(old, []byte("old"), 0o644)
	if err := Write(old, true, half); !errors.Is(err, fail) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("existing file changed to %q", b)
	}
	assertNoTemporaries(t, dir)
}

func TestWriteIntoMissingDirectory(t *testing.T) {
	err := Write(filepath.Join(t.TempDir(), "no", "a.txt"), false, func(io.Writer) error { return nil })
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want a not-exist error", err)
	}
}

func assertNoTemporaries(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".nianbao-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func TestSafeName(t *testing.T) {
	cases := map[string]string{
		"太仓市科学技术局":              "太仓市科学技术局",
		"../../etc/passwd":      "_.._etc_passwd",
		"a/b\\c:d*e?f\"g<h>i|j": "a_b_c_d_e_f_g_h_i_j",
		"..":                    "_",
		"":                      "_",
		"  ":                    "_",
		"名称\x00\x1f\n":          "名称__",
		"CON":                   "_CON",
		"nul.txt":               "_nul.txt",
		"结尾的点.":                 "结尾的点",
	}
	for in, want := range cases {
		if got := SafeName(in); got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
	long := SafeName(strings.Repeat("局", 300))
	if len(long) > maxNameBytes || !strings.HasPrefix(long, "局") || strings.ContainsRune(long, '\uFFFD') {
		t.Errorf("long name cut badly: %d bytes", len(long))
	}
}

func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"太仓市科学技术局", "../x", "CON", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name := SafeName(s)
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\\x00") || len(name) > maxNameBytes+1 {
			t.Errorf("SafeName(%q) = %q is not a safe file name", s, name)
		}
		if filepath.Base(name) != name {
			t.Errorf("SafeName(%q) = %q escapes its directory", s, name)
		}
	})
}

func TestWriteNeverReplacesDirectory(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "报告.pdf")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, overwrite := range []bool{false, true} {
		err := Write(target, overwrite, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
		if !errors.Is(err, ErrIsDirectory) {
			t.Errorf("overwrite=%v: err = %v, want ErrIsDirectory", overwrite, err)
		}
		if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
			t.Errorf("overwrite=%v: the directory is gone (%v)", overwrite, err)
		}
	}
	assertNoTemporaries(t, dir)
}
