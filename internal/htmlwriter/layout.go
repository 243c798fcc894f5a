package htmlwriter

import (
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/document"
)

// tableView is one statistical table of a part: the grids of one table in one scroll
// region. Table 二 has a grid per block; each grid is its own <table>, so that every
// block keeps its own column headers and a screen reader announces the right ones.
type tableView struct {
	ID    string // of the scroll region
	Label string // 表二 主动公开政府信息情况
	Grids []gridView
}

type gridView struct {
	Caption string
	Class   string       // continues: stacked under the previous grid; short: kept on one page
	Style   template.CSS // the minimum width below which the table scrolls
	Cols    []template.CSS
	Head    []rowView
	Bodies  [][]rowView
}

type rowView struct {
	Cells []cellView
	// Spans marks a row that starts a cell spanning several rows; such a row must be
	// allowed to break across pages, or a printer pushes the whole group to the next page.
	Spans bool
}

type cellView struct {
	Header  bool
	ID      string
	Class   string
	Scope   string
	RowSpan int
	ColSpan int
	Headers string
	Text    string
}

// layoutTable lays out the grids of one table (one grid, or the blocks of table 二). All
// grids share one set of column widths, so that stacked blocks line up as one table.
func layoutTable(id string, tb *document.Table) tableView {
	t := tableView{ID: id, Label: tb.Label}
	grids := tb.Grids
	widths := document.ColumnWidths(grids)
	total := 0.0
	for _, w := range widths {
		total += w
	}
	var cols []template.CSS
	for _, w := range widths {
		cols = append(cols, template.CSS("width:"+strconv.FormatFloat(100*w/total, 'f', 2, 64)+"%"))
	}
	minWidth := template.CSS("--min-width:" + strconv.FormatFloat(total, 'f', 1, 64) + "em")
	for i, g := range grids {
		v := gridView{
			Caption: tb.Label,
			Class:   gridClass(i > 0, g.Rows <= shortRows),
			Style:   minWidth,
			Cols:    cols,
		}
		if len(grids) > 1 {
			if title := blockTitle(g); title != "" {
				v.Caption += "：" + title
			}
		}
		v.Head, v.Bodies = layoutRows(fmt.Sprintf("%sg%d", id, i+1), g)
		t.Grids = append(t.Grids, v)
	}
	return t
}

// shortRows is the most rows of a grid that printing keeps on one page rather than leave its
// header alone at the foot of a page.
const shortRows = 8

func gridClass(continues, short bool) string {
	var c []string
	if continues {
		c = append(c, "continues")
	}
	if short {
		c = append(c, "short")
	}
	return strings.Join(c, " ")
}

func blockTitle(g *document.Grid) string {
	for i, c := range g.Cells {
		if c.Role == document.RoleTitle {
			return g.Texts[i]
		}
	}
	return ""
}

// noteLength is the length beyond which a corner cell is a note (the 勾稽 note of table 三)
// rather than a header, and is set smaller.
const noteLength = 12

// isGroupRow reports whether a row label heads other row labels (三、本年度办理结果).
func isGroupRow(g *document.Grid, c document.Cell) bool {
	return c.Col+c.ColSpan < g.LabelCols
}

// isGroupColumn reports whether a column header heads other column headers (申请人情况).
func isGroupColumn(g *document.Grid, c document.Cell) bool {
	return c.Row+c.RowSpan < g.HeaderRows
}

// layoutRows turns the grid into header rows and row groups. Every cell that a header
// applies to lists that header's id in its headers attribute: scope alone cannot say
// which of the nested row groups of table 三 a value belongs to. A top-level row label
// that spans rows (三、本年度办理结果) gets a <tbody> of its own.
func layoutRows(prefix string, g *document.Grid) (head []rowView, bodies [][]rowView) {
	rows := make([]rowView, g.Rows)
	order := make([]int, len(g.Cells))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ca, cb := g.Cells[order[a]], g.Cells[order[b]]
		if ca.Row != cb.Row {
			return ca.Row < cb.Row
		}
		return ca.Col < cb.Col
	})
	ids := make([]string, len(g.Cells))
	for i, c := range g.Cells {
		if c.Role != document.RoleValue {
			ids[i] = prefix + "r" + strconv.Itoa(c.Row) + "c" + strconv.Itoa(c.Col)
		}
	}
	for _, i := range order {
		c := g.Cells[i]
		v := cellView{RowSpan: c.RowSpan, ColSpan: c.ColSpan, Text: g.Texts[i], Header: c.Role != document.RoleValue, ID: ids[i]}
		var heads []string
		for j, h := range g.Cells {
			if j != i && h.Role != document.RoleValue && appliesTo(g, h, c) {
				heads = append(heads, ids[j])
			}
		}
		v.Headers = strings.Join(heads, " ")
		switch c.Role {
		case document.RoleTitle:
			v.Scope, v.Class = "colgroup", "block-title"
		case document.RoleCorner:
			v.Scope = "col"
			if utf8.RuneCountInString(v.Text) > noteLength {
				v.Class = "note"
			}
			if c.ColSpan > 1 {
				v.Scope = "colgroup"
			}
		case document.RoleColumnHeader:
			v.Scope = "col"
			if isGroupColumn(g, c) {
				v.Scope = "colgroup"
			}
		case document.RoleRowHeader:
			v.Scope, v.Class = "row", "row-label"
			if isGroupRow(g, c) {
				v.Scope, v.Class = "rowgroup", "row-group"
			}
		}
		rows[c.Row].Cells = append(rows[c.Row].Cells, v)
		rows[c.Row].Spans = rows[c.Row].Spans || c.RowSpan > 1
	}
	head = rows[:g.HeaderRows]
	start := g.HeaderRows
	for r := g.HeaderRows; r < g.Rows; r++ {
		if span := topLevelSpan(g, r); span > 1 {
			if start < r {
				bodies = append(bodies, rows[start:r])
			}
			bodies = append(bodies, rows[r:r+span])
			start = r + span
			r += span - 1
		}
	}
	if start < g.Rows {
		bodies = append(bodies, rows[start:])
	}
	return head, bodies
}

// topLevelSpan is the number of rows spanned by the outermost row label starting at row r,
// or 0 if none starts there.
func topLevelSpan(g *document.Grid, r int) int {
	for _, c := range g.Cells {
		if c.Role == document.RoleRowHeader && c.Col == 0 && c.Row == r {
			return c.RowSpan
		}
	}
	return 0
}

// appliesTo reports whether header cell h is a header of cell c: a title or column header
// above c over an overlapping range of columns, or a row label left of c over an
// overlapping range of rows.
func appliesTo(g *document.Grid, h, c document.Cell) bool {
	switch h.Role {
	case document.RoleTitle:
		return c.Row > h.Row
	case document.RoleColumnHeader:
		return c.Row >= h.Row+h.RowSpan && overlap(h.Col, h.ColSpan, c.Col, c.ColSpan) &&
			(c.Role == document.RoleColumnHeader || c.Role == document.RoleValue)
	case document.RoleRowHeader:
		return c.Col >= h.Col+h.ColSpan && overlap(h.Row, h.RowSpan, c.Row, c.RowSpan) &&
			(c.Role == document.RoleRowHeader || c.Role == document.RoleValue)
	}
	return false
}

func overlap(a, aLen, b, bLen int) bool { return a < b+bLen && b < a+aLen }
