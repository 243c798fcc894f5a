package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
)

// saveLastYear writes a report as last year's workbook of its agency in dir.
func saveLastYear(t *testing.T, dir, name string, r *model.Report) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, workbookData(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCarryOver(t *testing.T) {
	// 2019 edition to 2019 edition: 二、上年结转 and 上一年项目数量.
	prev := samplereport.Taicang2020()
	prev.Values["t3.carried_out.person"] = model.Num(2)
	prev.Values["t3.carried_out.total"] = model.Num(2)
	prev.Values["t2.licensing.prev_items"] = model.Num(40)
	prev.Values["t2.licensing.change"] = model.Num(-3)
	r, note := TemplateReport(template.Edition2019, "太仓市科学技术局", 2020, LastYearOf(prev))
	if !strings.HasPrefix(note, "未带入上年数据：上年工作簿的报告年度是2020年") {
		t.Errorf("same year: note %q", note) // last year must be the year before
	}
	r, note = TemplateReport(template.Edition2019, "太仓市科学技术局", 2021, LastYearOf(prev))
	want := map[string]float64{"t3.carried_in.person": 2, "t3.carried_in.total": 2, "t3.carried_in.business": 0,
		"t2.licensing.prev_items": 37}
	for k, v := range want {
		if got := r.Values[k]; got.State != model.Number || got.Number != v || r.Carried[k] == "" {
			t.Errorf("%s: %+v (carried %q), want %v", k, got, r.Carried[k], v)
		}
	}
	if len(r.Carried) != 7+5 { // seven columns of 表三 (总计 too), five rows of 表二 with 上一年项目数量
		t.Errorf("%d cells carried over: %v", len(r.Carried), r.Carried)
	}
	if !strings.HasPrefix(note, "已从上年工作簿带入 11 个上年结转数") {
		t.Errorf("note %q", note)
	}
	// The carried-over figures pass the cross-year checks against last year's report.
	for _, f := range check.Check(r, prev) {
		if f.Rule == "I6" || f.Rule == "I7" {
			t.Errorf("carried over, yet %s: %s", f.Rule, f.Message)
		}
	}

	// Another agency's report carries nothing over.
	if _, note := TemplateReport(template.Edition2019, "太仓市教育局", 2021, LastYearOf(prev)); !strings.Contains(note, "上年工作簿是太仓市科学技术局的") {
		t.Errorf("another agency: note %q", note)
	}
	// 2019 edition to 2021 edition: only 表三 (现行有效件数 needs this year's figures).
	r, _ = TemplateReport(template.Edition2021, "太仓市科学技术局", 2021, LastYearOf(prev))
	for k := range r.Carried {
		if !strings.HasPrefix(k, "t3.carried_in.") {
			t.Errorf("carried over into %s", k)
		}
	}
}

func TestReadLastYearDirectory(t *testing.T) {
	dir := t.TempDir()
	a := samplereport.Example2021()
	a.SetYear(2024)
	a.Info["agency"] = model.Field{Text: "示例市 生态环境局"}
	path := saveLastYear(t, dir, "甲.xlsx", a)
	if err := os.WriteFile(filepath.Join(dir, "坏.xlsx"), []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	last, err := ReadLastYear(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(last.Notes) != 1 || !strings.Contains(last.Notes[0], "坏.xlsx") {
		t.Errorf("notes %q", last.Notes)
	}
	// Matched by name, spaces aside.
	prev, why := last.For("示例市生态环境局")
	if prev == nil || why != "" || prev.Source != path {
		t.Fatalf("For: %v %q", prev, why)
	}
	if prev, why := last.For("示例市教育局"); prev != nil || !strings.Contains(why, "没有示例市教育局的工作簿或年报") {
		t.Errorf("another agency: %v %q", prev, why)
	}
	// The carry-over note names last year's file and cell.
	r, _ := TemplateReport(template.Edition2021, "示例市生态环境局", 2025, last)
	if got := r.Carried["t3.carried_in.person"]; !strings.Contains(got, "“甲.xlsx”表三!") {
		t.Errorf("carried note %q", got)
	}
	// And the cross-year checks find last year's report by agency: a swing is noticed.
	cur := samplereport.Example2021()
	cur.Values["t4.review_upheld"] = model.Num(200)
	cur.Values["t4.review_total"] = model.Num(202)
	in := Inspect(context.Background(), "乙.xlsx", workbookData(t, cur), last)
	if in.Note != "" {
		t.Errorf("note %q", in.Note)
	}
	swing := false
	for _, f := range in.Findings {
		swing = swing || f.Rule == rule.YearSwing
	}
	if !swing {
		t.Errorf("no Y1 against last year's directory: %v", in.Findings)
	}
	if _, _, err := xlsxreader.Read(path); err != nil {
		t.Fatal(err)
	}
}

// TestStatusRowQuotesExplanations: the overview counts an explained warning apart from the
// open ones and quotes its explanation.
func TestStatusRowQuotesExplanations(t *testing.T) {
	r := samplereport.Example2021()
	delete(r.Values, "t4.review_other")
	in := Inspect(context.Background(), "某局.xlsx", workbookData(t, r), nil)
	if row := workbookRow("某局.xlsx", in); row.Warnings != 1 || row.State != check.Warnings.String() {
		t.Fatalf("open: %+v", row)
	}
	for i := range in.Findings {
		in.Findings[i].Explanation = "本年无此类复议结果"
	}
	in.Groups = check.Groups(in.Findings, in.Report)
	row := workbookRow("某局.xlsx", in)
	if row.Warnings != 0 || row.State != check.Pass.String() || !strings.HasPrefix(row.Note, "1 个警告已说明（V1 表四!") ||
		!strings.HasSuffix(row.Note, "：本年无此类复议结果）") {
		t.Errorf("explained: %+v", row)
	}
}
