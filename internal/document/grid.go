package document

import (
	"unicode/utf8"

	"github.com/nianbao/nianbao/template"
)

// Grid is a block of a statistical table laid out as the official table prints it, with
// every cell's text filled in. It is the document's own copy of the template's grid, so that
// writers lay out tables without knowing the template.
type Grid struct {
	Rows, Cols int
	// HeaderRows is the number of rows at the top (title and column headers) that a
	// table repeats when it continues on a new page.
	HeaderRows int
	// LabelCols is the number of columns at the left that hold row labels.
	LabelCols int
	Cells     []Cell
	// Texts holds the printed text of every cell, in the order of Cells.
	Texts []string
}

// Cell is one cell of a grid: a title, a header (the corner note, a column header or a row
// label) or a value cell. Row and Col are counted from the grid's top-left corner; spans are
// at least 1.
type Cell struct {
	Row, Col         int
	RowSpan, ColSpan int
	Text             string // for title and header cells; Grid.Texts has every cell's
	Key              string // for value cells: the template's cell key
	Role             Role
}

// Role says what a grid cell is, so that each writer can style it (and HTML can mark th
// scope).
type Role int

const (
	// RoleTitle is the title row of a block of table 二 (第二十条第（一）项).
	RoleTitle Role = iota
	// RoleCorner is the top-left header cell (信息内容, or the 勾稽 note of table 三).
	RoleCorner
	// RoleColumnHeader heads one or more columns.
	RoleColumnHeader
	// RoleRowHeader labels one or more data rows.
	RoleRowHeader
	// RoleValue holds a value.
	RoleValue
)

// roles maps the template's cell roles to the document's.
var roles = map[template.CellRole]Role{
	template.RoleTitle:        RoleTitle,
	template.RoleCorner:       RoleCorner,
	template.RoleColumnHeader: RoleColumnHeader,
	template.RoleRowHeader:    RoleRowHeader,
	template.RoleValue:        RoleValue,
}

// ColumnWidths gives every column of grids (the blocks of one table, on common columns) a
// width in em, for a writer whose reader breaks the lines in the cells (a browser, a word
// processor): value columns hold short numbers and take about three characters; label columns
// widen with their longest label, up to a limit, and a column that only holds spanning group
// labels stays narrow.
func ColumnWidths(grids []*Grid) []float64 {
	cols := 0
	for _, g := range grids {
		cols = max(cols, g.Cols)
	}
	w := make([]float64, cols)
	for i := range w {
		w[i] = 3
	}
	for _, g := range grids {
		for i, c := range g.Cells {
			if c.ColSpan != 1 {
				continue
			}
			chars := float64(utf8.RuneCountInString(g.Texts[i]))
			var want float64
			switch {
			case c.Role == RoleRowHeader && c.Col+c.ColSpan < g.LabelCols: // a group's label
				want = 4.5
			case c.Role == RoleRowHeader:
				want = min(max(chars/2, 4), 14)
			case c.Role == RoleColumnHeader || c.Role == RoleValue:
				want = min(chars/2, 4.5)
			}
			w[c.Col] = max(w[c.Col], want)
		}
	}
	return w
}
