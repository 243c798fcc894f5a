package main

// nianbao check: read the workbooks bureaus sent back and say, per file, what is wrong, in
// which cell and by how much; optionally write annotated copies to send back.

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

func init() {
	commands = append(commands, func() *cli.Command {
		return &cli.Command{
			Name:      "check",
			Usage:     "检查各单位交回的工作簿：勾稽关系、漏填、正文与表格是否一致",
			UsageText: "nianbao check 工作簿或目录... [--prev 上年工作簿.xlsx] [--format text|json] [--annotate 目录] [--force]",
			Description: "逐个检查工作簿（目录则检查其中全部 .xlsx，含子目录），按文件列出发现的问题：\n" +
				"错误（表格不平衡、数值填写了文字等，不能发布）和警告（漏填、正文与表格不一致等，请核对）。\n" +
				"每条问题写明所在工作表和单元格、相关数值及相差多少。\n" +
				"--prev 指定上年年报工作簿时，另外检查跨年度关系（上年结转等）。\n" +
				"--annotate 为每个工作簿另存一份批注副本：有问题的单元格标色并附批注，另有“检查结果”工作表，\n" +
				"可直接退回填报单位修改；原文件不会被改动。\n" +
				".xls、.et、.ods、.csv 等其他格式的表格文件无法检查，会逐个列出，请另存为 .xlsx。\n" +
				"退出码：0 没有错误（可有警告）；1 有文件存在错误；2 有文件无法读取或参数有误。",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "prev", Usage: "上年年报`工作簿`，用于跨年度检查"},
				&cli.StringFlag{Name: "format", Value: "text", Usage: "输出`格式`：text（文字）或 json（供其他程序读取，见 docs/check-json.md）"},
				&cli.StringFlag{Name: "annotate", Usage: "存放批注副本的`目录`（不存在时自动创建）"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的批注副本"},
			},
			Action: checkAction,
		}
	})
}

// checked is what became of one file.
type checked struct {
	path      string
	facts     reportFacts // whose report it is; zero when the file could not be read
	findings  []check.Finding
	note      string // said about the file besides its findings (cross-year check skipped …)
	annotated string // the annotated copy, when one was written
	err       error  // why the file could not be read
	unwritten error  // why the annotated copy could not be written
}

func (c checked) count(sev check.Severity) int {
	n := 0
	for _, f := range c.findings {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

func checkAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return inputErrorf("请指定要检查的工作簿或目录，如：nianbao check 收到的年报。")
	}
	format := c.String("format")
	if format != "text" && format != "json" {
		return inputErrorf("--format 只能是 text 或 json，而不是“%s”。", format)
	}
	var prev *model.Report
	if p := c.String("prev"); p != "" {
		r, _, err := xlsxreader.Read(p)
		if err != nil {
			return fmt.Errorf("last year's workbook: %w", err)
		}
		prev = r
	}
	annotateDir := c.String("annotate")
	if annotateDir != "" {
		if err := os.MkdirAll(annotateDir, 0o755); err != nil {
			return inputErrorf("无法创建批注副本目录：%s。", annotateDir)
		}
		if err := writableDir(annotateDir); err != nil {
			return err
		}
	}
	files, err := batch.Find(c.Args().Slice(), func(path string) bool {
		// Annotated copies of an earlier run are not workbooks to check.
		return annotateDir != "" && isInside(path, annotateDir)
	})
	if err != nil {
		return err
	}
	if len(files.Workbooks)+len(files.Unsupported) == 0 {
		return inputErrorf("没有找到 .xlsx 工作簿：%s。", strings.Join(c.Args().Slice(), "、"))
	}
	copies := annotatedNames(files.Workbooks, annotateDir)

	out := newCheckPrinter(c.App.Writer, format)
	batch.Map(files.Workbooks, func(path string) (res checked) {
		res = checkFile(path, prev)
		if res.err == nil && annotateDir != "" {
			if err := annotate(path, copies[path], c.Bool("force"), res.findings); err != nil {
				res.unwritten = err
			} else {
				res.annotated = copies[path]
			}
		}
		return res
	}, func(_ int, res checked) { out.file(res) })
	for _, p := range files.Unsupported {
		out.file(checked{path: p, err: &batch.UnsupportedError{Path: p}})
	}
	return out.finish()
}

// checkFile reads and checks one workbook, with last year's report when it is that of the
// same agency and the year before.
func checkFile(path string, prev *model.Report) checked {
	cf := inspect(path, prev)
	res := checked{path: path, err: cf.Err, findings: cf.Findings, note: cf.Note}
	if cf.Report != nil {
		res.facts = reportFacts{agency: cf.Report.Agency(), year: cf.Report.Year(), edition: cf.Report.Edition.ID}
	}
	return res
}

// prevMismatch says why last year's report does not go with this one, or "".
func prevMismatch(rep, prev *model.Report) string {
	if a, b := rep.Agency(), prev.Agency(); a != "" && b != "" && a != b {
		return fmt.Sprintf("上年工作簿是%s的，本工作簿是%s的", b, a)
	}
	if y, p := rep.Year(), prev.Year(); y != 0 && p != 0 && p != y-1 {
		return fmt.Sprintf("上年工作簿的报告年度是%d年，不是%d年", p, y-1)
	}
	return ""
}

// isInside reports whether path lies in dir.
func isInside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// annotatedNames gives every workbook the name of its annotated copy in dir: its own name
// with （检查结果）, numbered when two workbooks of the same name come from different
// directories. The copy never has the name of the original.
func annotatedNames(paths []string, dir string) map[string]string {
	out := map[string]string{}
	if dir == "" {
		return out
	}
	used := map[string]bool{}
	for _, p := range paths {
		base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)) + "（检查结果）"
		name := base + ".xlsx"
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s%d.xlsx", base, i)
		}
		used[name] = true
		out[p] = filepath.Join(dir, name)
	}
	return out
}

// checkPrinter prints results as they come, file by file, and the total at the end.
type checkPrinter struct {
	w      io.Writer
	json   bool
	colour bool
	files  []jsonFile
	total  checkTotal
}

type checkTotal struct {
	files, passed, withWarnings, withErrors, unreadable, errors, warnings int
	unwritten                                                             int
}

func newCheckPrinter(w io.Writer, format string) *checkPrinter {
	return &checkPrinter{w: w, json: format == "json", colour: colourful(w)}
}

// colourful reports whether w is a terminal that wants colour: not when piped or
// redirected, not when NO_COLOR is set (https://no-color.org).
func colourful(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// ANSI colours.
const (
	red, yellow, green, bold, reset = "\x1b[31m", "\x1b[33m", "\x1b[32m", "\x1b[1m", "\x1b[0m"
)

func (p *checkPrinter) paint(colour, s string) string {
	if !p.colour {
		return s
	}
	return colour + s + reset
}

func (p *checkPrinter) file(res checked) {
	p.total.files++
	errs, warns := res.count(check.Error), res.count(check.Warning)
	p.total.errors += errs
	p.total.warnings += warns
	if res.unwritten != nil {
		p.total.unwritten++
	}
	switch {
	case res.err != nil:
		p.total.unreadable++
	case errs > 0:
		p.total.withErrors++
	case warns > 0:
		p.total.withWarnings++
	default:
		p.total.passed++
	}
	if p.json {
		p.files = append(p.files, newJSONFile(res))
		return
	}
	w := p.w
	fmt.Fprintln(w, p.paint(bold, res.path)+res.facts.String())
	if res.err != nil {
		msg, _ := describe(res.err)
		fmt.Fprintln(w, "  "+p.paint(red, "无法检查：")+msg)
		return
	}
	if res.note != "" {
		fmt.Fprintln(w, "  "+res.note)
	}
	for _, f := range res.findings {
		colour := yellow
		if f.Severity == check.Error {
			colour = red
		}
		fmt.Fprintf(w, "  %s %s %s%s\n", p.paint(colour, f.Severity.String()), f.Rule, f.Message, places(f))
	}
	switch {
	case errs > 0:
		fmt.Fprintf(w, "  %s，%d 个警告\n", p.paint(red, fmt.Sprintf("%d 个错误", errs)), warns)
	case warns > 0:
		fmt.Fprintf(w, "  没有错误，%s，请核对\n", p.paint(yellow, fmt.Sprintf("%d 个警告", warns)))
	default:
		fmt.Fprintln(w, "  "+p.paint(green, "通过：没有发现问题"))
	}
	if res.annotated != "" {
		fmt.Fprintln(w, "  批注副本："+res.annotated)
	}
	if res.unwritten != nil {
		msg, _ := describe(res.unwritten)
		fmt.Fprintln(w, "  "+p.paint(red, "未能写入批注副本：")+msg)
	}
}

// places lists the cells a finding is about, last year's marked as such:
// （表三!D8、上年表三!D30）.
func places(f check.Finding) string {
	var at []string
	for _, o := range f.Operands() {
		w := o.Value.Where
		if w.Cell == "" {
			continue
		}
		p := w.Sheet + "!" + w.Cell
		if o.Prev {
			p = "上年" + p
		}
		if !slices.Contains(at, p) {
			at = append(at, p)
		}
	}
	if len(at) == 0 {
		return ""
	}
	return "（" + strings.Join(at, "、") + "）"
}

// reportFacts are the few facts about a report that are printed; the report itself is
// dropped once checked, so that memory stays flat however many files are checked.
type reportFacts struct {
	agency  string
	year    int
	edition string
}

// String names whose report it is: （太仓市科学技术局，2020年度，2019年版格式）.
func (r reportFacts) String() string {
	if r.edition == "" {
		return ""
	}
	var parts []string
	if r.agency != "" {
		parts = append(parts, r.agency)
	}
	if r.year != 0 {
		parts = append(parts, fmt.Sprintf("%d年度", r.year))
	}
	parts = append(parts, template.EditionName(r.edition))
	return "（" + strings.Join(parts, "，") + "）"
}

// finish prints the total (or the JSON document) and returns the outcome as the exit code:
// 2 when a file could not be checked (or its annotated copy written), 1 when a file has errors, 0 otherwise.
func (p *checkPrinter) finish() error {
	t := p.total
	if p.json {
		enc := json.NewEncoder(p.w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		doc := jsonDocument{Schema: checkJSONSchema, Files: p.files, Summary: jsonSummary{
			Files: t.files, Passed: t.passed, WithWarnings: t.withWarnings, WithErrors: t.withErrors,
			Unreadable: t.unreadable, Errors: t.errors, Warnings: t.warnings}}
		if doc.Files == nil {
			doc.Files = []jsonFile{}
		}
		if err := enc.Encode(doc); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(p.w, "合计：检查 %d 个文件，%d 个通过，%d 个有警告，%d 个有错误，%d 个无法检查；共 %d 个错误，%d 个警告。\n",
			t.files, t.passed, t.withWarnings, t.withErrors, t.unreadable, t.errors, t.warnings)
	}
	switch {
	case t.unreadable > 0 || t.unwritten > 0:
		return cli.Exit("", exitInput)
	case t.withErrors > 0:
		return message.ErrFindings
	}
	return nil
}
