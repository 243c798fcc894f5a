package xlsxwriter

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
)

// expr is a formula together with the value it computes to on the workbook as written: the
// live checks are built from exprs, so that the formula a spreadsheet recalculates and the
// value cached in the file for readers that do not recalculate come from one definition.
type expr struct {
	f   string
	v   any  // float64, string or bool
	cmp bool // a comparison, which must be bracketed inside arithmetic
}

func lit(s string) expr { return expr{f: formulaString(s), v: s} }

func (e expr) num() float64 {
	switch v := e.v.(type) {
	case float64:
		return v
	case bool:
		if v {
			return 1
		}
	}
	return 0
}

func (e expr) text() string {
	switch v := e.v.(type) {
	case string:
		return v
	case bool:
		return strings.ToUpper(strconv.FormatBool(v))
	}
	return formatNumber(e.num())
}

func (e expr) truth() bool {
	if b, ok := e.v.(bool); ok {
		return b
	}
	return e.num() != 0
}

// concat joins texts (numbers as the spreadsheet shows them). CONCATENATE rather than long
// "&" chains: every spreadsheet application has it, and excelize's evaluator gets long
// chains wrong.
func concat(parts ...expr) expr {
	fs := make([]string, len(parts))
	var v strings.Builder
	for i, p := range parts {
		fs[i] = p.f
		v.WriteString(p.text())
	}
	if len(parts) == 1 {
		return expr{f: "CONCATENATE(" + fs[0] + ")", v: v.String()}
	}
	return expr{f: "CONCATENATE(" + strings.Join(fs, ",") + ")", v: v.String()}
}

func ifx(cond, then, otherwise expr) expr {
	v := otherwise.v
	if cond.truth() {
		v = then.v
	}
	return expr{f: "IF(" + cond.f + "," + then.f + "," + otherwise.f + ")", v: v}
}

func and(conds ...expr) expr {
	fs := make([]string, len(conds))
	v := true
	for i, c := range conds {
		fs[i] = c.f
		v = v && c.truth()
	}
	return expr{f: "AND(" + strings.Join(fs, ",") + ")", v: v}
}

// op applies an arithmetic or comparison operator; operands are left to the operators'
// precedence except comparisons inside arithmetic, which are bracketed.
func op(a expr, operator string, b expr) expr {
	x, y := a.num(), b.num()
	var v any
	cmp := true
	switch operator {
	case "+":
		v, cmp = x+y, false
	case "-":
		v, cmp = x-y, false
	case "=":
		v = x == y
	case "<>":
		v = x != y
	case ">":
		v = x > y
	}
	bracket := func(e expr) string {
		if e.cmp || !cmp && operator == "-" && strings.ContainsAny(e.f, "+-") {
			return "(" + e.f + ")"
		}
		return e.f
	}
	return expr{bracket(a) + operator + bracket(b), v, cmp}
}

func number(n float64) expr { return expr{f: formatNumber(n), v: n} }

func round6(e expr) expr { return expr{f: "ROUND(" + e.f + ",6)", v: math.Round(e.num()*1e6) / 1e6} }

func abs(e expr) expr { return expr{f: "ABS(" + e.f + ")", v: math.Abs(e.num())} }

// sumOf is the sum of value cells, as SUM adds them: text and blanks count as 0, a 总计 as
// the sum of its terms.
func (b *builder) sumOf(keys []string) expr {
	s := 0.0
	for _, k := range keys {
		s += b.r.Total(k)
	}
	return expr{f: "SUM(" + b.refs(keys, false) + ")", v: s}
}

// inputs lists the input cells behind value cells: a 总计 stands for its terms.
func (b *builder) inputs(keys []string) []string {
	var out []string
	seen := map[string]bool{}
	var add func(string)
	add = func(k string) {
		if terms, computed := b.e.Computed(k); computed {
			for _, t := range terms {
				add(t)
			}
			return
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, k := range keys {
		add(k)
	}
	// Column by column, so that the references come out as a few long ranges.
	slices.SortFunc(out, func(x, y string) int {
		p, q := b.at[x], b.at[y]
		return cmp.Or(cmp.Compare(p.col, q.col), cmp.Compare(p.row, q.row))
	})
	return out
}

// blanksAmong counts the input cells left blank; notNumbersAmong those that hold text;
// numbersAmong those that hold numbers.
func (b *builder) blanksAmong(keys []string) expr {
	return expr{f: strconv.Itoa(len(keys)) + "-COUNTA(" + b.refs(keys, false) + ")", v: b.countState(keys, model.Blank)}
}

func (b *builder) notNumbersAmong(keys []string) expr {
	refs := b.refs(keys, false)
	return expr{f: "COUNTA(" + refs + ")-COUNT(" + refs + ")",
		v: b.countState(keys, model.Text) + b.countState(keys, model.NotApplicable)}
}

func (b *builder) numbersAmong(keys []string) expr {
	return expr{f: "COUNT(" + b.refs(keys, false) + ")", v: b.countState(keys, model.Number)}
}

func (b *builder) countState(keys []string, s model.State) float64 {
	n := 0.0
	for _, k := range keys {
		if b.r.Values[k].State == s {
			n++
		}
	}
	return n
}
