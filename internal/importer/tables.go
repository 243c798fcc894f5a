package importer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
)

// The shared core of every input: rows of table cells, however a reader obtained them, become
// the value cells of an edition by matching the printed labels against template/. The reader
// does not rely on one table per table of the format: table 二 printed as one table with
// title rows or as four, table 三 split over pages with or without its header repeated, and
// tables 三 and 四 printed as one are read alike, row by row.

// slot is one grid position of an expanded table row: which file cell covers it.
type slot struct {
	id   int
	text string
}

// maxGridCols bounds a table's width (the format's widest table has 15 value columns).
const maxGridCols = 64

// expand lays out a table's rows on a grid, resolving column spans, HTML row spans and
// Word's vertical merges, so that every position names the cell covering it.
func expand(rows [][]Cell) [][]slot {
	type cover struct {
		left int // rows still covered below
		s    slot
	}
	out := make([][]slot, len(rows))
	next := 1
	var above []slot // the previous row, for vertical merges
	pending := map[int]cover{}
	for i, row := range rows {
		var line []slot
		fill := func() { // columns covered by row spans from above
			for len(line) < maxGridCols {
				p, ok := pending[len(line)]
				if !ok {
					return
				}
				line = append(line, p.s)
				if p.left <= 1 {
					delete(pending, len(line)-1)
				} else {
					pending[len(line)-1] = cover{p.left - 1, p.s}
				}
			}
		}
		for _, c := range row {
			fill()
			span := min(max(c.Span, 1), maxGridCols)
			s := slot{id: next, text: c.Text}
			if col := len(line); c.Continued && col < len(above) {
				s = above[col]
			} else {
				next++
			}
			for k := 0; k < span && len(line) < maxGridCols; k++ {
				line = append(line, s)
				if c.RowSpan > 1 {
					pending[len(line)-1] = cover{min(c.RowSpan, 1000) - 1, s}
				}
			}
		}
		fill()
		out[i] = line
		above = line
	}
	return out
}

// printedCell is one cell of a row as printed, spans merged.
type printedCell struct {
	text string
}

// cellsOf merges the grid positions of one file cell in a row.
func cellsOf(line []slot) []printedCell {
	var out []printedCell
	for i, s := range line {
		if i > 0 && line[i-1].id == s.id {
			continue
		}
		out = append(out, printedCell{text: trimSpace(s.text)})
	}
	return out
}

// valueLike says whether a printed cell holds a value rather than a label: a number, a blank,
// or a mark for "not applicable".
func valueLike(text string) bool {
	if text == "" {
		return true
	}
	v, _ := xlsxreader.ParseValue(text, template.Amount)
	return v.State == model.Number || v.State == model.NotApplicable
}

// tableReader matches table rows against one edition.
type tableReader struct {
	e      *template.Edition
	rows   []rowLeaf // every data row of the edition's tables, in order
	values map[string]model.Value
	source map[string]string // where each value was read
	notes  []string          // what could not be read, with its place
	exact  int               // labels matched exactly, to tell editions apart
	last   int               // index in rows of the last row matched, -1 before any
	// header is the table whose column headers were seen last (table 四 prints no row labels).
	header   *template.Table
	groups   []groupRow
	rowsRead int
	fragment string // a label alone on the row before, for a label broken over rows
}

// rowLeaf is one data row of a table of the edition.
type rowLeaf struct {
	table *template.Table
	block int
	row   *template.Node
	path  []*template.Node // the groups above it
}

// groupRow is a group of rows printed as one row (（六）其他处理 of edition 2021 as in 2019).
type groupRow struct {
	table  *template.Table
	block  int
	group  *template.Node
	values []string
	place  string
}

func newTableReader(e *template.Edition) *tableReader {
	tr := &tableReader{e: e, values: map[string]model.Value{}, source: map[string]string{}, last: -1}
	for _, t := range e.Tables() {
		for bi, b := range t.Blocks {
			var walk func(nodes []*template.Node, path []*template.Node)
			walk = func(nodes []*template.Node, path []*template.Node) {
				for _, n := range nodes {
					if len(n.Children) == 0 {
						tr.rows = append(tr.rows, rowLeaf{table: t, block: bi, row: n, path: slices.Clone(path)})
						continue
					}
					walk(n.Children, append(path, n))
				}
			}
			walk(b.Rows, nil)
		}
	}
	return tr
}

// maxDocumentRows bounds the table rows read of one document (the format has about 40).
const maxDocumentRows = 3000

// table reads one table of the layout.
func (tr *tableReader) table(b Block) {
	for i, line := range expand(b.Table) {
		if tr.rowsRead++; tr.rowsRead > maxDocumentRows {
			return
		}
		place := b.Place
		if i < len(b.Rows) && b.Rows[i] != "" {
			place = b.Rows[i]
		}
		tr.row(cellsOf(line), place, i+1)
	}
}

// row reads one printed row: a title of table 二, a header row, or a data row.
func (tr *tableReader) row(cells []printedCell, place string, n int) {
	split := 0 // cells before split are labels, from split on values
	for i, c := range cells {
		if !valueLike(c.text) {
			split = i + 1
		}
	}
	labels, values := cells[:split], cells[split:]
	numbers := 0
	for _, v := range values {
		if v.text != "" {
			numbers++
		}
	}
	if numbers == 0 {
		tr.headerRow(labels)
		// A label alone on its line may be the start of the next row's, broken over lines
		// in a table without ruling lines.
		tr.fragment = ""
		if len(labels) > 0 {
			tr.fragment = labels[len(labels)-1].text
		}
		return
	}
	fragment := tr.fragment
	tr.fragment = ""
	// Blank cells between the label and the figures (a label column left empty) are not values.
	for len(values) > 0 && values[0].text == "" && len(values) > tr.widest() {
		values = values[1:]
	}
	leaf, group, ok := tr.matchRow(labels, fragment)
	switch {
	case ok && group != nil:
		tr.groups = append(tr.groups, groupRow{table: leaf.table, block: leaf.block, group: group, values: texts(values), place: place})
		return
	case ok:
	case tr.header != nil && unlabelled(tr.header) &&
		(len(labels) == 0 || len(values) == len(template.Leaves(tr.header.Blocks[0].Columns))):
		// The one row of a table without row labels (表四), under its headers; some reports
		// give it a label of their own (数量).
		leaf = tr.rows[tr.indexOf(tr.header, 0, tr.header.Blocks[0].Rows[0])]
	default:
		return // a row of something else: a footnote, a table of another kind
	}
	cols := template.Leaves(leaf.table.Blocks[leaf.block].Columns)
	vals := texts(values)
	if len(vals) != len(cols) {
		var filled []string
		for _, v := range vals {
			if v != "" {
				filled = append(filled, v)
			}
		}
		if len(filled) != len(cols) {
			tr.notes = append(tr.notes, fmt.Sprintf("%s%s有 %d 个数，应为 %d 个，未读入", place, rowName(leaf), len(vals), len(cols)))
			return
		}
		vals = filled
	}
	for i, c := range cols {
		key := leaf.table.CellKey(leaf.row, c)
		if _, dup := tr.values[key]; dup {
			continue
		}
		v, _ := xlsxreader.ParseValue(vals[i], c.Kind)
		tr.values[key] = v
		tr.source[key] = place
	}
}

// widest is the number of value columns of the edition's widest block.
func (tr *tableReader) widest() int {
	n := 0
	for _, t := range tr.e.Tables() {
		for _, b := range t.Blocks {
			n = max(n, len(template.Leaves(b.Columns)))
		}
	}
	return n
}

// unlabelled says whether a table has one data row and no row labels, as 表四.
func unlabelled(t *template.Table) bool {
	return len(t.Blocks) == 1 && len(t.Blocks[0].Rows) == 1 && t.Blocks[0].Rows[0].Label == ""
}

func texts(cells []printedCell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.text
	}
	return out
}

// rowName names a row of the format in a message: 表三「（七）总计」行.
func rowName(l rowLeaf) string {
	if l.row.Label == "" {
		return "表" + l.table.Number
	}
	return "表" + l.table.Number + "「" + l.row.Label + "」行"
}

// headerRow notes which table's column headers a row without values prints, and a title of
// table 二 (第二十条第（一）项).
func (tr *tableReader) headerRow(labels []printedCell) {
	var best *template.Table
	bestCount := 0
	for _, t := range tr.e.Tables() {
		count := 0
		for _, b := range t.Blocks {
			var walk func(nodes []*template.Node)
			walk = func(nodes []*template.Node) {
				for _, n := range nodes {
					for _, c := range labels {
						if similarity(c.text, n.Label) >= 0.95 {
							count++
						}
					}
					walk(n.Children)
				}
			}
			walk(b.Columns)
		}
		if count > bestCount {
			best, bestCount = t, count
		}
	}
	if best != nil {
		tr.header = best
	}
}

// matchRow finds the data row that a row's labels name. The rightmost label is the row's
// own (the others are its groups, printed in merged cells to the left); a label that matches
// no row may name a group printed as one row. A row right after the last one matched is
// preferred, so a label mistyped in print still finds its place.
func (tr *tableReader) matchRow(labels []printedCell, fragment string) (rowLeaf, *template.Node, bool) {
	for i := len(labels) - 1; i >= 0; i-- {
		text := labels[i].text
		if text == "" {
			continue
		}
		best, bestScore, second := -1, 0.0, 0.0
		for j, r := range tr.rows {
			s := similarity(text, r.row.Label)
			if fragment != "" && i == len(labels)-1 {
				s = max(s, similarity(fragment+text, r.row.Label))
			}
			if j == tr.last+1 && s > 0.5 {
				s += 0.1
			}
			if s > bestScore {
				best, bestScore, second = j, s, bestScore
			} else if s > second {
				second = s
			}
		}
		if best >= 0 && bestScore >= 0.7 && bestScore-second > 0.02 {
			if bestScore >= 1 {
				tr.exact++
			}
			tr.last = best
			return tr.rows[best], nil, true
		}
		for _, r := range tr.rows {
			for _, g := range r.path {
				if similarity(text, g.Label) >= 0.95 {
					return r, g, true
				}
			}
		}
	}
	return rowLeaf{}, nil, false
}

func (tr *tableReader) indexOf(t *template.Table, block int, row *template.Node) int {
	for i, r := range tr.rows {
		if r.table == t && r.block == block && r.row == row {
			return i
		}
	}
	return -1
}

// resolveGroups reads a group of rows printed as one row: when none of its rows was printed
// on its own and every figure of the group's row is 0, each of its rows is 0 too (the counts
// are not negative); any other figure cannot be split between the rows and is left unread.
func (tr *tableReader) resolveGroups() {
	for _, g := range tr.groups {
		cols := template.Leaves(g.table.Blocks[g.block].Columns)
		leaves := template.Leaves([]*template.Node{g.group})
		read := false
		for _, l := range leaves {
			for _, c := range cols {
				if _, ok := tr.values[g.table.CellKey(l, c)]; ok {
					read = true
				}
			}
		}
		if read || len(g.values) != len(cols) {
			continue
		}
		zero := true
		for i, c := range cols {
			v, _ := xlsxreader.ParseValue(g.values[i], c.Kind)
			if v.State != model.Number || v.Number != 0 {
				zero = false
			}
		}
		if !zero {
			tr.notes = append(tr.notes, fmt.Sprintf("%s表%s「%s」只印了一行合计，无法分到其下 %d 行，未读入", g.place, g.table.Number, g.group.Label, len(leaves)))
			continue
		}
		for _, l := range leaves {
			for _, c := range cols {
				key := g.table.CellKey(l, c)
				tr.values[key] = model.Num(0)
				tr.source[key] = g.place + "「" + g.group.Label + "」行（印为一行，各项均为 0）"
			}
		}
	}
}

// read counts the cells of table t read.
func (tr *tableReader) read(t *template.Table) (read, all int) {
	for _, c := range t.Cells() {
		all++
		if _, ok := tr.values[c.Key]; ok {
			read++
		}
	}
	return read, all
}

// missing lists the cells of the edition not read, by table, for the summary.
func (tr *tableReader) missing() []string {
	var out []string
	for _, t := range tr.e.Tables() {
		var names []string
		for _, c := range t.Cells() {
			if _, ok := tr.values[c.Key]; !ok {
				names = append(names, strings.TrimPrefix(c.Name(), "表"+t.Number))
			}
		}
		switch {
		case len(names) == 0:
		case len(names) > 3:
			out = append(out, fmt.Sprintf("表%s %d 格未读到（如%s）", t.Number, len(names), names[0]))
		default:
			out = append(out, fmt.Sprintf("表%s未读到%s", t.Number, strings.Join(names, "、")))
		}
	}
	return out
}
