package xlsxwriter

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// Status texts of a check cell. The failure text goes on to name every equation that does
// not add up.
const (
	statusOK   = "✓ 勾稽关系成立"
	failMark   = "✗"
	statusFail = failMark + " 勾稽关系不成立："
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
			for _, term := range append(append([]template.Term(nil), eq.Left...), eq.Right...) {
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

// checks writes, from row on, one check per identity on the table: a row with the rule in
// words and a row with the live status formula. Conditional formats colour the cells of an
// equation that does not hold, and the status cell when it reports a failure.
func (b *builder) checks(t *template.Table, sheet string, row, last int) {
	for _, id := range b.onTable(t) {
		b.box(sheet, 1, row, last, row, "检查："+id.Text, b.st.note)
		b.check(b.f.SetRowHeight(sheet, row, 2*lineHeight+4))
		row++
		b.box(sheet, 1, row, last, row, "", b.st.status)
		status := cellName(1, row)
		b.check(b.f.SetCellFormula(sheet, status, statusFormula(b, id)))
		b.check(b.f.SetRowHeight(sheet, row, 3*lineHeight+4))
		b.check(b.f.SetConditionalFormat(sheet, status, []excelize.ConditionalFormatOptions{{
			Type: "formula", Criteria: "LEFT($A$" + fmt.Sprint(row) + ",1)=" + formulaString(failMark), Format: &b.st.fail}}))
		for _, eq := range id.Equations {
			var cells []string
			for _, term := range append(append([]template.Term(nil), eq.Left...), eq.Right...) {
				cells = append(cells, b.at[term.Key].ref())
			}
			b.check(b.f.SetConditionalFormat(sheet, strings.Join(cells, " "), []excelize.ConditionalFormatOptions{{
				Type: "formula", Criteria: difference(b, eq, true) + "<>0", Format: &b.st.fail}}))
		}
		row += 2
	}
}

// difference is the formula for left minus right of an equation, rounded so that sums of
// decimals compare equal.
func difference(b *builder, eq template.Equation, abs bool) string {
	return "ROUND(" + sum(b, eq.Left, abs) + "-" + sum(b, eq.Right, abs) + ",6)"
}

func sum(b *builder, terms []template.Term, abs bool) string {
	keys := make([]string, len(terms))
	for i, t := range terms {
		keys[i] = t.Key
	}
	return "SUM(" + b.refs(keys, abs) + ")"
}

// statusFormula is "✓ …" when every equation of the identity holds, otherwise the failure
// text followed by, for each equation that fails, its scope, both sides and the difference.
// CONCATENATE rather than long "&" chains: excelize's own evaluator (used by readers that
// compute) gets those wrong, and every spreadsheet application has CONCATENATE.
func statusFormula(b *builder, id template.Identity) string {
	var holds, failures []string
	for _, eq := range id.Equations {
		d := difference(b, eq, false)
		holds = append(holds, d+"=0")
		failures = append(failures, fmt.Sprintf(`IF(%s=0,"",CONCATENATE(%s,"：左边",%s,"，右边",%s,"，相差",ABS(%s),"；"))`,
			d, formulaString(eq.Scope), sum(b, eq.Left, false), sum(b, eq.Right, false), d))
	}
	return fmt.Sprintf(`IF(AND(%s),%s,CONCATENATE(%s,%s))`, strings.Join(holds, ","),
		formulaString(statusOK), formulaString(statusFail), strings.Join(failures, ","))
}

// formulaString is s as a string literal inside a formula.
func formulaString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
