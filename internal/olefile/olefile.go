// Package olefile tells what an OLE compound file is — a legacy Word, Excel, WPS or
// PowerPoint document, or an encrypted Office Open XML file — by the names of its top-level
// streams, so that the reader and the desk name a wrong file the same way.
package olefile

import (
	"bytes"
	"io"

	"github.com/richardlehane/mscfb"
)

// Signature is the first eight bytes of every compound file.
var Signature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Kind is what a compound file holds.
type Kind int

const (
	// Other is a readable compound file with none of the streams below (an .msi, a .msg,
	// a Visio or Works file …).
	Other Kind = iota
	// Damaged starts with the signature but its header or directory cannot be read.
	Damaged
	// Word is a legacy Word or WPS 文字 document (.doc, .wps): a WordDocument stream.
	Word
	// Workbook is a legacy Excel or WPS 表格 workbook (.xls, .et): a Workbook stream (Book
	// in Excel 5/95).
	Workbook
	// Presentation is a legacy PowerPoint or WPS 演示 file (.ppt, .dps).
	Presentation
	// Encrypted is an Office Open XML file encrypted with a password (ECMA-376
	// EncryptionInfo and EncryptedPackage streams).
	Encrypted
)

// IsCompound reports whether data starts with the compound file signature.
func IsCompound(data []byte) bool { return bytes.HasPrefix(data, Signature) }

// Classify names a compound file by its top-level streams. Streams inside storages are
// ignored: an .xls that embeds a Word document is still a workbook. The caller bounds the
// file's size; the directory is read once.
func Classify(r io.ReaderAt) Kind {
	doc, err := mscfb.New(r)
	if err != nil {
		return Damaged
	}
	top := map[string]bool{}
	for _, f := range doc.File {
		if len(f.Path) == 0 {
			top[f.Name] = true
		}
	}
	switch {
	case top["EncryptionInfo"] || top["EncryptedPackage"]:
		return Encrypted
	case top["Workbook"] || top["Book"]:
		return Workbook
	case top["WordDocument"]:
		return Word
	case top["PowerPoint Document"]:
		return Presentation
	}
	return Other
}
