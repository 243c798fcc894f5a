// Package infile opens the files a run reads — workbooks, agency lists, last year's report,
// fonts — and only when they are regular files: a FIFO, device, socket or directory given by
// mistake (or on purpose) is refused at once, without blocking and without reading it.
package infile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ErrNotRegular is a path that names a directory, FIFO, device or socket instead of a file;
// the *NotRegularError that wraps it says which.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError is why a path was refused: it is not a regular file but what Mode says.
// It wraps ErrNotRegular; package message names the kind in Chinese.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%v (mode %v)", ErrNotRegular, e.Mode.Type())
}

func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// ErrTooLarge is a file larger than the caller's limit.
var ErrTooLarge = errors.New("file too large")

// Open opens path for reading when it is a regular file. The mode is checked before opening
// (so that a device is never opened) and again on the open file (so that a file swapped
// in between is caught); opening never blocks on a FIFO. Errors are *fs.PathError, wrapping
// a *NotRegularError for anything but a regular file.
func Open(path string) (*os.File, fs.FileInfo, error) {
	before, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !before.Mode().IsRegular() {
		return nil, nil, notRegular(path, before.Mode())
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, nil, err
	}
	after, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !after.Mode().IsRegular() || !os.SameFile(before, after) {
		f.Close()
		return nil, nil, notRegular(path, after.Mode())
	}
	return f, after, nil
}

// ReadFile reads the whole regular file at path, refusing one larger than limit bytes
// without reading it all (ErrTooLarge, wrapped in an *fs.PathError).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%d bytes: %w", info.Size(), ErrTooLarge)}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: unwrapPath(err)}
	}
	if int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("more than %d bytes: %w", limit, ErrTooLarge)}
	}
	return data, nil
}

// IsRegular reports whether path (following symbolic links) is a regular file, without
// opening it.
func IsRegular(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

func notRegular(path string, mode fs.FileMode) error {
	return &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: mode}}
}

// unwrapPath keeps the cause of a nested *fs.PathError, so that the path is named once.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
