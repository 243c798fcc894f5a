package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/xuri/excelize/v2"
)

// Group is what a clerk reads as one finding: a finding on its own, or the findings of one
// rule on single cells of one sheet in a run of rows — a report printed with blank cells
// where nothing happened gives one line, 表三 第7–28行 D–I 列共 113 格未填写, instead of 113.
// Blank cells and cells filled with "/" share a group: both ask for the same correction.
type Group struct {
	Rule     string
	Severity Severity
	Message  string
	// Place is the cell or range of cells the group is about (表三!D7:I28); "" when its
	// findings name no cell of the workbook.
	Place string
	// Members are the indexes of the grouped findings in the slice given to Groups.
	Members []int
	// Explanation is the bureau's explanation, shared by every member.
	Explanation string
}

// Explained reports whether the group is an explained warning.
func (g Group) Explained() bool { return g.Explanation != "" }

// groupedPhrases say what is wrong with every cell of a group, after 共 N 格; a rule not
// listed is described by its title.
var groupedPhrases = map[string]string{
	rule.BlankCell:     "未填写；没有发生的请填 0",
	rule.NotApplicable: "填写了“/”“-”“无”等而不是数字；没有发生的请填 0",
	rule.TextValue:     "填写了文字，不是数字",
	rule.NotWhole:      "不是整数；件数应为整数",
	rule.UnitConverted: "以“元”填写，已换算为“万元”",
}

// groupedWith gives the rule whose group a rule's findings join: cells filled with "/" join
// the blank cells, so that a table printed with blanks and dashes reads as one line per run.
var groupedWith = map[string]string{rule.NotApplicable: rule.BlankCell}

// family is the rule a finding of rule id is grouped under.
func family(id string) string {
	if g, ok := groupedWith[id]; ok {
		return g
	}
	return id
}

// Groups groups findings for reading, in the order of their first members; findings keep
// their order inside a group. Every finding is in exactly one group. A run of rows goes on
// across rows of r's workbook that hold no input cell (a computed （七）总计, a heading), so
// that a table left blank around its totals is one run; with r nil, only consecutive rows
// form a run.
func Groups(findings []Finding, r *model.Report) []Group {
	type key struct{ rule, sheet, explanation string }
	type member struct {
		index, col, row int
	}
	inputs := inputRows(r)
	runs := map[key][]member{}
	var order []key
	var groups []Group
	for i, f := range findings {
		col, row, ok := singleCell(f)
		if !ok {
			groups = append(groups, single(f, i))
			continue
		}
		k := key{family(f.Rule), f.Left[0].Value.Where.Sheet, f.Explanation}
		if runs[k] == nil {
			order = append(order, k)
		}
		runs[k] = append(runs[k], member{i, col, row})
	}
	for _, k := range order {
		ms := runs[k]
		slices.SortStableFunc(ms, func(a, b member) int {
			if a.row != b.row {
				return a.row - b.row
			}
			return a.col - b.col
		})
		for start := 0; start < len(ms); {
			end := start + 1
			for end < len(ms) && !inputs.between(k.sheet, ms[end-1].row, ms[end].row) {
				end++
			}
			run := ms[start:end]
			start = end
			if len(run) == 1 {
				groups = append(groups, single(findings[run[0].index], run[0].index))
				continue
			}
			g := Group{Rule: k.rule, Severity: findings[run[0].index].Severity, Explanation: k.explanation}
			c1, c2 := run[0].col, run[0].col
			rules := map[string]int{}
			for _, m := range run {
				g.Members = append(g.Members, m.index)
				c1, c2 = min(c1, m.col), max(c2, m.col)
				rules[findings[m.index].Rule]++
			}
			if len(rules) == 1 {
				g.Rule = findings[run[0].index].Rule
			}
			slices.Sort(g.Members)
			r1, r2 := run[0].row, run[len(run)-1].row
			from, _ := excelize.CoordinatesToCellName(c1, r1)
			to, _ := excelize.CoordinatesToCellName(c2, r2)
			g.Place = k.sheet + "!" + from + ":" + to
			phrase := groupedPhrase(rules)
			g.Message = fmt.Sprintf("%s %s %s列共 %d 格%s", k.sheet, span("第", r1, r2, "行"),
				columnSpan(c1, c2), len(run), phrase)
			groups = append(groups, g)
		}
	}
	slices.SortStableFunc(groups, func(a, b Group) int { return a.Members[0] - b.Members[0] })
	return groups
}

// groupedPhrase says what is wrong with the cells of a group, after 共 N 格, from the number
// of its members of each rule: one rule's phrase, or for blank and "/" cells together how
// many of each.
func groupedPhrase(rules map[string]int) string {
	if len(rules) == 1 {
		for id := range rules {
			if phrase, ok := groupedPhrases[id]; ok {
				return phrase
			}
			r, _ := rule.Lookup(id)
			return "：" + r.Title
		}
	}
	return fmt.Sprintf("未填写或填写了“/”等（其中 %d 格填写了“/”等）；没有发生的请填 0", rules[rule.NotApplicable])
}

// rowSet holds, by sheet, the rows of a workbook that hold input cells.
type rowSet map[string]map[int]bool

// inputRows are the rows holding input cells of r's tables, where r was read from.
func inputRows(r *model.Report) rowSet {
	rows := rowSet{}
	if r == nil || r.Edition == nil {
		return rows
	}
	for _, c := range r.Edition.Cells() {
		w := r.Values[c.Key].Where
		if _, computed := r.Edition.Computed(c.Key); computed || w.Sheet == "" || w.Cell == "" {
			continue
		}
		if _, row, err := excelize.CellNameToCoordinates(w.Cell); err == nil {
			if rows[w.Sheet] == nil {
				rows[w.Sheet] = map[int]bool{}
			}
			rows[w.Sheet][row] = true
		}
	}
	return rows
}

// between reports whether a row strictly between from and to holds input cells of the sheet,
// so that findings on from and to are not one run. A sheet of unknown rows has input cells
// on every row.
func (s rowSet) between(sheet string, from, to int) bool {
	rows, known := s[sheet]
	for row := from + 1; row < to; row++ {
		if !known || rows[row] {
			return true
		}
	}
	return false
}

// single is the group of one finding.
func single(f Finding, i int) Group {
	g := Group{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Members: []int{i}, Explanation: f.Explanation}
	for _, o := range f.Operands() {
		if w := o.Value.Where; !o.Prev && w.Sheet != "" && w.Cell != "" {
			g.Place = w.Sheet + "!" + w.Cell
			break
		}
	}
	return g
}

// singleCell gives the column and row of a finding about one table cell of this year's
// workbook; other findings are not grouped.
func singleCell(f Finding) (col, row int, ok bool) {
	if len(f.Left) != 1 || len(f.Right) != 0 {
		return 0, 0, false
	}
	o := f.Left[0]
	w := o.Value.Where
	if o.Prev || w.Sheet == "" || w.Cell == "" || strings.HasPrefix(o.Key, "info.") || strings.HasPrefix(o.Key, "prose.") {
		return 0, 0, false
	}
	col, row, err := excelize.CellNameToCoordinates(w.Cell)
	return col, row, err == nil
}

// span is 第7–28行, or 第7行 for one.
func span(prefix string, from, to int, suffix string) string {
	if from == to {
		return fmt.Sprintf("%s%d%s", prefix, from, suffix)
	}
	return fmt.Sprintf("%s%d–%d%s", prefix, from, to, suffix)
}

// columnSpan is D–I , or D  for one column.
func columnSpan(from, to int) string {
	a, _ := excelize.ColumnNumberToName(from)
	if from == to {
		return a + " "
	}
	b, _ := excelize.ColumnNumberToName(to)
	return a + "–" + b + " "
}

// Places lists the cells a group is about: those of its one finding (see Finding.Places),
// or the range of its cells. findings is the slice the group was made from.
func (g Group) Places(findings []Finding) []string {
	if len(g.Members) == 1 {
		return findings[g.Members[0]].Places()
	}
	if g.Place == "" {
		return nil
	}
	return []string{g.Place}
}
