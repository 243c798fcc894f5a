package xlsxwriter

import (
	"strings"

	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// Marks that open a status text: √ all filled in and every identity holds, × an identity
// does not hold, ○ cells still blank or not numbers. √ and × are what Chinese forms use, and
// are in GBK and in 宋体 (✓ and ✗ are not).
const (
	markOK      = "√"
	markFail    = "×"
	markPending = "○"
)

// onTable lists the identities that can be checked inside table t: every term of every
// equation is a cell of this year's t.
func (b *builder) onTable(t *template.Table) []template.Identity {
	var out []template.Identity
	for _, id := range b.e.Identities {
		if id.CrossYear || len(id.Equations) == 0 {
			continue
		}
		inside := true
		for _, eq := range id.Equations {
			for _, term := range terms(eq) {
				if c, ok := b.cells[term.Key]; !ok || c.Table != t || term.Prev {
					inside = false
				}
			}
		}
		if inside {
			out = append(out, id)
		}
	}
	return out
}

func terms(eq template.Equation) []template.Term {
	return append(append([]template.Term(nil), eq.Left...), eq.Right...)
}

// checks writes, from row on, one check per identity on the table: a row with the rule in
// words and a row with the live status. Conditional formats colour the cells of an equation
// that does not hold, and the status cell by its mark. It returns the status of each check.
func (b *builder) checks(t *template.Table, sheet string, row, last int) []expr {
	var out []expr
	for _, id := range b.onTable(t) {
		b.box(sheet, 1, row, last, row, "检查："+id.Text, b.st.note)
		b.check(b.f.SetRowHeight(sheet, row, 2*lineHeight+4))
		row++
		at := place{sheet: sheet, col: 1, row: row}
		b.box(sheet, 1, row, last, row, "", b.st.status)
		status := b.identityStatus(id)
		b.formula(at, status)
		out = append(out, expr{f: at.ref(), v: status.v})
		b.check(b.f.SetRowHeight(sheet, row, 3*lineHeight+4))
		b.markStatus(at)
		for _, eq := range id.Equations {
			var cells []string
			for _, term := range terms(eq) {
				cells = append(cells, b.at[term.Key].ref())
			}
			b.check(b.f.SetConditionalFormat(sheet, strings.Join(cells, " "), []excelize.ConditionalFormatOptions{{
				Type: "formula", Criteria: difference(b, eq, true).f + "<>0", Format: &b.st.fail}}))
		}
		row += 2
	}
	return out
}

// markStatus colours a status cell by its mark: red for ×, amber for ○.
func (b *builder) markStatus(at place) {
	cond := func(mark string, style *int) excelize.ConditionalFormatOptions {
		return excelize.ConditionalFormatOptions{Type: "formula",
			Criteria: "LEFT(" + at.absRef() + ",1)=" + formulaString(mark), Format: style}
	}
	b.check(b.f.SetConditionalFormat(at.sheet, at.ref(), []excelize.ConditionalFormatOptions{
		cond(markFail, &b.st.fail), cond(markPending, &b.st.pending)}))
}

// difference is left minus right of an equation, rounded so that sums of decimals compare
// equal.
func difference(b *builder, eq template.Equation, abs bool) expr {
	d := round6(op(b.sumOfTerms(eq.Left), "-", b.sumOfTerms(eq.Right)))
	if abs {
		// For conditional formats, which Excel evaluates relative to the first cell.
		d.f = "ROUND(SUM(" + b.refs(keysOf(eq.Left), true) + ")-SUM(" + b.refs(keysOf(eq.Right), true) + "),6)"
	}
	return d
}

func keysOf(ts []template.Term) []string {
	keys := make([]string, len(ts))
	for i, t := range ts {
		keys[i] = t.Key
	}
	return keys
}

func (b *builder) sumOfTerms(ts []template.Term) expr { return b.sumOf(keysOf(ts)) }

// completeness says how many of the input cells are blank and how many hold text, e.g.
// 尚有 148 格未填写；2 格不是数字；.
func (b *builder) completeness(inputs []string) expr {
	blanks, texts := b.blanksAmong(inputs), b.notNumbersAmong(inputs)
	return concat(
		ifx(op(blanks, ">", number(0)), concat(lit("尚有 "), blanks, lit(" 格未填写；")), lit("")),
		ifx(op(texts, ">", number(0)), concat(texts, lit(" 格不是数字；")), lit("")))
}

// allNumbers is whether every input cell holds a number.
func (b *builder) allNumbers(inputs []string) expr {
	return op(b.numbersAmong(inputs), "=", number(float64(len(inputs))))
}

// identityStatus is the live status of one identity: √ when every cell holds a number and
// it holds; ○ when it holds so far but cells are blank or not numbers (counted in the
// table's status line); × when it does not hold, with, for each equation that fails, its
// scope, both sides and the difference.
func (b *builder) identityStatus(id template.Identity) expr {
	var keys []string
	var holds, failures []expr
	for _, eq := range id.Equations {
		keys = append(keys, keysOf(terms(eq))...)
		d := difference(b, eq, false)
		holds = append(holds, op(d, "=", number(0)))
		failures = append(failures, ifx(op(d, "=", number(0)), lit(""), concat(lit(eq.Scope+"：左边"),
			b.sumOfTerms(eq.Left), lit("，右边"), b.sumOfTerms(eq.Right), lit("，相差"), abs(d), lit("；"))))
	}
	return ifx(and(holds...),
		ifx(b.allNumbers(b.inputs(keys)), lit(markOK+" 勾稽关系成立"),
			lit(markPending+" 已填写部分勾稽关系成立；尚有格未填写或不是数字，见表上方的填写情况")),
		concat(append([]expr{lit(markFail + " 勾稽关系不成立：")}, failures...)...))
}

// tableStatus is the one-line status of a table sheet: blank and non-number cells of the
// whole table, and how many of its checks fail.
func (b *builder) tableStatus(t *template.Table, checks []expr) expr {
	var inputs []string
	for _, c := range t.Cells() {
		if _, computed := b.e.Computed(c.Key); !computed {
			inputs = append(inputs, c.Key)
		}
	}
	filled, complete := b.completeness(inputs), b.allNumbers(inputs)
	fails := number(0)
	for _, c := range checks {
		isFail := expr{f: "LEFT(" + c.f + ",1)=" + formulaString(markFail), v: strings.HasPrefix(c.text(), markFail), cmp: true}
		fails = op(fails, "+", isFail)
	}
	ok := op(fails, "=", number(0))
	verdict := lit("")
	if len(checks) > 0 {
		verdict = ifx(ok, lit("勾稽关系成立"), concat(lit("勾稽关系 "), fails, lit(" 项不成立，见表下方“检查”栏")))
	}
	if len(checks) == 0 {
		verdict = ifx(complete, lit("已填写完整"), lit("请填写数字，没有的填0"))
	}
	return concat(ifx(ok, ifx(complete, lit(markOK+" "), lit(markPending+" ")), lit(markFail+" ")),
		lit("表"+t.Number+"："), filled, verdict)
}

// formulaString is s as a string literal inside a formula.
func formulaString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
