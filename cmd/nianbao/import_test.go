package main

import (
	"github.com/nianbao/nianbao/internal/realtest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/importer"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/xuri/excelize/v2"
)

// A published web page of a sample imports into a workbook holding the sample's figures, each
// imported cell with a comment naming its source; a second run does not overwrite it.
func TestImportWebPage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "年报.html")
	data, err := os.ReadFile("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.html")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(page, data, 0o644)
	code, out, stderr := runCLI(t, "import", page)
	if code != 0 || !strings.Contains(out, "表二 10/10 格，表三 175/175 格，表四 15/15 格，正文 6 部分 11 段") {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	book := filepath.Join(dir, "年报.xlsx")
	got, _, err := xlsxreader.Read(book)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := xlsxreader.Read("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.xlsx")
	for k, v := range want.Values {
		if got.Values[k].Number != v.Number || got.Values[k].State != v.State {
			t.Errorf("%s = %v, want %v", k, got.Values[k], v)
		}
	}
	if got.Agency() != "示例市生态环境局" || got.Year() != 2025 {
		t.Errorf("agency %q year %d", got.Agency(), got.Year())
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, _ := f.GetComments("表三")
	if len(comments) != 175 || !strings.Contains(comments[0].Text, "导入自：年报.html 第") {
		t.Errorf("%d comments on 表三, first %+v", len(comments), comments[:min(1, len(comments))])
	}
	if code, out, _ := runCLI(t, "import", page); code != exitInput || !strings.Contains(out, "文件已存在") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}
}

// Files that cannot be imported are named as such, exit 2; a report whose tables were not all
// read is written all the same, exit 1.
func TestImportBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	for _, c := range []struct{ path, want string }{
		{write("旧.doc", string(hostile.Compound("WordDocument", "1Table"))), "是旧版 Word 文档（.doc）"},
		{write("密.docx", string(hostile.Compound("EncryptionInfo", "EncryptedPackage"))), "文档已加密或设有密码"},
		{write("表.doc", string(hostile.Compound("Workbook"))), "不是 PDF、Word 文档（.docx）或网页"}, // an .xls, whatever its name
		{write("坏.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"+strings.Repeat("\x00", 600)), "文件已损坏"},
		{write("说明.txt", "这不是年报"), "不是 PDF、Word 文档（.docx）或网页"},
		{write("空.html", "<html><body><p>通知</p></body></html>"), "没有找到年度报告的统计表或正文"},
		{write("坏.docx", "PK\x03\x04garbage"), "文件已损坏"},
		{write("扫描.pdf", drawingOnlyPDF(t)), "没有可以读取的文字（扫描件，或文字已转为图片、图形）"},
		{write("空.pdf", ""), "空.pdf：文件是空的（0 字节）。请重新获取该文件。"},
		{write("空.docx", ""), "空.docx：文件是空的（0 字节）。请重新获取该文件。"},
		{sparse(t, dir, "大.html", importer.MaxFileSize+1), "大.html：文件过大或结构过于复杂，超出读取的限制，未读取。"},
	} {
		code, out, stderr := runCLI(t, "import", c.path, "--out-dir", filepath.Join(dir, "out"))
		if code != exitInput || !strings.Contains(out, c.want) || !strings.Contains(out, filepath.Base(c.path)) {
			t.Errorf("%s: exit %d, want 2 and %q\n%s%s", c.path, code, c.want, out, stderr)
		}
	}
	part := write("部分.html", `<html><body><p>示例县教育局2024年政府信息公开工作年度报告</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<table><tr><td rowspan="2">项目</td><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>数量（件）</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table></body></html>`)
	code, out, _ := runCLI(t, "import", part)
	// The printed 总计 of 行政复议 (0, against a part of 1) is kept and reported as printed.
	if code != exitFindings || !strings.Contains(out, "表四 15/15 格") || !strings.Contains(out, "表三 0/175 格") ||
		!strings.Contains(out, "错误 I4 表四 行政复议：总计(0)，但结果维持(1)") {
		t.Errorf("partial report: exit %d, want 1\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "部分.xlsx")); err != nil {
		t.Errorf("partial report not written: %v", err)
	}
}

// sparse is a file of size bytes that takes no room on disk.
func sparse(t *testing.T, dir, name string, size int64) string {
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("<html>")
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// A workbook is written only under a name ending in .xlsx: 年报.pdf would be opened, or
// published, as a broken PDF. Nothing is read or written.
func TestImportOutputNotXLSX(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data, err := os.ReadFile("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.html")
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "年报.html")
	os.WriteFile(page, data, 0o644)
	for out, want := range map[string]string{
		"r2.pdf": "输出文件 " + filepath.Join(dir, "r2.pdf") + " 的扩展名 .pdf 与输出格式 xlsx（Excel 工作簿）不符。请把文件名改为以 .xlsx 结尾。",
		"r2":     "输出文件 " + filepath.Join(dir, "r2") + " 没有扩展名，输出格式为 xlsx（Excel 工作簿）。请把文件名改为以 .xlsx 结尾。",
	} {
		code, stdout, stderr := runCLI(t, "import", page, "-o", filepath.Join(dir, out))
		if code != exitInput || !strings.Contains(stderr, want) {
			t.Errorf("-o %s: exit %d\n%s%s", out, code, stdout, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, out)); err == nil {
			t.Errorf("-o %s written", out)
		}
	}
	if code, stdout, stderr := runCLI(t, "import", page, "-o", filepath.Join(dir, "r2.XLSX")); code != 0 {
		t.Errorf("-o r2.XLSX: exit %d\n%s%s", code, stdout, stderr)
	}
}

// drawingOnlyPDF is a page with a line and no text, as a scan or text turned into outlines is.
func drawingOnlyPDF(t *testing.T) string {
	f := gofpdf.New("P", "mm", "A4", "")
	f.AddPage()
	f.Line(10, 10, 100, 100)
	var b strings.Builder
	if err := f.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The real published WPS PDF imports cell for cell; its 表四 总计 printed 0 against parts of 11
// and 5 is kept and reported by the checks as printed (errors, exit 1, as check --against says
// of the same PDF), and the clerk is told the workbook will show the sums when opened.
func TestImportPublishedPDF(t *testing.T) {
	t.Parallel()
	pdfs, _ := filepath.Glob("../../../shared/fixtures/published/*.pdf")
	if len(pdfs) == 0 {
		realtest.Missing(t, "SHARED FIXTURES MISSING: ../shared/fixtures/published; the published PDF was NOT imported")
	}
	out := filepath.Join(t.TempDir(), "洪泽.xlsx")
	code, stdout, stderr := runCLI(t, "import", pdfs[0], "-o", out)
	if code != exitFindings || !strings.Contains(stdout, "表二 10/10 格，表三 175/175 格，表四 15/15 格，正文 6 部分") ||
		!strings.Contains(stdout, "错误 I4 表四 行政复议：总计(0)，但结果维持(10) + 结果纠正(1) + 其他结果(0) + 尚未审结(0) = 11，相差 11") ||
		!strings.Contains(stdout, "错误 I4 表四 复议后起诉：总计(0)") ||
		!strings.Contains(stdout, "用 Excel 或 WPS 打开后显示的是各项之和，不是年报印出的数字（表四!E6、表四!O6）") ||
		strings.Contains(stdout, "R6") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	r, _, err := xlsxreader.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Agency() != "淮安市洪泽区人民政府" || r.Year() != 2023 || r.Values["t2.fees.fee_amount"].Number != 7730.28 {
		t.Errorf("agency %q year %d fee %v", r.Agency(), r.Year(), r.Values["t2.fees.fee_amount"])
	}
}

// A first-year county has last year's reports only as published: template --prev carries
// 二、上年结转 over from the PDF, check --prev and status --prev compare with it.
func TestPrevPublishedReport(t *testing.T) {
	t.Parallel()
	pdfs, _ := filepath.Glob("../../../shared/fixtures/published/*.pdf")
	if len(pdfs) == 0 {
		realtest.Missing(t, "SHARED FIXTURES MISSING: ../shared/fixtures/published; --prev with a published PDF was NOT tested")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "2024.xlsx")
	code, stdout, stderr := runCLI(t, "template", "--year", "2024", "--agency", "淮安市洪泽区人民政府", "--prev", pdfs[0], "-o", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	// Of another year: the published report is not called a workbook.
	code, stdout, stderr = runCLI(t, "template", "--year", "2025", "--agency", "淮安市洪泽区人民政府", "--prev", pdfs[0], "-o", filepath.Join(dir, "2025.xlsx"))
	if code != 0 || !strings.Contains(stdout, "未带入上年数据：上年年报的报告年度是2023年，不是2024年") {
		t.Errorf("template --prev of 2023 for 2025: exit %d\n%s%s", code, stdout, stderr)
	}
	r, _, err := xlsxreader.Read(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"person", "business", "total"} {
		if v := r.Values["t3.carried_in."+col]; v.State != model.Number || v.Number != 0 {
			t.Errorf("二、上年结转 %s = %+v, want 0 carried over", col, v)
		}
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	comments, _ := f.GetComments("表三")
	f.Close()
	if len(comments) == 0 || !strings.Contains(comments[0].Text+paragraphs(comments[0]), "上年结转：自上年年报“洪泽区人民政府2023年政府信息公开工作年度报告.pdf”第4页结转") {
		t.Errorf("comments %+v", comments)
	}

	// A folder of last year's published reports, matched by agency.
	prev := filepath.Join(dir, "去年")
	os.Mkdir(prev, 0o755)
	data, _ := os.ReadFile(pdfs[0])
	os.WriteFile(filepath.Join(prev, "洪泽区.pdf"), data, 0o644)
	os.WriteFile(filepath.Join(prev, "旧.doc"), hostile.Compound("WordDocument", "1Table"), 0o644)
	code, stdout, stderr = runCLI(t, "check", out, "--prev", prev)
	if strings.Contains(stdout, "未做跨年度检查") || !strings.Contains(stderr, "旧.doc：是旧版 Word 文档") {
		t.Errorf("check --prev DIR: exit %d\n%s%s", code, stdout, stderr)
	}
}

// A folder holding one report as a web page and as a Word document imports both, the second
// into a workbook of its own rather than over the first, even with --force.
func TestImportFolderNamesClash(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page, _ := os.ReadFile("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.html")
	doc, _ := os.ReadFile("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.docx")
	os.WriteFile(filepath.Join(dir, "年报.html"), page, 0o644)
	os.WriteFile(filepath.Join(dir, "年报.docx"), doc, 0o644)
	code, out, stderr := runCLI(t, "import", dir, "--out-dir", filepath.Join(dir, "导入"), "--force")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, stderr)
	}
	for _, name := range []string{"年报.xlsx", "年报（html）.xlsx"} {
		if _, err := os.Stat(filepath.Join(dir, "导入", name)); err != nil {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}
