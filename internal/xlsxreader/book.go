package xlsxreader

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"
)

// Bounds of what is read from a workbook, far above any report and low enough that any
// file within MaxFileSize is answered in well under two seconds and 200 MB.
const (
	// maxXMLRead is the uncompressed XML read from one workbook, all parts together: about
	// half a second of parsing on a slow machine. A filled template has under 1 MB.
	maxXMLRead = 8 << 20
	// maxSheets is how many sheets are looked at when a workbook is recognised by its labels.
	maxSheets = 64
	// maxSheetsListed is how many sheets a workbook may list at all: Excel's practical
	// limit is in the hundreds, a template has ten.
	maxSheetsListed = 256
	// maxRows and maxCols bound the cells read from a sheet: the official tables have
	// about 40 rows and 12 columns, a 说明 sheet a row per finding.
	maxRows = 2100
	maxCols = 50
	// maxSharedStrings bounds the shared-strings table; a template has a few hundred.
	maxSharedStrings = 200000
	// maxCellText is the longest text kept from one cell: Excel's own limit.
	maxCellText = 32767
	// maxTextRead is the cell text read from one workbook, all sheets together, counted
	// cell by cell: twice the XML budget, so that text written in the cells themselves never
	// reaches it, while a long shared string referred to by many cells does (105,000 cells
	// of a 32,767-character string would be 3.4 GB of text to index).
	maxTextRead = 2 * maxXMLRead
)

// book is the parts of an xlsx package that the reader needs, read from the zip on demand
// with a budget of uncompressed bytes: the workbook (sheets and defined names), the custom
// document properties, the shared strings and the worksheets asked for. Every part read is
// checked to be well-formed XML without a document type declaration; one that is not makes
// the whole file damaged (*DamagedError), never a finding.
type book struct {
	parts   map[string]*zip.File // by partName
	sheets  []sheetPart          // in workbook order
	byFold  map[string]sheetPart // by lower-cased name, the first of each
	names   []definedName
	props   map[string]string
	strings []string  // shared strings, loaded with the first sheet
	keys    []*string // their normalised forms, computed when first referred to
	sstPart string
	loaded  bool
	sstErr  error // why the shared strings could not be read, once loaded
	budget  int64 // uncompressed XML bytes left to read
	// textBudget is the cell text (bytes) left to read; see maxTextRead.
	textBudget int64
	ctx        context.Context // stops the reading when done; nil for none
}

// sheetPart is a sheet listed by the workbook: its name, its part as the reader resolves it
// and as the workbook library does (which cleans the path before it reads \ as /).
type sheetPart struct{ name, part, libraryPart string }

type definedName struct {
	name, refersTo string
	local          bool // scoped to one sheet
}

// openBook reads the package's directory, its workbook part and its custom properties.
func openBook(data []byte) (*book, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, ErrTruncated
	}
	b := &book{parts: map[string]*zip.File{}, byFold: map[string]sheetPart{}, props: map[string]string{}, budget: maxXMLRead, textBudget: maxTextRead}
	for _, f := range zr.File {
		b.parts[partName(f.Name)] = f
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"` // r:id, in the transitional or the strict namespace
		} `xml:"sheets>sheet"`
		Names []struct {
			Name  string  `xml:"name,attr"`
			Local *string `xml:"localSheetId,attr"`
			Ref   string  `xml:",chardata"`
		} `xml:"definedNames>definedName"`
	}
	const workbookPart = "xl/workbook.xml"
	if err := b.officeDocument(workbookPart); err != nil {
		return nil, err
	}
	if err := b.decode(workbookPart, &wb); err != nil {
		return nil, err
	}
	if len(wb.Sheets) > maxSheetsListed {
		return nil, fmt.Errorf("%w: more than %d sheets", ErrTooLarge, maxSheetsListed)
	}
	rels, err := b.rels("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		id := ""
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		target := rels[id].target
		sp := sheetPart{name: s.Name, part: resolve("xl", target), libraryPart: libraryPath("xl", target)}
		b.sheets = append(b.sheets, sp)
		if _, ok := b.byFold[strings.ToLower(sp.name)]; !ok {
			b.byFold[strings.ToLower(sp.name)] = sp
		}
	}
	for _, n := range wb.Names {
		b.names = append(b.names, definedName{name: n.Name, refersTo: n.Ref, local: n.Local != nil})
	}
	b.sstPart = "xl/sharedStrings.xml"
	for _, r := range rels {
		if strings.HasSuffix(r.kind, "/sharedStrings") {
			b.sstPart = resolve("xl", r.target)
		}
	}
	var custom struct {
		Props []struct {
			Name  string `xml:"name,attr"`
			Value struct {
				Text string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"property"`
	}
	if b.has("docProps/custom.xml") {
		if err := b.decode("docProps/custom.xml", &custom); err != nil {
			return nil, err
		}
		for _, p := range custom.Props {
			b.props[p.Name] = strings.TrimSpace(p.Value.Text)
		}
	}
	return b, nil
}

// errWorkbookElsewhere is a package whose main relationship names another workbook part than
// xl/workbook.xml: Excel and the workbook library would read that one. No spreadsheet
// program writes it elsewhere.
var errWorkbookElsewhere = errors.New("the package's relationships name another workbook part")

// officeDocument checks that the package's relationships (_rels/.rels), when present, lead
// to the workbook part the reader reads.
func (b *book) officeDocument(workbookPart string) error {
	rels, err := b.rels("_rels/.rels")
	if err != nil {
		return err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.kind, "/officeDocument") && partName(resolve("", r.target)) != workbookPart {
			return &DamagedError{Part: "_rels/.rels", Err: fmt.Errorf("%w: %s", errWorkbookElsewhere, r.target)}
		}
	}
	return nil
}

type rel struct{ target, kind string }

// rels reads a relationships part: id → target and type.
func (b *book) rels(name string) (map[string]rel, error) {
	var r struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	out := map[string]rel{}
	if !b.has(name) {
		return out, nil
	}
	if err := b.decode(name, &r); err != nil {
		return nil, err
	}
	for _, x := range r.Rels {
		out[x.ID] = rel{x.Target, x.Type}
	}
	return out, nil
}

// libraryPath is a relationship's target as the workbook library resolves it.
func libraryPath(dir, target string) string {
	if !strings.HasPrefix(target, "/") {
		target = dir + "/" + target
	}
	return strings.TrimPrefix(strings.ReplaceAll(path.Clean(target), "\\", "/"), "/")
}

// resolve makes a relationship's target a part name: relative to dir, or absolute; with \
// read as /, as the workbook library does.
func resolve(dir, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(dir+"/"+target), "/")
}

func (b *book) has(name string) bool { _, ok := b.parts[partName(name)]; return ok }

// sheetNames lists the sheets in workbook order.
func (b *book) sheetNames() []string {
	out := make([]string, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = s.name
	}
	return out
}

// open opens a part for reading through the budget. The reader reports a part that does
// not unpack as damaged, and the budget running out as ErrTooLarge.
func (b *book) open(name string) (io.ReadCloser, error) {
	f, ok := b.parts[partName(name)]
	if !ok {
		return nil, &DamagedError{Part: name, Err: errors.New("part missing")}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &DamagedError{Part: name, Err: err}
	}
	return &budgeted{rc: rc, b: b, part: name}, nil
}

// budgeted reads a part while counting against the book's budget.
type budgeted struct {
	rc   io.ReadCloser
	b    *book
	part string
}

// errBudget is the budget running out; reported as ErrTooLarge.
var errBudget = errors.New("too much XML")

func (r *budgeted) Read(p []byte) (int, error) {
	if r.b.budget <= 0 {
		return 0, errBudget
	}
	if r.b.ctx != nil { // every few kilobytes of XML, in the sheet and string loops
		if err := r.b.ctx.Err(); err != nil {
			return 0, err
		}
	}
	if int64(len(p)) > r.b.budget {
		p = p[:r.b.budget]
	}
	n, err := r.rc.Read(p)
	r.b.budget -= int64(n)
	if err != nil && err != io.EOF {
		err = &DamagedError{Part: r.part, Err: err} // a forged size or checksum, a cut stream
	}
	return n, err
}

func (r *budgeted) Close() error { return r.rc.Close() }

// decode reads a whole (small) part into v after checking that it is well-formed XML.
func (b *book) decode(name string, v any) error {
	rc, err := b.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return b.partError(name, err)
	}
	d := newDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return b.partError(name, err)
		}
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return b.partError(name, err)
	}
	return nil
}

// newDecoder is a strict XML decoder that refuses a document type declaration (which may
// define entities) and any other directive.
func newDecoder(r io.Reader) *tokens {
	return &tokens{d: xml.NewDecoder(r)}
}

type tokens struct {
	d     *xml.Decoder
	depth int  // elements open
	root  bool // an element was met
}

// maxDepth bounds the nesting of elements: a spreadsheet part nests a handful deep (rich
// text in a cell is about six), and the decoder keeps a stack entry per open element.
const maxDepth = 64

var (
	// errDirective is a <!DOCTYPE …> or other directive in a part, which no spreadsheet writes.
	errDirective = errors.New("document type declaration or other directive")
	errTooDeep   = fmt.Errorf("elements nested more than %d deep", maxDepth)
	// errNoRoot is a part without a root element (zero bytes, or only a comment): no
	// spreadsheet writes one, so it is not an empty sheet but damage.
	errNoRoot = errors.New("no root element")
)

func (t *tokens) Token() (xml.Token, error) {
	tok, err := t.d.Token()
	if err == io.EOF && !t.root {
		return nil, errNoRoot
	}
	switch tok.(type) {
	case xml.Directive:
		return nil, errDirective
	case xml.StartElement:
		t.root = true
		if t.depth++; t.depth > maxDepth {
			return nil, errTooDeep
		}
	case xml.EndElement:
		t.depth--
	}
	return tok, err
}

// partError classifies an error met reading a part: the budget running out is ErrTooLarge
// (also when the decoder first stumbles on a character cut at the budget's end), anything
// else (XML syntax, control characters, a directive, a bad stream) damage.
func (b *book) partError(name string, err error) error {
	var d *DamagedError
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return err // stopped, not damaged
	case errors.Is(err, errBudget) || b.budget <= 0:
		return fmt.Errorf("%w: more than %d bytes of XML", ErrTooLarge, maxXMLRead)
	case errors.As(err, &d):
		return d
	}
	return &DamagedError{Part: name, Err: err}
}

// sharedStrings loads the shared-strings table once.
func (b *book) sharedStrings() error {
	if !b.loaded {
		b.loaded = true
		b.sstErr = b.loadSharedStrings()
	}
	return b.sstErr
}

// loadSharedStrings reads the shared-strings part. Its error is kept (sstErr), so that a
// damaged part fails every sheet that refers to it, not only the first one read.
func (b *book) loadSharedStrings() error {
	if !b.has(b.sstPart) {
		return nil
	}
	rc, err := b.open(b.sstPart)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := newDecoder(rc)
	var cur strings.Builder
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			b.keys = make([]*string, len(b.strings))
			return nil
		}
		if err != nil {
			return b.partError(b.sstPart, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "rPh":
				phonetic++
			case "t":
				inT = inSI && phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(b.strings) >= maxSharedStrings {
					return fmt.Errorf("%w: more than %d shared strings", ErrTooLarge, maxSharedStrings)
				}
				b.strings = append(b.strings, unescape(cur.String()))
				inSI = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && cur.Len() < 4*maxCellText {
				cur.Write(t)
			}
		}
	}
}

// unescape decodes the _xHHHH_ escapes of ECMA-376 strings (_x000D_ for a carriage return,
// _x005F_ for an underscore), drops the control characters other than line breaks and tabs
// (_x001B_[2J would clear a terminal; no report, page or PDF can show them), and keeps at
// most maxCellText characters.
func unescape(s string) string {
	if strings.Contains(s, "_x") {
		var out strings.Builder
		for i := 0; i < len(s); {
			if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex(s[i+2:i+6]) {
				var r rune
				fmt.Sscanf(s[i+2:i+6], "%04x", &r)
				out.WriteRune(r)
				i += 7
				continue
			}
			out.WriteByte(s[i])
			i++
		}
		s = out.String()
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return -1
		}
		return r
	}, s)
	return truncate(s, maxCellText)
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}
