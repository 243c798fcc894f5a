package xlsxreader

import (
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/workbook"
)

// Bounds of the 说明 sheet: more rows than any report has findings, and a long paragraph.
const (
	maxExplanations    = 2000
	maxExplanationText = 2000 // characters
	explanationHeader  = 10   // rows searched for the header
)

// readExplanations reads the bureau's explanations from the 说明 sheet: the columns are
// found by their header labels (a bureau may move them), and every row below with a rule,
// a place and an explanation is one. A workbook without the sheet has none.
func (rd *reader) readExplanations() {
	s := rd.sheet(workbook.SheetExplanations)
	if s == nil {
		return
	}
	var col map[string]int
	header := 0
	for r := 1; r <= min(explanationHeader, len(s.rows)) && header == 0; r++ {
		col = map[string]int{}
		for c, e := range s.rows[r-1] {
			for _, h := range workbook.ExplanationColumns {
				if e.key == normalize(h) {
					col[h] = c + 1
				}
			}
		}
		if col[workbook.ColumnRule] > 0 && col[workbook.ColumnPlace] > 0 && col[workbook.ColumnExplanation] > 0 {
			header = r
		}
	}
	if header == 0 {
		return
	}
	for r := header + 1; r <= len(s.rows) && len(rd.rep.Explanations) < maxExplanations; r++ {
		e := model.Explanation{
			Rule:  cleanText(s.cell(r, col[workbook.ColumnRule])),
			Place: cleanText(s.cell(r, col[workbook.ColumnPlace])),
			Text:  truncate(cleanText(s.cell(r, col[workbook.ColumnExplanation])), maxExplanationText),
			Where: rd.location(cellRef{sheet: s.name, row: r, col: col[workbook.ColumnExplanation]}),
		}
		if e.Rule != "" && e.Place != "" && e.Text != "" {
			rd.rep.Explanations = append(rd.rep.Explanations, e)
		}
	}
}

// truncate keeps the first n characters of s.
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
