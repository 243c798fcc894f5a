// Package batch is for finding and reading many workbooks at once: it walks the directories
// a coordinator names for the workbooks bureaus sent back, sets aside spreadsheet files that
// cannot be read (legacy .xls, .ods, .csv …), and maps a function over the files on every
// core, delivering the results in input order with memory bounded by the number of workers.
package batch

import (
	"context"
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

// ErrLinkedDirectory is a symbolic link to a directory found while walking: it is not
// followed, so that a link back up the tree cannot make the walk endless.
var ErrLinkedDirectory = errors.New("symbolic link to a directory, not followed")

// Files is what a walk found.
type Files struct {
	Workbooks   []string // files to read, in the order given; sorted within a directory
	Unsupported []string // spreadsheet files that cannot be read; see UnsupportedError
	// Unreadable are entries the walk could not look into (no permission, a path too long,
	// a broken or looping link, a linked directory); the walk went on without them.
	Unreadable []Entry
	// LeftOut are workbooks found in a directory that the caller's leaveOut set aside.
	LeftOut []Entry
}

// Inputs are all files the run reads or reports on: workbooks and unsupported files.
func (f Files) Inputs() []string {
	return append(append([]string(nil), f.Workbooks...), f.Unsupported...)
}

// Entry is a path and why it was not read.
type Entry struct {
	Path string
	Err  error
}

// Find walks the given files and directories. Directories are searched recursively for
// workbooks; hidden files and the lock files Office leaves beside an open workbook (~$…)
// are skipped; a symbolic link to a workbook is followed, one to a directory is not. A file
// named explicitly is always read unless it has the extension of an unsupported spreadsheet
// format. leaveOut, when not nil, is asked about each workbook found in a directory (not
// those named explicitly) and sets it aside when it gives a reason (e.g. an earlier output
// of the tool). Only a path given that does not exist or cannot be read is an error.
func Find(paths []string, leaveOut func(path string) error) (Files, error) {
	var out Files
	add := func(path string, explicit bool) {
		ext := strings.ToLower(filepath.Ext(path))
		switch {
		case unsupportedExt[ext]:
			out.Unsupported = append(out.Unsupported, path)
		case explicit:
			out.Workbooks = append(out.Workbooks, path)
		case workbookExt[ext]:
			if leaveOut != nil {
				if why := leaveOut(path); why != nil {
					out.LeftOut = append(out.LeftOut, Entry{path, why})
					return
				}
			}
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
				if path == p {
					return err
				}
				out.Unreadable = append(out.Unreadable, Entry{path, err})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			hidden := path != p && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$"))
			switch {
			case hidden && d.IsDir():
				return filepath.SkipDir
			case hidden || d.IsDir():
				return nil
			case d.Type()&fs.ModeSymlink != 0:
				if why := linked(path); why != nil {
					out.Unreadable = append(out.Unreadable, Entry{path, why})
					return nil
				}
				if ext := strings.ToLower(filepath.Ext(path)); !workbookExt[ext] && !unsupportedExt[ext] {
					return nil
				}
			case !d.Type().IsRegular():
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

// linked says why a symbolic link to a workbook met in a walk cannot be followed: it is
// broken or loops, or it leads to a directory. A link to a file is followed (nil); whether
// that is a regular file is the reader's to check.
func linked(path string) error {
	info, err := os.Stat(path)
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case err == nil && info.IsDir():
		return &fs.PathError{Op: "walk", Path: path, Err: ErrLinkedDirectory}
	case err != nil && (workbookExt[ext] || unsupportedExt[ext]):
		return err
	}
	return nil
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
// return a small result (counts, a report), not an open workbook. A panic in fn on one input
// becomes that input's result through failed, so that one file never ends a batch. Once ctx
// is done no more inputs are started: the results of those started are delivered, and the
// caller sees ctx.Err() for the rest.
func Map[In, Out any](ctx context.Context, inputs []In, fn func(In) Out, failed func(in In, cause any) Out, deliver func(i int, out Out)) {
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
				j.result <- call(fn, failed, j.input)
			}
		}()
	}
	go func() {
		defer close(pending)
		defer close(jobs)
		for _, in := range inputs {
			slot := make(chan Out, 1)
			select {
			case <-ctx.Done():
				return
			case pending <- slot:
			}
			jobs <- job[In, Out]{in, slot}
		}
	}()
	i := 0
	for slot := range pending {
		deliver(i, <-slot)
		i++
	}
	wg.Wait()
}

// call is fn(in), or failed(in, cause) if fn panics.
func call[In, Out any](fn func(In) Out, failed func(In, any) Out, in In) (out Out) {
	defer func() {
		if p := recover(); p != nil {
			out = failed(in, p)
		}
	}()
	return fn(in)
}

type job[In, Out any] struct {
	input  In
	result chan Out
}
