// Package pdfwriter typesets a report document as the PDF an office publishes: A4 with the
// GB/T 9704 type area, the title, headings and body in the faces and sizes of an official
// document, justified Chinese paragraphs, the official tables with their merged headers, and
// page numbers "— N —". It is the only package that knows the PDF library (gofpdf), so that
// switching to a fork stays a change in one place.
//
// gofpdf breaks Chinese text wrongly (MultiCell drops characters), cannot justify it and
// panics on characters outside the BMP, so every line is broken here with package cjk and
// written as text runs per font, justified with the PDF Tc operator between Hanzi (never
// inside a number or Latin word), after every character has been checked against the fonts.
package pdfwriter

import (
	"bytes"
	"fmt"
	"io"

	"github.com/jung-kurt/gofpdf"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/version"
)

// Options change how a document is written: Fonts are the faces it is set in; Draft marks
// every page with a large 草稿, for reports printed despite failed checks; Created (or
// SOURCE_DATE_EPOCH) is the creation and modification date written into the PDF.
type Options = document.WriteOptions

// MissingGlyphError reports a character that no font of the set can print (or that the PDF
// library cannot handle at all: everything outside the Basic Multilingual Plane).
type MissingGlyphError struct {
	Char rune
	// Where names the place in the report's own words: 标题, 引言第1段,
	// 一、总体情况第2段, 表三 收到和处理政府信息公开申请情况, 落款.
	Where string
	// Context is the text around the character, to find it in the workbook.
	Context string
	// OutsideBMP is set for characters beyond U+FFFF, which the PDF library cannot embed
	// even when a font has them.
	OutsideBMP bool
}

func (e *MissingGlyphError) Error() string {
	why := "no font has it"
	if e.OutsideBMP {
		why = "outside the Basic Multilingual Plane"
	}
	return fmt.Sprintf("cannot typeset character %q (U+%04X) in %s (%s): %s", e.Char, e.Char, e.Where, e.Context, why)
}

// Write typesets d with the faces of opts.Fonts and writes the PDF to w. A character that no
// face has stops it with a *MissingGlyphError before anything is written.
func Write(w io.Writer, d *document.Document, opts Options) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("pdf library panicked: %v", p)
		}
	}()
	created, err := opts.Time()
	if err != nil {
		return err
	}
	t, err := newTypesetter(d, opts.Fonts, opts)
	if err != nil {
		return err
	}
	t.pdf.SetCreationDate(created)
	t.pdf.SetModificationDate(created)
	t.document(d)
	if err := t.pdf.Error(); err != nil {
		return fmt.Errorf("typeset: %w", err)
	}
	var buf bytes.Buffer
	if err := t.pdf.Output(&buf); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	t.faces.tagSubsets(buf.Bytes())
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write pdf: %w", err)
	}
	return nil
}

// newPDF makes an empty A4 document measured in points, with page breaks left to us.
func newPDF(d *document.Document) *gofpdf.Fpdf {
	pdf := gofpdf.New("P", "pt", "A4", "")
	pdf.SetMargins(left, top, pageW-left-areaW)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCatalogSort(true) // fonts and resources in a fixed order: same input, same bytes
	pdf.SetTitle(d.Meta.Title, true)
	pdf.SetAuthor(d.Meta.Author, true)
	pdf.SetSubject(d.Meta.Subject, true)
	pdf.SetKeywords(d.Meta.Keywords, true)
	// Which build made the file: the version only, so that two builds of one version write
	// the same bytes (package version).
	pdf.SetCreator(version.Generator(), true)
	pdf.SetProducer(version.Generator()+" (gofpdf)", true)
	return pdf
}
