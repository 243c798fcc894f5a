// Package outfile writes output files completely or not at all, and makes file names that
// are safe to create from user-supplied text such as agency names.
package outfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrExists is returned, in an *fs.PathError naming the target, when the target exists and
// overwriting was not asked for.
var ErrExists = errors.New("file exists")

// ErrIsDirectory is returned, in an *fs.PathError naming the target, when the target is a
// directory, which is never replaced.
var ErrIsDirectory = errors.New("output path is a directory")

// refused is the error of a target that is not written, naming it as the user gave it.
func refused(path string, why error) error {
	return &fs.PathError{Op: "write", Path: path, Err: why}
}

// Write writes a file through fill: first into a temporary file beside path, then moved into
// place. When fill or any step fails, path is left as it was. An existing path is replaced
// only when overwrite is set, and never when it is a directory.
func Write(path string, overwrite bool, fill func(io.Writer) error) (err error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return refused(path, ErrIsDirectory)
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return refused(path, ErrExists)
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".nianbao-*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if overwrite {
		return os.Rename(tmp.Name(), path)
	}
	// A hard link fails if path appeared in the meantime, so a file is never replaced by
	// accident; where links are not supported, fall back to a rename.
	if err = os.Link(tmp.Name(), path); err == nil {
		os.Remove(tmp.Name())
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return refused(path, ErrExists)
	}
	return os.Rename(tmp.Name(), path)
}

// maxNameBytes keeps a file name well under the 255-byte limit of common file systems,
// leaving room for a year and an extension.
const maxNameBytes = 150

// SafeName turns text into a file name component: path separators, characters that Windows
// forbids and control characters become "_", leading dots and trailing dots and spaces are
// dropped, and over-long names are cut at a character boundary. It never returns "", "." or "..".
func SafeName(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|`, r), r == utf8.RuneError:
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.TrimLeft(b.String(), ".")
	name = strings.TrimRight(name, ". ")
	for len(name) > maxNameBytes {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		return "_"
	}
	if base, _, _ := strings.Cut(strings.ToUpper(name), "."); reserved[base] {
		return "_" + name
	}
	return name
}

// reserved are device names that Windows refuses as file names, with any extension.
var reserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}
