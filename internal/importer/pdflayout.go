package importer

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// Rebuilding a PDF's tables and paragraphs from glyph positions and ruling lines. A table is a
// set of ruling lines that touch one another; its columns and rows are where its vertical and
// horizontal lines stand, and two neighbouring grid positions belong to one (merged) cell when
// no line separates them. Each glyph inside the table goes to the cell it stands in, so that a
// label broken over lines stays one label, and a cell without text is still a (blank) cell.
// Text outside tables is cut into lines by baseline and into paragraphs by first-line indent,
// short last lines and vertical gaps; page numbers are left out.

const (
	ruleTol  = 2.0 // points within which lines are taken to meet or stand at the same place
	thinRule = 2.5 // a filled rectangle thinner than this is a line
	maxGridN = 200 // columns or rows of one table
)

// layoutPages makes the layout of a document's pages.
func layoutPages(pages []*pageContent) *Layout {
	l := &Layout{}
	var para strings.Builder
	paraPlace := ""
	var last *textLine // the last line of the paragraph being built
	flush := func() {
		if para.Len() > 0 {
			l.paragraph(para.String(), paraPlace)
			para.Reset()
		}
		last = nil
	}
	// The margins are the document's: a page holding little text but a table (its heading
	// indented) has none of its own to tell.
	type pageLayout struct {
		tables  []*pdfTable
		streams []*streamTable
		lines   []textLine
	}
	laid := make([]pageLayout, len(pages))
	var all []textLine
	for pi, pc := range pages {
		tables := findTables(pc)
		var free []glyph
		for _, g := range pc.glyphs {
			if !inAnyTable(tables, g) {
				free = append(free, g)
			}
		}
		streams, free := streamTables(free)
		lines := dropPageNumbers(textLines(free), pc.height)
		laid[pi] = pageLayout{tables, streams, lines}
		all = append(all, lines...)
	}
	left, right := margins(all)
	for pi := range pages {
		place := fmt.Sprintf("第%d页", pi+1)
		lines := laid[pi].lines
		// Ruled and unruled tables, top to bottom.
		type placed struct {
			top  float64
			rows [][]Cell
		}
		var tables []placed
		for _, t := range laid[pi].tables {
			tables = append(tables, placed{t.top, t.rows()})
		}
		for _, t := range laid[pi].streams {
			tables = append(tables, placed{t.top, t.cells()})
		}
		sort.SliceStable(tables, func(i, j int) bool { return tables[i].top > tables[j].top })
		// Tables and lines in reading order, top to bottom.
		ti := 0
		for li := 0; li <= len(lines); li++ {
			for ti < len(tables) && (li == len(lines) || tables[ti].top >= lines[li].y) {
				flush()
				l.Blocks = append(l.Blocks, Block{Table: tables[ti].rows, Place: place})
				ti++
			}
			if li == len(lines) {
				break
			}
			ln := &lines[li]
			if last == nil || newParagraph(last, ln, left, right) {
				flush()
				paraPlace = place
			}
			para.WriteString(ln.text)
			last = ln
		}
		// A paragraph goes on over the page break unless the next page starts a new one.
		if last != nil {
			last.pageEnd = true
		}
	}
	flush()
	return l
}

// textLine is one line of text outside tables.
type textLine struct {
	y, x0, x1, size float64
	text            string
	pageEnd         bool // the last line of its page
}

// textLines groups glyphs into lines by baseline, top to bottom, each left to right.
func textLines(gs []glyph) []textLine {
	lines := glyphLines(gs)
	out := make([]textLine, 0, len(lines))
	for _, ln := range lines {
		t := textLine{y: ln[0].y, x0: ln[0].x, x1: ln[len(ln)-1].x + glyphWidth(ln[len(ln)-1]), text: joinGlyphs(ln)}
		for _, g := range ln {
			t.size = math.Max(t.size, g.size)
		}
		if strings.TrimSpace(t.text) != "" {
			out = append(out, t)
		}
	}
	return out
}

func glyphWidth(g glyph) float64 {
	if g.w > 0 {
		return g.w
	}
	for _, r := range g.text {
		if wide(r) {
			return g.size
		}
	}
	return g.size / 2
}

// joinGlyphs writes a line's glyphs as text: a gap wider than a third of the font size
// between two Latin glyphs, or than 0.6 of it between Chinese and Latin, is a space; Chinese
// text spread out by justification gets none.
func joinGlyphs(gs []glyph) string {
	var b strings.Builder
	for i, g := range gs {
		if i > 0 {
			p := gs[i-1]
			gap := g.x - (p.x + glyphWidth(p))
			pr, gr := []rune(p.text), []rune(g.text)
			if len(pr) > 0 && len(gr) > 0 && pr[len(pr)-1] != ' ' && gr[0] != ' ' {
				a, z := wide(pr[len(pr)-1]), wide(gr[0])
				// Between Chinese and Latin letters or digits, typesetters leave a quarter
				// em or so of their own (LibreOffice's autospace); only a wider gap is a space.
				if (!a && !z && gap > g.size/3) || (a != z && gap > g.size*0.6) {
					b.WriteByte(' ')
				}
			}
		}
		b.WriteString(g.text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageNumber matches what a page's footer or header prints alone: -3-, — 3 —, 3, 第3页, 第 3 页 共 5 页.
var pageNumber = regexp.MustCompile(`^([-—–－]\s*\d{1,4}\s*[-—–－]|\d{1,4}|第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$`)

func dropPageNumbers(lines []textLine, height float64) []textLine {
	var out []textLine
	for _, ln := range lines {
		margin := ln.y < 0.12*height || ln.y > 0.9*height
		if pageNumber.MatchString(strings.TrimSpace(ln.text)) && margin {
			continue
		}
		out = append(out, ln)
	}
	return out
}

// margins are the left and right edges of the body text: where most lines start, and where
// nine lines in ten end at most (a stray wide line, a table's row printed as text, does not
// move the margin that full lines reach).
func margins(lines []textLine) (left, right float64) {
	starts := map[int]int{}
	best := 0
	left = math.Inf(1)
	var ends []float64
	for _, ln := range lines {
		k := int(math.Round(ln.x0))
		starts[k]++
		if starts[k] > best || (starts[k] == best && ln.x0 < left) {
			best, left = starts[k], ln.x0
		}
		ends = append(ends, ln.x1)
	}
	if len(ends) > 0 {
		sort.Float64s(ends)
		right = ends[(len(ends)-1)*9/10]
	}
	return left, right
}

// newParagraph says whether ln starts a paragraph after prev: it is indented, prev ended
// short of the right margin, the font size changes, or a gap stands between them.
func newParagraph(prev, ln *textLine, left, right float64) bool {
	size := math.Max(ln.size, 1)
	switch {
	case ln.x0 > left+1.2*size:
		return true
	case prev.x1 < right-2*size:
		return true
	case math.Abs(prev.size-ln.size) > 1:
		return true
	case !prev.pageEnd && prev.y-ln.y > 2.2*size:
		return true
	}
	return false
}

// pdfTable is a table rebuilt on a page.
type pdfTable struct {
	xs, ys              []float64 // column lines left to right, row lines top to bottom
	cells               []pdfCell
	at                  [][]int // grid position → index in cells
	top                 float64
	left, right, bottom float64
}

type pdfCell struct {
	r0, c0, r1, c1 int // grid positions covered, inclusive
	glyphs         []glyph
}

// findTables finds the tables of a page from its ruling lines, with their glyphs.
func findTables(pc *pageContent) []*pdfTable {
	var segs []segment
	for _, s := range pc.segments {
		w, h := s.x2-s.x1, s.y2-s.y1
		switch {
		case w > 0.8*pc.width && h > 0.8*pc.height:
		case h <= thinRule && w > thinRule:
			m := (s.y1 + s.y2) / 2
			segs = append(segs, segment{s.x1, m, s.x2, m})
		case w <= thinRule && h > thinRule:
			m := (s.x1 + s.x2) / 2
			segs = append(segs, segment{m, s.y1, m, s.y2})
		}
	}
	if len(segs) > maxPageLines {
		segs = segs[:maxPageLines]
	}
	// Lines that meet belong to one table.
	parent := make([]int, len(segs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return segs[order[a]].y2 > segs[order[b]].y2 })
	for ai, i := range order {
		a := segs[i]
		for _, j := range order[ai+1:] {
			b := segs[j]
			if b.y2 < a.y1-ruleTol {
				break
			}
			if meet(a, b) {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]segment{}
	for i, s := range segs {
		groups[find(i)] = append(groups[find(i)], s)
	}
	var tables []*pdfTable
	for _, g := range groups {
		if t := buildTable(g); t != nil {
			tables = append(tables, t)
		}
	}
	for _, g := range pc.glyphs {
		for _, t := range tables {
			if t.place(g) {
				break
			}
		}
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].top > tables[j].top })
	return tables
}

func meet(a, b segment) bool {
	return a.x1 <= b.x2+ruleTol && b.x1 <= a.x2+ruleTol && a.y1 <= b.y2+ruleTol && b.y1 <= a.y2+ruleTol
}

// cluster merges sorted values closer than ruleTol.
func cluster(vs []float64) []float64 {
	sort.Float64s(vs)
	var out []float64
	for _, v := range vs {
		if n := len(out); n > 0 && v-out[n-1] <= ruleTol {
			continue
		}
		out = append(out, v)
	}
	return out
}

// buildTable lays out a group of lines as a grid of cells; nil unless it has at least two
// columns and two rows.
func buildTable(segs []segment) *pdfTable {
	var xs, ys []float64
	for _, s := range segs {
		if s.horizontal() {
			ys = append(ys, s.y1)
		} else {
			xs = append(xs, s.x1)
			// Where the vertical lines end bounds the table even without a line drawn
			// there (the last row of a page whose border is drawn on the next).
			ys = append(ys, s.y1, s.y2)
		}
	}
	xs, ys = cluster(xs), cluster(ys)
	if len(xs) < 2 || len(ys) < 2 || len(xs) > maxGridN || len(ys) > maxGridN || (len(xs)-1)*(len(ys)-1) < 2 {
		return nil
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ys))) // top to bottom
	rows, cols := len(ys)-1, len(xs)-1
	// ruled says whether a line separates two neighbouring positions.
	vertical := func(x, y float64) bool {
		for _, s := range segs {
			if !s.horizontal() && math.Abs(s.x1-x) <= ruleTol && s.y1-ruleTol <= y && y <= s.y2+ruleTol {
				return true
			}
		}
		return false
	}
	horizontal := func(y, x float64) bool {
		for _, s := range segs {
			if s.horizontal() && math.Abs(s.y1-y) <= ruleTol && s.x1-ruleTol <= x && x <= s.x2+ruleTol {
				return true
			}
		}
		return false
	}
	id := make([]int, rows*cols)
	for i := range id {
		id[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for id[i] != i {
			id[i] = id[id[i]]
			i = id[i]
		}
		return i
	}
	for r := 0; r < rows; r++ {
		ym := (ys[r] + ys[r+1]) / 2
		for c := 0; c < cols; c++ {
			xm := (xs[c] + xs[c+1]) / 2
			if c+1 < cols && !vertical(xs[c+1], ym) {
				id[find(r*cols+c)] = find(r*cols + c + 1)
			}
			if r+1 < rows && !horizontal(ys[r+1], xm) {
				id[find(r*cols+c)] = find((r+1)*cols + c)
			}
		}
	}
	t := &pdfTable{xs: xs, ys: ys, top: ys[0], bottom: ys[len(ys)-1], left: xs[0], right: xs[len(xs)-1]}
	t.at = make([][]int, rows)
	index := map[int]int{}
	for r := 0; r < rows; r++ {
		t.at[r] = make([]int, cols)
		for c := 0; c < cols; c++ {
			root := find(r*cols + c)
			i, ok := index[root]
			if !ok {
				i = len(t.cells)
				index[root] = i
				t.cells = append(t.cells, pdfCell{r0: r, c0: c, r1: r, c1: c})
			}
			cell := &t.cells[i]
			cell.r0, cell.c0 = min(cell.r0, r), min(cell.c0, c)
			cell.r1, cell.c1 = max(cell.r1, r), max(cell.c1, c)
			t.at[r][c] = i
		}
	}
	if len(t.cells) < 2 {
		return nil
	}
	return t
}

// place puts a glyph into the cell it stands in, if it stands in the table.
func (t *pdfTable) place(g glyph) bool {
	x, y := g.x+glyphWidth(g)/2, g.y+g.size*0.3
	if x < t.left || x > t.right || y > t.top || y < t.bottom {
		return false
	}
	c := sort.SearchFloat64s(t.xs, x) - 1
	r := 0
	for r+1 < len(t.ys)-1 && y < t.ys[r+1] {
		r++
	}
	if c < 0 || c >= len(t.xs)-1 {
		return false
	}
	i := t.at[r][c]
	t.cells[i].glyphs = append(t.cells[i].glyphs, g)
	return true
}

func inAnyTable(tables []*pdfTable, g glyph) bool {
	x, y := g.x+glyphWidth(g)/2, g.y+g.size*0.3
	for _, t := range tables {
		if x >= t.left && x <= t.right && y <= t.top && y >= t.bottom {
			return true
		}
	}
	return false
}

// rows lays the table out as rows of cells, a merged cell spanning columns and continuing
// down the rows it covers.
func (t *pdfTable) rows() [][]Cell {
	out := make([][]Cell, len(t.at))
	for r, line := range t.at {
		for c := 0; c < len(line); {
			cell := t.cells[line[c]]
			span := 1
			if cell.c0 == c {
				span = cell.c1 - cell.c0 + 1
			}
			if cell.r0 == r {
				out[r] = append(out[r], Cell{Text: cellLines(cell.glyphs), Span: span})
			} else {
				out[r] = append(out[r], Cell{Continued: true, Span: span})
			}
			c += span
		}
	}
	return out
}

// cellLines is a cell's text, line by line.
func cellLines(gs []glyph) string {
	var out []string
	for _, ln := range textLines(gs) {
		out = append(out, ln.text)
	}
	return strings.Join(out, "\n")
}
