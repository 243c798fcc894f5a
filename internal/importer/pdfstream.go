package importer

import (
	"math"
	"sort"
	"strings"
)

// Tables printed without ruling lines (a Word table whose borders were lost, a LibreOffice
// export of a web page): rows are the lines of text that stand in columns, cut into cells
// where a gap wider than a character and a half separates them; the columns are where the
// fullest rows' cells stand, so that a blank cell of another row is still a (blank) cell.

// chunk is a run of glyphs of one line without a wide gap.
type chunk struct {
	x0, x1 float64
	text   string
}

// streamGap is the gap, in font sizes, that separates two cells of a row.
const streamGap = 1.5

// chunksOf cuts a line's glyphs (sorted by x) into chunks.
func chunksOf(gs []glyph) []chunk {
	var out []chunk
	start := 0
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			p, g := gs[i-1], gs[i]
			if g.x-(p.x+glyphWidth(p)) < streamGap*math.Max(g.size, 1) {
				continue
			}
		}
		run := gs[start:i]
		last := run[len(run)-1]
		out = append(out, chunk{x0: run[0].x, x1: last.x + glyphWidth(last), text: joinGlyphs(run)})
		start = i
	}
	return out
}

// streamTables takes the lines that stand in columns out of a page's free glyphs: runs of
// at least two such lines become tables; the other glyphs are returned as they were.
func streamTables(gs []glyph) (tables []*streamTable, rest []glyph) {
	lines := glyphLines(gs)
	tabular := make([]bool, len(lines))
	chunks := make([][]chunk, len(lines))
	for i, ln := range lines {
		chunks[i] = chunksOf(ln)
		tabular[i] = len(chunks[i]) >= 2
	}
	for i := 0; i < len(lines); {
		if !tabular[i] {
			rest = append(rest, lines[i]...)
			i++
			continue
		}
		// A run of tabular lines; a line of one cell between two of them (a label broken
		// over lines) belongs to the table.
		j := i + 1
		for j < len(lines) && (tabular[j] || (j+1 < len(lines) && tabular[j+1] && len(chunks[j]) == 1)) {
			j++
		}
		if j-i < 2 {
			rest = append(rest, lines[i]...)
			i++
			continue
		}
		tables = append(tables, newStreamTable(chunks[i:j], lines[i][0].y))
		i = j
	}
	return tables, rest
}

// glyphLines groups glyphs into lines by baseline, top to bottom, each sorted by x.
func glyphLines(gs []glyph) [][]glyph {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var lines [][]glyph
	for _, g := range gs {
		if n := len(lines); n > 0 {
			ref := lines[n-1][0]
			if math.Abs(ref.y-g.y) <= 0.4*math.Max(ref.size, g.size) {
				lines[n-1] = append(lines[n-1], g)
				continue
			}
		}
		lines = append(lines, []glyph{g})
	}
	for _, ln := range lines {
		sort.SliceStable(ln, func(i, j int) bool { return ln[i].x < ln[j].x })
	}
	return lines
}

// streamTable is a table rebuilt from text positions alone.
type streamTable struct {
	top  float64
	cols [][2]float64 // column extents, left to right
	rows [][]chunk
}

func newStreamTable(rows [][]chunk, top float64) *streamTable {
	t := &streamTable{top: top, rows: rows}
	most := 0
	for _, r := range rows {
		most = max(most, len(r))
	}
	// The columns: the union of the cells of the fullest rows.
	var spans [][2]float64
	for _, r := range rows {
		if len(r) == most {
			for _, c := range r {
				spans = append(spans, [2]float64{c.x0, c.x1})
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	for _, s := range spans {
		if n := len(t.cols); n > 0 && s[0] <= t.cols[n-1][1] {
			t.cols[n-1][1] = math.Max(t.cols[n-1][1], s[1])
			continue
		}
		t.cols = append(t.cols, s)
	}
	return t
}

// cells lays the table out as rows of cells on its columns.
func (t *streamTable) cells() [][]Cell {
	out := make([][]Cell, len(t.rows))
	for r, row := range t.rows {
		texts := make([]string, len(t.cols))
		spans := make([]int, len(t.cols))
		for _, c := range row {
			first, last := -1, -1
			for i, col := range t.cols {
				if c.x1 > col[0] && c.x0 < col[1] {
					if first < 0 {
						first = i
					}
					last = i
				}
			}
			if first < 0 { // in a gap between columns: the nearest column
				first = t.nearest((c.x0 + c.x1) / 2)
				last = first
			}
			texts[first] = strings.TrimSpace(texts[first] + " " + c.text)
			spans[first] = max(spans[first], last-first+1)
		}
		for i := 0; i < len(t.cols); {
			span := max(spans[i], 1)
			out[r] = append(out[r], Cell{Text: texts[i], Span: span})
			i += span
		}
	}
	return out
}

func (t *streamTable) nearest(x float64) int {
	best, dist := 0, math.Inf(1)
	for i, c := range t.cols {
		if d := math.Min(math.Abs(x-c[0]), math.Abs(x-c[1])); d < dist {
			best, dist = i, d
		}
	}
	return best
}
