// Package importer reads a published 政府信息公开工作年度报告 — a PDF with a text layer, a Word
// document (.docx) or a web page — into the one document model, as if the bureau had filled
// in the template: the basic facts from the title and introduction, the six parts' prose
// under their headings, and every cell of tables 二, 三 and 四 found by its printed labels.
//
// Each reader turns its file into a Layout (paragraphs and tables with their places); the
// shared core matches the tables' labels against template/ and recognises the edition by the
// tables' shape and labels. A printed 总计 is kept as printed, even when it disagrees with its
// parts, so that the checks see the report's own inconsistencies.
package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/nianbao/nianbao/template"
)

// MaxFileSize bounds a file to import: published reports are well under it.
const MaxFileSize = 32 << 20

// Options say how to import.
type Options struct {
	// Edition, when set, is the edition to read the tables by; otherwise it is recognised
	// from the tables (and, failing that, from the report year).
	Edition *template.Edition
}

// Kind is the kind of file imported.
type Kind string

// The kinds of files read.
const (
	KindPDF  Kind = "PDF"
	KindDOCX Kind = "Word 文档"
	KindHTML Kind = "网页"
)

// TableCount is how many cells of one table were read.
type TableCount struct {
	Number    string // 二, 三, 四
	Read, All int
}

// Result is a report read from a published file, with what was and was not read.
type Result struct {
	Report *model.Report
	Kind   Kind
	// Sources say where each value cell was read, by cell key: 第3页, 第2个表格第5行.
	Sources map[string]string
	Tables  []TableCount
	// Parts and Paragraphs count the parts whose heading was found and the paragraphs of
	// prose kept.
	Parts, Paragraphs int
	// Missing says what was not read, with its place.
	Missing []string
	// Pending is set for a Word document with tracked changes: it was read as if all were
	// accepted.
	Pending bool
}

// Complete says whether every table cell was read.
func (r *Result) Complete() bool {
	for _, t := range r.Tables {
		if t.Read < t.All {
			return false
		}
	}
	return len(r.Tables) > 0
}

// Empty says whether nothing at all was read: no table cell and no prose.
func (r *Result) Empty() bool {
	for _, t := range r.Tables {
		if t.Read > 0 {
			return false
		}
	}
	return r.Paragraphs == 0
}

// Summary is the one line said about the file: 表二 10/10 格，表三 175/175 格，表四 15/15 格，
// 正文 6 部分 31 段, then what was not read.
func (r *Result) Summary() string {
	var parts []string
	for _, t := range r.Tables {
		parts = append(parts, fmt.Sprintf("表%s %d/%d 格", t.Number, t.Read, t.All))
	}
	parts = append(parts, fmt.Sprintf("正文 %d 部分 %d 段", r.Parts, r.Paragraphs))
	s := strings.Join(parts, "，")
	if r.Pending {
		s += "；文档有未处理的修订，已按全部接受修订读取"
	}
	if len(r.Missing) > 0 {
		s += "；" + strings.Join(r.Missing, "；")
	}
	return s
}

// Errors of files that cannot be imported. Package message words them for the user.
var (
	// ErrEmpty is a file of zero bytes, most often a download cut short.
	ErrEmpty = errors.New("empty file")
	// ErrScanned is a PDF without a text layer: pages of images.
	ErrScanned = errors.New("scanned PDF without text")
	// ErrEncrypted is a PDF or Word document protected by a password or encrypted.
	ErrEncrypted = errors.New("encrypted document")
	// ErrLegacyWord is a Word 97–2003 document (.doc), which has to be saved as .docx.
	ErrLegacyWord = errors.New("legacy Word document (.doc)")
	// ErrUnknownKind is a file that is neither a PDF, a .docx nor a web page.
	ErrUnknownKind = errors.New("not a PDF, .docx or web page")
	// ErrDamaged is a file of a known kind that cannot be read.
	ErrDamaged = errors.New("damaged file")
	// ErrTooLarge is a file, or a part of one, past the bounds.
	ErrTooLarge = errors.New("too large")
	// ErrNothingRead is a file in which no part of a report was found.
	ErrNothingRead = errors.New("no report found")
)

// FileError is an import error of one file.
type FileError struct {
	Path string
	Kind Kind // "" when the kind could not be told
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Import reads a published report. name is the file's name, used in sources and messages
// and to tell the kind of file when its contents do not.
func Import(ctx context.Context, name string, data []byte, opts Options) (*Result, error) {
	if len(data) == 0 {
		return nil, &FileError{Path: name, Err: ErrEmpty}
	}
	kind, err := sniff(name, data)
	if err != nil {
		return nil, &FileError{Path: name, Err: err}
	}
	if len(data) > MaxFileSize {
		return nil, &FileError{Path: name, Kind: kind, Err: fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))}
	}
	var layout *Layout
	switch kind {
	case KindDOCX:
		layout, err = readDOCX(ctx, data)
	case KindPDF:
		layout, err = readPDFFile(ctx, data)
	case KindHTML:
		layout, err = readHTMLPage(ctx, data)
	}
	if err != nil {
		return nil, &FileError{Path: name, Kind: kind, Err: err}
	}
	res := assemble(layout, filepath.Base(name), opts)
	res.Kind = kind
	if res.Empty() {
		return res, &FileError{Path: name, Kind: kind, Err: ErrNothingRead}
	}
	return res, nil
}

// sniff tells the kind of file from its first bytes, and from its name for a web page.
func sniff(name string, data []byte) (Kind, error) {
	head := data[:min(len(data), 1024)]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")) || bytes.Contains(head, []byte("%PDF-")):
		return KindPDF, nil
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return KindDOCX, nil
	case olefile.IsCompound(head):
		// A compound file is named by its streams, as the workbook reader and the desk name
		// it: a .doc, a .docx encrypted with a password, or an .xls, .ppt … that is no report.
		switch olefile.Classify(bytes.NewReader(data)) {
		case olefile.Encrypted:
			return "", ErrEncrypted
		case olefile.Word:
			return "", ErrLegacyWord
		case olefile.Damaged:
			return "", ErrDamaged
		}
		return "", ErrUnknownKind
	case looksLikeHTML(head):
		return KindHTML, nil
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".htm", ".html", ".shtml", ".xhtml", ".mht":
		return KindHTML, nil
	case ".doc", ".wps":
		return "", ErrLegacyWord
	}
	return "", ErrUnknownKind
}

func looksLikeHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<meta", "<body", "<table", "<div", "<p", "<!--"} {
		if bytes.HasPrefix(h, []byte(p)) {
			return true
		}
	}
	return false
}

// assemble reads the report out of a layout: the tables by the edition that reads most of
// them, then the prose and the basic facts.
func assemble(l *Layout, file string, opts Options) *Result {
	editions := template.Editions()
	if opts.Edition != nil {
		editions = []*template.Edition{opts.Edition}
	}
	var best *tableReader
	bestRead := -1
	for _, e := range editions {
		tr := newTableReader(e)
		for _, b := range l.Blocks {
			if b.Table != nil {
				tr.table(b)
			}
		}
		tr.resolveGroups()
		read := 0
		for _, t := range e.Tables() {
			n, _ := tr.read(t)
			read += n
		}
		// More cells read wins; then more labels matched exactly; a tie goes to the newer.
		if read > bestRead || (read == bestRead && tr.exact >= best.exact) {
			best, bestRead = tr, read
		}
	}
	e := best.e
	pr := newProseReader(e)
	for _, b := range l.Blocks {
		if b.Table == nil {
			pr.paragraph(b.Text, b.Place)
		} else if pr.part >= 0 && pr.e.Parts[pr.part].Table == nil {
			// A table inside a prose part (a layout table around the text) is read as text.
			for _, row := range b.Table {
				for _, c := range row {
					if !c.Continued {
						pr.paragraph(c.Text, b.Place)
					}
				}
			}
		}
	}
	r := model.New(e)
	r.Source = file
	info(r, pr.front)
	if bestRead == 0 && opts.Edition == nil {
		// No table read: the edition of the report year, when the title says it.
		if y := r.Year(); y != 0 {
			if ey, err := template.ForYear(y); err == nil && ey != e {
				return assemble(l, file, Options{Edition: ey})
			}
		}
	}
	res := &Result{Report: r, Sources: map[string]string{}, Pending: l.Pending}
	res.Parts, res.Paragraphs = pr.store(r, file)
	for key, v := range best.values {
		v.Where = model.Location{File: file, Sheet: best.source[key]}
		r.Values[key] = v
		res.Sources[key] = best.source[key]
	}
	for _, t := range e.Tables() {
		n, all := best.read(t)
		res.Tables = append(res.Tables, TableCount{Number: t.Number, Read: n, All: all})
	}
	res.Missing = append(best.notes, best.missing()...)
	if missing := len(e.Parts) - res.Parts; missing > 0 {
		var names []string
		for i, p := range e.Parts {
			if !pr.found[i] {
				names = append(names, "「"+p.Heading+"」")
			}
		}
		res.Missing = append(res.Missing, "未找到"+strings.Join(names, "、"))
	}
	if r.Agency() == "" {
		res.Missing = append(res.Missing, "标题中未找到机关名称和年度")
	}
	return res
}
