package main

// nianbao render: check a filled workbook and typeset it as the PDF report; one file, or a
// directory of them in parallel.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/htmlwriter"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/urfave/cli/v2"
)

func init() {
	commands = append(commands, func() *cli.Command {
		return &cli.Command{
			Name:  "render",
			Usage: "将填好的工作簿排版为 PDF 报告和网页（可批量）",
			UsageText: "nianbao render 工作簿.xlsx [-o 报告.pdf] [--format pdf,html] [--force]\n" +
				"nianbao render 目录 [--out-dir 输出目录] [--format pdf,html] [--force]",
			Description: "先检查工作簿：有错误时不生成 PDF，列出问题，退出码为 1；加 --force 则仍然生成，\n" +
				"并在每页标注“草稿”。警告只列出，不影响生成。\n" +
				"PDF 按 GB/T 9704 排版：A4 纸，标题二号，正文三号，表格五号，页码“— N —”单页居右、双页居左。\n" +
				"指定目录时，排版目录（含子目录）中所有工作簿（多核并行），PDF 保存在 --out-dir 目录。\n" +
				"--format html 生成供政府网站发布的网页（单个 .html 文件，无脚本，可打印），与 PDF 内容相同；\n" +
				"--format pdf,html 两种都生成。\n" +
				"默认文件名为“机关名称+年度+年政府信息公开工作年度报告.pdf（.html）”，保存在当前目录；\n" +
				"已存在的文件不会被覆盖，除非加 --force。",
			Flags: append([]cli.Flag{
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出`文件`（默认：按机关名称和年度命名，保存在当前目录）；同时生成两种格式时，另一种换用相应的扩展名"},
				&cli.StringFlag{Name: "format", Value: "pdf", Usage: "输出`格式`：pdf、html，或 pdf,html 两种都生成"},
				&cli.StringFlag{Name: "out-dir", Usage: "排版整个目录时存放 PDF 的`目录`（默认：当前目录）"},
				&cli.BoolFlag{Name: "force", Usage: "检查有错误时仍生成 PDF（每页标注“草稿”），并覆盖已存在的文件"},
			}, fontFlags()...),
			Action: renderAction,
		}
	})
}

func renderAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return inputErrorf("请指定一个工作簿文件或目录，如：nianbao render 某某局2024年报.xlsx。")
	}
	in := c.Args().First()
	info, err := os.Stat(in)
	if err != nil {
		return err
	}
	set, err := loadFonts(c)
	if err != nil {
		return err
	}
	formats, err := outputFormats(c.String("format"))
	if err != nil {
		return err
	}
	r := renderer{set: set, force: c.Bool("force"), out: c.App.Writer, formats: formats}
	if info.IsDir() {
		if c.IsSet("output") {
			return inputErrorf("排版整个目录时不能用 -o，请用 --out-dir 指定输出目录。")
		}
		return r.dir(in, c.String("out-dir"))
	}
	if c.IsSet("out-dir") {
		return inputErrorf("--out-dir 只用于排版整个目录；排版单个工作簿请用 -o 指定文件。")
	}
	res := r.file(in, c.String("output"), ".")
	r.print(res, false)
	return res.err
}

// renderer renders workbooks with one font set into the chosen formats.
type renderer struct {
	set     *fonts.Set
	force   bool
	out     io.Writer
	formats []string // extensions: ".pdf", ".html"
}

// outputFormats parses --format: "pdf", "html" or both, separated by commas.
func outputFormats(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		switch f = "." + strings.ToLower(strings.TrimSpace(f)); f {
		case ".pdf", ".html":
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		default:
			return nil, inputErrorf("不支持的输出格式：%s。可选：pdf、html，或 pdf,html。", strings.TrimPrefix(f, "."))
		}
	}
	return out, nil
}

// rendered is what became of one workbook.
type rendered struct {
	in       string
	written  []string // the files written, one per format
	findings []check.Finding
	draft    bool
	err      error
}

// file reads and checks the workbook in, and typesets it into out, or into dir under the
// default name when out is empty.
func (r renderer) file(in, out, dir string) rendered {
	res := rendered{in: in}
	cf := app.InspectFile(context.TODO(), in, nil)
	if cf.Err != nil {
		res.err = cf.Err
		return res
	}
	res.findings = cf.Findings
	blocked := cf.Outcome() == check.Errors
	if blocked && !r.force {
		res.err = message.ErrFindings
		return res
	}
	d := document.Build(cf.Report)
	res.draft = blocked
	for _, ext := range r.formats {
		path := filepath.Join(dir, reportName(d, in, ext))
		if out != "" {
			path = strings.TrimSuffix(out, filepath.Ext(out)) + ext
			if len(r.formats) == 1 {
				path = out // exactly as asked, whatever its extension
			}
		}
		if err := outfile.Write(path, r.force, func(w io.Writer) error { return r.write(w, d, ext, res.draft) }); err != nil {
			res.err = err
			return res
		}
		res.written = append(res.written, path)
	}
	return res
}

// write lays out the document in one format.
func (r renderer) write(w io.Writer, d *document.Document, ext string, draft bool) error {
	if ext == ".html" {
		return htmlwriter.Options{Draft: draft}.Write(w, d)
	}
	return pdfwriter.Write(w, d, r.set, pdfwriter.Options{Draft: draft})
}

// reportName is {机关名称}{年度}年政府信息公开工作年度报告 with the extension, or the
// workbook's name when the report does not say which agency and year it is for.
func reportName(d *document.Document, in, ext string) string {
	if d.Title.Complete() {
		return outfile.SafeName(d.Title.Text()) + ext
	}
	return outfile.SafeName(strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))) + ext
}

// dir renders every workbook under dir into outDir, one per core. The results are printed
// in file name order; the exit code is that of the worst.
func (r renderer) dir(dir, outDir string) error {
	if outDir == "" {
		outDir = "."
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return inputErrorf("无法创建输出目录：%s。", outDir)
	}
	if err := app.WritableDir(outDir); err != nil {
		return err
	}
	files, err := batch.Find([]string{dir}, nil)
	if err != nil {
		return err
	}
	if len(files.Workbooks)+len(files.Unsupported) == 0 {
		return inputErrorf("目录中没有 .xlsx 工作簿：%s。", dir)
	}
	written, blocked, failed := 0, 0, 0
	names := map[string]string{} // two workbooks of one agency and year give one file name
	count := func(res rendered) {
		r.print(res, true)
		switch {
		case res.err == nil:
			written++
			for _, path := range res.written {
				if other, clash := names[path]; clash {
					fmt.Fprintf(r.out, "注意：%s 与 %s 是同一机关同一年度的报告，只保留了一份：%s\n", other, res.in, path)
				}
				names[path] = res.in
			}
		case isFindings(res.err):
			blocked++
		default:
			failed++
		}
	}
	for _, in := range files.Unsupported {
		count(rendered{in: in, err: &batch.UnsupportedError{Path: in}})
	}
	batch.Map(files.Workbooks, func(in string) rendered { return r.file(in, "", outDir) },
		func(_ int, res rendered) { count(res) })
	total := len(files.Workbooks) + len(files.Unsupported)
	fmt.Fprintf(r.out, "共 %d 个工作簿：生成报告 %d 份，因检查有错误未生成 %d 份，无法处理 %d 份。\n", total, written, blocked, failed)
	switch {
	case failed > 0:
		return inputErrorf("有 %d 个工作簿无法处理，原因见上。", failed)
	case blocked > 0:
		return message.ErrFindings
	}
	return nil
}

func isFindings(err error) bool { return errors.Is(err, message.ErrFindings) }

// print reports one workbook: its findings, then what was written or why not. Other errors
// are the caller's to report for a single workbook, and are printed here in a batch.
func (r renderer) print(res rendered, batch bool) {
	if len(res.findings) > 0 {
		fmt.Fprintln(r.out, res.in)
	}
	for _, f := range res.findings {
		fmt.Fprintf(r.out, "  %s %s %s%s\n", f.Severity, f.Rule, f.Message, places(f))
	}
	switch {
	case res.err == nil && res.draft:
		fmt.Fprintf(r.out, "已生成草稿（检查有错误，每页标注“草稿”）：%s\n", strings.Join(res.written, "、"))
	case res.err == nil:
		fmt.Fprintf(r.out, "已生成：%s\n", strings.Join(res.written, "、"))
	case isFindings(res.err):
		fmt.Fprintf(r.out, "%s：检查发现错误，未生成报告。改正后重新运行，或加 --force 生成草稿。\n", res.in)
	case batch:
		msg, _ := describe(res.err)
		fmt.Fprintf(r.out, "%s：未生成报告：%s\n", res.in, msg)
	}
}
