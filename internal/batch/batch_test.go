package batch

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

func touch(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(root, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	touch(t, dir, "b.xlsx", "a.XLSX", "sub/c.xlsm", "old.xls", "wps.et", "lo.ods", "data.csv", "mac.numbers",
		"notes.txt", "~$a.xlsx", ".hidden.xlsx", ".git/x.xlsx", "out.xlsx")
	explicit := filepath.Join(t.TempDir(), "named.dat")
	touch(t, filepath.Dir(explicit), "named.dat")
	got, err := Find([]string{dir, explicit}, func(p string) bool { return filepath.Base(p) == "out.xlsx" })
	if err != nil {
		t.Fatal(err)
	}
	j := func(n ...string) (out []string) {
		for _, x := range n {
			out = append(out, filepath.Join(dir, x))
		}
		return out
	}
	if want := append(j("a.XLSX", "b.xlsx", "sub/c.xlsm"), explicit); !reflect.DeepEqual(got.Workbooks, want) {
		t.Errorf("workbooks = %q, want %q", got.Workbooks, want)
	}
	if want := j("data.csv", "lo.ods", "mac.numbers", "old.xls", "wps.et"); !reflect.DeepEqual(got.Unsupported, want) {
		t.Errorf("unsupported = %q, want %q", got.Unsupported, want)
	}
	if err := error(&UnsupportedError{got.Unsupported[0]}); !errors.Is(err, ErrUnsupportedFormat) {
		t.Errorf("UnsupportedError does not wrap ErrUnsupportedFormat: %v", err)
	}
	if _, err := Find([]string{filepath.Join(dir, "missing")}, nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing path: err = %v, want not exist", err)
	}
}

func TestMapOrderAndBound(t *testing.T) {
	in := make([]int, 500)
	for i := range in {
		in[i] = i
	}
	var running, done, delivered atomic.Int64
	maxAhead := int64(0)
	var got []int
	Map(in, func(n int) int {
		running.Add(1)
		defer running.Add(-1)
		if n%7 == 0 { // some inputs are slow, so later ones finish first
			time.Sleep(time.Millisecond)
		}
		done.Add(1)
		return n * n
	}, func(i, out int) {
		if ahead := done.Load() - delivered.Load(); ahead > maxAhead {
			maxAhead = ahead
		}
		delivered.Add(1)
		if out != in[i]*in[i] {
			t.Fatalf("result %d for input %d", out, in[i])
		}
		got = append(got, i)
	})
	for i, g := range got {
		if g != i {
			t.Fatalf("delivered index %d at position %d", g, i)
		}
	}
	if len(got) != len(in) {
		t.Fatalf("delivered %d of %d", len(got), len(in))
	}
	// Results computed but not yet delivered never exceed the pending window.
	if bound := int64(2*Workers() + 1); maxAhead > bound {
		t.Errorf("%d results waited for delivery, bound is %d", maxAhead, bound)
	}
}
