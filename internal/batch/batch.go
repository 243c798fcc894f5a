// Package batch is for finding and reading many workbooks at once: it walks the directories
// a coordinator names for the workbooks bureaus sent back, sets aside spreadsheet files that
// cannot be read (legacy .xls, .ods, .csv …), and maps a function over the files on every
// core, delivering the results in input order with memory bounded by the number of workers.
package batch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// ErrUnsupportedFormat is a spreadsheet file of a format other than xlsx, found while
// walking a directory: it has to be saved again as .xlsx before it can be read.
var ErrUnsupportedFormat = errors.New("unsupported spreadsheet format")

// workbookExt are the extensions of files that are read as workbooks. An .xlsm is an xlsx
// with macros allowed; the reader reads it like any other.
var workbookExt = map[string]bool{".xlsx": true, ".xlsm": true}

// unsupportedExt are spreadsheet formats that bureaus send but nianbao cannot read.
var unsupportedExt = map[string]bool{
	".xls": true, ".xlsb": true, ".xlt": true, ".et": true, ".ett": true,
	".ods": true, ".fods": true, ".csv": true, ".numbers": true,
}

// Files is what a walk found.
type Files struct {
	Workbooks   []string // files to read, in the order given; sorted within a directory
	Unsupported []string // spreadsheet files that cannot be read; see UnsupportedError
}

// Find walks the given files and directories. Directories are searched recursively for
// workbooks; hidden files and the lock files Office leaves beside an open workbook (~$…)
// are skipped. A file named explicitly is always read unless it has the extension of an
// unsupported spreadsheet format. skip, when not nil, drops files (e.g. the output file of
// the run itself).
func Find(paths []string, skip func(path string) bool) (Files, error) {
	var out Files
	add := func(path string, explicit bool) {
		if skip != nil && skip(path) {
			return
		}
		ext := strings.ToLower(filepath.Ext(path))
		switch {
		case unsupportedExt[ext]:
			out.Unsupported = append(out.Unsupported, path)
		case workbookExt[ext] || explicit:
			out.Workbooks = append(out.Workbooks, path)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return Files{}, err
		}
		if !info.IsDir() {
			add(p, true)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			hidden := path != p && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$"))
			switch {
			case hidden && d.IsDir():
				return filepath.SkipDir
			case hidden || d.IsDir() || !d.Type().IsRegular():
				return nil
			}
			found = append(found, path)
			return nil
		})
		if err != nil {
			return Files{}, fmt.Errorf("walk %s: %w", p, err)
		}
		sort.Strings(found)
		for _, f := range found {
			add(f, false)
		}
	}
	return out, nil
}

// UnsupportedError is an unsupported spreadsheet file found by Find.
type UnsupportedError struct{ Path string }

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%s: %v (%s)", e.Path, ErrUnsupportedFormat, e.Ext())
}

func (e *UnsupportedError) Unwrap() error { return ErrUnsupportedFormat }

// Ext is the file's extension in lower case: ".xls".
func (e *UnsupportedError) Ext() string { return strings.ToLower(filepath.Ext(e.Path)) }

// Workers is the number of files processed at once: one per core.
func Workers() int { return runtime.NumCPU() }

// Map calls fn on every input on Workers goroutines and hands each result to deliver, in
// input order, on the calling goroutine. At most twice as many results as there are workers
// are held at any time, so that memory stays flat however many inputs there are; fn should
// return a small result (counts, a report), not an open workbook.
func Map[In, Out any](inputs []In, fn func(In) Out, deliver func(i int, out Out)) {
	workers := Workers()
	jobs := make(chan job[In, Out])
	// pending holds one result slot per dispatched input, in input order; its capacity is
	// the bound on results waiting for delivery.
	pending := make(chan chan Out, 2*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				j.result <- fn(j.input)
			}
		}()
	}
	go func() {
		for _, in := range inputs {
			slot := make(chan Out, 1)
			pending <- slot
			jobs <- job[In, Out]{in, slot}
		}
		close(jobs)
		close(pending)
	}()
	i := 0
	for slot := range pending {
		deliver(i, <-slot)
		i++
	}
	wg.Wait()
}

type job[In, Out any] struct {
	input  In
	result chan Out
}
