package pdfwriter

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/template"
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

// numbering is the numbering at the start of a row or column label, which stays on one line.
var numbering = regexp.MustCompile(`^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．])`)

// columnWidths shares the type area's width among the columns of grids: every column gets
// at least two characters (and its widest number), and room for its headers in three lines
// with none of a single character. If every label fits on one line, the rest is shared in
// proportion; otherwise it goes to the columns whose labels would wrap most, a label
// spanning several rows may wrap into as many lines (at most labelLines, which it is given
// room for) and a column header into two, never leaving a character alone on a line.
func (t *typesetter) columnWidths(grids []*document.Grid) []float64 {
	cols := grids[0].Cols
	em := tableStyle.size
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
			w := t.faces.width(tableStyle, text)
			lo, hi := t.faces.width(tableStyle, numbering.FindString(text)), w
			switch c.Role {
			case template.RoleValue:
				lo = w
			case template.RoleColumnHeader:
				lo, hi = max(lo, noLoneWidth(text, w, labelLines)), noLoneWidth(text, w, 2)
			case template.RoleRowHeader:
				hi = noLoneWidth(text, w, min(c.RowSpan, labelLines))
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

// noLoneWidth is about the width that sets text, w wide, in at most lines lines with at
// least two characters on each: 自然人 needs all of w, for two lines would leave one alone.
func noLoneWidth(text string, w float64, lines int) float64 {
	n := utf8.RuneCountInString(text)
	lines = max(1, min(lines, n/2))
	return w * float64((n+lines-1)/lines) / float64(max(n, 1))
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

// cellLines breaks a cell's text into lines no wider than w. Where a line would hold a single
// character (不予公/开), one line after another is shortened step by step, the rest broken
// anew, until in as many lines none does (（三）/不予/公开), the numbering stays whole and
// no line starts with a closing mark; a column too narrow for that keeps the plain break.
func cellLines(text string, w float64, measure cjk.Measure) []cjk.Line {
	lines := cjk.Break(text, w, 0, measure)
	if !hasLoneCharacter(lines) {
		return lines
	}
	number := numbering.FindString(text)
	step := tableStyle.size / 2
	for k := range len(lines) - 1 {
		var rest string
		for _, l := range lines[k:] {
			rest += l.Text
		}
		for in := step; in < w; in += step {
			alt := append(slices.Clone(lines[:k]), cjk.Break(rest, w, in, measure)...)
			if len(alt) == len(lines) && !hasLoneCharacter(alt) && strings.HasPrefix(alt[0].Text, number) && !startsWithClosingMark(alt) {
				return alt
			}
		}
	}
	return lines
}

// startsWithClosingMark says whether a line but the first starts with a closing mark (the
// line breaker's last resort for a word wider than the line).
func startsWithClosingMark(lines []cjk.Line) bool {
	for _, l := range lines[1:] {
		if r, _ := utf8.DecodeRuneInString(l.Text); strings.ContainsRune(closingMarks, r) {
			return true
		}
	}
	return false
}

// hasLoneCharacter says whether one of several lines holds a single character, closing marks
// after it aside (开）).
func hasLoneCharacter(lines []cjk.Line) bool {
	for _, l := range lines {
		if len(lines) > 1 && utf8.RuneCountInString(strings.TrimRight(l.Text, closingMarks)) < 2 {
			return true
		}
	}
	return false
}

// closingMarks may follow the last character of a line.
const closingMarks = "）)、，。：；”’》"

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
			lx, width := x+(w-l.Width)/2, 0.0
			if c.Role == template.RoleRowHeader && c.RowSpan == 1 {
				lx, width = x+cellPadX, justify(l, w-2*cellPadX)
			}
			t.setLine(tableStyle, lx, t.baseline(y, cellPitch, tableStyle), l, width)
			y += cellPitch
		}
	}
	t.y += L.height(from, to)
}
