package outfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
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
		"  太仓市科学技术局 ":           "太仓市科学技术局",
		"../../etc/passwd":      "_.._etc_passwd-",
		"a/b\\c:d*e?f\"g<h>i|j": "a_b_c_d_e_f_g_h_i_j-",
		"..":                    "_-",
		"":                      "_-",
		"名称\x00\x1f\n":          "名称__-",
		"CON":                   "_CON-",
		"nul.txt":               "_nul.txt-",
		"com0":                  "_com0-",
		"LPT¹.pdf":              "_LPT¹.pdf-",
		"CON .txt":              "_CON .txt-",
		"conout$":               "_conout$-",
		"CONSOLE":               "CONSOLE",
		"COM10":                 "COM10",
		"结尾的点.":                 "结尾的点-",
	}
	for in, want := range cases {
		got := SafeName(in)
		if strings.HasSuffix(want, "-") {
			// A changed text carries a hash of the original.
			if !strings.HasPrefix(got, want) || len(got) != len(want)+hashLen {
				t.Errorf("SafeName(%q) = %q, want %q and a hash", in, got, want)
			}
		} else if got != want {
			t.Errorf("SafeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// A long agency name keeps the year and the extension and stays within the limit; two long
// names that differ only at their end, and two that differ only in unsafe characters, get
// different names.
func TestNameLongAndDistinct(t *testing.T) {
	suffix, ext := "2024年政府信息公开工作年度报告", ".pdf"
	long := strings.Repeat("局", 300)
	a, b := Name(long+"甲", suffix, ext), Name(long+"乙", suffix, ext)
	for _, n := range []string{a, b} {
		if len(n) > MaxNameBytes || !strings.HasSuffix(n, suffix+ext) || !strings.HasPrefix(n, "局局") || !utf8.ValidString(n) {
			t.Errorf("long name %q (%d bytes)", n, len(n))
		}
	}
	if a == b {
		t.Errorf("two long names gave one file name %q", a)
	}
	if Name("某局/一", suffix, ext) == Name("某局:一", suffix, ext) {
		t.Error("two names differing in unsafe characters gave one file name")
	}
	if got := Name("某局", suffix, ext); got != "某局"+suffix+ext {
		t.Errorf("plain name changed: %q", got)
	}
}

func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"太仓市科学技术局", "../x", "CON", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name := Name(s, "2024年报告", ".pdf")
		if name == "" || strings.HasPrefix(name, ".") || strings.ContainsAny(name, "/\\\x00") || len(name) > MaxNameBytes {
			t.Errorf("Name(%q) = %q is not a safe file name", s, name)
		}
		if filepath.Base(name) != name || !strings.HasSuffix(name, "2024年报告.pdf") {
			t.Errorf("Name(%q) = %q escapes its directory or lost its suffix", s, name)
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

// An output that is an input — by the same path, another spelling, a symbolic link or a
// hard link — is refused; another file is not.
func TestDistinct(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	os.WriteFile(in, []byte("x"), 0o644)
	sym, hard := filepath.Join(dir, "sym.pdf"), filepath.Join(dir, "hard.pdf")
	os.Symlink(in, sym)
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{in, filepath.Join(dir, ".", "sub", "..", "in.xlsx"), sym, hard} {
		os.Mkdir(filepath.Join(dir, "sub"), 0o755)
		var e *SameAsInputError
		if err := Distinct(out, []string{"other", in}); !errors.As(err, &e) || !errors.Is(err, ErrIsInput) || e.Input != in {
			t.Errorf("%s: err = %v, want ErrIsInput naming %s", out, err, in)
		}
	}
	if err := Distinct(filepath.Join(dir, "new.pdf"), []string{in}); err != nil {
		t.Errorf("a new file: %v", err)
	}
}

// Errors name the user's output, never the temporary file.
func TestWriteErrorNamesOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "a.txt")
	err := Write(path, false, func(io.Writer) error { return nil })
	var e *fs.PathError
	if !errors.As(err, &e) || e.Path != path || strings.Contains(err.Error(), ".nianbao-") {
		t.Errorf("err = %v, want an *Error naming %s only", err, path)
	}
}

// A write that fails while the output is filled (a full disk: the temporary file refuses
// more bytes) names the user's output, not the temporary file.
func TestFullDiskNamesOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "报告.pdf")
	err := Write(path, false, func(w io.Writer) error {
		w.(*os.File).Close() // every write now fails, as on a full disk, naming the file
		_, err := w.Write([]byte("%PDF"))
		return err
	})
	var e *fs.PathError
	if !errors.As(err, &e) || e.Path != path || strings.Contains(err.Error(), ".nianbao-") {
		t.Errorf("err = %v, want an error naming %s only", err, path)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an output was left: %v", err)
	}
}

// RemoveTemporaries (called on INT and TERM) removes a temporary file being written.
func TestRemoveTemporaries(t *testing.T) {
	defer func() { liveMu.Lock(); stopped = false; liveMu.Unlock() }()
	dir := t.TempDir()
	err := Write(filepath.Join(dir, "a.txt"), false, func(w io.Writer) error {
		RemoveTemporaries()
		assertNoTemporaries(t, dir)
		return errors.New("interrupted")
	})
	if err == nil {
		t.Fatal("no error")
	}
	assertNoTemporaries(t, dir)
	if err := Write(filepath.Join(dir, "b.txt"), false, func(io.Writer) error { return nil }); err == nil {
		t.Error("a write after RemoveTemporaries succeeded")
	}
	assertNoTemporaries(t, dir)
}
