package xlsxreader

import (
	"errors"
	"sort"
	"strings"
	"unicode"

	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// cellRef is a cell of the workbook; row and col count from 1.
type cellRef struct {
	sheet    string
	col, row int
}

func (c cellRef) ref() string {
	s, _ := excelize.CoordinatesToCellName(c.col, c.row)
	return s
}

// pos is a cell within one sheet.
type pos struct{ row, col int }

// sheet is one worksheet's raw cell contents with an index of its texts, for finding labels.
type sheet struct {
	name     string
	rows     [][]entry
	labels   map[string][]pos // normalised text → cells, in reading order
	formulas map[pos]string   // cells holding a formula → its text (never evaluated)
}

// entry is a cell's text and its normalised form, computed once: a shared string referenced
// by a hundred thousand cells is normalised once, not once a cell.
type entry struct{ text, key string }

func (s *sheet) at(row, col int) entry {
	if row < 1 || row > len(s.rows) || col < 1 || col > len(s.rows[row-1]) {
		return entry{}
	}
	return s.rows[row-1][col-1]
}

func (s *sheet) cell(row, col int) string { return s.at(row, col).text }

// find returns the first cell in reading order carrying the label and satisfying ok.
func (s *sheet) find(label string, ok func(pos) bool) (pos, bool) {
	for _, p := range s.labels[normalize(label)] {
		if ok(p) {
			return p, true
		}
	}
	return pos{}, false
}

// sheet loads a worksheet by name, matching case-insensitively as spreadsheets do; nil when
// there is none.
func (rd *reader) sheet(name string) *sheet {
	if s, ok := rd.sheets[name]; ok {
		return s
	}
	var s *sheet
	if sp, ok := rd.book.byFold[strings.ToLower(name)]; ok {
		var err error
		if s, err = rd.book.readSheet(sp.name, sp.part); err != nil {
			var d *DamagedError
			if errors.As(err, &d) && d.Part == sp.part { // not the shared strings read with it
				d.Sheet = sp.name
			}
			rd.fail(err)
			s = nil
		}
	}
	rd.sheets[name] = s
	return s
}

// labelPunct maps the half-width punctuation some files use to the full-width of the format.
var labelPunct = strings.NewReplacer("(", "（", ")", "）", ",", "、", "，", "、", ":", "：", ";", "；")

// normalize makes labels comparable across hand-made copies: no white space (line breaks
// inside header cells), full-width brackets, and 、 for the comma that one edition of the
// format prints in the （六） labels.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	return labelPunct.Replace(s)
}

// named resolves a defined name to its cell. Spreadsheets rewrite references in their own
// ways ('表三'!$D$7, 表三!$D$7, =表三!D7, 表三!$D$7:$D$7); a name to a deleted cell (#REF!)
// or to a missing sheet counts as lost.
func (rd *reader) named(name string) (cellRef, bool) {
	at, last, ok := rd.namedColumn(name)
	return at, ok && last == at.row
}

// maxParagraphRows bounds the rows of one prose field: far more than a template gives.
const maxParagraphRows = 200

// namedColumn resolves a defined name to its first cell and the last row of the column of
// cells it refers to (the paragraph cells of a prose field; last = first row for one cell).
// A range wider than one column, or taller than maxParagraphRows, counts as lost.
func (rd *reader) namedColumn(name string) (at cellRef, last int, ok bool) {
	refersTo, ok := rd.names[strings.ToLower(name)]
	if !ok {
		return cellRef{}, 0, false
	}
	s := strings.TrimPrefix(strings.TrimSpace(refersTo), "=")
	i := strings.LastIndex(s, "!")
	if i <= 0 {
		return cellRef{}, 0, false
	}
	sheetName, cell := s[:i], strings.ReplaceAll(s[i+1:], "$", "")
	if len(sheetName) >= 2 && sheetName[0] == '\'' && sheetName[len(sheetName)-1] == '\'' {
		sheetName = strings.ReplaceAll(sheetName[1:len(sheetName)-1], "''", "'")
	}
	first, end, _ := strings.Cut(cell, ":")
	if end == "" {
		end = first
	}
	col, row, err := excelize.CellNameToCoordinates(first)
	if err != nil {
		return cellRef{}, 0, false
	}
	endCol, endRow, err := excelize.CellNameToCoordinates(end)
	if err != nil || endCol != col || endRow < row || endRow-row >= maxParagraphRows {
		return cellRef{}, 0, false
	}
	sh := rd.sheet(sheetName)
	if sh == nil {
		return cellRef{}, 0, false
	}
	return cellRef{sheet: sh.name, col: col, row: row}, endRow, true
}

// fieldEnd is the last row of a prose field found by its label at a: the rows below in the
// same column, up to the row before the next field's label left of the column (or the end
// of the sheet, or maxParagraphRows).
func (rd *reader) fieldEnd(at cellRef, labels map[string]bool) int {
	s := rd.sheet(at.sheet)
	last := at.row
	for r := at.row + 1; r < at.row+maxParagraphRows && r <= len(s.rows); r++ {
		for c := 1; c < at.col && c <= len(s.rows[r-1]); c++ {
			if labels[s.rows[r-1][c-1].key] {
				return last
			}
		}
		last = r
	}
	return last
}

// nextToLabels reports whether a named value cell still sits where its labels say: its row
// label to the left in the same row, its column label above in the same column (right above
// the cell for table 四, which has no row labels). A row inserted or deleted by hand, or a
// table pasted elsewhere, breaks this and the cell is read by label instead.
func (rd *reader) nextToLabels(at cellRef, c template.Cell) bool {
	s := rd.sheet(at.sheet)
	if s == nil {
		return false
	}
	rowLabel := c.Row.Label != ""
	if rowLabel {
		if _, ok := s.find(c.Row.Label, func(p pos) bool { return p.row == at.row && p.col < at.col }); !ok {
			return false
		}
	}
	depth := template.Depth(c.Table.Blocks[c.Block].Columns)
	_, ok := s.find(c.Column.Label, func(p pos) bool {
		return p.col == at.col && p.row < at.row && (rowLabel || at.row-p.row <= depth)
	})
	return ok
}

// labelLeft reports whether a text field's label is in the same row, left of the cell.
func (rd *reader) labelLeft(at cellRef, label string) bool {
	s := rd.sheet(at.sheet)
	if s == nil {
		return false
	}
	_, ok := s.find(label, func(p pos) bool { return p.row == at.row && p.col < at.col })
	return ok
}

// rightOfLabel finds a text field by its label, on the given sheet first: its value is the
// first filled cell to the right, unless that is the template's hint (an empty field).
func (rd *reader) rightOfLabel(label, hint, preferred string) (cellRef, bool) {
	for _, name := range rd.sheetsPreferring(preferred) {
		s := rd.sheet(name)
		if s == nil {
			continue
		}
		p, ok := s.find(label, func(pos) bool { return true })
		if !ok {
			continue
		}
		row := s.rows[p.row-1]
		for col := p.col + 1; col <= len(row); col++ {
			e := row[col-1]
			if e.text == "" {
				continue
			}
			if hint != "" && e.key == normalize(hint) {
				break
			}
			return cellRef{sheet: s.name, col: col, row: p.row}, true
		}
		return cellRef{sheet: s.name, col: p.col + 1, row: p.row}, true
	}
	return cellRef{}, false
}

// sheetsPreferring lists the sheet names with the given one first, then the others of the
// first maxSheets.
func (rd *reader) sheetsPreferring(first string) []string {
	out := []string{first}
	for _, n := range rd.book.sheetNames()[:min(len(rd.book.sheets), maxSheets)] {
		if !strings.EqualFold(n, first) {
			out = append(out, n)
		}
	}
	return out
}

// locateTable finds every value cell of a table by the official labels: the table's own
// sheet first, then any other sheet (a bureau's workbook may hold all tables on one).
func (rd *reader) locateTable(t *template.Table) (map[string]cellRef, bool) {
	for _, name := range rd.sheetsPreferring(workbook.TableSheet(t)) {
		if s := rd.sheet(name); s != nil {
			if cells, ok := locateIn(s, t); ok {
				return cells, true
			}
		}
	}
	return nil, false
}

// locateIn finds the blocks of a table one below the other in a sheet. In each block the
// data rows are where the row labels are, in order (a row whose label is missing is left
// out of the result); the value columns are where the column
// labels are in the few rows above the first data row, in order. Table 四 has no row labels:
// its data row is right under the header that starts with its first column group.
func locateIn(s *sheet, t *template.Table) (map[string]cellRef, bool) {
	out := map[string]cellRef{}
	prevEnd := 0
	for _, b := range t.Blocks {
		rows, cols := template.Leaves(b.Rows), template.Leaves(b.Columns)
		depth := template.Depth(b.Columns)
		var dataRows []int
		var top, bottom, minCol int
		if len(rows) == 1 && rows[0].Label == "" {
			anchor, ok := s.find(b.Columns[0].Label, func(p pos) bool { return p.row > prevEnd })
			if !ok {
				return nil, false
			}
			top, bottom, minCol = anchor.row, anchor.row+depth-1, anchor.col
			dataRows = []int{bottom + 1}
		} else {
			// A row whose label is missing (deleted by hand) is left out; the others are
			// still found.
			last, labelCol, first := prevEnd, 0, 0
			for _, r := range rows {
				p, ok := s.find(r.Label, func(p pos) bool { return p.row > last })
				if !ok {
					dataRows = append(dataRows, 0)
					continue
				}
				dataRows = append(dataRows, p.row)
				last, labelCol = p.row, max(labelCol, p.col)
				if first == 0 {
					first = p.row
				}
			}
			if first == 0 {
				return nil, false
			}
			top, bottom, minCol = max(prevEnd+1, first-depth-2), first-1, labelCol+1
		}
		colAt, ok := columnsIn(s, cols, top, bottom, minCol)
		if !ok {
			return nil, false
		}
		for i, r := range rows {
			if dataRows[i] == 0 {
				continue
			}
			for j, c := range cols {
				out[t.CellKey(r, c)] = cellRef{sheet: s.name, col: colAt[j], row: dataRows[i]}
			}
			prevEnd = dataRows[i]
		}
	}
	return out, true
}

// columnsIn finds the columns of the given leaf labels, left to right, among the header
// cells of rows top..bottom from column minCol on.
func columnsIn(s *sheet, leaves []*template.Node, top, bottom, minCol int) ([]int, bool) {
	want := map[string]bool{}
	for _, l := range leaves {
		want[normalize(l.Label)] = true
	}
	type header struct {
		pos
		text string
	}
	var found []header
	for r := max(top, 1); r <= bottom && r <= len(s.rows); r++ {
		for c := minCol; c <= len(s.rows[r-1]); c++ {
			if text := s.rows[r-1][c-1].key; want[text] {
				found = append(found, header{pos{r, c}, text})
			}
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].col < found[j].col })
	out := make([]int, 0, len(leaves))
	lastCol := 0
	for _, h := range found {
		if len(out) < len(leaves) && h.col > lastCol && h.text == normalize(leaves[len(out)].Label) {
			out = append(out, h.col)
			lastCol = h.col
		}
	}
	return out, len(out) == len(leaves)
}
