package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/xuri/excelize/v2"
)

// bureau2021 is the 2021 example as another agency would send it, with a fee of 0.1×k 万元
// (sums of such amounts must be exact).
func bureau2021(agency string, k float64) *model.Report {
	r := samplereport.Example2021As(agency, k)
	r.Values["t2.fees.fee_amount"] = model.Num(0.1 * k)
	return r
}

func runAggregate(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLI(t, append([]string{"aggregate"}, args...)...)
}

func TestAggregateSumsByHand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	formula, plus := `=HYPERLINK("http://example.com","点击")`, "+1"
	inputs := []*model.Report{bureau2021(formula, 1), bureau2021(plus, 2), bureau2021("丙局", 3)}
	files := []string{filepath.Join(dir, "=SUM(1,2).xlsx"), filepath.Join(dir, "b.xlsx"), filepath.Join(dir, "c.xlsx")}
	delete(inputs[2].Values, "t3.granted.person")                                                        // blank: a warning, counted as 0
	inputs[2].Values["t3.partial.person"] = model.Num(inputs[2].Values["t3.partial.person"].Number + 75) // keeps I1
	for i, r := range inputs {
		saveReport(t, files[i], r)
	}
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, stdout, stderr := runAggregate(t, dir, "-o", out, "--agency", "示例县人民政府")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "已汇总 3 个单位的 2025年度报告（2021年版格式）") {
		t.Errorf("stdout: %s", stdout)
	}
	// The blank cell is counted as 0 and named.
	if !strings.Contains(stderr, "c.xlsx（丙局）表三") || !strings.Contains(stderr, "「自然人」列：未填写") {
		t.Errorf("non-number cell not listed: %s", stderr)
	}

	sum, notes, err := xlsxreader.Read(out)
	if err != nil {
		t.Fatalf("the aggregate does not read back: %v", err)
	}
	for _, f := range append(app.ReaderFindings(notes), check.Check(sum, nil)...) {
		if f.Severity == check.Error {
			t.Errorf("error on the aggregate: %s %s", f.Rule, f.Message)
		}
	}
	byHand := func(key string) float64 {
		s := 0.0
		for _, r := range inputs {
			s += r.Values[key].Number // a blank cell has Number 0
		}
		return s
	}
	for _, key := range []string{"t2.licensing.decisions", "t2.normative.in_force", "t3.new.person", "t3.new.total",
		"t3.granted.person", "t3.partial.person", "t3.carried_out.total", "t4.review_upheld", "t4.review_total"} {
		if got, ok := sum.Number(key); !ok || got != byHand(key) {
			t.Errorf("%s = %v, by hand %v", key, got, byHand(key))
		}
	}
	if got, _ := sum.Number("t2.fees.fee_amount"); got != 0.6 {
		t.Errorf("fee amount 0.1+0.2+0.3 = %v, want exactly 0.6", got)
	}
	if sum.Agency() != "示例县人民政府" || sum.Year() != 2025 || sum.Edition.ID != "2021" {
		t.Errorf("agency %q year %d edition %s", sum.Agency(), sum.Year(), sum.Edition.ID)
	}
	for key := range sum.Prose {
		if sum.ProseText(key) != "" {
			t.Errorf("prose %s filled: %q", key, sum.ProseText(key))
		}
	}
	if want := formula + "、" + plus + "、丙局"; sum.Meta[workbook.PropSources] != want {
		t.Errorf("sources property = %q, want %q", sum.Meta[workbook.PropSources], want)
	}

	// Agency and file names copied from the inputs stay text.
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, want := range [][]string{{"机关名称", "文件", "报告年度"}, {formula, files[0], "2025"}, {plus, files[1], "2025"}, {"丙局", files[2], "2025"}} {
		for j, text := range want {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			got, _ := f.GetCellValue(workbook.SheetSources, ref)
			fm, _ := f.GetCellFormula(workbook.SheetSources, ref)
			typ, _ := f.GetCellType(workbook.SheetSources, ref)
			if got != text || fm != "" || j < 2 && typ == excelize.CellTypeFormula {
				t.Errorf("%s!%s = %q (formula %q), want the text %q", workbook.SheetSources, ref, got, fm, text)
			}
		}
	}
}

func TestAggregateRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.xlsx")
	saveReport(t, a, bureau2021("甲局", 1))
	saveReport(t, filepath.Join(dir, "b.xlsx"), bureau2021("乙局", 1))
	out := filepath.Join(t.TempDir(), "汇总.xlsx")

	// Mixed years and editions, offenders listed with what they are.
	mixed := filepath.Join(t.TempDir(), "2020.xlsx")
	saveReport(t, mixed, samplereport.Taicang2020())
	year := bureau2021("丁局", 1)
	year.Info["year"] = model.Field{Text: "2024"}
	other := filepath.Join(t.TempDir(), "2024.xlsx")
	saveReport(t, other, year)
	code, _, stderr := runAggregate(t, dir, mixed, other, "-o", out)
	if code != exitInput || !strings.Contains(stderr, "多数为2025年度、2021年版") ||
		!strings.Contains(stderr, mixed+" → 2020年度、2019年版") || !strings.Contains(stderr, other+" → 2024年度、2021年版") {
		t.Errorf("mixed: exit %d, %s", code, stderr)
	}

	// A workbook with errors, unless --force.
	bad := bureau2021("丙局", 1)
	bad.Values["t3.new.person"] = model.Num(480)
	badFile := filepath.Join(t.TempDir(), "bad.xlsx")
	saveReport(t, badFile, bad)
	code, _, stderr = runAggregate(t, dir, badFile, "-o", out)
	if code != exitInput || !strings.Contains(stderr, badFile+"（丙局）：2 处错误") || !strings.Contains(stderr, "--force") {
		t.Errorf("errors: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("output written although refused")
	}
	if code, _, stderr = runAggregate(t, dir, badFile, "-o", out, "--force"); code != 0 || !strings.Contains(stderr, "已按 --force 汇总") {
		t.Errorf("errors with --force: exit %d, %s", code, stderr)
	}

	// The same agency twice, both files named.
	again := filepath.Join(t.TempDir(), "again.xlsx")
	saveReport(t, again, bureau2021("甲局　", 2))
	code, _, stderr = runAggregate(t, dir, again, "-o", out, "--force")
	if code != exitInput || !strings.Contains(stderr, "甲局："+a+"、"+again) {
		t.Errorf("duplicate: exit %d, %s", code, stderr)
	}

	// Unreadable and unsupported files stop the sum.
	os.WriteFile(filepath.Join(dir, "旧.xls"), []byte("x"), 0o644)
	code, _, stderr = runAggregate(t, dir, "-o", out, "--force")
	if code != exitInput || !strings.Contains(stderr, "不支持的文件格式（.xls）") {
		t.Errorf("unsupported: exit %d, %s", code, stderr)
	}
}
