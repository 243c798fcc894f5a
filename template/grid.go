package template

// GridCell is one cell of a block laid out as the official table prints it: a title, a
// header (the corner note, a column header or a row label) or a value cell. Row and Col are
// counted from the block's top-left corner; spans are at least 1.
type GridCell struct {
	Row, Col         int
	RowSpan, ColSpan int
	Text             string // for title and header cells
	Key              string // for value cells: the cell key
	Column           *Node  // for value cells: the value column
	Role             CellRole
}

// CellRole says what a grid cell is, so that each writer can style it (and HTML can mark
// th scope).
type CellRole int

const (
	// RoleTitle is the title row of a block of table 二 (第二十条第（一）项).
	RoleTitle CellRole = iota
	// RoleCorner is the top-left header cell (信息内容, or the 勾稽 note of table 三).
	RoleCorner
	// RoleColumnHeader heads one or more columns.
	RoleColumnHeader
	// RoleRowHeader labels one or more data rows.
	RoleRowHeader
	// RoleValue holds a value.
	RoleValue
)

// Grid is a block laid out as rows and columns.
type Grid struct {
	Rows, Cols int
	// HeaderRows is the number of rows at the top (title and column headers) that a
	// table repeats when it continues on a new page.
	HeaderRows int
	// LabelCols is the number of columns at the left that hold row labels.
	LabelCols int
	Cells     []GridCell
}

// Grids lays out every block of the table on a common number of columns: a block with fewer
// value columns than the widest block stretches its last column over the rest, as the
// official table 二 of edition 2021 does.
func (t *Table) Grids() []Grid {
	labelCols, valueCols := 0, 0
	for _, b := range t.Blocks {
		labelCols = max(labelCols, b.labelCols())
		valueCols = max(valueCols, len(Leaves(b.Columns)))
	}
	out := make([]Grid, len(t.Blocks))
	for i, b := range t.Blocks {
		out[i] = b.grid(t, labelCols, valueCols)
	}
	return out
}

func (b Block) labelCols() int {
	if len(b.Rows) == 1 && b.Rows[0].Label == "" && len(b.Rows[0].Children) == 0 {
		return 0 // table 四: one unlabelled row
	}
	return Depth(b.Rows)
}

func (b Block) grid(t *Table, labelCols, valueCols int) Grid {
	g := Grid{Cols: labelCols + valueCols, LabelCols: labelCols}
	row := 0
	if b.Title != "" {
		g.add(GridCell{Row: 0, Col: 0, RowSpan: 1, ColSpan: g.Cols, Text: b.Title, Role: RoleTitle})
		row = 1
	}
	headRows := Depth(b.Columns)
	if labelCols > 0 {
		g.add(GridCell{Row: row, Col: 0, RowSpan: headRows, ColSpan: labelCols, Text: b.Corner, Role: RoleCorner})
	}
	leaves := Leaves(b.Columns)
	stretch := valueCols - len(leaves) // extra columns taken by the last leaf
	var heads func(nodes []*Node, r, c int) int
	heads = func(nodes []*Node, r, c int) int {
		for _, n := range nodes {
			w := len(Leaves([]*Node{n}))
			if n == leaves[len(leaves)-1] || (len(n.Children) > 0 && contains(Leaves(n.Children), leaves[len(leaves)-1])) {
				w += stretch
			}
			span := 1
			if len(n.Children) == 0 {
				span = headRows - (r - row)
			}
			g.add(GridCell{Row: r, Col: c, RowSpan: span, ColSpan: w, Text: n.Label, Role: RoleColumnHeader})
			heads(n.Children, r+1, c)
			c += w
		}
		return c
	}
	heads(b.Columns, row, labelCols)
	row += headRows

	var labels func(nodes []*Node, r, c int) int
	labels = func(nodes []*Node, r, c int) int {
		for _, n := range nodes {
			h := len(Leaves([]*Node{n}))
			if labelCols > 0 {
				span := 1
				if len(n.Children) == 0 {
					span = labelCols - c
				}
				g.add(GridCell{Row: r, Col: c, RowSpan: h, ColSpan: span, Text: n.Label, Role: RoleRowHeader})
			}
			if len(n.Children) == 0 {
				for i, col := range leaves {
					w := 1
					if i == len(leaves)-1 {
						w += stretch
					}
					g.add(GridCell{Row: r, Col: labelCols + i, RowSpan: 1, ColSpan: w,
						Key: t.CellKey(n, col), Column: col, Role: RoleValue})
				}
			}
			labels(n.Children, r, c+1)
			r += h
		}
		return r
	}
	g.Rows = labels(b.Rows, row, 0)
	g.HeaderRows = row
	return g
}

func (g *Grid) add(c GridCell) { g.Cells = append(g.Cells, c) }

func contains(nodes []*Node, n *Node) bool {
	for _, m := range nodes {
		if m == n {
			return true
		}
	}
	return false
}
