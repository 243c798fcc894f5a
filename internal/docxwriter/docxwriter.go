// Package docxwriter writes a report document as a Word document (.docx) that a 公文 office
// accepts as its own for sign-off (审签): A4 with the GB/T 9704 margins and the 22 × 28 grid,
// page numbers 「— 1 —」 at the outside edges, named paragraph styles (标题, 正文, 一级标题,
// 二级标题, 表格 …) in the official faces, the statistical tables as real Word tables (merged
// headers, the header repeated on every page, rows never split), the signature right-aligned,
// and the workbook's SHA-256 in a custom property so that a returned document can be matched
// to its workbook.
//
// The package writes WordprocessingML directly (no library writes the grid, the styles and
// the tables as 公文 needs them), into a zip whose parts, order and times are fixed: the same
// document and SOURCE_DATE_EPOCH give the same bytes.
package docxwriter

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"time"

	"github.com/nianbao/nianbao/internal/document"
)

// Options change how a document is written: Fonts say which face each role is named in
// (an embedded face's official counterpart, or an installed or given face by its name);
// Draft adds 草稿 to the header of every page; Created (or SOURCE_DATE_EPOCH) is the date in
// the document's properties and of the zip's entries.
type Options = document.WriteOptions

// Write writes d as a .docx to w.
func Write(w io.Writer, d *document.Document, o Options) error {
	created, err := o.Time()
	if err != nil {
		return err
	}
	faces := roleFonts(o.Fonts)
	parts := []part{
		{"[Content_Types].xml", contentTypes(o.Draft)},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", coreProps(d, created, o.Draft)},
		{"docProps/app.xml", appProps()},
		{"docProps/custom.xml", customProps(d)},
		{"word/_rels/document.xml.rels", documentRels(o.Draft)},
		{"word/document.xml", body(d, o.Draft)},
		{"word/styles.xml", styles(faces)},
		{"word/settings.xml", settings},
		{"word/fontTable.xml", fontTable(faces)},
		{"word/footer1.xml", footer(true)},
		{"word/footer2.xml", footer(false)},
	}
	if o.Draft {
		parts = append(parts, part{"word/header1.xml", draftHeader})
	}
	b := bufio.NewWriterSize(w, 64<<10)
	z := zip.NewWriter(b)
	for _, p := range parts {
		if err := p.write(z, created); err != nil {
			return fmt.Errorf("write docx %s: %w", p.name, err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write docx: %w", err)
	}
	return nil
}

// zipEpoch is the earliest time a zip entry can have.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// part is one part of the package.
type part struct {
	name string
	body string
}

func (p part) write(z *zip.Writer, modified time.Time) error {
	// Zip times are local times without a zone, from 1980 on: the UTC fields give the same
	// bytes everywhere, and an earlier date (SOURCE_DATE_EPOCH=0) is the earliest zip date.
	if modified.Before(zipEpoch) {
		modified = zipEpoch
	}
	h := &zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: modified.UTC()}
	fw, err := z.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.WriteString(fw, p.body)
	return err
}
