package xlsxreader

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/xuri/excelize/v2"
)

// Limits on what is opened. A filled report is well under 1 MB; the caps keep a zip bomb or
// a wrong file from taking the machine's memory and disk.
const (
	MaxFileSize       = 20 << 20
	maxUnzipSize      = 64 << 20
	maxArchiveEntries = 10000
)

// Bounds of a workbook that the workbook library opens to write a modified copy. A filled
// template is about 350 KB unpacked, its largest part under 200 KB (under 400 KB with every
// prose field at its longest); the library takes about a hundred times a part's size in
// memory, and fills in every row and cell up to the farthest one a sheet names.
const (
	maxCopySize = 4 << 20
	maxCopyPart = 512 << 10
	maxCopyRow  = 2 * maxRows
	maxCopyCol  = 2 * maxCols
)

// copyable refuses a workbook too large to copy: by the sizes the archive declares (a forged
// one fails when read), more than maxCopySize unpacked or any part over maxCopyPart; and,
// by a streaming scan of every worksheet the workbook's relationships name, a row or cell
// past maxCopyRow or maxCopyCol. It refuses as ErrCannotAnnotate a workbook whose parts the
// library would look up elsewhere than the reader, so that what is annotated is byte for
// byte what was checked.
func copyable(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrTruncated
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > maxCopyPart || total > maxCopySize {
			return fmt.Errorf("%w: %s unpacks to %d bytes", ErrTooLargeToCopy, f.Name, f.UncompressedSize64)
		}
	}
	b, err := openBook(data)
	if err != nil {
		return err
	}
	exact := make(map[string]bool, len(zr.File)) // the names the workbook library looks up
	for _, f := range zr.File {
		exact[strings.ReplaceAll(f.Name, "\\", "/")] = true
	}
	// Every sheet the reader would read, wherever the relationships put it and whatever its
	// name: the library fills in every row and cell up to the farthest one it names.
	for _, s := range b.sheets {
		f, ok := b.parts[partName(s.part)]
		if !ok {
			continue // a sheet without its part: the reader reports it
		}
		if !exact[s.libraryPart] {
			// The library looks parts up by their exact names: it would edit another part
			// than was checked, or none.
			return fmt.Errorf("%w: %s is stored as %s", ErrCannotAnnotate, s.part, f.Name)
		}
		if err := withinCopyGrid(f); err != nil {
			return err
		}
	}
	// The library reads the shared strings from xl/sharedStrings.xml whatever the
	// relationships say; the reader (as Excel) follows them.
	if b.has(b.sstPart) && partName(b.sstPart) != "xl/sharedstrings.xml" {
		return fmt.Errorf("%w: shared strings in %s", ErrCannotAnnotate, b.sstPart)
	}
	return nil
}

// withinCopyGrid refuses a worksheet naming a row past maxCopyRow or a cell past maxCopyRow
// or maxCopyCol. A part that does not parse is left to the workbook library to refuse.
func withinCopyGrid(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	d := newDecoder(io.LimitReader(rc, maxCopyPart))
	for {
		tok, err := d.Token()
		if err != nil {
			return nil
		}
		t, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		far := false
		switch t.Name.Local {
		case "row":
			r, err := strconv.Atoi(attr(t, "r"))
			far = err == nil && r > maxCopyRow
		case "c":
			c, r, err := excelize.CellNameToCoordinates(attr(t, "r"))
			far = err == nil && (r > maxCopyRow || c > maxCopyCol)
		}
		if far {
			return fmt.Errorf("%w: %s has content past row %d or column %d", ErrTooLargeToCopy, f.Name, maxCopyRow, maxCopyCol)
		}
	}
}

var zipSignature = []byte("PK")

// sniff looks at a file's contents before the workbook library does, so that each kind of
// wrong file gets its own error instead of the library's "zip: not a valid zip file".
// It returns nil for what looks like an xlsx workbook.
func sniff(data []byte) error {
	switch {
	case len(data) == 0:
		return ErrEmpty
	case olefile.IsCompound(data):
		return sniffCompound(data)
	case bytes.HasPrefix(data, zipSignature):
		return sniffZip(data)
	case looksLikeMarkup(data):
		return ErrLegacyFormat
	}
	return ErrUnrecognized
}

// sniffCompound names a compound file by its streams: an encrypted xlsx is tried with the
// default password, anything else is named for what it is (a legacy workbook, a Word
// document …), never guessed to be a spreadsheet.
func sniffCompound(data []byte) error {
	switch olefile.Classify(bytes.NewReader(data)) {
	case olefile.Encrypted:
		return ErrEncrypted
	case olefile.Workbook:
		return ErrLegacyFormat
	case olefile.Word:
		return ErrLegacyWord
	case olefile.Presentation:
		return ErrLegacyPresentation
	case olefile.Damaged:
		return ErrDamagedCompound
	}
	return ErrNotWorkbook
}

// errDuplicatePart is a part the archive holds twice: two entries whose names resolve to one
// part as a consumer resolves them (partName: case, \ for /, ./ and ..). Which one a program
// reads differs, so what is checked may not be what Excel shows or what is annotated.
var errDuplicatePart = errors.New("part stored twice in the archive")

// partName is a zip entry's or relationship target's part name as consumers resolve it:
// excelize turns \ into /, Excel and the reader compare names ignoring case, and ./ and
// .. segments are resolved (never above the package's root).
func partName(name string) string {
	return strings.ToLower(strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(name, "\\", "/")), "/"))
}

// sniffZip checks that a zip archive is complete, is an Office Open XML workbook without a
// part stored twice, and does not unpack to more than the limits.
func sniffZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrTruncated
	}
	if len(zr.File) > maxArchiveEntries {
		return ErrTooLarge
	}
	var total uint64
	workbook := false
	seen := make(map[string]string, len(zr.File)) // part name → the first entry's name
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := partName(f.Name)
		if first, dup := seen[name]; dup {
			return &DamagedError{Part: first, Err: fmt.Errorf("%w (also as %q)", errDuplicatePart, f.Name)}
		}
		seen[name] = f.Name
		switch name {
		case "mimetype":
			if isODS(f) {
				return ErrODS
			}
		case "xl/workbook.xml", "xl/workbook.bin":
			workbook = true
		}
	}
	switch {
	case total > maxUnzipSize:
		return ErrTooLarge
	case !workbook:
		return ErrNotWorkbook
	}
	return nil
}

func isODS(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	head, _ := io.ReadAll(io.LimitReader(rc, 100))
	return strings.HasPrefix(string(head), "application/vnd.oasis.opendocument.spreadsheet")
}

// looksLikeMarkup recognises the XML (SpreadsheetML 2003) and HTML files that web systems
// and old Excel versions save with an .xls name.
func looksLikeMarkup(data []byte) bool {
	head := strings.ToLower(string(data[:min(len(data), 1024)]))
	head = strings.TrimLeft(head, "\ufeff \t\r\n")
	return strings.HasPrefix(head, "<?xml") && strings.Contains(head, "urn:schemas-microsoft-com:office:spreadsheet") ||
		strings.HasPrefix(head, "<html") || strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<table")
}
