package xlsxwriter

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// guideSheet writes 填报说明: what to fill and how, the identities in plain words, the
// edition, the layout version and the deadline.
func (b *builder) guideSheet() {
	s := workbook.SheetGuide
	const colWidth = 68 // fits A4 portrait at 100%: LibreOffice does not shrink a lone wrapped column
	b.check(b.f.SetColWidth(s, "A", "A", colWidth))
	row := 0
	line := func(text string, style int) {
		row++
		b.text(s, 1, row, text)
		b.check(b.f.SetCellStyle(s, cellName(1, row), cellName(1, row), style))
		if style == b.st.para {
			b.check(b.f.SetRowHeight(s, row, float64(lines(text, colWidth))*lineHeight+4))
		}
	}
	line("政府信息公开工作年度报告填报说明", b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	if a, y := b.r.Agency(), b.r.Year(); a != "" || y != 0 {
		who := "填报单位：" + a
		if y != 0 {
			who += "　　报告年度：" + strconv.Itoa(y) + "年"
		}
		line(who, b.st.para)
	}

	line("填写情况（随填写即时更新）", b.st.heading)
	for _, e := range b.summary() {
		row++
		at := place{sheet: s, col: 1, row: row}
		b.box(s, 1, row, 1, row, "", b.st.status)
		b.formula(at, e)
		b.markStatus(at)
		b.check(b.f.SetRowHeight(s, row, 2*lineHeight+4))
	}

	line("一、格式版本", b.st.heading)
	years := fmt.Sprintf("%d年度及以后", b.e.FirstYear)
	if last := b.e.Through(); last != 0 {
		years = fmt.Sprintf("%d年度至%d年度", b.e.FirstYear, last)
	}
	line(fmt.Sprintf("本模板按照%s（%s）制作，适用于%s的政府信息公开工作年度报告。", b.e.Name, b.e.Issuer, years), b.st.para)
	line(fmt.Sprintf("模板版本：第%d版（由 nianbao 按%s年版格式生成）。请勿增删工作表、行或列，否则可能无法自动汇总。", workbook.LayoutVersion, b.e.ID), b.st.para)

	line("二、公布期限", b.st.heading)
	line(deadline(b.r.Year()), b.st.para)

	line("三、填写方法", b.st.heading)
	for i, t := range b.howTo() {
		line(fmt.Sprintf("%d. %s", i+1, t), b.st.para)
	}

	line("四、勾稽关系", b.st.heading)
	var checked []string // the tables with checks below them
	for _, t := range b.e.Tables() {
		if len(b.onTable(t)) > 0 {
			checked = append(checked, workbook.TableSheet(t))
		}
	}
	line("表中数据应满足下列关系。"+strings.Join(checked, "、")+"下方的“检查”栏随填写即时显示是否成立；不成立时写明哪一项相差多少，相关单元格显示为红色。", b.st.para)
	for i, id := range b.e.Identities {
		t := id.Text
		switch {
		case id.Plausibility:
			t += "（通常成立，请与上年年报核对）"
		case id.CrossYear:
			t += "（请与上年年报核对）"
		}
		line(fmt.Sprintf("%d. %s", i+1, t), b.st.para)
	}
	b.protect(s)
	b.printable(s, 0)
}

// deadline says when the report of the year must be published (条例第四十九条).
func deadline(year int) string {
	if year == 0 {
		return "县级以上人民政府部门应于每年1月31日前、县级以上地方人民政府应于每年3月31日前，公布本机关上一年度政府信息公开工作年度报告（《中华人民共和国政府信息公开条例》第四十九条）。"
	}
	return fmt.Sprintf("县级以上人民政府部门应于%[1]d年1月31日前、县级以上地方人民政府应于%[1]d年3月31日前，公布本机关%[2]d年度政府信息公开工作年度报告（《中华人民共和国政府信息公开条例》第四十九条）。", year+1, year)
}

// howTo lists the filling instructions; the cells of particular kinds are named from the
// definition.
func (b *builder) howTo() []string {
	var prose []string
	for _, p := range b.e.Parts {
		if len(p.Prose) > 0 {
			prose = append(prose, "“"+p.Heading+"”")
		}
	}
	var tables []string
	for _, t := range b.e.Tables() {
		tables = append(tables, "“"+workbook.TableSheet(t)+"”")
	}
	out := []string{
		"只能在浅黄色单元格中填写，其他单元格已锁定（工作表保护未设密码）。浅蓝色单元格是“总计”，由公式自动计算，不需填写。",
		"“" + workbook.SheetInfo + "”工作表：逐项填写机关名称、机关类型、报告年度、统计期限、编制依据和联系方式等，用于生成年报开头的说明段落和落款。",
		"“" + workbook.SheetProse + "”工作表：填写" + strings.Join(prose, "、") + "的正文，每个浅黄色单元格填写一段，按 Enter 到下一格填写下一段，段落之间不要留空行；每段不超过1000字。每栏左侧显示已填写的字数。",
		"不要在单元格内换行：Excel 和 WPS 中 Alt+Enter 是单元格内换行；LibreOffice 中 Ctrl+Enter 是单元格内换行，Alt+Enter 会结束输入，下一段会覆盖上一段。",
		strings.Join(tables, "") + "工作表：数量一律填写整数，没有的填0，不要留空，不要填写“/”“-”“无”或“件”“条”等单位。选中单元格时会显示填写提示。",
		"各表第2行和本说明开头的“填写情况”随填写即时显示尚未填写的格数、不是数字的格数和勾稽关系是否成立。",
		"“" + workbook.SheetExplanations + "”工作表：检查结果中的警告如确属实际情况（如数字较上年大幅变化），可在该表逐条写明原因，再次检查时该警告显示为“已说明”。错误（如勾稽关系不成立）必须更正，不能以说明代替。",
		"从其他文件复制内容时，请用“选择性粘贴”只粘贴数值或文本（Excel、WPS：选择性粘贴→数值；LibreOffice：选择性粘贴→仅粘贴文本），普通粘贴会带走浅黄色底色和填写检查。",
		"保存时保持 .xlsx 格式：LibreOffice 询问文件格式时选择“使用 Excel 2007-365!”，WPS 不要另存为 .et 格式；文件名可以改，工作表不能增删或改名。",
	}
	if names := b.cellsOfKind(template.Amount); names != "" {
		out = append(out, names+"以万元为单位填写，可以有小数，不要填写“万元”“元”等单位。")
	}
	if names := b.cellsOfKind(template.SignedCount); names != "" {
		out = append(out, names+"可以是负数：比上一年减少的填写负数（如 -8），没有变化的填0。")
	}
	return out
}

// cellsOfKind names the columns whose cells are of kind k, e.g. 表二“采购总金额”.
func (b *builder) cellsOfKind(k template.Kind) string {
	var names []string
	seen := map[string]bool{}
	for _, c := range b.e.Cells() {
		n := "表" + c.Table.Number + "“" + c.Column.Label + "”"
		if c.Kind() == k && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return strings.Join(names, "、")
}

// years are the report years the edition applies to, for the year field's list: from its
// first year to its last, or to the year the workbook is made (a year's report is made early
// in the next).
func (b *builder) years() []string {
	last := b.e.Through()
	if last == 0 {
		last = max(b.e.FirstYear, created().Year(), b.r.Year())
	}
	var out []string
	for y := b.e.FirstYear; y <= last; y++ {
		out = append(out, strconv.Itoa(y))
	}
	return out
}

// Layout of 基本信息: a title row, a header row, then one row per template.InfoField with
// the label in column A, the input cell in column B and the hint in column C.
const (
	infoFirstRow = 3
	infoLabelCol = 1
	infoValueCol = 2
	infoHintCol  = 3
)

func (b *builder) infoSheet() {
	s := workbook.SheetInfo
	_, err := b.f.NewSheet(s)
	b.check(err)
	b.check(b.f.SetColWidth(s, "A", "A", 14))
	b.check(b.f.SetColWidth(s, "B", "B", 46))
	b.check(b.f.SetColWidth(s, "C", "C", 40))
	b.box(s, 1, 1, infoValueCol, 1, "基本信息", b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	for i, h := range []string{"项目", "填写内容", "说明"} {
		b.box(s, i+1, 2, i+1, 2, h, b.st.header)
	}
	years := b.years()
	for i, fld := range b.e.Info {
		row := infoFirstRow + i
		b.box(s, infoLabelCol, row, infoLabelCol, row, fld.Label, b.st.fieldLabel)
		b.box(s, infoHintCol, row, infoHintCol, row, fld.Hint, b.st.hint)
		at := place{sheet: s, col: infoValueCol, row: row}
		b.name(workbook.InfoName(fld.Key), at)
		val := b.r.Info[fld.Key].Text
		style, height := b.st.inputText, 2*lineHeight
		switch fld.Kind {
		case template.LongText:
			style, height = b.st.inputLong, 4*lineHeight
		case template.Year:
			style = b.st.input
		}
		if h := float64(lines(val, 46)) * lineHeight; h > height {
			height = h
		}
		if h := float64(lines(fld.Hint, 40)) * 12; h > height {
			height = h
		}
		b.check(b.f.SetRowHeight(s, row, height+4))
		b.check(b.f.SetCellStyle(s, at.ref(), at.ref(), style))
		if y, err := strconv.Atoi(strings.TrimSpace(val)); err == nil && fld.Kind == template.Year {
			b.check(b.f.SetCellInt(s, at.ref(), int64(y)))
		} else if val != "" {
			b.text(s, at.col, at.row, val)
		}

		switch fld.Kind {
		case template.Choice:
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(at.ref())
			b.check(dv.SetDropList(fld.Choices))
			dv.SetInput(clip(fld.Label, 32), clip("请从下拉列表中选择："+strings.Join(fld.Choices, "或"), 255))
			dv.SetError(excelize.DataValidationErrorStyleStop, "请从列表中选择", clip("只能选择："+strings.Join(fld.Choices, "或"), 255))
			b.check(b.f.AddDataValidation(s, dv))
		case template.Year:
			// A list rather than free typing: LibreOffice's AutoInput completes "2025" typed
			// here into the 统计期限 text below, which a whole-number rule then refuses.
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(at.ref())
			b.check(dv.SetDropList(years))
			dv.SetInput(clip(fld.Label, 32), "请从下拉列表中选择报告年度（"+years[0]+"年至"+years[len(years)-1]+"年），也可以直接填写四位数字。")
			dv.SetError(excelize.DataValidationErrorStyleStop, "年份不正确",
				"请从下拉列表中选择"+years[0]+"年至"+years[len(years)-1]+"年中的一个年份（本模板按"+b.e.ID+"年版格式制作）。")
			b.check(b.f.AddDataValidation(s, dv))
		}
	}
	b.protect(s)
	b.printable(s, 2)
	b.printArea(s, cellName(1, 1)+":"+cellName(infoValueCol, infoFirstRow+len(b.e.Info)-1))
}

// Layout of 正文 (layout version 2): a title row, an instruction row and a header row, then
// for every template.ProseField a column of paragraph rows, one paragraph a cell, so that no
// program's Enter key can lose text and no row has to hold a whole part. Column A labels
// the field in its first row (part heading, or sub-heading), with a live character count
// and the number of paragraph rows under it; column B holds the paragraphs; column C the
// hint, merged down over the field's rows and left out of the print area. The defined name
// of a field refers to its whole column of paragraph cells.
const (
	proseFirstRow   = 4
	proseLabelCol   = 1
	proseValueCol   = 2
	proseHintCol    = 3
	proseLabelWidth = 16
	proseValueWidth = 80
	// proseRows and optionalProseRows are the paragraph rows of a field: a long 总体情况
	// runs to 15 paragraphs, so 40 leave room; an optional sub-section gets fewer.
	proseRows         = 40
	optionalProseRows = 20
)

// proseInstruction tells the clerk how to fill 正文, and what the Enter keys do.
const proseInstruction = "每个浅黄色单元格填写一段，填完一段后按 Enter 到下一格填写下一段；段落之间不要留空行。" +
	"不要在单元格内换行：Excel、WPS 中 Alt+Enter、LibreOffice 中 Ctrl+Enter 是单元格内换行，LibreOffice 中 Alt+Enter 会结束输入并覆盖下一格。" +
	"从 Word 复制多段文字时，选中第一段所在的单元格后用“选择性粘贴→无格式文本（数值）”，每段自动进入一格。"

func (b *builder) proseSheet() {
	s := workbook.SheetProse
	_, err := b.f.NewSheet(s)
	b.check(err)
	b.check(b.f.SetColWidth(s, "A", "A", proseLabelWidth))
	b.check(b.f.SetColWidth(s, "B", "B", proseValueWidth))
	b.check(b.f.SetColWidth(s, "C", "C", 28))
	// The title and the instruction span the printed columns only (the hints are not).
	b.box(s, 1, 1, proseValueCol, 1, "正文", b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	b.box(s, 1, 2, proseValueCol, 2, proseInstruction, b.st.note)
	b.check(b.f.SetRowHeight(s, 2, float64(lines(proseInstruction, proseLabelWidth+proseValueWidth))*lineHeight+6))
	for i, h := range []string{"栏目", "正文内容（一格一段）", "填写提示"} {
		b.box(s, i+1, 3, i+1, 3, h, b.st.header)
	}
	row := proseFirstRow
	for _, p := range b.e.Parts {
		for _, pf := range p.Prose {
			label := pf.Heading
			if label == "" {
				label = p.Heading
			}
			n := proseRows
			if pf.Optional {
				n = optionalProseRows
			}
			first, last := place{sheet: s, col: proseValueCol, row: row}, place{sheet: s, col: proseValueCol, row: row + n - 1}
			b.box(s, proseLabelCol, row, proseLabelCol, row, label, b.st.fieldLabel)
			b.box(s, proseLabelCol, row+2, proseLabelCol, row+2, fmt.Sprintf("可填%d段", n), b.st.fieldNote)
			b.box(s, proseLabelCol, row+3, proseLabelCol, last.row, "", b.st.fieldNote)
			b.box(s, proseHintCol, row, proseHintCol, last.row, pf.Hint, b.st.hint)
			b.check(b.f.SetCellStyle(s, first.ref(), last.ref(), b.st.inputLong))
			b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: workbook.ProseName(pf.Key),
				RefersTo: quoteSheet(s) + "!" + first.absRef() + ":" + last.absRef()}))
			paras := paragraphs(b.r.Prose[pf.Key].Text, n)
			b.prose = append(b.prose, proseField{label: label, first: first, last: last, paragraphs: paras, optional: pf.Optional})
			for i, para := range paras {
				b.text(s, proseValueCol, row+i, para)
				b.fittedRow(s, row+i, float64(lines(para, proseValueWidth))*lineHeight+4)
			}
			count := place{sheet: s, col: proseLabelCol, row: row + 1}
			b.box(s, count.col, count.row, count.col, count.row, "", b.st.fieldNote)
			b.formula(count, concat(lit("已填写 "),
				expr{f: "SUMPRODUCT(LEN(" + first.ref() + ":" + last.ref() + "))", v: float64(charCount(paras))}, lit(" 字")))
			row += n
		}
	}
	b.protect(s)
	b.printable(s, 3)
	b.printArea(s, cellName(1, 1)+":"+cellName(proseValueCol, row-1))
}

// paragraphs splits prose into its paragraphs, blank lines dropped; past n paragraphs the
// rest share the last cell, so that nothing is lost.
func paragraphs(text string, n int) []string {
	var out []string
	for _, p := range strings.Split(cleanText(text), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) > n {
		out = append(out[:n-1], strings.Join(out[n-1:], "\n"))
	}
	return out
}

// charCount is what LEN counts in the paragraph cells: UTF-16 code units, as spreadsheets
// count (a character outside the Basic Multilingual Plane counts twice).
func charCount(paras []string) int {
	n := 0
	for _, p := range paras {
		for _, r := range p {
			n++
			if r > 0xFFFF {
				n++
			}
		}
	}
	return n
}

// clip cuts s to at most n characters (Excel's limits on validation prompts).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
