package check_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
)

// printedWithBlanks is a 2019-edition report typed into the template as a clerk types a
// published report that prints nothing where nothing happened: 859 applications of persons
// and businesses, every other cell of tables 三 and 四 left blank — and two findings that
// matter: the prose says 858 applications, and one more application received than answered.
func printedWithBlanks(t *testing.T) []byte {
	t.Helper()
	r := samplereport.Taicang2020()
	rows := map[string][2]float64{ // 自然人, 商业企业
		"new": {800, 59}, "granted": {700, 50}, "partial": {100, 9}, "total": {800, 59},
	}
	for _, c := range r.Edition.Cells() {
		if c.Table.Number == "二" {
			continue
		}
		r.Values[c.Key] = model.Value{}
		if v, ok := rows[c.Row.Key]; ok {
			switch c.Column.Key {
			case "person":
				r.Values[c.Key] = model.Num(v[0])
			case "business":
				r.Values[c.Key] = model.Num(v[1])
			case "total":
				r.Values[c.Key] = model.Num(v[0] + v[1])
			}
		}
	}
	r.Values["t3.new.person"] = model.Num(801) // 801 received, 800 answered, none carried over
	for _, key := range []string{"t3.new.research", "t3.carried_out.other_org"} {
		r.Values[key] = model.Value{State: model.NotApplicable, Raw: "/"} // as printed: a dash where nothing happened
	}
	r.Prose["overview"] = model.Field{Text: "2020年，本局共收到政府信息公开申请 858 件，均按时答复。"}
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRealReportReadsAsAHandful: the findings a clerk reads fall from over a hundred, one per
// blank cell, to a handful, and the two that matter are among them — while every finding is
// still there, in exactly one group.
func TestRealReportReadsAsAHandful(t *testing.T) {
	r, notes, err := xlsxreader.Decode("上海某局.xlsx", printedWithBlanks(t))
	if err != nil {
		t.Fatal(err)
	}
	fs := append(app.ReaderFindings(notes), check.Check(r, nil)...)
	groups := check.Groups(fs, r)
	if len(fs) <= 100 || len(groups) > 6 {
		var lines []string
		for _, g := range groups {
			lines = append(lines, g.Rule+" "+g.Message)
		}
		t.Errorf("%d findings read as %d groups, want over 100 as at most 6:\n%q", len(fs), len(groups), lines)
	}
	t.Logf("%d findings read as %d groups", len(fs), len(groups))
	// 表三's blank and "/" cells are one line across its computed （七）总计 row, counting
	// only the input cells.
	blank, dash := 0, 0
	for _, f := range fs {
		if loc := f.Left[0].Value.Where; loc.Sheet == "表三" && f.Rule == rule.BlankCell {
			blank++
		} else if loc.Sheet == "表三" && f.Rule == rule.NotApplicable {
			dash++
		}
	}
	var table3 []string
	for _, g := range groups {
		if strings.HasPrefix(g.Place, "表三!") && (g.Rule == rule.BlankCell || g.Rule == rule.NotApplicable) {
			table3 = append(table3, g.Place+" "+g.Message)
		}
	}
	want := fmt.Sprintf("表三!D6:I28 表三 第6–28行 D–I 列共 %d 格未填写或填写了“/”等（其中 2 格填写了“/”等）；没有发生的请填 0", blank+dash)
	if dash != 2 || len(table3) != 1 || table3[0] != want {
		t.Errorf("表三's blank and \"/\" cells (%d and %d) read as\n%q\nwant\n%q", blank, dash, table3, want)
	}
	in := map[int]int{}
	rules := map[string]bool{}
	for _, g := range groups {
		for _, m := range g.Members {
			in[m]++
		}
		rules[g.Rule] = true
	}
	for i, f := range fs {
		if in[i] != 1 {
			t.Errorf("finding %d (%s %s) is in %d groups", i, f.Rule, f.Message, in[i])
		}
	}
	for _, id := range []string{"I1", rule.ProseFigures, rule.BlankCell} {
		if !rules[id] {
			t.Errorf("no %s among the groups", id)
		}
	}
}
