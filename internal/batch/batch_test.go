package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
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
	own := errors.New("own output")
	got, err := Find([]string{dir, explicit}, func(p string) error {
		if filepath.Base(p) == "out.xlsx" {
			return own
		}
		return nil
	})
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
	if want := []Entry{{filepath.Join(dir, "out.xlsx"), own}}; !reflect.DeepEqual(got.LeftOut, want) {
		t.Errorf("left out = %v, want %v", got.LeftOut, want)
	}
	if err := error(&UnsupportedError{got.Unsupported[0]}); !errors.Is(err, ErrUnsupportedFormat) {
		t.Errorf("UnsupportedError does not wrap ErrUnsupportedFormat: %v", err)
	}
	if _, err := Find([]string{filepath.Join(dir, "missing")}, nil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing path: err = %v, want not exist", err)
	}
}

func TestMapRecoversEachInput(t *testing.T) {
	var got []string
	Map(context.Background(), []int{1, 2, 3}, func(n int) string {
		if n == 2 {
			panic("boom")
		}
		return fmt.Sprint("ok ", n)
	}, func(n int, cause any) string { return fmt.Sprint("failed ", n, ": ", cause) },
		func(_ int, out string) { got = append(got, out) })
	if want := []string{"ok 1", "failed 2: boom", "ok 3"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
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
	Map(context.Background(), in, func(n int) int {
		running.Add(1)
		defer running.Add(-1)
		if n%7 == 0 { // some inputs are slow, so later ones finish first
			time.Sleep(time.Millisecond)
		}
		done.Add(1)
		return n * n
	}, func(int, any) int { t.Fatal("no input panics"); return 0 }, func(i, out int) {
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

// Links: a linked workbook is read; a broken or looping link and a linked directory are
// listed as unreadable with the reason, and the walk goes on.
func TestFindLinks(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	touch(t, elsewhere, "real.xlsx")
	touch(t, dir, "a.xlsx")
	links := map[string]string{
		"linked.xlsx": filepath.Join(elsewhere, "real.xlsx"),
		"broken.xlsx": filepath.Join(elsewhere, "none.xlsx"),
		"loop.xlsx":   "loop.xlsx",
		"up":          dir,
		"notes.txt":   "nowhere",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	got, err := Find([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "linked.xlsx")}; !reflect.DeepEqual(got.Workbooks, want) {
		t.Errorf("workbooks = %q, want %q", got.Workbooks, want)
	}
	why := map[string]error{}
	for _, e := range got.Unreadable {
		why[filepath.Base(e.Path)] = e.Err
	}
	if len(why) != 3 || !errors.Is(why["broken.xlsx"], os.ErrNotExist) || why["loop.xlsx"] == nil ||
		!errors.Is(why["up"], ErrLinkedDirectory) {
		t.Errorf("unreadable = %v", got.Unreadable)
	}
}

// Once the context is done, Map starts no more inputs: the results of those started are
// delivered in order, and the rest never run.
func TestMapStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make([]int, 1000)
	var ran atomic.Int64
	delivered := 0
	Map(ctx, in, func(int) int { ran.Add(1); return 0 }, func(int, any) int { return 0 }, func(i, _ int) {
		if i != delivered {
			t.Fatalf("delivered %d after %d", i, delivered)
		}
		delivered++
		if i == 10 {
			cancel()
		}
	})
	if n := ran.Load(); n >= int64(len(in)) || int(n) != delivered {
		t.Errorf("%d of %d inputs ran, %d delivered; want the rest not started after the cancel", n, len(in), delivered)
	}
}
