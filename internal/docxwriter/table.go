package docxwriter

import (
	"github.com/nianbao/nianbao/internal/document"
)

// table writes a statistical table as one Word table: its grids (the blocks of table 二)
// one under the other on common columns, as the official table prints them. Merged cells
// are gridSpan across and vMerge down; no row breaks across pages. A table of one grid
// repeats its header rows on every page and keeps them with its first row; a table of
// several keeps each block on one page instead (a block's header belongs to it alone). Its
// label (表三 收到和处理政府信息公开申请情况) is the table's title for screen readers.
func (w *writer) table(t *document.Table) {
	widths := columnTwips(t.Grids)
	w.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="` + styleGrid + `"/><w:tblW w:w="` + itoa(areaW) + `" w:type="dxa"/>` +
		`<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCaption w:val="` + escape(t.Label) + `"/></w:tblPr><w:tblGrid>`)
	for _, tw := range widths {
		w.WriteString(`<w:gridCol w:w="` + itoa(tw) + `"/>`)
	}
	w.WriteString(`</w:tblGrid>`)
	for _, g := range t.Grids {
		w.grid(g, widths, len(t.Grids) == 1)
	}
	w.WriteString(`</w:tbl>`)
}

// grid writes the rows of one grid.
func (w *writer) grid(g *document.Grid, widths []int, repeatHeader bool) {
	// at[r][c] is the index of the cell covering row r, column c.
	at := make([][]int, g.Rows)
	for r := range at {
		at[r] = make([]int, g.Cols)
		for c := range at[r] {
			at[r][c] = -1
		}
	}
	for i, c := range g.Cells {
		for r := c.Row; r < c.Row+c.RowSpan && r < g.Rows; r++ {
			for col := c.Col; col < c.Col+c.ColSpan && col < g.Cols; col++ {
				at[r][col] = i
			}
		}
	}
	for r := 0; r < g.Rows; r++ {
		header := r < g.HeaderRows
		// Rows are kept with the next: a header with the first row, and every row of a
		// block that is kept whole.
		keep := header || (!repeatHeader && r < g.Rows-1)
		w.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
		if header && repeatHeader {
			w.WriteString(`<w:tblHeader/>`)
		}
		w.WriteString(`</w:trPr>`)
		for col := 0; col < g.Cols; {
			i := at[r][col]
			if i < 0 { // a hole in the grid: an empty cell keeps the columns in place
				w.cell(widths[col], 1, "", "", styleTable, keep)
				col++
				continue
			}
			c := g.Cells[i]
			span := min(c.ColSpan, g.Cols-c.Col)
			width := 0
			for k := c.Col; k < c.Col+span; k++ {
				width += widths[k]
			}
			merge, text := "", g.Texts[i]
			switch {
			case c.RowSpan > 1 && c.Row == r:
				merge = `<w:vMerge w:val="restart"/>`
			case c.Row < r:
				merge, text = `<w:vMerge/>`, ""
			}
			style := styleTable
			if c.Role == document.RoleRowHeader && c.RowSpan == 1 {
				style = styleRowLabel
			}
			w.cell(width, span, merge, text, style, keep)
			col = c.Col + span
		}
		w.WriteString(`</w:tr>`)
	}
}

// cell writes one cell, centred vertically.
func (w *writer) cell(width, span int, merge, text, style string, keep bool) {
	w.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(width) + `" w:type="dxa"/>`)
	if span > 1 {
		w.WriteString(`<w:gridSpan w:val="` + itoa(span) + `"/>`)
	}
	w.WriteString(merge + `<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="` + style + `"/>`)
	if keep {
		w.WriteString(`<w:keepNext/>`)
	}
	w.WriteString(`</w:pPr>`)
	w.run(text)
	w.WriteString(`</w:p></w:tc>`)
}

// columnTwips shares the type area's width among the columns in proportion to the widths
// document.ColumnWidths gives them, the last column taking what rounding leaves.
func columnTwips(grids []*document.Grid) []int {
	ems := document.ColumnWidths(grids)
	total := 0.0
	for _, e := range ems {
		total += e
	}
	out := make([]int, len(ems))
	used := 0
	for i, e := range ems {
		out[i] = int(float64(areaW) * e / total)
		used += out[i]
	}
	if len(out) > 0 {
		out[len(out)-1] += areaW - used
	}
	return out
}
