package check

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/visible"
)

// Unprintable finds, in every basic-information and prose field, the characters that the
// PDF cannot print (printable says which it can: the typesetting fonts' coverage), one
// finding per field naming each such character, so that check says beforehand what render
// would refuse.
func Unprintable(r *model.Report, printable func(rune) bool) []Finding {
	c := &checker{r: r}
	var out []Finding
	add := func(label string, text string, at Operand) {
		var chars []string
		seen := map[rune]bool{}
		outside := false
		for _, ch := range text {
			if seen[ch] || ch == ' ' || ch == '\n' || visible.Deceptive(ch) || printable(ch) {
				continue
			}
			seen[ch] = true
			outside = outside || ch > 0xFFFF
			if len(chars) < maxListed {
				chars = append(chars, fmt.Sprintf("“%c”（U+%04X）", ch, ch))
			}
		}
		if len(chars) == 0 {
			return
		}
		more := ""
		if len(seen) > len(chars) {
			more = fmt.Sprintf("等 %d 个字符", len(seen))
		}
		why := "所用字体均没有这些字"
		if outside {
			why = "其中有 Unicode 扩展区的字，PDF 排版无法嵌入"
		}
		out = append(out, New(rule.Unprintable, fmt.Sprintf("%s中的%s%s无法排版（%s）；生成 PDF 前请改用通用规范汉字或常用字符",
			label, strings.Join(chars, "、"), more, why), at))
	}
	for _, f := range r.Edition.Info {
		op := infoOperand(r, f)
		add(op.Label, r.Info[f.Key].Text, op)
	}
	for _, f := range c.proseFields() {
		add(f.label, r.Prose[f.Key].Text, c.proseOperand(f, ""))
	}
	return out
}

// FormatControls is T2: in every basic-information field, prose part and value cell, the
// bidirectional and invisible format controls (package visible) that would make the text
// read otherwise than it is, one finding per field naming them. They are left out of
// Unprintable's findings: this rule names them better.
func FormatControls(r *model.Report) []Finding {
	c := &checker{r: r, cells: cellIndex(r.Edition)}
	var out []Finding
	add := func(label, text string, at Operand) {
		if codes := visible.List(text); len(codes) > 0 {
			at.Value.Raw = visible.Escape(at.Value.Raw)
			out = append(out, New(rule.FormatControl, fmt.Sprintf("%s中有看不见的格式控制字符 %s，显示时可能颠倒或隐藏文字（已显示为 [U+…]）；请删去后重新保存",
				label, strings.Join(codes, "、")), at))
		}
	}
	for _, f := range r.Edition.Info {
		op := infoOperand(r, f)
		add(op.Label, r.Info[f.Key].Text, op)
	}
	for _, f := range c.proseFields() {
		add(f.label, r.Prose[f.Key].Text, c.proseOperand(f, ""))
	}
	for _, cell := range r.Edition.Cells() {
		if v := r.Values[cell.Key]; v.Raw != "" {
			add(c.cells[cell.Key].name, v.Raw, c.cell(cell.Key))
		}
	}
	return out
}

// maxListed is how many characters one finding names.
const maxListed = 10
