package xlsxwriter

import "github.com/xuri/excelize/v2"

// Colours: input cells are light yellow, computed totals light blue, failing cells red.
const (
	inputFill = "FFF7D6"
	totalFill = "DDEBF7"
	failFill  = "FFC7CE"
	failFont  = "9C0006"
	hintFont  = "595959"
	okFont    = "006100"
	// pendingFont and pendingFill are Excel's 中性 (neutral) cell style: work still to do.
	pendingFont = "9C5700"
	pendingFill = "FFEB9C"
)

// font is the face of the whole workbook: 宋体 is what the official tables use, and every
// application substitutes a Chinese face where it is missing.
const font = "宋体"

// styles are the cell styles of the workbook, created once per file.
type styles struct {
	title, heading, para         int // sheet title, section heading, running text
	header, label, group, corner int // table headers, row labels, group labels, 勾稽 note
	hint, status, note           int
	fieldLabel, fieldNote        int // the label of a prose field and the notes under it
	input, inputText, inputLong  int // number input, one-line text input, long text input
	total                        int
	fail                         int // conditional format (dxf) for cells of a failing equation
	pending                      int // conditional format (dxf) for a status with cells to fill
}

func (b *builder) newStyles() styles {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	f := func(size float64, bold bool, color string) *excelize.Font {
		return &excelize.Font{Family: font, Size: size, Bold: bold, Color: color}
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	topLeft := &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}
	// A group label runs down many rows (表三's 三、本年度办理结果 over 22): centred vertically
	// it sits below the first screen at 1366×768, so it starts where its group starts.
	topCenter := &excelize.Alignment{Horizontal: "center", Vertical: "top", WrapText: true}
	unlocked := &excelize.Protection{Locked: false}
	// hidden keeps a formula out of the formula bar when the cell is selected (a status
	// formula runs to thousands of characters); the result still shows.
	hidden := &excelize.Protection{Locked: true, Hidden: true}
	const textFormat = 49 // "@": what is typed stays text (telephone numbers, "=…")

	mk := func(s *excelize.Style) int {
		id, err := b.f.NewStyle(s)
		b.check(err)
		return id
	}
	var st styles
	st.title = mk(&excelize.Style{Font: f(16, true, ""), Alignment: center})
	st.heading = mk(&excelize.Style{Font: f(12, true, ""), Alignment: left})
	st.para = mk(&excelize.Style{Font: f(11, false, ""), Alignment: topLeft})
	st.header = mk(&excelize.Style{Font: f(11, false, ""), Alignment: center, Border: border})
	st.label = mk(&excelize.Style{Font: f(11, false, ""), Alignment: left, Border: border})
	st.group = mk(&excelize.Style{Font: f(11, false, ""), Alignment: topCenter, Border: border})
	st.corner = mk(&excelize.Style{Font: f(9, false, ""), Alignment: center, Border: border})
	st.hint = mk(&excelize.Style{Font: f(9, false, hintFont), Alignment: topLeft, Border: border})
	st.note = mk(&excelize.Style{Font: f(10, false, hintFont), Alignment: left})
	st.fieldLabel = mk(&excelize.Style{Font: f(11, true, ""), Alignment: topLeft, Border: border})
	st.fieldNote = mk(&excelize.Style{Font: f(9, false, hintFont), Alignment: topLeft, Border: border, Protection: hidden})
	st.status = mk(&excelize.Style{Font: f(11, true, okFont), Alignment: left, Border: border, Protection: hidden})
	st.input = mk(&excelize.Style{Font: f(11, false, ""), Alignment: center, Border: border,
		Fill: fill(inputFill), Protection: unlocked})
	st.inputText = mk(&excelize.Style{Font: f(11, false, ""), Alignment: left, Border: border,
		Fill: fill(inputFill), Protection: unlocked, NumFmt: textFormat})
	st.inputLong = mk(&excelize.Style{Font: f(11, false, ""), Alignment: topLeft, Border: border,
		Fill: fill(inputFill), Protection: unlocked, NumFmt: textFormat})
	st.total = mk(&excelize.Style{Font: f(11, true, ""), Alignment: center, Border: border,
		Fill: fill(totalFill), Protection: hidden})
	id, err := b.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: failFont, Bold: true},
		Fill: fill(failFill)})
	b.check(err)
	st.fail = id
	id, err = b.f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: pendingFont, Bold: true},
		Fill: fill(pendingFill)})
	b.check(err)
	st.pending = id
	return st
}
