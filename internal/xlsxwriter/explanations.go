package xlsxwriter

import (
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/xuri/excelize/v2"
)

// explanationRows is how many rows of the 说明 sheet are ready for input.
const explanationRows = 50

// explanationsSheet writes 说明 (workbook.SheetExplanations): a note, a header row of
// workbook.ExplanationColumns and input rows in which a bureau explains the warnings it holds
// to be right; the 规则 column offers the ids of the rules that warn.
func (b *builder) explanationsSheet() {
	s := workbook.SheetExplanations
	_, err := b.f.NewSheet(s)
	b.check(err)
	for i, w := range []float64{10, 22, 50, 60} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		b.check(b.f.SetColWidth(s, col, col, w))
	}
	b.box(s, 1, 1, 4, 1, "对检查结果的说明", b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	cell, cells := b.explanationExamples()
	b.box(s, 1, 2, 4, 2, "检查结果中的警告如属实际情况（如数字较上年大幅变化），可在下表逐条说明：“规则”填警告的编号（如 "+rule.YearSwing+"），"+
		"“位置”填单元格（如 "+cell+"）或范围（如 "+cells+"），“说明”填原因。再次检查时，该警告显示为“已说明”。"+
		"错误（如勾稽关系不成立）必须更正，不能以说明代替。检查结果批注副本中的本表已列出待说明的警告。", b.st.note)
	b.check(b.f.SetRowHeight(s, 2, 3*lineHeight+4))
	for i, h := range workbook.ExplanationColumns {
		b.box(s, i+1, 3, i+1, 3, h, b.st.header)
	}
	first, last := 4, 3+explanationRows
	b.check(b.f.SetCellStyle(s, cellName(1, first), cellName(3, last), b.st.inputText))
	b.check(b.f.SetCellStyle(s, cellName(4, first), cellName(4, last), b.st.inputLong))
	var warned []string
	for _, r := range rule.All() {
		if r.Severity == rule.Warning {
			warned = append(warned, r.ID)
		}
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(cellName(1, first) + ":" + cellName(1, last))
	b.check(dv.SetDropList(warned))
	dv.SetError(excelize.DataValidationErrorStyleStop, "规则编号不正确", "请从下拉列表中选择警告的规则编号；错误不能以说明代替更正。")
	b.check(b.f.AddDataValidation(s, dv))
	b.protect(s)
	b.printable(s, 3)
}

// explanationExamples are the places the note of 说明 shows as examples, where this workbook
// put them (so that a change of layout cannot leave them pointing elsewhere): the cell of
// the applications received, whose swing is the warning most often explained, and the
// range of the input cells of its table.
func (b *builder) explanationExamples() (cell, cells string) {
	at := b.at[b.e.Refs.NewRequests]
	var from, to place
	for key, p := range b.at {
		if _, computed := b.e.Computed(key); computed || p.sheet != at.sheet {
			continue
		}
		if from.row == 0 {
			from, to = p, p
		}
		from.col, from.row = min(from.col, p.col), min(from.row, p.row)
		to.col, to.row = max(to.col, p.col), max(to.row, p.row)
	}
	return at.sheet + "!" + at.ref(), at.sheet + "!" + from.ref() + ":" + to.ref()
}
