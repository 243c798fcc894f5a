package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/checkjson"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/xuri/excelize/v2"
)

// checkCLI runs nianbao check and returns the exit code, standard output and standard error.
func checkCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLI(t, append([]string{"check"}, args...)...)
}

// checkDesk is a directory of returned workbooks: one that passes, one with an error, and
// files that cannot be checked.
func checkDesk(t *testing.T) (dir, good, bad string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	good = writeWorkbook(t, filepath.Join(dir, "good.xlsx"), samplereport.Taicang2020())
	bad = writeWorkbook(t, filepath.Join(dir, "sub", "bad.xlsx"), unbalancedInCheck())
	return dir, good, bad
}

// unbalancedInCheck breaks I1 in the 自然人 column of the 2021 example.
func unbalancedInCheck() *model.Report {
	r := samplereport.Example2021()
	r.Values["t3.new.person"] = model.Num(49)
	r.Values["t3.new.total"] = model.Num(59)
	return r
}

func TestCheckExitCodes(t *testing.T) {
	t.Parallel()
	dir, good, bad := checkDesk(t)
	code, out, _ := checkCLI(t, good)
	if code != 0 || !strings.Contains(out, "检查通过：没有发现问题") || !strings.Contains(out, "太仓市科学技术局，2020年度，2019年版格式") {
		t.Errorf("good: exit %d\n%s", code, out)
	}
	code, out, _ = checkCLI(t, bad)
	want := "错误 I1 表三 自然人列：一、本年新收(49) + 二、上年结转(3) = 52，但（七）总计(49) + 四、结转下年度继续办理(2) = 51，相差 1（表三!"
	if code != exitFindings || !strings.Contains(out, want) || !strings.Contains(out, "合计：检查 1 个文件") {
		t.Errorf("bad: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes in output that is not a terminal")
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "old.xls"), []byte{0xD0, 0xCF, 0x11, 0xE0}, 0o644))
	must(os.WriteFile(filepath.Join(dir, "list.csv"), []byte("a,b\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "empty.xlsx"), nil, 0o644))
	code, out, _ = checkCLI(t, dir)
	for _, w := range []string{"old.xls\n  无法检查：不支持的文件格式（.xls）", "list.csv\n  无法检查：不支持的文件格式（.csv）",
		"empty.xlsx\n  无法检查：文件是空的", "good.xlsx", "bad.xlsx", "合计：检查 5 个文件，1 个检查通过，0 个有警告，1 个有错误，3 个无法检查"} {
		if !strings.Contains(out, w) {
			t.Errorf("directory output lacks %q:\n%s", w, out)
		}
	}
	if code != exitInput {
		t.Errorf("directory with unreadable files: exit %d, want 2", code)
	}
	if code, _, stderr := checkCLI(t); code != exitInput || !strings.Contains(stderr, "请指定要检查的工作簿或目录") {
		t.Errorf("no arguments: exit %d %q", code, stderr)
	}
	if code, _, stderr := checkCLI(t, "--format", "xml", good); code != exitInput || !strings.Contains(stderr, "--format 只能是 text 或 json") {
		t.Errorf("bad format: exit %d %q", code, stderr)
	}
}

func TestCheckJSON(t *testing.T) {
	t.Parallel()
	dir, _, _ := checkDesk(t)
	if err := os.WriteFile(filepath.Join(dir, "x.ods"), []byte("PK"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := checkCLI(t, "--format", "json", dir)
	if code != exitInput {
		t.Errorf("exit %d", code)
	}
	var doc checkjson.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Schema != "nianbao.check/1" || len(doc.Files) != 3 || doc.Summary.Files != 3 ||
		doc.Summary.WithErrors != 1 || doc.Summary.Passed != 1 || doc.Summary.Unreadable != 1 {
		t.Fatalf("document %+v", doc)
	}
	byName := map[string]checkjson.File{}
	for _, f := range doc.Files {
		byName[filepath.Base(f.File)] = f
	}
	if f := byName["good.xlsx"]; f.Status != "pass" || f.Agency != "太仓市科学技术局" || f.Year != 2020 || f.Edition != "2019" || f.Findings == nil {
		t.Errorf("good: %+v", f)
	}
	if f := byName["x.ods"]; f.Status != "unreadable" || !strings.Contains(f.Message, "不支持的文件格式") {
		t.Errorf("ods: %+v", f)
	}
	bad := byName["bad.xlsx"]
	if bad.Status != "errors" || bad.Errors == 0 {
		t.Fatalf("bad: %+v", bad)
	}
	i1 := bad.Findings[0]
	if i1.Rule != "I1" || i1.Severity != "error" || i1.SeverityText != "错误" || i1.Difference == nil || *i1.Difference != 1 {
		t.Errorf("I1 finding %+v", i1)
	}
	op := i1.Left[0]
	if op.Key != "t3.new.person" || op.Sheet != "表三" || op.Cell == "" || op.State != "number" || op.Value == nil || *op.Value != 49 ||
		!strings.HasSuffix(op.File, "bad.xlsx") {
		t.Errorf("operand %+v", op)
	}
}

func TestCheckPrev(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	last := samplereport.Example2021()
	last.Info["year"] = model.Field{Text: "2024"}
	last.Info["period"] = model.Field{Text: "2024年1月1日至2024年12月31日"}
	prev := writeWorkbook(t, filepath.Join(dir, "2024.xlsx"), last)
	cur := writeWorkbook(t, filepath.Join(dir, "2025.xlsx"), samplereport.Example2021())
	// The 2025 example carries in 3 自然人 and 1 商业企业; the 2024 workbook carried out
	// 2 and 1.
	code, out, _ := checkCLI(t, "--prev", prev, cur)
	want := "错误 I6 表三 自然人列：二、上年结转(3)，但上年四、结转下年度继续办理(2)，相差 1（表三!D7、上年表三!D30）"
	if code != exitFindings || !strings.Contains(out, want) {
		t.Errorf("exit %d, want I6 error %q:\n%s", code, want, out)
	}

	other := samplereport.Example2021()
	other.Info["agency"] = model.Field{Text: "示例市教育局"}
	other.Info["year"] = model.Field{Text: "2024"}
	otherPath := writeWorkbook(t, filepath.Join(dir, "other.xlsx"), other)
	_, out, _ = checkCLI(t, "--prev", otherPath, cur)
	if !strings.Contains(out, "未做跨年度检查：上年工作簿是示例市教育局的，本工作簿是示例市生态环境局的") || strings.Contains(out, "I6") {
		t.Errorf("another agency's report used as last year's:\n%s", out)
	}

	if code, _, stderr := checkCLI(t, "--prev", filepath.Join(dir, "nosuch.xlsx"), cur); code != exitInput || !strings.Contains(stderr, "nosuch.xlsx") {
		t.Errorf("missing prev: exit %d %q", code, stderr)
	}
}

func TestCheckAnnotate(t *testing.T) {
	t.Parallel()
	dir, _, bad := checkDesk(t)
	before, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "批注")
	if code, stdout, _ := checkCLI(t, "--annotate", out, dir); code != exitFindings || !strings.Contains(stdout, "批注副本：") {
		t.Fatalf("exit %d\n%s", code, stdout)
	}
	after, _ := os.ReadFile(bad)
	if !bytes.Equal(before, after) {
		t.Error("the original workbook was modified")
	}
	copyPath := filepath.Join(out, "bad（检查结果）.xlsx")
	f, err := excelize.OpenFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	comments, err := f.GetComments("表三")
	if err != nil || len(comments) == 0 {
		t.Fatalf("no comments on 表三: %v", err)
	}
	found := false
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		if strings.Contains(text, "【错误 I1】表三 自然人列") {
			found = true
			style, _ := f.GetCellStyle("表三", c.Cell)
			s, _ := f.GetStyle(style)
			if s == nil || len(s.Fill.Color) == 0 || s.Fill.Color[0] != app.AnnotationFill[1] {
				t.Errorf("cell %s not highlighted: %+v", c.Cell, s)
			}
		}
	}
	if !found {
		t.Errorf("no I1 comment among %+v", comments)
	}
	rows, err := f.GetRows(app.ResultsSheet)
	if err != nil || len(rows) < 2 || rows[1][1] != "错误" || rows[1][2] != "I1" {
		t.Errorf("检查结果 sheet: %v %v", rows, err)
	}
	// The copies are not checked again, and are not overwritten without --force.
	code, stdout, _ := checkCLI(t, "--annotate", out, dir)
	if code != exitInput || !strings.Contains(stdout, "未能写入批注副本：文件已存在") || strings.Contains(stdout, "（检查结果）.xlsx（") {
		t.Errorf("second run: exit %d\n%s", code, stdout)
	}
	if code, _, _ := checkCLI(t, "--annotate", out, "--force", dir); code != exitFindings {
		t.Errorf("--force: exit %d", code)
	}
}

// BenchmarkCheckDir runs `nianbao check DIR` on directories of 50 and 200 filled workbooks
// (aim: 200 in under 3 s on 2 cores) and reports the peak heap in use, which should not grow
// with the number of files.
//
//	go test -run='^$' -bench=CheckDir -benchtime=3x ./cmd/nianbao
func BenchmarkCheckDir(b *testing.B) {
	var data bytes.Buffer
	if err := xlsxwriter.Write(&data, samplereport.Example2021()); err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{50, 200} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := b.TempDir()
			for i := range n {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.xlsx", i)), data.Bytes(), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			peak := watchHeap()
			for b.Loop() {
				if code := run([]string{"nianbao", "check", dir}, &IOStreams{Out: io.Discard, ErrOut: io.Discard}); code > exitFindings {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(n), "ms/workbook")
		})
	}
}

// watchHeap samples the heap in use until the returned function is called, which returns
// the largest sample.
func watchHeap() func() uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		return peak.Load()
	}
}

// TestCheckAnnotateCopyIsTheInput: an annotated copy whose path leads to the input (a link
// in the output directory) is not written, and the workbook is checked all the same.
func TestCheckAnnotateCopyIsTheInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := writeWorkbook(t, filepath.Join(dir, "bad.xlsx"), unbalancedInCheck())
	out := filepath.Join(dir, "批注")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(bad, filepath.Join(out, "bad（检查结果）.xlsx")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	code, stdout, _ := checkCLI(t, "--annotate", out, bad)
	if code != exitInput || !strings.Contains(stdout, "错误 I1") || !strings.Contains(stdout, "未能写入批注副本") || strings.Contains(stdout, "，1 个检查通过") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

// check --expect-agency/--expect-year answer as the desk does: another agency's or another
// year's report is an error (A1, A2); the expected one, however its name is spaced or
// bracketed, passes.
func TestCheckExpectAgencyAndYear(t *testing.T) {
	t.Parallel()
	_, good, _ := checkDesk(t) // 太仓市科学技术局, 2020
	code, out, _ := checkCLI(t, good, "--expect-agency", "太仓市财政局", "--expect-year", "2025")
	if code != exitFindings || !strings.Contains(out, "错误 A1 这是“太仓市科学技术局”的报告，不是本单位（太仓市财政局）的") ||
		!strings.Contains(out, "错误 A2 这是2020年度的报告，本次报送2025年度") {
		t.Errorf("another agency's and year's: exit %d\n%s", code, out)
	}
	code, out, _ = checkCLI(t, good, "--expect-agency", "太仓市 科学技术局（太仓市知识产权局）", "--expect-year", "2020")
	if code != 0 || strings.Contains(out, "A1") || strings.Contains(out, "A2") {
		t.Errorf("the expected one: exit %d\n%s", code, out)
	}
	if code, _, errOut := checkCLI(t, good, "--expect-year", "1999"); code != exitInput || !strings.Contains(errOut, "报告年度 1999") {
		t.Errorf("--expect-year 1999: exit %d %s", code, errOut)
	}
}
