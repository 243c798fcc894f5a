package check

import (
	"fmt"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/template"
)

// blankAt is a V1 finding about one cell.
func blankAt(sheet, cell string) Finding {
	return New(rule.BlankCell, cell+"未填写", Operand{Key: "t3." + cell, Label: cell,
		Value: model.Value{Where: model.Location{Sheet: sheet, Cell: cell}}})
}

// findingAt is a finding of rule id about one cell.
func findingAt(id, sheet, cell string) Finding {
	return New(id, cell+"……", Operand{Key: "t3." + cell, Label: cell,
		Value: model.Value{Where: model.Location{Sheet: sheet, Cell: cell}}})
}

func TestGroups(t *testing.T) {
	var fs []Finding
	fs = append(fs, New("I1", "表三 自然人列：…", Operand{Key: "t3.new.person"}))
	for row := 7; row <= 9; row++ {
		for _, col := range "DEF" {
			fs = append(fs, blankAt("表三", fmt.Sprintf("%c%d", col, row)))
		}
	}
	fs[5] = findingAt(rule.NotApplicable, "表三", "E8")                                                     // "/" among the blanks
	fs = append(fs, blankAt("表三", "G12"))                                                                 // a run of its own
	fs = append(fs, blankAt("表四", "B5"), blankAt("表四", "C5"))                                             // another sheet
	fs = append(fs, findingAt(rule.TextValue, "表三", "G7"))                                                // another rule
	fs = append(fs, findingAt(rule.NotApplicable, "表二", "C5"), findingAt(rule.NotApplicable, "表二", "C6")) // only "/"
	fs = append(fs, New(rule.InfoMissing, "基本信息「机关名称」未填写", Operand{Key: "info.agency"}))                  // not a cell

	gs := Groups(fs, nil)
	var got []string
	seen := map[int]int{}
	for _, g := range gs {
		got = append(got, g.Rule+" "+g.Place+" "+g.Message)
		for _, m := range g.Members {
			seen[m]++
		}
	}
	want := []string{
		"I1  表三 自然人列：…",
		"V1 表三!D7:F9 表三 第7–9行 D–F 列共 9 格未填写或填写了“/”等（其中 1 格填写了“/”等）；没有发生的请填 0",
		"V1 表三!G12 G12未填写",
		"V1 表四!B5:C5 表四 第5行 B–C 列共 2 格未填写；没有发生的请填 0",
		"V4 表三!G7 G7……",
		"V3 表二!C5:C6 表二 第5–6行 C 列共 2 格填写了“/”“-”“无”等而不是数字；没有发生的请填 0",
		"B1  基本信息「机关名称」未填写",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("groups\n%q\nwant\n%q", got, want)
	}
	for i := range fs {
		if seen[i] != 1 {
			t.Errorf("finding %d is in %d groups", i, seen[i])
		}
	}
}

// TestGroupsAcrossComputedRows: a run goes on across rows of the workbook that hold no input
// cell — a computed total, a heading — and stops at a row with input cells filled in.
func TestGroupsAcrossComputedRows(t *testing.T) {
	r := model.New(template.Edition2021)
	var inputs []string
	for _, c := range template.Edition2021.Cells() {
		if _, computed := template.Edition2021.Computed(c.Key); !computed && c.Table.Number == "三" {
			inputs = append(inputs, c.Key)
		}
	}
	at := func(key, cell string) {
		r.Values[key] = model.Value{Where: model.Location{Sheet: "表三", Cell: cell}}
	}
	at(inputs[0], "D7")
	at(inputs[1], "D9")
	at(inputs[2], "D11")
	at("t3.new.total", "D10") // a computed total on row 10: not an input
	blanks := []Finding{blankAt("表三", "D7"), blankAt("表三", "D9"), blankAt("表三", "D11")}
	describe := func(gs []Group) (out []string) {
		for _, g := range gs {
			out = append(out, g.Place+" "+g.Message)
		}
		return out
	}
	got := describe(Groups(blanks, r))
	want := []string{"表三!D7:D11 表三 第7–11行 D 列共 3 格未填写；没有发生的请填 0"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("across rows without inputs:\n%q\nwant\n%q", got, want)
	}
	at(inputs[3], "E10") // an input on row 10, filled in
	got = describe(Groups(blanks, r))
	want = []string{"表三!D7:D9 表三 第7–9行 D 列共 2 格未填写；没有发生的请填 0", "表三!D11 D11未填写"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("across a row with inputs:\n%q\nwant\n%q", got, want)
	}
	if got := describe(Groups(blanks, nil)); len(got) != 3 {
		t.Errorf("without the workbook's rows: %q, want three groups", got)
	}
}

func TestGroupsKeepExplainedApart(t *testing.T) {
	fs := []Finding{blankAt("表三", "D7"), blankAt("表三", "D8"), blankAt("表三", "D9")}
	fs[2].Explanation = "本年无此类申请"
	gs := Groups(fs, nil)
	if len(gs) != 2 || gs[0].Explained() || len(gs[0].Members) != 2 || !gs[1].Explained() {
		t.Errorf("groups %+v", gs)
	}
}

func TestExplain(t *testing.T) {
	swing := New(rule.YearSwing, "…", Operand{Key: "t3.new.total", Value: model.Value{Where: model.Location{Sheet: "表三", Cell: "J7"}}})
	swing.Right = []Operand{{Key: "t3.new.total", Prev: true, Value: model.Value{Where: model.Location{Sheet: "表三", Cell: "D7"}}}}
	identity := New("I1", "…", Operand{Key: "t3.new.person", Value: model.Value{Where: model.Location{Sheet: "表三", Cell: "D7"}}})
	for _, tc := range []struct {
		name string
		f    Finding
		ex   model.Explanation
		want bool
	}{
		{"cell", swing, model.Explanation{Rule: "Y1", Place: "表三!J7", Text: "本年开展专项清理，申请集中"}, true},
		{"lower-case rule, sheet quoted", swing, model.Explanation{Rule: "y1", Place: "'表三'!$J$7", Text: "原因"}, true},
		{"range", blankAt("表三", "E8"), model.Explanation{Rule: "V1", Place: "表三!D7:I28", Text: "未发生"}, true},
		{"a \"/\" cell of a group of blanks", findingAt(rule.NotApplicable, "表三", "E8"), model.Explanation{Rule: "V1", Place: "表三!D7:I28", Text: "未发生"}, true},
		{"another warning in a range of blanks", findingAt(rule.BlankTable, "表三", "E8"), model.Explanation{Rule: "V1", Place: "表三!D7:I28", Text: "未发生"}, false},
		{"key", swing, model.Explanation{Rule: "Y1", Place: "t3.new.total", Text: "原因"}, true},
		{"cell without sheet", swing, model.Explanation{Rule: "Y1", Place: "J7", Text: "原因"}, true},
		{"other rule", swing, model.Explanation{Rule: "V1", Place: "表三!J7", Text: "原因"}, false},
		{"other cell", swing, model.Explanation{Rule: "Y1", Place: "表三!J8", Text: "原因"}, false},
		{"other sheet", swing, model.Explanation{Rule: "Y1", Place: "表四!J7", Text: "原因"}, false},
		{"last year's cell", swing, model.Explanation{Rule: "Y1", Place: "表三!D7", Text: "原因"}, false},
		{"no text", swing, model.Explanation{Rule: "Y1", Place: "表三!J7", Text: " "}, false},
		{"an error", identity, model.Explanation{Rule: "I1", Place: "表三!D7", Text: "我们认为是对的"}, false},
	} {
		got := Explain([]Finding{tc.f}, []model.Explanation{tc.ex})[0]
		if got.Explained() != tc.want {
			t.Errorf("%s: explained %v, want %v", tc.name, got.Explained(), tc.want)
		}
	}
}
