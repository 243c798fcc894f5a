// Package check finds what is wrong in a filled 政府信息公开工作年度报告: tables that do not add
// up (identities I1–I8 of the edition), cells left blank or filled with text, missing basic
// information and prose, prose that contradicts the tables or was copied from last year's
// report. It works on a *model.Report only; reading workbooks is the xlsxreader's job.
//
// Every finding names a rule of the catalogue (package rule) by a stable id, so that JSON
// consumers, annotations and documentation can refer to it.
package check

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/template"
)

// tolerance absorbs floating-point noise in sums of amounts with decimals.
const tolerance = 1e-6

// Check returns the findings on report r: the identities of its edition, the completeness of
// its cells, basic information and prose, and the agreement of its prose with its tables.
// With prev, last year's report (possibly of another edition), the cross-year identities
// and the swings of key figures are checked too. Explanations are not applied: see Explain. Findings come in a fixed order: cells, identities, information, prose.
func Check(r *model.Report, prev *model.Report) []Finding {
	if r == nil || r.Edition == nil {
		return nil
	}
	c := &checker{r: r, prev: prev, cells: cellIndex(r.Edition)}
	if c.unfilled() {
		return c.out
	}
	c.values()
	c.identities()
	c.swings()
	c.info()
	c.prose()
	c.proseFigures()
	c.proseYear()
	c.fees()
	return c.out
}

type checker struct {
	r, prev *model.Report
	cells   map[string]indexedCell
	out     []Finding
}

func (c *checker) add(f Finding) { c.out = append(c.out, f) }

func (c *checker) cell(key string) Operand {
	return CellOperand(c.r.Edition, key, c.r.Values[key])
}

// unfilled is U1: no table has a value and no prose part a word — the template as it was
// received. One error says so, in place of a blank-table error per table and a missing-prose
// warning per part, and nothing else is checked.
func (c *checker) unfilled() bool {
	for _, cell := range c.r.Edition.Cells() {
		if c.r.Values[cell.Key].State != model.Blank && !c.cells[cell.Key].computed {
			return false
		}
	}
	for _, f := range c.proseFields() {
		if c.r.ProseText(f.Key) != "" {
			return false
		}
	}
	if c.r.Source != "" && c.notFound(c.r.Edition.Cells()) {
		return false // no table was found at all: the reader says so (R4)
	}
	tables := c.r.Edition.Tables()
	c.add(New(rule.Unfilled, fmt.Sprintf("报告未填写：%d 张统计表和正文都是空的。请在模板中填写全部统计数字（没有发生的事项填 0）和正文后再上传", len(tables)),
		c.cell(tables[0].Cells()[0].Key)))
	return true
}

// values checks every value cell on its own: filled, a number, of the right kind (I5 is
// about kinds of cells: only 本年增/减 of edition 2019 may be negative).
func (c *checker) values() {
	for _, t := range c.r.Edition.Tables() {
		// A table is left blank when every input is; its 总计 formulas then show 0.
		cells := t.Cells()
		blank := true
		for _, cell := range cells {
			if c.r.Values[cell.Key].State != model.Blank && !c.cells[cell.Key].computed {
				blank = false
			}
		}
		if blank {
			if !c.notFound(cells) {
				c.add(New(rule.BlankTable, fmt.Sprintf("%s整张表未填写；没有发生的事项请填 0", t.Heading), c.cell(cells[0].Key)))
			}
			continue
		}
		for _, cell := range cells {
			c.value(cell)
		}
	}
}

// notFound reports whether the reader could not find a table at all in the workbook it read:
// none of the cells has a location. The reader says so itself (R4); calling the table
// "left blank" would tell the bureau to fill in a table it never received.
func (c *checker) notFound(cells []template.Cell) bool {
	if c.r.Source == "" {
		return false // a report built in code has no locations
	}
	for _, cell := range cells {
		if c.r.Values[cell.Key].Where.Sheet != "" {
			return false
		}
	}
	return true
}

func (c *checker) value(cell template.Cell) {
	v := c.r.Values[cell.Key]
	name := c.cells[cell.Key].name
	switch v.State {
	case model.Blank:
		c.add(New(rule.BlankCell, name+"未填写；没有发生的请填 0", c.cell(cell.Key)))
	case model.NotApplicable:
		c.add(New(rule.NotApplicable, fmt.Sprintf("%s填写了“%s”；没有发生的请填数字 0", name, v.Raw), c.cell(cell.Key)))
	case model.Text:
		c.add(New(rule.TextValue, fmt.Sprintf("%s填写了“%s”，不是数字", name, v.Raw), c.cell(cell.Key)))
	case model.Number:
		if _, computed := c.r.Edition.Computed(cell.Key); computed && c.r.OutOfRange(cell.Key) {
			return // a term beyond the range is reported where it was typed
		}
		if !v.Sane() {
			c.add(New(rule.OutOfRange, fmt.Sprintf("%s为 %s，超出合理范围（绝对值大于 10 亿），请核对", name, formatNumber(v.Number)), c.cell(cell.Key)))
			return
		}
		kind := cell.Kind()
		if id, ok := c.kindIdentity(); ok && v.Number < 0 && !kind.AllowsNegative() {
			c.add(New(id, fmt.Sprintf("%s为 %s，不能小于 0", name, formatNumber(v.Number)), c.cell(cell.Key)))
		}
		if kind.Whole() && v.Number != math.Trunc(v.Number) {
			c.add(New(rule.NotWhole, fmt.Sprintf("%s为 %s，件数应为整数", name, formatNumber(v.Number)), c.cell(cell.Key)))
		}
	}
}

// kindIdentity is the id of the edition's identity about kinds of cells: the one without
// equations (I5).
func (c *checker) kindIdentity() (string, bool) {
	for _, id := range c.r.Edition.Identities {
		if len(id.Equations) == 0 && !id.CrossYear {
			return id.ID, true
		}
	}
	return "", false
}

// identities checks every equation of the edition's identities; cross-year ones only with
// last year's report, and only where last year's edition has the cells.
func (c *checker) identities() {
	for _, id := range c.r.Edition.Identities {
		if id.CrossYear && c.prev == nil {
			continue
		}
		sev := Error
		if id.Plausibility {
			sev = Warning
		}
		for _, eq := range id.Equations {
			if f, ok := c.equation(id, eq); ok {
				f.Severity = sev
				c.add(f)
			}
		}
	}
}

// equation evaluates one equation; it reports a finding when the sides differ. An equation
// with a cell holding text is skipped: V4 already names that cell.
func (c *checker) equation(id template.Identity, eq template.Equation) (Finding, bool) {
	var prevCells map[string]indexedCell
	if c.prev != nil && c.prev.Edition != nil {
		prevCells = cellIndex(c.prev.Edition)
	}
	side := func(terms []template.Term) ([]Operand, []indexedCell, float64, bool) {
		var ops []Operand
		var cells []indexedCell
		sum := 0.0
		for _, t := range terms {
			rep, idx := c.r, c.cells
			if t.Prev {
				rep, idx = c.prev, prevCells
			}
			cell, ok := idx[t.Key]
			if !ok {
				return nil, nil, 0, false
			}
			v := rep.Values[t.Key]
			if v.State == model.Text || rep.OutOfRange(t.Key) {
				return nil, nil, 0, false // V4 or V6 names the cell
			}
			op := CellOperand(rep.Edition, t.Key, v)
			op.Prev = t.Prev
			ops = append(ops, op)
			cells = append(cells, cell)
			sum += v.Number
		}
		return ops, cells, sum, true
	}
	left, lc, ls, ok1 := side(eq.Left)
	right, rc, rs, ok2 := side(eq.Right)
	if !ok1 || !ok2 || math.Abs(ls-rs) <= tolerance {
		return Finding{}, false
	}
	all := append(append([]indexedCell(nil), lc...), rc...)
	byColumn := sameRow(all)
	phrase := func(ops []Operand, cells []indexedCell, sum float64) string {
		var parts []string
		omitted := false
		for i, op := range ops {
			if len(ops) > 4 && op.Value.Number == 0 {
				omitted = true
				continue
			}
			label := cells[i].shortRow
			if byColumn {
				label = cells[i].shortCol
			}
			if op.Prev {
				label = "上年" + label
			}
			parts = append(parts, fmt.Sprintf("%s(%s)", label, shown(op.Value)))
		}
		s := strings.Join(parts, " + ")
		if omitted {
			if s == "" {
				s = "各项"
			}
			s += "（其余各项为 0）"
		}
		if len(ops) > 1 {
			s += " = " + formatNumber(sum)
		}
		return s
	}
	msg := fmt.Sprintf("表%s %s：%s，但%s，相差 %s", all[0].Table.Number, eq.Scope,
		phrase(left, lc, ls), phrase(right, rc, rs), formatNumber(math.Abs(ls-rs)))
	return Finding{Rule: id.ID, Message: msg, Left: left, Right: right, Difference: ls - rs, Compared: true}, true
}

// sameRow reports whether all cells lie in one row, so that a sentence names their columns.
func sameRow(cells []indexedCell) bool {
	for _, c := range cells[1:] {
		if c.shortRow != cells[0].shortRow {
			return false
		}
	}
	return true
}

func infoOperand(r *model.Report, f template.InfoField) Operand {
	v := r.Info[f.Key]
	return Operand{Key: "info." + f.Key, Label: "基本信息「" + f.Label + "」",
		Value: model.Value{State: model.Text, Raw: strings.TrimSpace(v.Text), Where: v.Where}}
}

// info checks that the basic facts are there and well-formed, and that the report year
// and the edition agree.
func (c *checker) info() {
	for _, f := range c.r.Edition.Info {
		text := c.r.InfoText(f.Key)
		op := infoOperand(c.r, f)
		switch {
		case text == "" && !f.Optional:
			c.add(New(rule.InfoMissing, op.Label+"未填写", op))
		case text == "":
		case f.Kind == template.Year && !validYear(text):
			c.add(New(rule.InfoMissing, fmt.Sprintf("%s应为四位数字年份，现为“%s”", op.Label, text), op))
		case f.Kind == template.Choice && !contains(f.Choices, text):
			c.add(New(rule.InfoMissing, fmt.Sprintf("%s应为“%s”之一，现为“%s”", op.Label, strings.Join(f.Choices, "”或“"), text), op))
		case f.Kind == template.Year:
			c.yearEdition(op)
		}
	}
}

func validYear(s string) bool {
	y, err := strconv.Atoi(s)
	return err == nil && len(s) == 4 && y >= 2000 && y <= 2999
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// yearEdition warns when the report year is not one the edition applies to.
func (c *checker) yearEdition(year Operand) {
	y := c.r.Year()
	e := c.r.Edition
	if e.AppliesTo(y) {
		return
	}
	want := "没有适用的格式版本"
	if right, err := template.ForYear(y); err == nil {
		want = fmt.Sprintf("应使用%s年版格式（%s）", right.ID, right.Issuer)
	}
	c.add(New(rule.YearEdition, fmt.Sprintf("报告年度为%d年，%s，但本工作簿使用的是%s年版格式（%s）", y, want, e.ID, e.Issuer), year))
}

// proseField is one prose field with the heading that names it in messages.
type proseField struct {
	template.ProseField
	part  template.Part
	label string
}

func (c *checker) proseFields() []proseField {
	var out []proseField
	for _, p := range c.r.Edition.Parts {
		for _, f := range p.Prose {
			out = append(out, proseField{ProseField: f, part: p, label: "正文「" + p.Heading + f.Heading + "」"})
		}
	}
	return out
}

func (c *checker) proseOperand(f proseField, quoted string) Operand {
	v := c.r.Prose[f.Key]
	if quoted == "" {
		quoted = strings.TrimSpace(v.Text)
	}
	return Operand{Key: "prose." + f.Key, Label: f.label, Value: model.Value{State: model.Text, Raw: quoted, Where: v.Where}}
}

// prose checks that every part that must be written is. Part 五 has a rule of its own (P2):
// "无" is no answer to it.
func (c *checker) prose() {
	for _, f := range c.proseFields() {
		if f.part.Number == c.r.Edition.Refs.ProblemsPart {
			c.problems(f)
			continue
		}
		if !f.Optional && c.r.ProseText(f.Key) == "" {
			c.add(New(rule.ProseMissing, f.label+"未填写；没有需要报告的事项请填写“无”", c.proseOperand(f, "")))
		}
	}
}

// minProblems is the length, in characters other than spaces and punctuation, below which
// part 五 is not a real sentence about a problem and its remedy.
const minProblems = 30

// problems is P2: reviewers treat an empty part 五, a "无" or a phrase as non-compliant,
// since the format asks every agency for its main problems and what it does about them.
func (c *checker) problems(f proseField) {
	text := c.r.ProseText(f.Key)
	n := 0
	for _, r := range text {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) {
			n++
		}
	}
	const asked = "格式要求如实写明本年度政府信息公开工作存在的主要问题和改进措施，请具体填写"
	var msg string
	switch {
	case n == 0:
		msg = f.label + "未填写；" + asked
	case n < minProblems:
		msg = fmt.Sprintf("%s只写了“%s”，不足一句完整的话；%s", f.label, text, asked)
	default:
		return
	}
	c.add(New(rule.ProblemsThin, msg, c.proseOperand(f, "")))
}
