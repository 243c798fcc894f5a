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
		"“" + workbook.SheetProse + "”工作表：在对应方框中填写" + strings.Join(prose, "、") + "的正文。段落之间按 Alt+Enter 换行（Mac 为 Option+Enter），不要插入空行；也可以从 Word 中复制整段文字粘贴到方框内（双击方框后粘贴）。",
		strings.Join(tables, "") + "工作表：数量一律填写整数，没有的填0，不要留空，不要填写“/”“-”“无”或“件”“条”等单位。鼠标停在单元格上会显示填写提示。",
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
	b.box(s, 1, 1, 3, 1, "基本信息", b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	for i, h := range []string{"项目", "填写内容", "说明"} {
		b.box(s, i+1, 2, i+1, 2, h, b.st.header)
	}
	firstYear := template.Editions()[0].FirstYear
	for i, fld := range b.e.Info {
		row := infoFirstRow + i
		b.box(s, infoLabelCol, row, infoLabelCol, row, fld.Label, b.st.label)
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
			dv := excelize.NewDataValidation(true)
			dv.SetSqref(at.ref())
			b.check(dv.SetRange(firstYear, 2100, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
			dv.SetInput(clip(fld.Label, 32), fmt.Sprintf("填写四位数字的年份，如：%d", firstYear+1))
			dv.SetError(excelize.DataValidationErrorStyleStop, "年份不正确", fmt.Sprintf("请填写%d年及以后的四位数字年份。", firstYear))
			b.check(b.f.AddDataValidation(s, dv))
		}
	}
	b.protect(s)
	b.printable(s, 2)
}

// Layout of 正文: a title row, an instruction row, a header row, then one row per
// template.ProseField in part order: the part heading in column A (merged down over the
// part's rows), the sub-heading in column B, the input cell in column C and the hint in
// column D.
const (
	proseFirstRow   = 4
	proseValueCol   = 3
	proseValueWidth = 80
)

func (b *builder) proseSheet() {
	s := workbook.SheetProse
	_, err := b.f.NewSheet(s)
	b.check(err)
	b.check(b.f.SetColWidth(s, "A", "A", 12))
	b.check(b.f.SetColWidth(s, "B", "B", 14))
	b.check(b.f.SetColWidth(s, "C", "C", proseValueWidth))
	b.check(b.f.SetColWidth(s, "D", "D", 24))
	b.box(s, 1, 1, 4, 1, "正文", b.st.title)
	b.check(b.f.SetRowHeight(s, 1, 30))
	b.box(s, 1, 2, 4, 2, "在浅黄色方框中填写正文。段落之间按 Alt+Enter 换行（Mac 为 Option+Enter），不要插入空行；双击方框可以编辑或粘贴从 Word 复制的文字。选填的小节可以留空。", b.st.note)
	b.check(b.f.SetRowHeight(s, 2, 2*lineHeight+4))
	for i, h := range []string{"部分", "小标题", "正文内容", "填写提示"} {
		b.box(s, i+1, 3, i+1, 3, h, b.st.header)
	}
	row := proseFirstRow
	for _, p := range b.e.Parts {
		if len(p.Prose) == 0 {
			continue
		}
		b.box(s, 1, row, 1, row+len(p.Prose)-1, p.Heading, b.st.group)
		for _, pf := range p.Prose {
			b.box(s, 2, row, 2, row, pf.Heading, b.st.group)
			b.box(s, 4, row, 4, row, pf.Hint, b.st.hint)
			at := place{sheet: s, col: proseValueCol, row: row}
			b.name(workbook.ProseName(pf.Key), at)
			b.check(b.f.SetCellStyle(s, at.ref(), at.ref(), b.st.inputLong))
			text := b.r.Prose[pf.Key].Text
			if text != "" {
				b.text(s, at.col, at.row, text)
			}
			height := 160.0
			if pf.Optional {
				height = 100
			}
			if h := float64(lines(text, proseValueWidth))*lineHeight + 8; h > height {
				height = min(h, 409) // the largest row height a spreadsheet allows
			}
			b.check(b.f.SetRowHeight(s, row, height))
			row++
		}
	}
	b.protect(s)
	b.printable(s, 3)
}

// clip cuts s to at most n characters (Excel's limits on validation prompts).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
