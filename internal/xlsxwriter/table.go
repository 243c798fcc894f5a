package xlsxwriter

import (
	"math"
	"strings"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// Widths of table columns in spreadsheet units.
const (
	groupColWidth = 10 // a column of vertically merged group labels
	minLabelWidth = 12
	maxLabelWidth = 40
	minValueWidth = 10 // four characters a line: 结果维持 does not break as 结果维/持
	maxValueWidth = 14
)

// tableSheet lays a statistical table out like the official one, from the grids of
// template.Table.Grids. Row 1 holds the part heading, row 2 the table's live status (both
// frozen, with the header rows of a one-block table); the blocks follow one under another
// (title row, header rows with the Corner note over the row-label columns, one row per
// data row, group labels merged down over their rows). The row labels take the grid's
// LabelCols columns from column A (none for table 四); the value columns follow. Below the
// table come unit notes and one check per identity on the table.
func (b *builder) tableSheet(t *template.Table) {
	s := workbook.TableSheet(t)
	_, err := b.f.NewSheet(s)
	b.check(err)
	grids := t.Grids()
	g := sheetGrid{b: b, sheet: s, heights: map[int]float64{}}
	g.widths(grids)
	last := len(g.colWidth) - 1

	b.box(s, 1, 1, last, 1, t.Heading, b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	// Row 2 is the table's live status, frozen with the title so that it stays in sight.
	status := place{sheet: s, col: 1, row: 2}
	b.box(s, 1, 2, last, 2, "", b.st.status)
	b.check(b.f.SetRowHeight(s, 2, lineHeight+6))
	row, titleRows := 3, 2
	var kinds [3][]string // input cells by template.Kind, for validation
	for _, gr := range grids {
		if len(grids) == 1 {
			titleRows = row + gr.HeaderRows - 1
		}
		for _, gc := range gr.Cells {
			c1, r1 := gc.Col+1, row+gc.Row
			c2, r2 := c1+gc.ColSpan-1, r1+gc.RowSpan-1
			if gc.Role != template.RoleValue {
				g.box(c1, r1, c2, r2, gc.Text, b.labelStyle(gc, gr.LabelCols))
				continue
			}
			cell := b.cells[gc.Key]
			at := place{sheet: s, col: c1, row: r1}
			b.at[cell.Key] = at
			b.name(workbook.ValueName(cell.Key), at)
			if _, computed := b.e.Computed(cell.Key); computed {
				g.box(c1, r1, c2, r2, "", b.st.total)
				b.comment(at, cell.Key, true)
				continue
			}
			g.box(c1, r1, c2, r2, "", b.st.input)
			kinds[cell.Kind()] = append(kinds[cell.Kind()], at.ref())
			b.value(at, cell.Kind(), b.r.Values[cell.Key])
			b.comment(at, cell.Key, false)
		}
		row += gr.Rows
	}
	b.totals(t)
	for k, refs := range kinds {
		b.validate(s, template.Kind(k), refs)
	}
	row = b.unitNotes(t, s, row+1, last)
	b.statuses[t] = b.tableStatus(t, b.checks(t, s, row, last))
	b.formula(status, b.statuses[t])
	b.markStatus(status)
	g.applyHeights()
	b.check(b.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: titleRows,
		TopLeftCell: cellName(1, titleRows+1), ActivePane: "bottomLeft"}))
	b.protect(s)
	b.printable(s, titleRows)
	// A wide and short table (四) is printed across the page rather than shrunk into a
	// strip; a tall one (三) stays upright, whole on one page.
	if g.width() > portraitWidth && row < landscapeRows {
		b.landscape(s)
	}
}

// portraitWidth is about what A4 portrait holds at 100 % within the margins, in column
// units; landscapeRows the rows a landscape page holds with the checks under the table.
const (
	portraitWidth = 100
	landscapeRows = 20
)

// width is the sum of the column widths.
func (g *sheetGrid) width() float64 {
	w := 0.0
	for _, c := range g.colWidth {
		w += c
	}
	return w
}

// labelStyle is the style of a title or header cell of a grid: group labels (row labels
// that do not reach the last label column) are centred at the top of their rows, leaf row labels left-aligned, and
// a corner note that is a whole sentence (the 勾稽 note) is set smaller.
func (b *builder) labelStyle(gc template.GridCell, labelCols int) int {
	switch {
	case gc.Role == template.RoleRowHeader && gc.Col+gc.ColSpan < labelCols:
		return b.st.group
	case gc.Role == template.RoleRowHeader:
		return b.st.label
	case gc.Role == template.RoleCorner && width(gc.Text) > 2*groupColWidth:
		return b.st.corner
	}
	return b.st.header
}

// sheetGrid places the labels of one table sheet and keeps track of the row heights they
// need, since spreadsheets do not fit the height of merged cells themselves.
type sheetGrid struct {
	b        *builder
	sheet    string
	colWidth []float64 // by column, 1-based
	heights  map[int]float64
}

// widths sets the column widths: narrow columns for group labels, a last label column wide
// enough for most leaf labels, value columns for their headers (wrapped over two lines).
func (g *sheetGrid) widths(grids []template.Grid) {
	labelCols, cols := grids[0].LabelCols, grids[0].Cols
	lastLabel, value := minLabelWidth, minValueWidth
	for _, gr := range grids {
		for _, gc := range gr.Cells {
			switch {
			case gc.Role == template.RoleRowHeader && gc.Col+gc.ColSpan == labelCols:
				lastLabel = max(lastLabel, width(gc.Text)+2-groupColWidth*(gc.ColSpan-1))
			case gc.Role == template.RoleColumnHeader && gc.Row+gc.RowSpan == gr.HeaderRows:
				value = max(value, (width(gc.Text)+1)/(2*gc.ColSpan)+2)
			}
		}
	}
	lastLabel, value = min(lastLabel, maxLabelWidth), min(value, maxValueWidth)
	g.colWidth = make([]float64, cols+1)
	for col := 1; col <= cols; col++ {
		w := float64(value)
		switch {
		case col < labelCols:
			w = groupColWidth
		case col == labelCols:
			w = float64(lastLabel)
		}
		g.colWidth[col] = w
		g.b.check(g.b.f.SetColWidth(g.sheet, colName(col), colName(col), w))
	}
}

// box writes a label into a rectangle and records the row height its text needs.
func (g *sheetGrid) box(c1, r1, c2, r2 int, s string, style int) {
	w := 0.0
	for c := c1; c <= c2 && c < len(g.colWidth); c++ {
		w += g.colWidth[c]
	}
	s = breakBetweenWords(s, w)
	g.b.box(g.sheet, c1, r1, c2, r2, s, style)
	if s == "" || w == 0 {
		return
	}
	need := float64(lines(s, w))*lineHeight/float64(r2-r1+1) + 6
	g.heights[r1] = max(g.heights[r1], need)
}

// breakBetweenWords puts line breaks between the words of a label too wide for its cell
// (document.LabelWords), so that a spreadsheet does not break it inside a word (结果维/持);
// a label that fits is left alone. Readers compare labels without white space.
func breakBetweenWords(label string, colWidth float64) string {
	room := int(colWidth) - 2 // the cell's padding, and a margin for the fonts' metrics
	if label == "" || strings.Contains(label, "\n") || width(label) <= room {
		return label
	}
	var lines []string
	line := ""
	for _, w := range document.LabelWords(label) {
		if line != "" && width(line)+width(w.Text) > room {
			lines = append(lines, line)
			line = ""
		}
		line += w.Text
	}
	return strings.Join(append(lines, line), "\n")
}

func (g *sheetGrid) applyHeights() {
	for r, h := range g.heights {
		g.b.check(g.b.f.SetRowHeight(g.sheet, r, max(h, 20)))
	}
}

// value writes a value of a filled report: numbers as numbers, anything else as the text
// that was typed.
func (b *builder) value(at place, k template.Kind, v model.Value) {
	ref := at.ref()
	switch v.State {
	case model.Number:
		if k.Whole() && v.Number == math.Trunc(v.Number) && math.Abs(v.Number) < 1e15 {
			b.check(b.f.SetCellInt(at.sheet, ref, int64(v.Number)))
		} else {
			b.check(b.f.SetCellFloat(at.sheet, ref, v.Number, -1, 64))
		}
	case model.NotApplicable, model.Text:
		b.text(at.sheet, at.col, at.row, v.Raw)
	}
}

// totals writes the 总计 cells of t as sums of their terms. A 总计 read from a published
// report saves the figure printed there as the formula's result, so that a printed total
// that disagrees with its parts stays visible to the reader's check of saved results (R6)
// rather than being hidden by the formula.
func (b *builder) totals(t *template.Table) {
	for _, c := range t.Cells() {
		keys, ok := b.e.Computed(c.Key)
		if !ok {
			continue
		}
		sum := b.sumOf(keys)
		if v := b.r.Values[c.Key]; b.r.Imported[c.Key] != "" && v.Sane() {
			sum.v = v.Number
		}
		b.formula(b.at[c.Key], sum)
	}
}

// refs lists the cells of the keys for a formula, runs of adjacent cells as ranges:
// D9:D30,D32. With abs the references are absolute ($D$9:$D$30).
func (b *builder) refs(keys []string, abs bool) string {
	ref := func(p place) string {
		if abs {
			return p.absRef()
		}
		return p.ref()
	}
	var out []string
	for i := 0; i < len(keys); {
		first := b.at[keys[i]]
		j := i + 1
		// A run goes one way, across a row or down a column, as its second cell says.
		across, down := true, true
		for ; j < len(keys); j++ {
			p, prev := b.at[keys[j]], b.at[keys[j-1]]
			across = across && p.row == first.row && p.col == prev.col+1
			down = down && p.col == first.col && p.row == prev.row+1
			if !across && !down {
				break
			}
		}
		if j-i > 1 {
			out = append(out, ref(first)+":"+ref(b.at[keys[j-1]]))
		} else {
			out = append(out, ref(first))
		}
		i = j
	}
	return strings.Join(out, ",")
}

// validation is the data validation of one kind of value cell: the rule, a short prompt
// and the error shown when a wrong value is typed.
type validation struct {
	kind         excelize.DataValidationType
	op           excelize.DataValidationOperator
	f1, f2       any
	title, input string
	errTitle     string
	errMsg       string
}

var validations = map[template.Kind]validation{
	template.Count: {excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual, 0, 0,
		"请填写整数", "填写不小于0的整数，没有的填0。不要填写“/”“-”“无”或单位。",
		"数值不正确", "这里只能填写不小于0的整数，没有的填0。"},
	template.SignedCount: {excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween, -1e9, 1e9,
		"请填写整数（可为负数）", "填写整数：比上一年减少的填负数（如 -8），没有变化的填0。",
		"数值不正确", "这里只能填写整数，减少的填负数，没有变化的填0。"},
	template.Amount: {excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual, 0.0, 0.0,
		"请填写金额（万元）", "以万元为单位填写不小于0的数，可以有小数，不要填写单位。没有的填0。",
		"金额不正确", "这里只能填写以万元为单位的不小于0的数，不要填写单位。"},
}

func (b *builder) validate(sheet string, k template.Kind, refs []string) {
	if len(refs) == 0 {
		return
	}
	v := validations[k]
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(strings.Join(refs, " "))
	b.check(dv.SetRange(v.f1, v.f2, v.kind, v.op))
	dv.SetInput(v.title, v.input)
	dv.SetError(excelize.DataValidationErrorStyleStop, v.errTitle, v.errMsg)
	b.check(b.f.AddDataValidation(sheet, dv))
}

// unitNotes says the unit of amount columns whose label does not name it (2019 采购总金额),
// from row on, and returns the next free row.
func (b *builder) unitNotes(t *template.Table, sheet string, row, last int) int {
	seen := map[string]bool{}
	for _, c := range t.Cells() {
		u := c.Kind().Unit()
		if u == "" || strings.Contains(c.Column.Label, u) || seen[c.Column.Label] {
			continue
		}
		seen[c.Column.Label] = true
		b.box(sheet, 1, row, last, row, "注：“"+c.Column.Label+"”以"+u+"为单位填写。", b.st.note)
		row++
	}
	return row
}
