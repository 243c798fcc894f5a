package docxwriter

// The document's body: the title, the paragraphs, the tables and the signature, each
// paragraph in a named style and nothing else, but for what depends on the text (the title's
// line breaks, the signature's indent).

import (
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/document"
)

// writer builds document.xml.
type writer struct{ strings.Builder }

func body(d *document.Document, draft bool) string {
	var w writer
	w.WriteString(xmlHeader + `<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	w.title(d.Title)
	for _, p := range d.Intro {
		w.para(styleBody, p)
	}
	signed := d.Signature.Agency != "" || d.Signature.Date != ""
	for k, s := range d.Sections {
		w.para(styleHeading, s.Heading)
		for i, b := range s.Blocks {
			switch b.Kind {
			case document.Paragraph:
				// The signature takes the last lines of the last paragraph along to a new
				// page, rather than stand alone.
				w.paragraph(styleBody, b.Text, signed && k == len(d.Sections)-1 && i == len(s.Blocks)-1)
			case document.Subheading:
				w.para(styleSubhead, b.Text)
			case document.TableBlock:
				w.table(b.Table)
				if i == len(s.Blocks)-1 {
					w.para(styleBody, "") // room below the table, as the PDF leaves
				}
			}
		}
	}
	w.signature(d.Signature)
	w.sectPr(draft)
	w.WriteString(`</w:body></w:document>`)
	return w.String()
}

// para writes a paragraph of one run in a style.
func (w *writer) para(style, text string) { w.paragraph(style, text, false) }

// paragraph writes a paragraph of one run in a style, kept on the page of the next one if
// keep is set.
func (w *writer) paragraph(style, text string, keep bool) {
	w.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/>`)
	if keep {
		w.WriteString(`<w:keepNext/>`)
	}
	w.WriteString(`</w:pPr>`)
	w.run(text)
	w.WriteString(`</w:p>`)
}

// run writes text as a run, if there is any.
func (w *writer) run(text string) {
	text = clean(text)
	if text == "" {
		return
	}
	w.WriteString(`<w:r>`)
	w.text(text)
	w.WriteString(`</w:r>`)
}

func (w *writer) text(text string) {
	if strings.TrimSpace(text) != text {
		w.WriteString(`<w:t xml:space="preserve">` + escape(text) + `</w:t>`)
	} else {
		w.WriteString(`<w:t>` + escape(text) + `</w:t>`)
	}
}

// title breaks a long title between its words into balanced lines, as the PDF does, with
// line breaks inside the one paragraph: Word would break it anywhere.
func (w *writer) title(t document.Title) {
	words := t.Words()
	for i := range words {
		words[i].Text = clean(words[i].Text)
	}
	lines := document.WordLines(words, float64(areaW)/float64(sizeTitle*10), ems)
	w.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + styleTitle + `"/></w:pPr><w:r>`)
	for i, l := range lines {
		if i > 0 {
			w.WriteString(`<w:br/>`)
		}
		w.text(l)
	}
	w.WriteString(`</w:r></w:p>`)
}

// signature sets the agency's name over the date as the PDF does (GB/T 9704): the date
// right-aligned four characters in from the right edge, the name centred over it (two
// characters in from the edge when there is no date); a name too long for a line is broken
// into balanced lines, each centred on the same point.
func (w *writer) signature(s document.Signature) {
	name, date := clean(s.Agency), clean(s.Date)
	if name == "" && date == "" {
		return
	}
	w.para(styleSignature, "") // the blank line before it, kept with it
	area := float64(areaW) / em
	var lines []string
	if name != "" {
		lines = document.WordLines(document.NameWords(name), area, ems)
	}
	block := 0.0
	for _, l := range lines {
		block = max(block, ems(l))
	}
	// centre is where the name's lines are centred, in characters from the right edge.
	centre := 4 + ems(date)/2
	if date == "" {
		centre = 2 + block/2
	}
	centre = min(max(centre, block/2), area-block/2)
	for _, l := range lines {
		w.indented(l, centre-ems(l)/2)
	}
	if date != "" {
		w.indented(date, 4)
	}
}

// indented writes a signature line right-aligned, right characters in from the right edge.
func (w *writer) indented(text string, right float64) {
	right = max(right, 0)
	w.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + styleSignature + `"/><w:ind w:right="` + itoa(int(right*em+0.5)) + `"/></w:pPr>`)
	w.run(text)
	w.WriteString(`</w:p>`)
}

// sectPr is the page: A4, the GB/T 9704 margins and grid, the footers.
func (w *writer) sectPr(draft bool) {
	w.WriteString(`<w:sectPr>`)
	if draft {
		w.WriteString(`<w:headerReference w:type="default" r:id="` + idHeader + `"/><w:headerReference w:type="even" r:id="` + idHeader + `"/>`)
	}
	w.WriteString(`<w:footerReference w:type="default" r:id="` + idFooterOdd + `"/><w:footerReference w:type="even" r:id="` + idFooterEven + `"/>`)
	w.WriteString(`<w:pgSz w:w="` + itoa(pageW) + `" w:h="` + itoa(pageH) + `"/>`)
	w.WriteString(`<w:pgMar w:top="` + itoa(marginTop) + `" w:right="` + itoa(marginRight) + `" w:bottom="` + itoa(marginBottom) +
		`" w:left="` + itoa(marginLeft) + `" w:header="` + itoa(headerDistance) + `" w:footer="` + itoa(footerDistance) + `" w:gutter="0"/>`)
	w.WriteString(`<w:pgNumType w:start="1"/><w:cols w:space="425"/>`)
	w.WriteString(`<w:docGrid w:type="linesAndChars" w:linePitch="` + itoa(linePitch) + `" w:charSpace="` + itoa(charSpace) + `"/>`)
	w.WriteString(`</w:sectPr>`)
}

// ems is the width of text in characters of its size: a Hanzi, a full-width mark or a dash is
// one, a Latin letter or digit half of one.
func ems(text string) float64 {
	n := 0.0
	for _, r := range text {
		if r >= 0x2E80 || r == '—' || r == '…' || r == '“' || r == '”' || r == '‘' || r == '’' {
			n++
		} else {
			n += 0.5
		}
	}
	return n
}

// clean makes text fit for a paragraph: printable as in every output (document.Clean), without
// the two noncharacters that XML 1.0 cannot hold.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, document.Clean(s))
}

// escape escapes text for XML character data and attribute values, cleaned of what XML
// cannot hold.
func escape(s string) string {
	return xmlEscaper.Replace(clean(s))
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func itoa(n int) string { return strconv.Itoa(n) }
