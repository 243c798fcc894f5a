package pdfwriter

import (
	"fmt"
	"math"
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
	// layouts holds the tables of the section being set.
	layouts map[*document.Grid]*tableLayout
}

func newTypesetter(d *document.Document, set *fonts.Set, opts Options) (*typesetter, error) {
	t := &typesetter{pdf: newPDF(d), faces: newFaces(set), draft: opts.Draft,
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
	for _, s := range d.Sections {
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
	t.room(pitch + t.keepHeight(s.Blocks, 0))
	t.paragraph(headingStyle, s.Heading, 2, 0)
	for i, b := range s.Blocks {
		switch b.Kind {
		case document.Paragraph:
			keep := 0.0
			if i == len(s.Blocks)-1 {
				keep = tail
			}
			t.paragraph(bodyStyle, b.Text, 2, keep)
		case document.Subheading:
			t.room(pitch + t.keepHeight(s.Blocks, i+1))
			t.paragraph(subheadingStyle, b.Text, 2, 0)
		case document.TableBlock:
			for _, g := range b.Table.Grids {
				t.table(g)
			}
			t.y += pitch / 2
		}
	}
}

// keepHeight is how much of the block at i must stay on the page of the heading before it:
// two lines of a paragraph, or a table's header with its first rows.
func (t *typesetter) keepHeight(blocks []document.Block, i int) float64 {
	if i >= len(blocks) {
		return 0
	}
	if b := blocks[i]; b.Kind == document.TableBlock {
		return t.layouts[b.Table.Grids[0]].keepHeight()
	}
	return 2 * pitch
}

// paragraph sets text in st with a first-line indent of indent characters, justified but for
// its last line. Neither its first nor its last line is left alone at a page break, and its
// last two lines stay on one page with the tail points that must follow them.
func (t *typesetter) paragraph(st style, text string, indent, tail float64) {
	text = clean(text)
	in := indent * st.size
	lines := cjk.Break(text, areaW, in, t.faces.measure(st))
	n := len(lines)
	for i, l := range lines {
		x, w := float64(left), float64(areaW)
		if i == 0 {
			x, w = x+in, w-in
		}
		fit := int((bottom - t.y + 0.01) / pitch) // lines left on this page
		if fit < 1 || fit == 1 && (i == 0 && n >= 2 || i == n-2 && i >= 2) {
			t.room(2 * pitch)
		}
		if tail > 0 && i == max(n-2, 0) {
			t.room(float64(n-i)*pitch + tail)
		}
		t.line(st, x, t.baseline(t.y, pitch, st), l.Text, justify(l, w))
		t.y += pitch
	}
}

// baseline puts text of st in the middle of a line box of height h at y: the ideographic
// em box runs from 0.12 em below the baseline to 0.88 em above it.
func (t *typesetter) baseline(y, h float64, st style) float64 {
	return y + h/2 + 0.38*st.size
}

// line prints one line at x on the baseline; when width is not 0 it is justified to fill
// width.
func (t *typesetter) line(st style, x, baseline float64, text string, width float64) {
	tc := 0.0 // the Tc in force
	for _, p := range t.faces.place(st, x, text, width) {
		if p.tc != tc {
			t.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc", p.tc))
			tc = p.tc
		}
		t.pdf.SetFont(p.family, "", st.size)
		t.pdf.Text(p.x, baseline, p.text)
	}
	if tc != 0 {
		t.pdf.RawWriteStr("0 Tc")
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
		w := t.faces.width(titleStyle, l)
		t.line(titleStyle, left+(areaW-w)/2, t.baseline(t.y, titlePitch, titleStyle), l, 0)
		t.y += titlePitch
	}
}

// titleLines breaks a title between its words into the fewest lines that fit, as equal in
// length as the words allow (the sum of the squared line widths is least), breaking inside
// the agency's name after an organisation word only when that buys a line or much balance.
// A title with a word wider than a line is balanced by the line breaker.
func titleLines(title document.Title, measure func(string) float64) []string {
	var words []document.TitleWord
	for _, w := range title.Words() {
		w.Text = clean(w.Text)
		if measure(w.Text) > areaW {
			var out []string
			for _, l := range cjk.Balance(clean(title.Text()), areaW, measure) {
				out = append(out, l.Text)
			}
			return out
		}
		words = append(words, w)
	}
	for n := 1; ; n++ {
		if lines, ok := balance(words, n, measure); ok {
			return lines
		}
	}
}

// weakBreak is what a break inside the agency's name after an organisation word costs, in the
// units of balance (points squared): about as much as lines differing by a quarter of the area.
const weakBreak = (areaW / 4) * (areaW / 4)

// balance splits words into n lines no wider than the type area at the least cost: the sum
// of the squared line widths and weakBreak for every break before a weak word. ok is false
// when n lines are not enough.
func balance(words []document.TitleWord, n int, measure func(string) float64) (lines []string, ok bool) {
	m := len(words)
	if n > m {
		return nil, false
	}
	text := func(from, to int) (s string) {
		for _, w := range words[from:to] {
			s += w.Text
		}
		return s
	}
	// cost[k][i] is the least cost of setting words[:i] in k lines; from[k][i] where the
	// last of those lines starts.
	inf := math.Inf(1)
	cost := make([][]float64, n+1)
	from := make([][]int, n+1)
	for k := range cost {
		cost[k], from[k] = make([]float64, m+1), make([]int, m+1)
		for i := range cost[k] {
			cost[k][i] = inf
		}
	}
	cost[0][0] = 0
	for k := 1; k <= n; k++ {
		for i := k; i <= m; i++ {
			for j := k - 1; j < i; j++ {
				if cost[k-1][j] == inf {
					continue
				}
				w := measure(text(j, i))
				if w > areaW {
					continue
				}
				c := cost[k-1][j] + w*w
				if j > 0 && words[j].Weak {
					c += weakBreak
				}
				if c < cost[k][i] {
					cost[k][i], from[k][i] = c, j
				}
			}
		}
	}
	if cost[n][m] == inf {
		return nil, false
	}
	lines = make([]string, n)
	for k, i := n, m; k > 0; k-- {
		j := from[k][i]
		lines[k-1] = text(j, i)
		i = j
	}
	return lines, true
}

// signatureHeight is the room the signature takes with the blank line before it.
func (t *typesetter) signatureHeight(s document.Signature) float64 {
	h := 0.0
	for _, line := range []string{s.Agency, s.Date} {
		if line != "" {
			h += pitch
		}
	}
	if h > 0 {
		h += pitch
	}
	return h
}

// signature sets the agency centred over the date, the date four characters in from the
// right edge, as GB/T 9704 places the issuer and date.
func (t *typesetter) signature(s document.Signature) {
	if s.Agency == "" && s.Date == "" {
		return
	}
	t.room(t.signatureHeight(s))
	t.y += pitch
	agency, date := clean(s.Agency), clean(s.Date)
	right := left + areaW - 4*bodyStyle.size
	wd := t.faces.width(bodyStyle, date)
	centre := right - wd/2
	if agency != "" {
		wa := t.faces.width(bodyStyle, agency)
		x := min(centre-wa/2, left+areaW-wa)
		if date == "" {
			x = left + areaW - 2*bodyStyle.size - wa
		}
		t.line(bodyStyle, x, t.baseline(t.y, pitch, bodyStyle), agency, 0)
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
