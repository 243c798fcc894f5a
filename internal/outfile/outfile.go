// Package outfile writes output files completely or not at all, never over an input of the
// run or a special file, and makes file names that are safe to create from user-supplied text
// such as agency names.
package outfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Why an output was not written. Each comes wrapped in an *fs.PathError naming the output.
var (
	// ErrExists is a target that exists when overwriting was not asked for.
	ErrExists = errors.New("file exists")
	// ErrIsDirectory is a target that is a directory, which is never replaced.
	ErrIsDirectory = errors.New("output path is a directory")
	// ErrNotRegular is a target that is a device, FIFO or socket, which is never replaced.
	ErrNotRegular = errors.New("output path is not a regular file")
	// ErrIsInput is a target that is one of the run's inputs (see Distinct).
	ErrIsInput = errors.New("output path is an input")
)

// refused is the error of an output that was not written: an *fs.PathError naming it as
// the user gave it (never the temporary file), wrapping one of the Err* values above or the
// operating system's cause (a syscall.Errno) without the temporary file's name.
func refused(path string, why error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(why, &pe):
		why = pe.Err
	case errors.As(why, &le):
		why = le.Err
	}
	return &fs.PathError{Op: "write", Path: path, Err: why}
}

// SameAsInputError is an output that is one of the run's inputs; it wraps ErrIsInput.
type SameAsInputError struct{ Input string }

func (e *SameAsInputError) Error() string { return "output is the input " + e.Input }
func (e *SameAsInputError) Unwrap() error { return ErrIsInput }

// Distinct refuses an output that is, or resolves to (symbolic link, hard link, the same
// path spelt differently), one of the inputs. Call it before anything is read. An output
// that does not exist yet is distinct from every input.
func Distinct(out string, inputs []string) error {
	target, err := os.Stat(out)
	if err != nil {
		return nil
	}
	for _, in := range inputs {
		if info, err := os.Stat(in); err == nil && os.SameFile(target, info) {
			return refused(out, &SameAsInputError{Input: in})
		}
	}
	return nil
}

// Write writes a file through fill: first into a temporary file beside path, then moved into
// place. When fill or any step fails, path is left as it was. An existing path is replaced
// only when overwrite is set, and only when it is a regular file (or a link to one).
// Temporary files of earlier runs that were killed are removed from the directory first;
// RemoveTemporaries removes this run's when it is interrupted.
func Write(path string, overwrite bool, fill func(io.Writer) error) (err error) {
	if err := replaceable(path, overwrite); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	removeStale(dir)
	tmp, err := createTemp(dir)
	if err != nil {
		return refused(path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
		untrack(tmp.Name())
	}()
	if err = fill(tmp); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == tmp.Name() {
			return refused(path, err) // a full disk: the user's output, not our temporary file
		}
		return err
	}
	steps := []func() error{tmp.Sync, tmp.Close, func() error { return os.Chmod(tmp.Name(), 0o644) }}
	for _, step := range steps {
		if err = step(); err != nil {
			return refused(path, err)
		}
	}
	if overwrite {
		// Checked again just before: the path may have become something else meanwhile.
		if err = replaceable(path, true); err != nil {
			return err
		}
		if err = os.Rename(tmp.Name(), path); err != nil {
			return refused(path, err)
		}
		return nil
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
	if err = os.Rename(tmp.Name(), path); err != nil {
		return refused(path, err)
	}
	return nil
}

// Check refuses, before any work is done, a target that Write would refuse: a directory or
// special file always, an existing file unless overwrite is set.
func Check(path string, overwrite bool) error { return replaceable(path, overwrite) }

// replaceable refuses a target that may not be written: a directory or special file always,
// an existing file unless overwrite is set.
func replaceable(path string, overwrite bool) error {
	link, err := os.Lstat(path)
	if err != nil {
		return nil // does not exist (or cannot be seen: creating it will say why)
	}
	mode := link.Mode()
	if mode&fs.ModeSymlink != 0 {
		if target, err := os.Stat(path); err == nil {
			mode = target.Mode()
		}
	}
	switch {
	case mode.IsDir():
		return refused(path, ErrIsDirectory)
	case !mode.IsRegular() && mode&fs.ModeSymlink == 0:
		return refused(path, ErrNotRegular)
	case !overwrite:
		return refused(path, ErrExists)
	}
	return nil
}

// MaxNameBytes is the longest file name that common file systems accept (ext4, and NTFS for
// names of up to 85 Chinese characters), in bytes of UTF-8.
const MaxNameBytes = 255

// hashLen is the length of the hash that Name adds to a text it had to change.
const hashLen = 8

// Name makes a file name from text such as an agency name, a suffix of our own (the year and
// the kind of document) and an extension, at most MaxNameBytes long with suffix and
// extension kept whole. Path separators, characters that Windows forbids and control
// characters become "_"; leading dots and trailing dots and spaces are dropped. When the
// text had to be changed or cut, "-" and a short hash of the original text are added, so
// that two different texts never give one name.
func Name(text, suffix, ext string) string {
	text = strings.TrimSpace(text)
	var b strings.Builder
	for _, r := range text {
		switch {
		case unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|`, r), r == utf8.RuneError:
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.TrimLeft(b.String(), ".")
	name = strings.TrimRight(name, ". ")
	if name == "" {
		name = "_"
	}
	// Windows takes a device name before any extension, and with spaces after it (CON .txt).
	if base, _, _ := strings.Cut(strings.ToUpper(name+suffix), "."); reserved[strings.TrimRight(base, " ")] {
		name = "_" + name
	}
	room := MaxNameBytes - len(suffix) - len(ext)
	if name == text && len(name) <= room {
		return name + suffix + ext
	}
	sum := sha256.Sum256([]byte(text))
	tag := "-" + hex.EncodeToString(sum[:])[:hashLen]
	for len(name) > room-len(tag) {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return strings.TrimRight(name, ". ") + tag + suffix + ext
}

// SafeName is Name without a suffix or an extension.
func SafeName(s string) string { return Name(s, "", "") }

// reserved are device names that Windows refuses as file names, with any extension: those
// of Microsoft's "Naming Files, Paths, and Namespaces", COM0, LPT0 and the superscript digits
// included, and the console's CONIN$ and CONOUT$.
var reserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM0": true, "LPT0": true, "COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}
