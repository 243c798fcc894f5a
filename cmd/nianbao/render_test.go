package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
)

// writeWorkbook enters a report into its workbook, as a bureau would return it.
func writeWorkbook(t *testing.T, path string, r *model.Report) string {
	t.Helper()
	if err := outfile.Write(path, false, func(w io.Writer) error { return xlsxwriter.Write(w, r) }); err != nil {
		t.Fatal(err)
	}
	return path
}

// unbalanced is the 2021 example with one count of table 三 that breaks identity I1.
func unbalanced() *model.Report {
	r := samplereport.Example2021()
	r.Values["t3.new.person"] = model.Num(480)
	return r
}

func TestRenderWritesThePDFOnceWithoutForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())
	out := filepath.Join(dir, "报告.pdf")
	code, stdout, stderr := runCLI(t, "render", wb, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(first, []byte("%PDF-")) {
		t.Fatalf("no PDF written (%v); stdout %s", err, stdout)
	}
	if !strings.Contains(stdout, "已生成："+out) {
		t.Errorf("stdout %q", stdout)
	}
	if pdftext(t, out, "草稿") {
		t.Errorf("a report without errors is marked 草稿")
	}

	// An existing file is kept without --force, replaced with it.
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "render", wb, "-o", out); code != exitInput || !strings.Contains(stderr, "文件已存在") {
		t.Errorf("second render: exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me" {
		t.Errorf("existing file replaced without --force")
	}
	if code, _, stderr := runCLI(t, "render", wb, "-o", out, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("--force did not replace the file")
	}
}

func TestRenderStopsOnErrorsUnlessForced(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), unbalanced())
	out := filepath.Join(dir, "out.pdf")
	code, stdout, stderr := runCLI(t, "render", wb, "-o", out)
	if code != exitFindings {
		t.Errorf("exit %d, want %d: %s", code, exitFindings, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("PDF written despite errors")
	}
	if !strings.Contains(stdout, "错误") || !strings.Contains(stdout, "未生成报告") {
		t.Errorf("findings not printed: %q", stdout)
	}
	code, stdout, stderr = runCLI(t, "render", wb, "-o", out, "--force")
	if code != 0 {
		t.Errorf("--force: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "草稿") {
		t.Errorf("stdout does not say it is a draft: %q", stdout)
	}
	if !pdftext(t, out, "草稿") {
		t.Errorf("forced PDF not marked 草稿")
	}
}

// A directory is rendered whole, each PDF under its default name; one workbook with errors
// gives exit code 1 and no PDF of its own.
func TestRenderDirectory(t *testing.T) {
	t.Parallel()
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "pdf")
	writeWorkbook(t, filepath.Join(in, "a.xlsx"), samplereport.Taicang2020())
	writeWorkbook(t, filepath.Join(in, "b.xlsx"), samplereport.Example2021())
	bad := unbalanced()
	bad.Info["agency"] = model.Field{Text: "示例市水务局"}
	writeWorkbook(t, filepath.Join(in, "c.xlsx"), bad)
	var code int
	code, stdout, _ := runCLI(t, "render", in, "--out-dir", out)
	if code != exitFindings {
		t.Errorf("exit %d, want %d:\n%s", code, exitFindings, stdout)
	}
	for _, name := range []string{"太仓市科学技术局2020年政府信息公开工作年度报告.pdf", "示例市生态环境局2025年政府信息公开工作年度报告.pdf"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("%s not written: %v\n%s", name, err, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "示例市水务局2025年政府信息公开工作年度报告.pdf")); err == nil {
		t.Errorf("PDF written for the workbook with errors")
	}
	if !strings.Contains(stdout, "共 3 个工作簿：生成报告 2 份，因检查有错误未生成 1 份") {
		t.Errorf("summary missing:\n%s", stdout)
	}
}

// Without -o the PDF is named after the agency and year, in the current directory.
func TestRenderDefaultName(t *testing.T) {
	dir := t.TempDir()
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Taicang2020())
	t.Chdir(t.TempDir())
	if code, _, stderr := runCLI(t, "render", wb); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat("太仓市科学技术局2020年政府信息公开工作年度报告.pdf"); err != nil {
		t.Error(err)
	}
}

// pdftext reports whether the PDF's text contains s; the test is skipped loudly without poppler.
func pdftext(t *testing.T, path, s string) bool {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		realtest.Missing(t, fmt.Sprint("pdftotext not installed (apt-get install poppler-utils): ", err))
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Contains(string(out), s)
}

// A character no font can print stops the render with a message that names it and where it
// is, and no PDF.
func TestRenderNamesAMissingCharacter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := samplereport.Example2021()
	r.Prose["problems"] = model.Field{Text: "联系人吉𠮷祥同志。"}
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), r)
	out := filepath.Join(dir, "out.pdf")
	code, _, stderr := runCLI(t, "render", wb, "-o", out)
	if code != exitInput || !strings.Contains(stderr, "𠮷") || !strings.Contains(stderr, "U+20BB7") || !strings.Contains(stderr, "五、存在的主要问题及改进情况第1段") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("PDF written despite the missing character")
	}
}

// --format pdf,html writes both, under the same name; html alone writes only the page; the
// page says what the PDF says.
func TestRenderFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())
	out := filepath.Join(dir, "年报.pdf")
	if code, _, stderr := runCLI(t, "render", wb, "-o", out, "--format", "pdf,html"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "年报.html"))
	if err != nil {
		t.Fatalf("no page beside the PDF: %v", err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Errorf("no PDF: %v", err)
	}
	for _, want := range []string{"<!DOCTYPE html>", "示例市生态环境局2025年", "全年共收到政府信息公开申请58件"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %q", want)
		}
	}

	// html alone, default name in the output directory of a batch.
	in, outDir := t.TempDir(), t.TempDir()
	writeWorkbook(t, filepath.Join(in, "a.xlsx"), samplereport.Example2021())
	if code, _, stderr := runCLI(t, "render", in, "--out-dir", outDir, "--format", "html"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 1 || entries[0].Name() != "示例市生态环境局2025年政府信息公开工作年度报告.html" {
		t.Errorf("out dir holds %v", entries)
	}

	// The Word document beside the PDF, under the same name.
	docDir := t.TempDir()
	if code, _, stderr := runCLI(t, "render", wb, "-o", filepath.Join(docDir, "报告.pdf"), "--format", "pdf,docx"); code != 0 {
		t.Fatalf("--format pdf,docx: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(filepath.Join(docDir, "报告.docx")); err != nil || !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		t.Errorf("no Word document beside the PDF: %v", err)
	}

	code, _, stderr := runCLI(t, "render", wb, "--format", "odt")
	if code != exitInput || !strings.Contains(stderr, "不支持的输出格式：odt。可选：pdf、html、docx") {
		t.Errorf("--format odt: exit %d, %q", code, stderr)
	}
}

// The output's extension and the format agree: -o 报告.docx alone asks for the Word document,
// and a format at odds with the name (a Word document called .pdf, which a portal would
// publish as a broken PDF) is refused before anything is read or written. A name with no
// format's extension is taken as given. The fonts line is printed only when a PDF was made.
func TestRenderOutputExtensionAndFormatAgree(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())

	doc := filepath.Join(dir, "报告.docx")
	code, stdout, stderr := runCLI(t, "render", wb, "-o", doc)
	if code != 0 {
		t.Fatalf("-o 报告.docx: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(doc); err != nil || !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		t.Errorf("-o 报告.docx did not write a Word document: %v", err)
	}
	if strings.Contains(stdout, "排版字体") {
		t.Errorf("fonts line printed for a Word document: %q", stdout)
	}

	for _, c := range []struct{ out, format, want string }{
		{"a.pdf", "docx", "a.pdf 的扩展名 .pdf 与输出格式 docx（Word 文档）不符"},
		{"a.docx", "pdf", "a.docx 的扩展名 .docx 与输出格式 pdf（PDF）不符"},
		{"a.PDF", "html", "a.PDF 的扩展名 .PDF 与输出格式 html（网页）不符"},
		{"a.htm", "pdf", "a.htm 的扩展名 .htm 与输出格式 pdf（PDF）不符"},
	} {
		out := filepath.Join(dir, c.out)
		code, _, stderr := runCLI(t, "render", wb, "-o", out, "--format", c.format)
		if code != exitInput || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("-o %s --format %s: exit %d, %q", c.out, c.format, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("-o %s --format %s: written anyway", c.out, c.format)
		}
	}

	htm := filepath.Join(dir, "网页.htm")
	if code, _, stderr := runCLI(t, "render", wb, "-o", htm); code != 0 {
		t.Fatalf("-o 网页.htm: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(htm); err != nil || !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) {
		t.Errorf("-o 网页.htm did not write the web page: %v", err)
	}

	page := filepath.Join(dir, "网页.txt")
	code, stdout, stderr = runCLI(t, "render", wb, "-o", page, "--format", "html")
	if code != 0 {
		t.Fatalf("-o 网页.txt --format html: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(page); err != nil || !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) {
		t.Errorf("-o 网页.txt --format html: %v", err)
	}
	if strings.Contains(stdout, "排版字体") {
		t.Errorf("fonts line printed for a web page: %q", stdout)
	}
	code, stdout, stderr = runCLI(t, "render", wb, "-o", filepath.Join(dir, "报告.tmp"))
	if code != 0 || !strings.Contains(stdout, "排版字体") {
		t.Errorf("-o 报告.tmp: exit %d, no fonts line for the PDF: %q %s", code, stdout, stderr)
	}
}

// A SOURCE_DATE_EPOCH that is no number of seconds is the user's environment, not our bug:
// one Chinese line naming it, exit 2, nothing written. Not parallel: it sets the environment.
func TestRenderRefusesABadSourceDateEpoch(t *testing.T) {
	dir := t.TempDir()
	wb := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())
	t.Setenv("SOURCE_DATE_EPOCH", "2026-12-07")
	for _, format := range []string{"pdf", "docx"} {
		out := filepath.Join(dir, "报告."+format)
		code, _, stderr := runCLI(t, "render", wb, "-o", out, "--format", format)
		if code != exitInput || !strings.Contains(stderr, "SOURCE_DATE_EPOCH") || !strings.Contains(stderr, "2026-12-07") ||
			strings.Contains(stderr, "strconv") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, %q", format, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s written", format)
		}
	}
}
