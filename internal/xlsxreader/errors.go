package xlsxreader

import (
	"errors"
	"fmt"
)

// Why a file could not be read. Each is returned wrapped in a *FileError naming the file;
// the command line turns each into a message that tells the user what to do.
var (
	// ErrEmpty is a file of zero bytes.
	ErrEmpty = errors.New("empty file")
	// ErrTooLarge is a file above MaxFileSize, or a zip whose contents unpack to more than
	// the unzip limits (a zip bomb).
	ErrTooLarge = errors.New("file too large")
	// ErrLegacyFormat is a legacy binary workbook (.xls, WPS .et) or an XML/HTML spreadsheet
	// that only looks like one: it must be saved again as .xlsx.
	ErrLegacyFormat = errors.New("legacy spreadsheet format")
	// ErrLegacyWord is a legacy Word or WPS document (.doc, .wps) given as a workbook.
	ErrLegacyWord = errors.New("legacy Word document, not a workbook")
	// ErrLegacyPresentation is a legacy PowerPoint file (.ppt) given as a workbook.
	ErrLegacyPresentation = errors.New("legacy PowerPoint presentation, not a workbook")
	// ErrDamagedCompound is a compound file (a legacy Office or WPS format) whose header or
	// directory cannot be read, so that what it is cannot be told.
	ErrDamagedCompound = errors.New("damaged compound file")
	// ErrEncrypted is a workbook protected by a password to open.
	ErrEncrypted = errors.New("encrypted workbook")
	// ErrODS is an OpenDocument spreadsheet (.ods).
	ErrODS = errors.New("OpenDocument spreadsheet")
	// ErrTruncated is a zip archive that cannot be read to its end: an interrupted download
	// or copy.
	ErrTruncated = errors.New("truncated or damaged zip archive")
	// ErrNotWorkbook is a valid archive or compound file that is not a workbook (.docx …).
	ErrNotWorkbook = errors.New("not a workbook")
	// ErrUnrecognized is a file whose contents are no known document format.
	ErrUnrecognized = errors.New("unrecognized file format")
	// ErrDamaged is an xlsx that the workbook library cannot open.
	ErrDamaged = errors.New("damaged workbook")
	// ErrTooLargeToCopy is a workbook that can be read (its tables are within the bounds)
	// but holds too much else to be copied with annotations.
	ErrTooLargeToCopy = errors.New("workbook too large to copy")
	// ErrCannotAnnotate is a workbook that can be read but whose parts the workbook library
	// cannot edit into an annotated copy (no styles part, a chartsheet where a worksheet
	// should be): a problem of the file, not a bug.
	ErrCannotAnnotate = errors.New("cannot annotate this file")
	// ErrNotReport is a workbook with neither template marks nor the official tables.
	ErrNotReport = errors.New("workbook is not an annual report")
	// ErrForeignTemplate is a workbook marked by nianbao with an edition or layout this
	// version does not know.
	ErrForeignTemplate = errors.New("unknown template")
	// ErrNewerLayout is a workbook made by a newer nianbao with a newer layout version.
	ErrNewerLayout = errors.New("newer template layout")
)

// FileError is a file that could not be read, and why.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

func fileError(path string, err error, format string, a ...any) error {
	if format != "" {
		err = fmt.Errorf("%s: %w", fmt.Sprintf(format, a...), err)
	}
	return &FileError{Path: path, Err: err}
}

// InternalError is a bug met while reading a file: a panic in the workbook library or here.
type InternalError struct {
	Path  string
	Cause any
}

func (e *InternalError) Error() string {
	return fmt.Sprintf("%s: internal error while reading: %v", e.Path, e.Cause)
}

// DamagedError is a workbook one of whose parts does not parse: XML that is not well-formed,
// control characters, a document type declaration, a stream whose size or checksum was
// forged. It wraps ErrDamaged; Part names the part (xl/worksheets/sheet2.xml) and Sheet the
// worksheet it holds, when it is one.
type DamagedError struct {
	Part  string
	Sheet string
	Err   error
}

func (e *DamagedError) Error() string   { return e.Part + ": " + e.Err.Error() }
func (e *DamagedError) Unwrap() []error { return []error{ErrDamaged, e.Err} }
