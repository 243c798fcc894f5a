package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/xuri/excelize/v2"
)

// lastYearDesk is last year's directory of two bureaus' 2024 workbooks (2021 edition), which
// carried out what their 2025 workbooks (Example2021As) carry in.
func lastYearDesk(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "2024")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, agency := range []string{"甲局", "乙局"} {
		r := samplereport.Example2021As(agency, float64(i+1))
		r.SetYear(2024)
		for _, c := range r.Edition.Cells() {
			if c.Row.Key == "carried_out" {
				r.Values[c.Key] = r.Values["t3.carried_in."+c.Column.Key]
			}
		}
		saveReport(t, filepath.Join(dir, agency+".xlsx"), r)
	}
	return dir
}

// TestTemplateCarriesOver: template --prev prefills 二、上年结转 from last year's workbook of
// the same agency, one file or a batch matched by name, and marks the cells with a comment.
func TestTemplateCarriesOver(t *testing.T) {
	last := lastYearDesk(t)
	out := filepath.Join(t.TempDir(), "甲局2025.xlsx")
	code, stdout, stderr := runCLI(t, "template", "--year", "2025", "--agency", "甲局", "--prev", filepath.Join(last, "甲局.xlsx"), "-o", out)
	if code != 0 || !strings.Contains(stdout, "已从上年工作簿带入 6 个上年结转数") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	r, _, err := xlsxreader.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Values["t3.carried_in.person"]; v.State != model.Number || v.Number != 3 { // last year's 结转 of 自然人
		t.Errorf("二、上年结转 自然人: %+v", v)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	comments, _ := f.GetComments("表三")
	f.Close()
	if len(comments) != 6 || !strings.Contains(comments[0].Text+paragraphs(comments[0]), "上年结转：自上年年报“甲局.xlsx”表三!") {
		t.Errorf("comments %+v", comments)
	}

	// The batch form matches agencies by name; an agency without last year's workbook gets a blank one.
	dir := t.TempDir()
	list := filepath.Join(dir, "名单.txt")
	if err := os.WriteFile(list, []byte("乙局\n丙局\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, "template", "--year", "2025", "--agencies", list, "--out-dir", filepath.Join(dir, "out"), "--prev", last)
	if code != 0 || !strings.Contains(stdout, "乙局2025年政府信息公开工作年度报告.xlsx（已从上年工作簿带入 6 个") ||
		!strings.Contains(stdout, "丙局2025年政府信息公开工作年度报告.xlsx（未带入上年数据：上年目录") {
		t.Fatalf("batch: exit %d\n%s%s", code, stdout, stderr)
	}
	r, _, err = xlsxreader.Read(filepath.Join(dir, "out", "乙局2025年政府信息公开工作年度报告.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Values["t3.carried_in.person"]; v.Number != 6 { // 乙局's figures are doubled
		t.Errorf("乙局 二、上年结转 自然人: %+v", v)
	}
}

func paragraphs(c excelize.Comment) string {
	var s string
	for _, p := range c.Paragraph {
		s += p.Text
	}
	return s
}

// TestStatusPrev: status --prev DIR checks each workbook against last year's of its agency.
func TestStatusPrev(t *testing.T) {
	last := lastYearDesk(t)
	dir := t.TempDir()
	a := samplereport.Example2021As("甲局", 1)
	a.Values["t4.review_upheld"] = model.Num(200) // 2 last year
	a.Values["t4.review_total"] = model.Num(202)
	saveReport(t, filepath.Join(dir, "甲局.xlsx"), a)
	saveReport(t, filepath.Join(dir, "丁局.xlsx"), samplereport.Example2021As("丁局", 1))
	out := filepath.Join(t.TempDir(), "status.xlsx")
	code, stdout, stderr := runCLI(t, "status", dir, "--prev", last, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	var jia, ding string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.Contains(l, "甲局.xlsx") {
			jia = l
		}
		if strings.Contains(l, "丁局.xlsx") {
			ding = l
		}
	}
	if !strings.Contains(jia, "有警告") || strings.Contains(jia, "未做跨年度检查") {
		t.Errorf("甲局 checked against last year: %q\n%s", jia, stdout)
	}
	if !strings.Contains(ding, "未做跨年度检查：上年目录") {
		t.Errorf("丁局 without last year's workbook: %q", ding)
	}
	// check --prev takes last year's directory too; the swing is a Y1 warning.
	code, stdout, stderr = runCLI(t, "check", "--prev", last, filepath.Join(dir, "甲局.xlsx"))
	if code != 0 || !strings.Contains(stdout, "警告 Y1 表四「行政复议」「总计」为 202，较上年（4）增长 49.5 倍，请核实或在说明中解释") {
		t.Errorf("check --prev DIR: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestPrevNotesUnusable: a workbook in last year's folder that cannot be used is named on
// stderr by every command that reads the folder — check as well as status and template.
func TestPrevNotesUnusable(t *testing.T) {
	last := lastYearDesk(t)
	if err := os.WriteFile(filepath.Join(last, "丙局.xlsx"), []byte("不是工作簿"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	saveReport(t, filepath.Join(dir, "甲局.xlsx"), samplereport.Example2021As("甲局", 1))
	const note = "注意：上年工作簿无法读取，未使用："
	for _, args := range [][]string{
		{"check", "--prev", last, filepath.Join(dir, "甲局.xlsx")},
		{"status", dir, "--prev", last, "-o", filepath.Join(t.TempDir(), "status.xlsx")},
		{"template", "--year", "2025", "--agency", "甲局", "--prev", last, "-o", filepath.Join(t.TempDir(), "甲局.xlsx")},
	} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || !strings.Contains(stderr, note) || !strings.Contains(stderr, "丙局.xlsx") {
			t.Errorf("%s --prev: exit %d, stderr does not name 丙局.xlsx after %q\n%s%s", args[0], code, note, stdout, stderr)
		}
	}
}
