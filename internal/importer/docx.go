package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// The Word reader: the main document part of a .docx, streamed, with real tables (gridSpan,
// vMerge, gridBefore), tracked changes read as if accepted (w:ins and w:moveTo kept, w:del and
// w:moveFrom left out), field codes and the fallback copies of alternate content left out; the
// text of text boxes (a title in a 红头 frame) is read where the box is anchored. Headers,
// footers, footnotes and comments are not read.

// Bounds of a Word document. Our own rendered reports' document part is 66 KB
// (samples/*.docx); Word and WPS write several times that for the same text (revision ids,
// run properties), so 4 MB leaves a real report a wide margin and still refuses at once a part
// that would take seconds and hundreds of megabytes to parse.
const (
	maxDocxEntries = 5000
	maxDocxPart    = 4 << 20
	maxDocxRels    = 1 << 20
	maxDocxDepth   = 128
	maxTableRows   = 5000
	maxTextBytes   = 16 << 20
)

func readDOCX(ctx context.Context, data []byte) (*Layout, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if len(zr.File) > maxDocxEntries {
		return nil, fmt.Errorf("%w: %d entries", ErrTooLarge, len(zr.File))
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	if files["encryptioninfo"] != nil {
		return nil, ErrEncrypted
	}
	main, err := mainPart(files)
	if err != nil {
		return nil, err
	}
	f := files[strings.ToLower(main)]
	if f == nil {
		if files["xl/workbook.xml"] != nil {
			return nil, fmt.Errorf("%w: an Excel workbook", ErrUnknownKind)
		}
		return nil, fmt.Errorf("%w: no word/document.xml", ErrUnknownKind)
	}
	rc, err := openPart(f, maxDocxPart)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := &docxReader{ctx: ctx, layout: &Layout{}}
	if err := d.read(rc); err != nil {
		return nil, err
	}
	return d.layout, nil
}

// openPart opens a part of the package no larger than limit: refused at once when its entry
// says it unpacks to more, and failing with ErrTooLarge at the first byte past limit when the
// entry understates it.
func openPart(f *zip.File, limit int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%w: part %s unpacks to %d bytes, over %d", ErrTooLarge, f.Name, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return &boundedPart{ReadCloser: rc, name: f.Name, left: limit}, nil
}

// boundedPart is a part read up to its bound.
type boundedPart struct {
	io.ReadCloser
	name string
	left int64
}

func (p *boundedPart) Read(b []byte) (int, error) {
	if p.left < 0 {
		return 0, fmt.Errorf("%w: part %s unpacks to more than its entry says", ErrTooLarge, p.name)
	}
	if int64(len(b)) > p.left+1 {
		b = b[:p.left+1]
	}
	n, err := p.ReadCloser.Read(b)
	p.left -= int64(n)
	if p.left < 0 {
		return 0, fmt.Errorf("%w: part %s unpacks to more than its entry says", ErrTooLarge, p.name)
	}
	return n, err
}

// mainPart is the document part the package's relationships name, word/document.xml by default.
func mainPart(files map[string]*zip.File) (string, error) {
	if f := files["_rels/.rels"]; f != nil {
		rc, err := openPart(f, maxDocxRels)
		if err != nil {
			return "", err
		}
		defer rc.Close()
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if xml.NewDecoder(rc).Decode(&rels) == nil {
			for _, r := range rels.Rel {
				if strings.HasSuffix(r.Type, "/officeDocument") {
					return strings.TrimPrefix(path.Clean("/"+r.Target), "/"), nil
				}
			}
		}
	}
	return "word/document.xml", nil
}

// docxTable is a table being read.
type docxTable struct {
	rows   [][]Cell
	places []string
	cell   *Cell
	text   strings.Builder
	paras  int // paragraphs in the current cell
}

type docxReader struct {
	ctx    context.Context
	layout *Layout
	tables []*docxTable
	para   strings.Builder
	nPara  int
	nTable int
	text   int  // bytes of text kept
	inText bool // inside a w:t of text kept
}

// read streams the document part.
func (d *docxReader) read(r io.Reader) error {
	dec := xml.NewDecoder(r)
	depth, skip := 0, 0 // skip > 0 while inside a subtree left out (its depth)
	deleted := 0
	for n := 0; ; n++ {
		if n%4096 == 0 && d.ctx.Err() != nil {
			return d.ctx.Err()
		}
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				return err
			}
			return fmt.Errorf("%w: %v", ErrDamaged, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDocxDepth {
				return fmt.Errorf("%w: elements nested over %d deep", ErrDamaged, maxDocxDepth)
			}
			if skip > 0 {
				continue
			}
			switch t.Name.Local {
			case "Fallback", "instrText", "delInstrText", "object", "footnoteReference":
				skip = depth
			case "del", "moveFrom":
				d.layout.Pending = true
				deleted++
			case "ins", "moveTo", "pPrChange", "rPrChange", "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange":
				d.layout.Pending = true
			case "tbl":
				d.nTable++
				d.tables = append(d.tables, &docxTable{})
			case "tr":
				if tb := d.table(); tb != nil {
					if len(tb.rows) >= maxTableRows {
						return fmt.Errorf("%w: a table over %d rows", ErrTooLarge, maxTableRows)
					}
					tb.rows = append(tb.rows, nil)
					tb.places = append(tb.places, fmt.Sprintf("第%d个表格第%d行", d.nTable, len(tb.rows)))
				}
			case "tc":
				if tb := d.table(); tb != nil && len(tb.rows) > 0 {
					tb.cell = &Cell{Span: 1}
					tb.text.Reset()
					tb.paras = 0
				}
			case "gridSpan":
				if tb := d.table(); tb != nil && tb.cell != nil {
					tb.cell.Span = intAttr(t, "val", 1)
				}
			case "vMerge":
				if tb := d.table(); tb != nil && tb.cell != nil {
					v := attr(t, "val")
					tb.cell.Continued = v == "" || v == "continue"
				}
			case "gridBefore":
				if tb := d.table(); tb != nil && len(tb.rows) > 0 {
					if n := intAttr(t, "val", 0); n > 0 {
						last := len(tb.rows) - 1
						tb.rows[last] = append(tb.rows[last], Cell{Span: n})
					}
				}
			case "t":
				d.inText = deleted == 0
			case "tab":
				d.write(" ")
			case "br", "cr":
				if attr(t, "type") != "page" && attr(t, "type") != "column" {
					d.lineBreak()
				}
			case "noBreakHyphen":
				d.write("-")
			}
		case xml.EndElement:
			if skip == depth {
				skip = 0
			}
			depth--
			if skip > 0 {
				continue
			}
			switch t.Name.Local {
			case "del", "moveFrom":
				deleted = max(deleted-1, 0)
			case "t":
				d.inText = false
			case "p":
				d.endParagraph()
			case "tc":
				if tb := d.table(); tb != nil && tb.cell != nil && len(tb.rows) > 0 {
					tb.cell.Text = tb.text.String()
					last := len(tb.rows) - 1
					tb.rows[last] = append(tb.rows[last], *tb.cell)
					tb.cell = nil
				}
			case "tbl":
				d.endTable()
			}
		case xml.CharData:
			if d.inText && skip == 0 {
				d.write(string(t))
			}
		}
		if d.text > maxTextBytes {
			return fmt.Errorf("%w: over %d bytes of text", ErrTooLarge, maxTextBytes)
		}
	}
	return nil
}

// write adds text to the current paragraph.
func (d *docxReader) write(s string) {
	d.text += len(s)
	d.para.WriteString(s)
}

func (d *docxReader) table() *docxTable {
	if len(d.tables) == 0 {
		return nil
	}
	return d.tables[len(d.tables)-1]
}

// lineBreak ends a line inside a paragraph: a new line of a cell's text, or a paragraph of
// its own in the body (reports typed with manual line breaks).
func (d *docxReader) lineBreak() {
	if d.table() != nil {
		d.para.WriteString("\n")
		return
	}
	d.endParagraph()
}

func (d *docxReader) endParagraph() {
	text := d.para.String()
	d.para.Reset()
	if tb := d.table(); tb != nil {
		if tb.cell != nil {
			if tb.paras > 0 {
				tb.text.WriteString("\n")
			}
			tb.text.WriteString(text)
			tb.paras++
		}
		return
	}
	d.nPara++
	d.layout.paragraph(text, fmt.Sprintf("第%d段", d.nPara))
}

// endTable adds a finished table to the layout; a table inside a table cell is added to the
// cell as its text.
func (d *docxReader) endTable() {
	tb := d.table()
	if tb == nil {
		return
	}
	d.tables = d.tables[:len(d.tables)-1]
	if outer := d.table(); outer != nil {
		for _, row := range tb.rows {
			for _, c := range row {
				if !c.Continued && c.Text != "" {
					outer.text.WriteString("\n" + c.Text)
				}
			}
		}
		return
	}
	place := ""
	if len(tb.places) > 0 {
		place = strings.TrimSuffix(tb.places[0], "第1行")
	}
	d.layout.Blocks = append(d.layout.Blocks, Block{Table: tb.rows, Place: place, Rows: tb.places})
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func intAttr(t xml.StartElement, name string, def int) int {
	n, err := strconv.Atoi(attr(t, name))
	if err != nil || n < 0 {
		return def
	}
	return min(n, maxGridCols)
}
