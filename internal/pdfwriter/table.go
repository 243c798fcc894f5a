package pdfwriter

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
)

// Table metrics, in points.
const (
	cellPadX  = 3.5
	cellPadY  = 3.5
	cellPitch = 13.5 // line pitch inside a cell at 五号
	rule      = 0.5  // line width of the table rules
)

// tableLayout is a grid with its column widths, the lines of every cell and the row heights.
type tableLayout struct {
	grid  *document.Grid
	colX  []float64 // left edge of every column, and the right edge of the last
	lines [][]cjk.Line
	rowH  []float64
	// breakable[r] says whether a page may end before data row r.
	breakable []bool
}

// tables lays out the grids of each table of a section (table 二's blocks) with the same
// columns.
func (t *typesetter) tables(s document.Section) {
	for _, b := range s.Blocks {
		if b.Kind == document.TableBlock {
			w := t.columnWidths(b.Table.Grids)
			for _, g := range b.Table.Grids {
				t.layouts[g] = t.layout(g, w)
			}
		}
	}
}

// labelLines is the most lines a row label spanning rows is meant to wrap into: it sets the
// width of its column, and a label of few lines still fits beside the first rows of its
// group when a page break cuts the group.
const labelLines = 3

// columnWidths shares the type area's width among the columns of grids: every column gets
// at least two characters, its widest number and its labels' widest word, and room for its
// headers in three lines broken between words with none of a single character. If every
// label fits on one line, the rest is shared in proportion; otherwise it goes to the
// columns whose row labels would wrap most, a label spanning several rows may wrap into as
// many lines (at most labelLines, which it is given room for); column headers get no more
// (their row is as tall as the tallest of them: 社会/公益/组织).
func (t *typesetter) columnWidths(grids []*document.Grid) []float64 {
	cols := grids[0].Cols
	em := tableStyle.size
	measure := t.faces.measure(tableStyle)
	least, oneLine, wrapped := make([]float64, cols), make([]float64, cols), make([]float64, cols)
	for c := range least {
		least[c] = 2*em + 2*cellPadX
	}
	for _, g := range grids {
		for i, c := range g.Cells {
			if c.ColSpan != 1 {
				continue
			}
			text := clean(g.Texts[i])
			w := measure(text)
			lo, hi := w, w
			if c.Role != document.RoleValue {
				lo = widestWord(text, measure)
			}
			switch c.Role {
			case document.RoleColumnHeader:
				lo = max(lo, rememberedLabelWidth(t.faces.set, text, labelLines, measure))
				hi = lo
			case document.RoleRowHeader:
				hi = rememberedLabelWidth(t.faces.set, text, min(c.RowSpan, labelLines), measure)
				if c.RowSpan > 1 {
					lo = max(lo, hi)
				}
			default:
				hi = w / 3
			}
			least[c.Col] = max(least[c.Col], lo+2*cellPadX)
			oneLine[c.Col] = max(oneLine[c.Col], w+2*cellPadX)
			wrapped[c.Col] = max(wrapped[c.Col], hi+2*cellPadX)
		}
	}
	for c := range least {
		oneLine[c] = max(oneLine[c], least[c])
		wrapped[c] = max(wrapped[c], least[c])
	}
	if sum(oneLine) <= areaW {
		return share(least, oneLine, areaW)
	}
	return share(least, wrapped, areaW)
}

// widestWord is the width of the widest word of a label (document.LabelWords).
func widestWord(text string, measure cjk.Measure) (w float64) {
	for _, word := range document.LabelWords(text) {
		w = max(w, squeezed(measure)(word.Text))
	}
	return w
}

// labelWidth is the narrowest width, to a hundredth of a point, in which setLabel sets text
// in at most lines lines (a wider column never needs more lines).
func labelWidth(text string, lines int, measure cjk.Measure) float64 {
	l := newLabel(text, measure)
	// Narrower than its squeezed share a line, text does not fit: the search starts there.
	lo, hi := l.squeezed(text)/float64(lines)-0.01, l.unbroken(text).Width
	for hi-lo > 0.01 {
		mid := (lo + hi) / 2
		if set, ok := l.set(mid); ok && len(set) <= lines {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// labelWidths keeps labelWidth's answers for the faces tables were last set in: every report
// of a run has the same labels, and the search costs more than a millisecond a report. Only
// the last faces' answers are kept, and at most maxLabelWidths of them, so memory stays
// bounded whatever the faces and texts.
var labelWidths struct {
	sync.Mutex
	faces []*fonts.Face // the table face, then the fallbacks
	width map[labelKey]float64
}

type labelKey struct {
	text  string
	lines int
}

const maxLabelWidths = 4096

// rememberedLabelWidth is labelWidth in the table faces of set, which measure measures with.
func rememberedLabelWidth(set *fonts.Set, text string, lines int, measure cjk.Measure) float64 {
	faces := append([]*fonts.Face{set.Faces[fonts.Table]}, set.Fallbacks...)
	key := labelKey{text, lines}
	labelWidths.Lock()
	if !slices.Equal(labelWidths.faces, faces) {
		labelWidths.faces, labelWidths.width = faces, map[labelKey]float64{}
	}
	w, ok := labelWidths.width[key]
	labelWidths.Unlock()
	if ok {
		return w
	}
	w = labelWidth(text, lines, measure)
	labelWidths.Lock()
	if slices.Equal(labelWidths.faces, faces) && len(labelWidths.width) < maxLabelWidths {
		labelWidths.width[key] = w
	}
	labelWidths.Unlock()
	return w
}

func sum(xs []float64) (s float64) {
	for _, x := range xs {
		s += x
	}
	return s
}

// share divides total among columns that need at least least and would like want: all
// wants met, the rest goes out in proportion to them; otherwise everyone gets least and the
// rest in proportion to what each still wants.
func share(least, want []float64, total float64) []float64 {
	out := make([]float64, len(least))
	sl, sw := sum(least), sum(want)
	for c := range out {
		switch {
		case sw <= total:
			out[c] = want[c] * total / sw
		case sl >= total:
			out[c] = least[c] * total / sl
		default:
			out[c] = least[c] + (total-sl)*(want[c]-least[c])/(sw-sl)
		}
	}
	return out
}

// layout breaks every cell's text into lines and derives row heights and page breaks.
func (t *typesetter) layout(g *document.Grid, widths []float64) *tableLayout {
	L := &tableLayout{grid: g, colX: make([]float64, g.Cols+1), lines: make([][]cjk.Line, len(g.Cells))}
	L.colX[0] = left
	for c, w := range widths {
		L.colX[c+1] = L.colX[c] + w
	}
	measure := t.faces.measure(tableStyle)
	for i, c := range g.Cells {
		w := L.colX[c.Col+c.ColSpan] - L.colX[c.Col] - 2*cellPadX
		L.lines[i] = cellLines(clean(g.Texts[i]), w, measure)
	}
	L.rowH = make([]float64, g.Rows)
	for r := range L.rowH {
		L.rowH[r] = cellPitch + 2*cellPadY
	}
	// Single-row cells set their row's height; cells spanning rows then widen their rows
	// evenly if the rows are not tall enough, shorter spans first.
	order := make([]int, len(g.Cells))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return g.Cells[a].RowSpan - g.Cells[b].RowSpan })
	for _, i := range order {
		c := g.Cells[i]
		if short := L.need(i) - L.height(c.Row, c.Row+c.RowSpan); short > 0 {
			for r := c.Row; r < c.Row+c.RowSpan; r++ {
				L.rowH[r] += short / float64(c.RowSpan)
			}
		}
	}
	L.breaks()
	return L
}

// cellLines breaks a cell's text into lines no wider than w: as setLabel does, or in a
// column too narrow for that, by the line breaker.
func cellLines(text string, w float64, measure cjk.Measure) []cjk.Line {
	if lines, ok := setLabel(text, w, measure); ok {
		return lines
	}
	return cjk.Break(text, w, 0, measure)
}

// setLabel sets the lines of label.lineBreak, each in w, its marks compressed where it needs it
// (三、本年度 in 4.5 em); ok is false when that cannot be done.
func setLabel(text string, w float64, measure cjk.Measure) (lines []cjk.Line, ok bool) {
	return newLabel(text, measure).set(w)
}

// label is one label as setLabel sets it at many widths (labelWidth tries a dozen per label):
// its words and the measures of its lines are worked out once, not at every width.
type label struct {
	text    string
	measure cjk.Measure
	words   []document.Word // the text's words, once a width needs them
	tight   map[string]float64
	natural map[string]cjk.Line
}

func newLabel(text string, measure cjk.Measure) *label {
	return &label{text: text, measure: measure, tight: map[string]float64{}, natural: map[string]cjk.Line{}}
}

// set is setLabel's work.
func (l *label) set(w float64) (lines []cjk.Line, ok bool) {
	for _, s := range l.lineBreak(w) {
		line := l.unbroken(s)
		if line.Width > w {
			set := cjk.Break(s, w, 0, l.measure)
			if len(set) != 1 {
				return nil, false
			}
			line = set[0]
		}
		lines = append(lines, line)
	}
	return lines, lines != nil
}

// lineBreak breaks the label between its words (document.LabelWords: 三、本年度/办理结果,
// （三）/不予/公开) into the fewest lines that fit in w with their marks compressed, none of a
// single character, as equal in length as the words allow; it is nil when no such break
// exists.
func (l *label) lineBreak(w float64) []string {
	if l.squeezed(l.text) <= w {
		return []string{l.text}
	}
	if l.words == nil {
		l.words = document.LabelWords(l.text)
	}
	return document.Balance(l.words, w, weakBreak, l.squeezed, func(line string) bool {
		return utf8.RuneCountInString(strings.TrimRight(line, trailingMarks)) >= 2
	})
}

// squeezed is squeezed(l.measure)(s), measured once.
func (l *label) squeezed(s string) float64 {
	w, ok := l.tight[s]
	if !ok {
		w = squeezed(l.measure)(s)
		l.tight[s] = w
	}
	return w
}

// unbroken is cjk.Unbroken(s, l.measure), set once.
func (l *label) unbroken(s string) cjk.Line {
	line, ok := l.natural[s]
	if !ok {
		line = cjk.Unbroken(s, l.measure)
		l.natural[s] = line
	}
	return line
}

// squeezed measures a line with its full-width marks set half-width, the narrowest the line
// breaker may set it in (punctuation compression); cellLines checks what it then sets.
func squeezed(measure cjk.Measure) cjk.Measure {
	return func(s string) float64 {
		marks := 0
		for _, r := range s {
			if strings.ContainsRune(cjk.InkLeft+cjk.InkRight, r) {
				marks++
			}
		}
		return measure(s) - float64(marks)*tableStyle.size/2
	}
}

// trailingMarks may follow the last character of a line without making it more than one
// character (开）, 三、, 1.).
const trailingMarks = "）)、，。：；”’》.．"

// need is the height cell i needs for its lines.
func (L *tableLayout) need(i int) float64 {
	return float64(max(1, len(L.lines[i])))*cellPitch + 2*cellPadY
}

// height is the height of rows [from, to).
func (L *tableLayout) height(from, to int) (h float64) {
	for r := from; r < to; r++ {
		h += L.rowH[r]
	}
	return h
}

// breaks decides before which data rows a page may end: never inside a row label that spans
// rows, unless that label is so tall (三、本年度办理结果 spans twenty rows) that keeping its
// rows together would leave pages half empty; such a label is repeated on the next page, so
// each part must be tall enough to hold it.
func (L *tableLayout) breaks() {
	g := L.grid
	L.breakable = make([]bool, g.Rows)
	for r := g.HeaderRows + 1; r < g.Rows; r++ {
		L.breakable[r] = true
	}
	for i, c := range g.Cells {
		if c.RowSpan == 1 || c.Row < g.HeaderRows {
			continue
		}
		end := c.Row + c.RowSpan
		tied := L.height(c.Row, end) <= areaH/3
		for r := c.Row + 1; r < end; r++ {
			if tied || L.height(c.Row, r) < L.need(i) || L.height(r, end) < L.need(i) {
				L.breakable[r] = false
			}
		}
	}
}

// band is the end of the rows from r that must stay on one page.
func (L *tableLayout) band(r int) int {
	for r++; r < L.grid.Rows && !L.breakable[r]; r++ {
	}
	return min(r, L.grid.Rows)
}

// minRows is the fewest data rows a table may start a page with: a header over one or two
// rows at the foot of a page reads as a stray; the table starts on the next page instead.
const minRows = 4

// keepHeight is what must not be parted: a small grid whole (a block of table 二 with its
// one or two rows), else the header with the rows up to the first place where a page may
// end after at least minRows data rows.
func (L *tableLayout) keepHeight() float64 {
	g := L.grid
	if whole := L.height(0, g.Rows); whole <= areaH/3 {
		return whole
	}
	end := g.HeaderRows
	for end < g.Rows && end < g.HeaderRows+minRows {
		end = L.band(end)
	}
	return L.height(0, end)
}

// table prints a grid, moving to a new page between bands of rows and repeating the header
// rows there.
func (t *typesetter) table(g *document.Grid) {
	L := t.layouts[g]
	head := g.HeaderRows
	t.room(L.keepHeight())
	t.rows(L, 0, head)
	from := head
	for r := head; r < g.Rows; {
		end := L.band(r)
		if t.y+L.height(from, end) > bottom+0.01 && r > from {
			t.rows(L, from, r)
			t.newPage()
			t.rows(L, 0, head)
			from = r
		}
		r = end
	}
	t.rows(L, from, g.Rows)
}

// rows prints rows [from, to) at t.y and moves below them. A cell that spans rows beyond
// them is cut at the edge and its text repeated.
func (t *typesetter) rows(L *tableLayout, from, to int) {
	g := L.grid
	t.pdf.SetLineWidth(rule)
	for i, c := range g.Cells {
		a, b := max(c.Row, from), min(c.Row+c.RowSpan, to)
		if a >= b {
			continue
		}
		x, w := L.colX[c.Col], L.colX[c.Col+c.ColSpan]-L.colX[c.Col]
		y, h := t.y+L.height(from, a), L.height(a, b)
		t.pdf.Rect(x, y, w, h, "D")
		lines := L.lines[i]
		y += (h - float64(len(lines))*cellPitch) / 2
		for _, l := range lines {
			lx := x + (w-l.Width)/2
			if c.Role == document.RoleRowHeader && c.RowSpan == 1 {
				lx = x + cellPadX
			}
			t.setLine(tableStyle, lx, t.baseline(y, cellPitch, tableStyle), l, 0)
			y += cellPitch
		}
	}
	t.y += L.height(from, to)
}
