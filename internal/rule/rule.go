// Package rule is the catalogue of the rules that findings name: the identities of the
// editions (I1–I8) and the other checks, each with a stable id, a severity and a title, so
// that JSON consumers, annotations and documentation can refer to them.
//
// It is a leaf below the checks (package check), the readers and the writers: the template
// writer offers the ids of the warnings in its 说明 sheet without importing the checks.
package rule

import (
	"sort"
	"sync"

	"github.com/nianbao/nianbao/template"
)

// Severity says whether a finding blocks publication.
type Severity int

const (
	// Warning is something to look at; the report may be right.
	Warning Severity = iota
	// Error is a report that must not be published as it is.
	Error
	// Hint is what reports usually contain but the national format does not require: shown,
	// never counted as a warning, never in the way of publication.
	Hint
)

// String is the severity as the user reads it.
func (s Severity) String() string {
	switch s {
	case Error:
		return "错误"
	case Hint:
		return "提示"
	}
	return "警告"
}

// Code is the severity in machine-readable output: "error", "warning" or "hint".
func (s Severity) Code() string {
	switch s {
	case Error:
		return "error"
	case Hint:
		return "hint"
	}
	return "warning"
}

// Rule is one entry of the catalogue.
type Rule struct {
	ID       string
	Severity Severity
	Title    string // what the rule checks, in Chinese
}

// Ids of the rules that are not identities of an edition. Identities keep the ids the
// edition gives them (I1–I8).
const (
	BlankCell      = "V1" // an input value cell left blank
	BlankTable     = "V2" // a whole table left blank
	NotApplicable  = "V3" // "/", "-", "无" … in a count cell
	TextValue      = "V4" // text that is not a number in a value cell
	NotWhole       = "V5" // a count with decimals
	YearEdition    = "E1" // the report year and the edition disagree
	InfoMissing    = "B1" // a basic-information field missing or not valid
	ProseMissing   = "P1" // a prose part left empty
	ProblemsThin   = "P2" // 五、存在的主要问题及改进情况 empty, "无" or shorter than a sentence
	ProseFigures   = "C1" // figures in the prose contradict tables 三/四
	ProseYear      = "C2" // the prose names last year as the report year
	FeeUnexplained = "C3" // 六 does not say whether 信息处理费 were charged
	YearSwing      = "Y1" // a key figure more than 5 times (or under a fifth of) last year's
	UnitConverted  = "R1" // an amount in 元 converted to 万元 while reading
	ReadByLabel    = "R2" // a workbook without template marks read by its labels
	NameMoved      = "R3" // a defined name lost or off its label; read by label
	NotFound       = "R4" // a table or field that could not be found in the workbook
	Formula        = "R5" // a formula in an input cell; its cached number was used
	CachedTotal    = "R6" // a 总计 whose cached formula result disagrees with its terms
	TextTooLong    = "R7" // text past the length read from one field
	OutOfRange     = "V6" // a number beyond any count or amount of a report
	Unprintable    = "T1" // characters the PDF cannot print (check.Unprintable)
	FormatControl  = "T2" // bidirectional or invisible format controls in a text (package visible)
	Unfilled       = "U1" // every table and every prose part left empty: the template as received
	AgencyMismatch = "A1" // the report is another agency's than expected (check.Identity)
	YearMismatch   = "A2" // the report is of another year than expected (check.Identity)
)

// rules are the rules that are not identities, in the order of the catalogue.
var rules = []Rule{
	{BlankCell, Warning, "数值单元格未填写（没有发生的请填 0）"},
	{BlankTable, Error, "整张表格未填写（没有发生的事项请填 0）"},
	{NotApplicable, Warning, "数值单元格填写了“/”“-”“无”等，而不是数字（没有发生的请填 0）"},
	{TextValue, Error, "数值单元格填写了无法识别为数字的文字"},
	{NotWhole, Error, "件数应为整数"},
	{YearEdition, Warning, "报告年度与所用格式版本不符"},
	{InfoMissing, Warning, "基本信息未填写完整或填写有误"},
	{ProseMissing, Warning, "正文部分未填写"},
	{ProblemsThin, Warning, "“五、存在的主要问题及改进情况”未填写、只写“无”或不足一句话"},
	{ProseFigures, Warning, "正文中引用的数字与表三、表四不一致"},
	{ProseYear, Warning, "正文或统计期限写的是上一年度，可能沿用了上年年报"},
	// The national format lists no contents for 六 (shared/spec/format.md, 六: practice, not the
	// official text); reports since 2021 usually say there whether they charged 信息处理费
	// under 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号, from 2021年1月1日), "0" included.
	// 表二's 行政事业性收费 are other money (the fees an agency collects in its work).
	{FeeUnexplained, Hint, "“六、其他需要报告的事项”未写明是否收取信息处理费（依《政府信息公开信息处理费管理办法》各地通常在此报告，格式本身未作要求）"},
	{YearSwing, Warning, "主要数字较上年变化超过 5 倍（增或减，且一方不少于 20），请核实或说明原因"},
	{UnitConverted, Warning, "金额以“元”填写，已换算为“万元”"},
	{ReadByLabel, Warning, "工作簿不是本程序生成的模板，已按表格标签识别读取"},
	{NameMoved, Warning, "单元格名称丢失或与标签错位（可能插入或删除了行），已按标签位置读取"},
	{NotFound, Error, "工作簿中找不到应填写的表格或栏目"},
	{Formula, Warning, "数值单元格填写了公式，已按文件中保存的计算结果读取"},
	{CachedTotal, Warning, "总计单元格在文件中保存的结果与各项之和不一致，已按各项之和读取"},
	{TextTooLong, Error, "文字超过长度上限，只读取了前一部分"},
	{OutOfRange, Error, "数值超出合理范围（绝对值大于 10 亿）"},
	{Unprintable, Warning, "文字中有排版字体无法显示的字符，生成 PDF 时会被拒绝"},
	{FormatControl, Warning, "文字中有看不见的格式控制字符（如从右向左显示、零宽字符），可能使文字显示的顺序与实际不同"},
	{Unfilled, Error, "报告未填写：各统计表和正文都是空的"},
	{AgencyMismatch, Error, "工作簿中的机关名称不是本单位"},
	{YearMismatch, Error, "工作簿的报告年度不是本次报送的年度"},
}

var catalogue = sync.OnceValue(func() []Rule {
	out := append([]Rule(nil), rules...)
	seen := map[string]bool{}
	var ids []Rule
	for _, e := range template.Editions() {
		for _, id := range e.Identities {
			if seen[id.ID] {
				continue
			}
			seen[id.ID] = true
			sev := Error
			if id.Plausibility {
				sev = Warning
			}
			ids = append(ids, Rule{ID: id.ID, Severity: sev, Title: id.Text})
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].ID < ids[j].ID })
	return append(ids, out...)
})

// All is the catalogue: the identities of all editions (I1–I8) followed by the other rules.
func All() []Rule { return catalogue() }

// Lookup finds a rule of the catalogue by id.
func Lookup(id string) (Rule, bool) {
	for _, r := range catalogue() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
