package main

import (
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/rivo/uniseg"
	"github.com/xuri/excelize/v2"
)

// saveReport writes a report as the filled workbook a bureau would return.
func saveReport(t testing.TB, path string, r *model.Report) {
	t.Helper()
	if err := outfile.Write(path, false, func(w io.Writer) error { return xlsxwriter.Write(w, r) }); err != nil {
		t.Fatal(err)
	}
}

// seedAs is the seed report (which passes every check) under another agency's name.
func seedAs(agency string) *model.Report {
	r := samplereport.Taicang2020()
	r.Info["agency"] = model.Field{Text: agency}
	return r
}

// deskDir is a directory as a coordinator receives it: a passing workbook, one with a
// warning, one with an error, one sent twice, random bytes and a legacy .xls.
func deskDir(t *testing.T) string {
	dir := t.TempDir()
	saveReport(t, filepath.Join(dir, "1甲局.xlsx"), seedAs("甲局"))
	warn := seedAs("乙局")
	delete(warn.Values, "t3.granted.person") // a blank cell: warning V1
	saveReport(t, filepath.Join(dir, "2乙局.xlsx"), warn)
	bad := seedAs("丙局")
	bad.Values["t3.new.person"] = model.Num(480) // breaks identity I1: an error
	saveReport(t, filepath.Join(dir, "3丙局.xlsx"), bad)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	saveReport(t, filepath.Join(dir, "sub", "4甲局重发.xlsx"), seedAs("甲局 "))
	noise := make([]byte, 4096)
	rand.Read(noise)
	for name, data := range map[string][]byte{"5乱码.xlsx": noise, "6旧版.xls": []byte("legacy")} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestStatus(t *testing.T) {
	t.Parallel()
	dir := deskDir(t)
	work := t.TempDir()
	list := filepath.Join(work, "名单.txt")
	os.WriteFile(list, []byte("\ufeff甲局\r\n　乙局 \r\n丙局\r\n丁局\r\n"), 0o644)
	out := filepath.Join(work, "结果.xlsx")
	code, stdout, stderr := runCLI(t, "status", dir, "--agencies", list, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d (a report, not a gate: want 0), stderr %q", code, stderr)
	}
	if strings.ContainsAny(stdout+stderr, "\x1b\r") || stderr != "" {
		t.Errorf("piped output has a progress bar or escape codes:\nstdout %q\nstderr %q", stdout, stderr)
	}
	p := func(name string) string { return filepath.Join(dir, name) }
	want := [][]string{
		{"文件", "机关名称", "年度", "格式版本", "错误", "警告", "状态", "说明"},
		{p("1甲局.xlsx"), "甲局", "2020", "2019", "0", "0", "检查通过"},
		{p("2乙局.xlsx"), "乙局", "2020", "2019", "0", "1", "有警告"},
		// I1 fails in the 自然人 and 总计 columns; the prose's figure of new requests warns (C1).
		{p("3丙局.xlsx"), "丙局", "2020", "2019", "2", "1", "有错误"},
		{p("5乱码.xlsx"), "", "", "", "", "", "无法读取", "无法识别的文件格式"},
		{p("sub/4甲局重发.xlsx"), "甲局", "2020", "2019", "0", "0", "检查通过"},
		{p("6旧版.xls"), "", "", "", "", "", "无法读取", "不支持的文件格式（.xls）"},
		{"", "丁局", "", "", "", "", "未提交"},
		{p("1甲局.xlsx") + "、" + p("sub/4甲局重发.xlsx"), "甲局", "", "", "", "", "重复提交", "提交了 2 份"},
	}
	rows := readStatusWorkbook(t, out)
	if len(rows) != len(want) {
		t.Fatalf("workbook has %d rows, want %d:\n%q", len(rows), len(want), rows)
	}
	for i, w := range want {
		for j, cell := range w {
			got := ""
			if j < len(rows[i]) {
				got = rows[i][j]
			}
			if j == 7 && !strings.Contains(got, cell) || j < 7 && got != cell {
				t.Errorf("row %d column %s = %q, want %q", i+1, want[0][j], got, cell)
			}
		}
	}
	// The printed table carries the same rows, aligned by display width.
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) < len(want)+1 {
		t.Fatalf("stdout has %d lines:\n%s", len(lines), stdout)
	}
	stateCol := uniseg.StringWidth(lines[0][:strings.Index(lines[0], "状态")])
	for i, w := range want {
		line := lines[i]
		at := strings.Index(line, w[6])
		if at < 0 || uniseg.StringWidth(line[:at]) != stateCol {
			t.Errorf("stdout line %d: state %q not at display column %d:\n%s", i, w[6], stateCol, line)
		}
	}
	if !strings.Contains(stdout, "共 8 行：检查通过 2，有警告 1，有错误 1，无法读取 2，未提交 1，重复提交 1。") {
		t.Errorf("no count by state:\n%s", stdout)
	}

	// The result is never overwritten without --force, and is not read back as an input.
	if code, _, stderr := runCLI(t, "status", dir, "-o", out); code != exitInput || !strings.Contains(stderr, "--force") {
		t.Errorf("second run without --force: exit %d, %q", code, stderr)
	}
	inside := filepath.Join(dir, "汇总检查结果.xlsx")
	for range 2 {
		if code, _, stderr := runCLI(t, "status", dir, "-o", inside, "--force"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	if rows := readStatusWorkbook(t, inside); len(rows) != 1+6+1 { // no list: 6 files and the duplicate
		t.Errorf("output file read as input? %d rows:\n%q", len(rows), rows)
	}
}

// readStatusWorkbook returns the rows of the status workbook and checks its presentation.
func readStatusWorkbook(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(app.StatusSheet)
	if err != nil {
		t.Fatal(err)
	}
	panes, err := f.GetPanes(app.StatusSheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header row not frozen: %+v %v", panes, err)
	}
	filter := false
	for _, dn := range f.GetDefinedName() {
		filter = filter || dn.Name == "_xlnm._FilterDatabase"
	}
	if !filter {
		t.Errorf("no autofilter")
	}
	props, _ := f.GetCustomProps()
	marked := map[string]any{}
	for _, p := range props {
		marked[p.Name] = p.Value
	}
	if marked[workbook.PropOutput] != workbook.OutputStatus || marked[workbook.PropVersion] != version.Version {
		t.Errorf("status workbook's properties: %v", marked)
	}
	if w, _ := f.GetColWidth(app.StatusSheet, "A"); w <= 9 {
		t.Errorf("file column not widened: %v", w)
	}
	colours := map[string]string{}
	for i := 2; i <= len(rows); i++ {
		ref, _ := excelize.CoordinatesToCellName(7, i)
		state, _ := f.GetCellValue(app.StatusSheet, ref)
		id, _ := f.GetCellStyle(app.StatusSheet, ref)
		style, _ := f.GetStyle(id)
		if style == nil || len(style.Fill.Color) == 0 {
			t.Errorf("state cell %s (%s) not coloured", ref, state)
			continue
		}
		colours[state] = style.Fill.Color[0]
	}
	if len(rows) > 3 && (colours["检查通过"] == colours["有错误"] || colours["检查通过"] == "") {
		t.Errorf("states not told apart by colour: %v", colours)
	}
	return rows
}

// status --agencies gives the desk's answer: a workbook counts for the listed agency whose
// name it states however spaced or bracketed, another agency's or (with --year) another
// year's workbook is 已拒收 and counts for nobody.
func TestStatusRefusesOtherAgenciesAndYears(t *testing.T) {
	t.Parallel()
	dir, work := t.TempDir(), t.TempDir()
	writeWorkbook(t, filepath.Join(dir, "科技局.xlsx"), samplereport.Taicang2020())
	writeWorkbook(t, filepath.Join(dir, "财政局.xlsx"), samplereport.Example2021()) // 示例市生态环境局's, on 财政局's behalf
	list := filepath.Join(work, "名单.txt")
	os.WriteFile(list, []byte("太仓市科学技术局（太仓市知识产权局）\n太仓市财政局\n"), 0o644)
	out := filepath.Join(work, "结果.xlsx")
	if code, _, stderr := runCLI(t, "status", dir, "--agencies", list, "--year", "2020", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []string
	for _, r := range readStatusWorkbook(t, out)[1:] {
		r = append(r, "", "", "", "", "", "", "", "")
		got = append(got, r[1]+" "+r[6]+" "+r[7])
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{"太仓市科学技术局 检查通过", "示例市生态环境局 已拒收 这是2025年度的报告，本次报送2020年度",
		"这是“示例市生态环境局”的报告，名单中没有这个单位", "太仓市财政局 未提交"} {
		if !strings.Contains(joined, want) {
			t.Errorf("no %q in\n%s", want, joined)
		}
	}
	if strings.Contains(joined, "太仓市科学技术局（太仓市知识产权局） 未提交") {
		t.Errorf("the bracketed name did not match:\n%s", joined)
	}
}
