package pdfwriter

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/jung-kurt/gofpdf"
	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
)

// Page geometry of GB/T 9704, in points.
const (
	mm     = 72 / 25.4
	pageW  = 210 * mm
	pageH  = 297 * mm
	left   = 28 * mm
	top    = 37 * mm
	areaW  = 156 * mm
	areaH  = 225 * mm
	bottom = top + areaH
	// pitch is the body line pitch: 22 lines to the type area.
	pitch = areaH / 22
	// titlePitch spaces the lines of a title that needs two or three.
	titlePitch = 36.0
)

// The styles of GB/T 9704: 二号 title, 三号 body and headings, 五号 tables, 四号 page numbers.
var (
	titleStyle      = style{fonts.Title, 22}
	bodyStyle       = style{fonts.Body, 16}
	headingStyle    = style{fonts.Heading, 16}
	subheadingStyle = style{fonts.Subheading, 16}
	tableStyle      = style{fonts.Table, 10.5}
	pageNumberStyle = style{fonts.PageNumber, 14}
	draftStyle      = style{fonts.Title, 120}
)

const draftMark = "草稿"

// typesetter lays out one document on gofpdf pages, top to bottom.
type typesetter struct {
	pdf   *gofpdf.Fpdf
	faces *faces
	y     float64 // top of the next line
	draft bool
	ctx   context.Context // stops the typesetting when done; nil for none
	// layouts holds the tables of the section being set.
	layouts map[*document.Grid]*tableLayout
}

func newTypesetter(d *document.Document, set *fonts.Set, opts Options) (*typesetter, error) {
	t := &typesetter{pdf: newPDF(d), faces: newFaces(set), draft: opts.Draft, ctx: opts.Context,
		layouts: map[*document.Grid]*tableLayout{}}
	if err := t.needAll(d); err != nil {
		return nil, err
	}
	if err := t.faces.register(t.pdf); err != nil {
		return nil, err
	}
	t.pdf.SetFooterFunc(t.pageNumber)
	if t.draft {
		t.pdf.SetHeaderFunc(t.draftMark)
	}
	return t, nil
}

// needAll checks every character of the document against the fonts, before anything is laid
// out, and collects what each face must hold.
func (t *typesetter) needAll(d *document.Document) error {
	f := t.faces
	if err := f.need(titleStyle.role, d.Title.Text(), "标题"); err != nil {
		return err
	}
	for i, p := range d.Intro {
		if err := f.need(bodyStyle.role, p, fmt.Sprintf("引言第%d段", i+1)); err != nil {
			return err
		}
	}
	for _, s := range slices.Concat(d.Sections, d.Annex) {
		if err := f.need(headingStyle.role, s.Heading, "部分标题"); err != nil {
			return err
		}
		para := 0
		for _, b := range s.Blocks {
			var err error
			switch b.Kind {
			case document.Paragraph:
				para++
				err = f.need(bodyStyle.role, b.Text, fmt.Sprintf("%s第%d段", s.Heading, para))
			case document.Subheading:
				err = f.need(subheadingStyle.role, b.Text, s.Heading+"的小标题")
			case document.TableBlock:
				err = t.needTable(b.Table)
			}
			if err != nil {
				return err
			}
		}
	}
	for _, text := range []string{d.Signature.Agency, d.Signature.Date} {
		if err := f.need(bodyStyle.role, text, "落款"); err != nil {
			return err
		}
	}
	if err := f.need(pageNumberStyle.role, "— 0123456789", "页码"); err != nil {
		return err
	}
	if t.draft {
		if err := f.need(pageNumberStyle.role, draftMark, "草稿标记"); err != nil {
			return err
		}
		return f.need(draftStyle.role, draftMark, "草稿标记")
	}
	return nil
}

// needTable checks the texts of every cell of tb.
func (t *typesetter) needTable(tb *document.Table) error {
	for _, g := range tb.Grids {
		for _, text := range g.Texts {
			if err := t.faces.need(tableStyle.role, text, tb.Label); err != nil {
				return err
			}
		}
	}
	return nil
}

// document lays out the whole document.
func (t *typesetter) document(d *document.Document) {
	t.newPage()
	t.title(d.Title)
	t.y += pitch
	for _, p := range d.Intro {
		t.paragraph(bodyStyle, p, 2, 0)
	}
	// The signature takes the last lines of the last paragraph along to a new page, rather
	// than stand alone.
	for i, s := range d.Sections {
		tail := 0.0
		if i == len(d.Sections)-1 {
			tail = t.signatureHeight(d.Signature)
		}
		t.section(s, tail)
	}
	t.signature(d.Signature)
	for _, s := range d.Annex {
		t.y += pitch
		t.section(s, 0)
	}
}

func (t *typesetter) newPage() {
	t.pdf.AddPage()
	t.y = top
}

// room starts a new page unless h more points fit on this one.
func (t *typesetter) room(h float64) {
	if t.y+h > bottom+0.01 && t.y > top {
		t.newPage()
	}
}

// section sets one part; the last paragraph keeps tail points of room after it.
func (t *typesetter) section(s document.Section, tail float64) {
	t.tables(s)
	t.room(t.keepHeight(headingStyle, s.Heading, s.Blocks, 0, tail))
	t.paragraph(headingStyle, s.Heading, 2, 0)
	for i, b := range s.Blocks {
		keep := 0.0
		if i == len(s.Blocks)-1 {
			keep = tail
		}
		switch b.Kind {
		case document.Paragraph:
			t.paragraph(bodyStyle, b.Text, 2, keep)
		case document.Subheading:
			t.room(t.keepHeight(subheadingStyle, b.Text, s.Blocks, i+1, tail))
			t.paragraph(subheadingStyle, b.Text, 2, 0)
		case document.TableBlock:
			for _, g := range b.Table.Grids {
				t.table(g)
			}
			t.y += pitch / 2
		}
	}
}

// keepHeight is the height of a heading in st with what must stay on its page of the blocks
// from i: the lines of a paragraph that may not be parted (all of one of up to three lines,
// with tail after the section's last block; else two), the next heading's own, or a table's
// header with its first rows.
func (t *typesetter) keepHeight(st style, heading string, blocks []document.Block, i int, tail float64) float64 {
	h := float64(len(t.lines(st, heading, 2))) * pitch
	if i >= len(blocks) {
		return h
	}
	switch b := blocks[i]; b.Kind {
	case document.TableBlock:
		return h + t.layouts[b.Table.Grids[0]].keepHeight()
	case document.Subheading:
		return h + t.keepHeight(subheadingStyle, b.Text, blocks, i+1, tail)
	}
	n := len(t.lines(bodyStyle, blocks[i].Text, 2))
	if n >= 2*minLines {
		return h + minLines*pitch
	}
	if i == len(blocks)-1 {
		h += tail
	}
	return h + float64(n)*pitch
}

// lines breaks text in st with a first-line indent of indent characters; none once the
// context is done, whose error then stops the PDF (the library does nothing after an error).
func (t *typesetter) lines(st style, text string, indent float64) []cjk.Line {
	if t.ctx != nil {
		if err := t.ctx.Err(); err != nil {
			t.pdf.SetError(err)
			return nil
		}
	}
	return cjk.Break(clean(text), areaW, indent*st.size, t.faces.measure(st))
}

// paragraph sets text in st with a first-line indent of indent characters, justified but for
// its last line, broken over pages as linesHere says.
func (t *typesetter) paragraph(st style, text string, indent, tail float64) {
	in := indent * st.size
	lines := t.lines(st, text, indent)
	for i := 0; i < len(lines); {
		k := linesHere(len(lines)-i, bottom-t.y, i == 0, t.y <= top+0.01, tail)
		if k == 0 {
			t.newPage()
			continue
		}
		for _, l := range lines[i : i+k] {
			x, w := float64(left), float64(areaW)
			if i == 0 {
				x, w = x+in, w-in
			}
			t.setLine(st, x, t.baseline(t.y, pitch, st), l, justify(l, w))
			t.y += pitch
			i++
		}
		if i < len(lines) {
			t.newPage()
		}
	}
}

// minLines is the fewest lines of a paragraph left at the foot of a page or carried to the
// top of the next: a lone first line at the foot (an orphan) or a lone last line at the top
// (a widow) reads as a stray.
const minLines = 2

// linesHere is how many of the rest lines of a paragraph to set in the room (points) left on
// a page: all of them if they fit with tail points after them; else as many as fit with at
// least minLines going on to the next page (with the tail) and, where the paragraph starts
// here, at least minLines staying; else none, and the paragraph moves on, unless the page is
// empty.
func linesHere(rest int, room float64, first, emptyPage bool, tail float64) int {
	fit := int((room + 0.01) / pitch)
	if float64(rest)*pitch+tail <= room+0.01 {
		return rest
	}
	k := min(fit, rest-minLines)
	if k < 1 || first && k < minLines {
		k = 0
	}
	if k == 0 && emptyPage {
		k = max(1, min(fit, rest))
	}
	return k
}

// baseline puts text of st in the middle of a line box of height h at y: the ideographic
// em box runs from 0.12 em below the baseline to 0.88 em above it.
func (t *typesetter) baseline(y, h float64, st style) float64 {
	return y + h/2 + 0.38*st.size
}

// line prints text as one line at x on the baseline; when width is not 0 it is justified
// to fill width.
func (t *typesetter) line(st style, x, baseline float64, text string, width float64) {
	t.setLine(st, x, baseline, cjk.Unbroken(text, t.faces.measure(st)), width)
}

// setWidth is the width of text set as one line by line: compressed punctuation and 2-em
// dashes make it narrower or wider than its characters' advances.
func (t *typesetter) setWidth(st style, text string) float64 {
	return cjk.Unbroken(text, t.faces.measure(st)).Width
}

// setLine prints a broken line at x on the baseline, justified to width unless that is 0.
// The text state (Tc spacing, Tz scaling) is set back to normal after it.
func (t *typesetter) setLine(st style, x, baseline float64, l cjk.Line, width float64) {
	tc, scale := 0.0, 1.0 // in force
	for _, p := range t.faces.place(st, x, l.Set(width)) {
		if p.scale != scale {
			t.pdf.RawWriteStr(fmt.Sprintf("%.4f Tz", 100*p.scale))
			scale = p.scale
		}
		if c := p.tc / p.scale; c != tc { // Tz scales Tc too
			t.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", c))
			tc = c
		}
		t.pdf.SetFont(p.family, "", st.size)
		t.pdf.Text(p.x, baseline, p.text)
	}
	if tc != 0 {
		t.pdf.RawWriteStr("0 Tc")
	}
	if scale != 1 {
		t.pdf.RawWriteStr("100 Tz")
	}
}

// justify is the width a broken line fills: w, or 0 (its natural width) for the last line.
func justify(l cjk.Line, w float64) float64 {
	if l.Last {
		return 0
	}
	return w
}

// title sets the title centred, in as few lines as it needs, broken between words into lines
// of about equal length.
func (t *typesetter) title(title document.Title) {
	for _, l := range titleLines(title, t.faces.measure(titleStyle)) {
		w := t.setWidth(titleStyle, l)
		t.line(titleStyle, left+(areaW-w)/2, t.baseline(t.y, titlePitch, titleStyle), l, 0)
		t.y += titlePitch
	}
}

// titleLines breaks a title between its words into balanced lines (see wordLines).
func titleLines(title document.Title, measure func(string) float64) []string {
	return wordLines(title.Words(), areaW, measure)
}

// wordLines is document.WordLines of the words cleaned for printing.
func wordLines(words []document.Word, width float64, measure func(string) float64) []string {
	words = slices.Clone(words)
	for i := range words {
		words[i].Text = clean(words[i].Text)
	}
	return document.WordLines(words, width, measure)
}

// weakBreak is what a break before a weak word of a table label costs (see document.Balance):
// about as much as lines differing by a quarter of the type area.
const weakBreak = (areaW / 4) * (areaW / 4)

// signatureLines is the agency's name broken into balanced lines of the type area's width.
func (t *typesetter) signatureLines(s document.Signature) []string {
	if s.Agency == "" {
		return nil
	}
	return wordLines(document.NameWords(s.Agency), areaW, t.faces.measure(bodyStyle))
}

// signatureHeight is the room the signature takes with the blank line before it.
func (t *typesetter) signatureHeight(s document.Signature) float64 {
	n := len(t.signatureLines(s))
	if s.Date != "" {
		n++
	}
	if n == 0 {
		return 0
	}
	return float64(n+1) * pitch
}

// signature sets the agency's name over the date, as GB/T 9704 places the issuer and date:
// the date right-aligned four characters in from the right edge, the name centred over it
// (or two characters in from the edge when there is no date). A name too wide for that is a
// block of balanced lines, each centred in it, moved left as far as the type area needs.
func (t *typesetter) signature(s document.Signature) {
	if s.Agency == "" && s.Date == "" {
		return
	}
	t.room(t.signatureHeight(s))
	t.y += pitch
	date := clean(s.Date)
	right := left + areaW - 4*bodyStyle.size
	wd := t.setWidth(bodyStyle, date)
	lines := t.signatureLines(s)
	block := 0.0
	for _, l := range lines {
		block = max(block, t.setWidth(bodyStyle, l))
	}
	centre := right - wd/2
	if date == "" {
		centre = left + areaW - 2*bodyStyle.size - block/2
	}
	centre = max(min(centre, left+areaW-block/2), left+block/2)
	for _, l := range lines {
		w := t.setWidth(bodyStyle, l)
		t.line(bodyStyle, centre-w/2, t.baseline(t.y, pitch, bodyStyle), l, 0)
		t.y += pitch
	}
	if date != "" {
		t.line(bodyStyle, right-wd, t.baseline(t.y, pitch, bodyStyle), date, 0)
		t.y += pitch
	}
}

// pageNumber prints "— N —" 7 mm below the type area: right on odd pages, left on even ones,
// one character in from the edge.
func (t *typesetter) pageNumber() {
	n := t.pdf.PageNo()
	text := "— " + strconv.Itoa(n) + " —"
	st := pageNumberStyle
	w := t.faces.width(st, text)
	x := left + st.size
	if n%2 == 1 {
		x = left + areaW - st.size - w
	}
	t.line(st, x, bottom+7*mm+0.88*st.size, text, 0)
}

// draftMark prints a large pale 草稿 across the page, under the text, and a small one above
// the type area's top right corner, which also reads as a word when the text is extracted.
func (t *typesetter) draftMark() {
	st := draftStyle
	w := t.faces.width(st, draftMark)
	t.pdf.SetTextColor(190, 190, 190)
	t.pdf.TransformBegin()
	t.pdf.TransformRotate(35, pageW/2, pageH/2)
	t.line(st, (pageW-w)/2, pageH/2+0.38*st.size, draftMark, 0)
	t.pdf.TransformEnd()
	t.pdf.SetTextColor(0, 0, 0)
	small := pageNumberStyle
	t.line(small, left+areaW-t.faces.width(small, draftMark), top-8*mm, draftMark, 0)
}
