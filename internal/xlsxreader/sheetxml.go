package xlsxreader

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readSheet reads the cells of a worksheet part up to maxRows and maxCols, streaming: rows
// past the bound are not parsed at all. Values are as stored (numbers unformatted, shared
// strings resolved); a cell with a formula keeps its cached value and the formula is
// recorded — it is never evaluated.
func (b *book) readSheet(name, part string) (*sheet, error) {
	if err := b.sharedStrings(); err != nil {
		return nil, err
	}
	rc, err := b.open(part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := &sheet{name: name, labels: map[string][]pos{}, formulas: map[pos]string{}}
	d := newDecoder(rc)
	var (
		row, col       int
		kind           string
		value, formula strings.Builder
		hasFormula     bool
		in             string // the element whose text is being collected: v, f or t
		inInline       bool
		inPhonetic     bool // in the phonetic guide of an inline string: not part of the text
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, b.partError(part, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row++
				if r, err := strconv.Atoi(attr(t, "r")); err == nil && r > 0 {
					row = r
				}
				if row > maxRows {
					return s.index(), nil // the rest lies beyond any table: not read
				}
				col = 0
			case "c":
				col++
				if ref := attr(t, "r"); ref != "" {
					if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
						col = c
						if r != row && r > 0 {
							row = r
						}
					}
				}
				kind = attr(t, "t")
				value.Reset()
				formula.Reset()
				hasFormula, inInline = false, false
			case "v":
				in = "v"
			case "f":
				in, hasFormula = "f", true
			case "is":
				inInline = true
			case "t":
				if inInline && !inPhonetic {
					in = "t"
				}
			case "rPh":
				inPhonetic = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "f", "t":
				in = ""
			case "rPh":
				inPhonetic = false
			case "c":
				if row <= maxRows && col <= maxCols && col > 0 && row > 0 {
					e, err := b.cellText(kind, value.String())
					if err != nil {
						return nil, b.partError(part, err)
					}
					if err := b.chargeText(e.text); err != nil {
						return nil, err
					}
					s.set(row, col, e)
					if hasFormula {
						f := formula.String()
						if f == "" {
							f = "…" // a shared formula written once for a range
						}
						s.formulas[pos{row, col}] = truncate(f, 200)
					}
				}
			}
		case xml.CharData:
			switch {
			case in == "f" && formula.Len() < 1024:
				formula.Write(t)
			case (in == "v" || in == "t") && value.Len() < 4*maxCellText:
				value.Write(t)
			}
		}
	}
	return s.index(), nil
}

// cellText is a cell's value as text by its type, with its normalised form: a shared string
// looked up (normalised once however many cells refer to it), an inline or formula string
// unescaped, a number, boolean or error as stored.
func (b *book) cellText(kind, v string) (entry, error) {
	text := ""
	switch kind {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(b.strings) {
			return entry{}, fmt.Errorf("shared string %q does not exist", truncate(v, 20))
		}
		if b.keys[i] == nil {
			k := normalize(b.strings[i])
			b.keys[i] = &k
		}
		return entry{b.strings[i], *b.keys[i]}, nil
	case "inlineStr", "str":
		text = unescape(v)
	case "b":
		text = "FALSE"
		if strings.TrimSpace(v) == "1" {
			text = "TRUE"
		}
	default:
		text = truncate(strings.TrimSpace(v), maxCellText)
	}
	return entry{text, normalize(text)}, nil
}

// chargeText counts a cell's text against the book's budget of text read. The XML budget
// alone does not bound it: a cell of 27 bytes may refer to a shared string of 32,767
// characters, and every cell's text is indexed.
func (b *book) chargeText(text string) error {
	if b.textBudget -= int64(len(text)); b.textBudget < 0 {
		return fmt.Errorf("%w: more than %d bytes of cell text", ErrTooLarge, maxTextRead)
	}
	return nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// set stores a cell's text, growing the rows as needed.
func (s *sheet) set(row, col int, e entry) {
	if e.text == "" {
		return
	}
	for len(s.rows) < row {
		s.rows = append(s.rows, nil)
	}
	r := s.rows[row-1]
	for len(r) < col {
		r = append(r, entry{})
	}
	r[col-1] = e
	s.rows[row-1] = r
}

// index builds the label index of the sheet's texts.
func (s *sheet) index() *sheet {
	for r, row := range s.rows {
		for c, e := range row {
			if e.text != "" {
				s.labels[e.key] = append(s.labels[e.key], pos{r + 1, c + 1})
			}
		}
	}
	return s
}
