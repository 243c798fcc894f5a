package main

// nianbao check: read the workbooks bureaus sent back and say, per file, what is wrong, in
// which cell and by how much; optionally write annotated copies to send back.

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/checkjson"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

func checkCommand(s *IOStreams) *cli.Command {
	return &cli.Command{
		Name:  "check",
		Usage: "检查各单位交回的工作簿：勾稽关系、漏填、正文与表格是否一致",
		UsageText: "nianbao check 工作簿或目录... [--prev 上年工作簿或目录] [--expect-agency 机关名称] [--expect-year 年度] [--format text|json] [--annotate 目录] [--force]\n" +
			"nianbao check 审签稿.docx --against 原工作簿.xlsx [--prev 上年工作簿] [--expect-agency 机关名称] [--expect-year 年度]",
		Description: "逐个检查工作簿（目录则检查其中全部 .xlsx，含子目录），按文件列出发现的问题：\n" +
			"错误（表格不平衡、数值填写了文字等，不能发布）和警告（漏填、正文与表格不一致等，请核对）。\n" +
			"每条问题写明所在工作表和单元格、相关数值及相差多少。\n" +
			"--prev 指定上年年报工作簿（或上年各单位工作簿所在目录，按机关名称对应）时，另外检查跨年度关系（上年结转等）\n" +
			"和主要数字较上年的大幅变化。\n" +
			"填报单位可在工作簿的“说明”工作表中对警告逐条说明（批注副本已列出待说明的警告）；已说明的警告标为“已说明”，\n" +
			"不再计入警告；错误不能以说明代替更正。\n" +
			"--annotate 为每个工作簿另存一份批注副本：有问题的单元格标色并附批注，另有“检查结果”工作表，\n" +
			"可直接退回填报单位修改；原文件不会被改动。\n" +
			"--expect-agency、--expect-year 指定工作簿应是哪个机关、哪一年度的报告：机关名称不符（A1）或年度不符（A2）\n" +
			"均为错误。机关名称的比较忽略全角半角、空格和括号中的部分（与报送台相同，见 README）。\n" +
			".xls、.et、.ods、.csv 等其他格式的表格文件无法检查，会逐个列出，请另存为 .xlsx。\n" +
			"--against 核对领导审签后交回的 Word 文档（render --format docx 生成；也可以是 PDF 或网页）：\n" +
			"与生成它的工作簿逐段、逐格对照，列出改动的段落和数字（原 → 新），并对审签后的报告重新检查，\n" +
			"每个改动的数字逐条核对其所在的勾稽关系。文档中还有未接受的修订时，按接受全部修订后的文本读取，并予以说明。\n" +
			"需要审签后的工作簿时，用 nianbao import 审签稿.docx 导入。\n" +
			"退出码：0 没有错误（可有警告）；1 有文件存在错误；2 有文件无法读取或参数有误。",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "prev", Usage: "上年年报`工作簿或目录`（也可以是已发布的 PDF、Word 文档或网页），用于跨年度检查"},
			&cli.StringFlag{Name: "expect-agency", Usage: "工作簿应属的`机关名称`；不符时为错误（A1）"},
			&cli.IntFlag{Name: "expect-year", Usage: "工作簿应是的报告`年度`；不符时为错误（A2）", DefaultText: "不检查"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "输出`格式`：text（文字）或 json（供其他程序读取，见 docs/check-json.md）"},
			&cli.StringFlag{Name: "annotate", Usage: "存放批注副本的`目录`（不存在时自动创建）"},
			&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的批注副本"},
			&cli.StringFlag{Name: "against", Usage: "生成审签稿的原`工作簿`：列出审签稿的改动并重新检查", TakesFile: true},
		},
		Action: func(c *cli.Context) error { return checkAction(c, s) },
	}
}

func checkAction(c *cli.Context, s *IOStreams) error {
	if c.NArg() == 0 {
		return inputErrorf("请指定要检查的工作簿或目录，如：nianbao check 收到的年报。")
	}
	format := c.String("format")
	if format != "text" && format != "json" {
		return inputErrorf("--format 只能是 text 或 json，而不是“%s”。", format)
	}
	opts := app.CheckOptions{AnnotateDir: c.String("annotate"), Force: c.Bool("force"), LeftOut: leftOutNote(s.ErrOut),
		Expect: check.Expect{Agency: strings.TrimSpace(c.String("expect-agency")), Year: c.Int("expect-year")}}
	if c.IsSet("expect-year") {
		if err := app.CheckYear(opts.Expect.Year, time.Now()); err != nil {
			return err
		}
	}
	if c.IsSet("prev") {
		var err error
		if opts.LastYear, err = readLastYear(c, c.String("prev")); err != nil {
			return err
		}
	}
	out := &checkPrinter{w: s.Out, json: format == "json", colour: s.Colour}
	if c.IsSet("against") {
		switch {
		case strings.TrimSpace(c.String("against")) == "":
			return inputErrorf("--against 之后应是生成审签稿的原工作簿，如：nianbao check 审签稿.docx --against 原工作簿.xlsx。")
		case c.NArg() != 1:
			return inputErrorf("--against 只能核对一份审签稿，如：nianbao check 审签稿.docx --against 原工作簿.xlsx。")
		case out.json || c.IsSet("annotate"):
			return inputErrorf("--against 不能与 --format json 或 --annotate 同用。")
		}
		res, err := app.CompareSignOff(c.Context, c.Args().First(), c.String("against"), app.SignOffOptions{LastYear: opts.LastYear, Expect: opts.Expect})
		if err != nil {
			return err
		}
		out.signOff(res)
		return out.finish()
	}
	if err := app.Check(c.Context, c.Args().Slice(), opts, out.file); err != nil {
		return err
	}
	return out.finish()
}

// checkPrinter prints results as they come, file by file, and the total at the end.
type checkPrinter struct {
	w      io.Writer
	json   bool
	colour bool
	files  []app.CheckedFile // kept for the JSON document
	total  app.CheckTotal
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

// documentHint says, after the line of a report document given as a workbook that could not
// be read (most often the signed-off Word document come back), how to compare or import it.
func documentHint(res app.CheckedFile) string {
	var read *xlsxreader.FileError
	if !errors.As(res.Err, &read) {
		return ""
	}
	switch strings.ToLower(filepath.Ext(res.Path)) {
	case ".docx", ".pdf", ".html", ".htm":
		return "如是审签稿或已发布的年报，请用 nianbao check 审签稿.docx --against 原工作簿.xlsx 核对，或用 nianbao import 导入为工作簿。"
	}
	return ""
}

func (p *checkPrinter) file(res app.CheckedFile) {
	p.total.Add(res)
	if p.json {
		p.files = append(p.files, res)
		return
	}
	w := p.w
	fmt.Fprintln(w, p.paint(bold, message.Name(res.Path))+facts(res.Facts))
	if res.Err != nil {
		fmt.Fprintln(w, "  "+p.paint(red, "无法检查：")+message.Text(res.Err)+documentHint(res))
		return
	}
	if res.Note != "" {
		fmt.Fprintln(w, "  "+res.Note)
	}
	for _, g := range res.Groups {
		label, colour := g.Severity.String(), yellow
		switch {
		case g.Severity == check.Error:
			colour = red
		case g.Explained():
			label, colour = app.ExplainedLabel, green
		}
		fmt.Fprintf(w, "  %s %s %s%s\n", p.paint(colour, label), g.Rule, g.Message, places(g.Places(res.Findings)))
		if g.Explained() {
			fmt.Fprintln(w, "    说明："+g.Explanation)
		}
	}
	// Counted as read: a run of blank cells is one warning.
	n := check.CountGroups(res.Groups)
	switch {
	case n.Errors > 0:
		fmt.Fprintf(w, "  %s，%d 个警告%s\n", p.paint(red, fmt.Sprintf("%d 个错误", n.Errors)), n.Warnings, alsoExplained(n))
	case n.Warnings > 0:
		fmt.Fprintf(w, "  没有错误，%s，请核对%s\n", p.paint(yellow, fmt.Sprintf("%d 个警告", n.Warnings)), alsoExplained(n))
	case n.Explained > 0:
		fmt.Fprintf(w, "  %s（%d 个警告已说明）\n", p.paint(green, check.Pass.String()+"：没有未说明的问题"), n.Explained)
	default:
		fmt.Fprintln(w, "  "+p.paint(green, check.Pass.String()+"：没有发现问题"))
	}
	if res.Annotated != "" {
		fmt.Fprintln(w, "  批注副本："+message.Name(res.Annotated))
	}
	if res.Unwritten != nil {
		fmt.Fprintln(w, "  "+p.paint(red, "未能写入批注副本：")+message.Text(res.Unwritten))
	}
}

// signOff prints what a signed-off document changed, each changed number with its
// rechecks, then the check of the report as signed off.
func (p *checkPrinter) signOff(s app.SignOff) {
	w := p.w
	fmt.Fprintf(w, "%s（%s）对照 %s\n", p.paint(bold, message.Name(s.Document)), s.Kind, message.Name(s.Workbook))
	fmt.Fprintln(w, "  读取："+s.Read)
	if s.Foreign != "" {
		fmt.Fprintln(w, "  "+p.paint(yellow, "注意：")+s.Foreign)
	}
	if !s.Changed() {
		fmt.Fprintln(w, "  没有改动：审签稿与工作簿一致。")
	}
	if len(s.Paragraphs) > 0 {
		fmt.Fprintf(w, "  改动的段落（%d 处）：\n", len(s.Paragraphs))
		for _, c := range s.Paragraphs {
			switch {
			case c.Old == "":
				fmt.Fprintf(w, "    %s：\n      新增：%s\n", c.Where, message.Name(c.New))
			case c.New == "":
				fmt.Fprintf(w, "    %s（已删除）：\n      原为：%s\n", c.Where, message.Name(c.Old))
			default:
				fmt.Fprintf(w, "    %s：\n      原为：%s\n      改为：%s\n", c.Where, message.Name(c.Old), message.Name(c.New))
			}
		}
	}
	if len(s.Cells) > 0 {
		fmt.Fprintf(w, "  改动的数字（%d 格）：\n", len(s.Cells))
		for _, c := range s.Cells {
			fmt.Fprintf(w, "    %s：%s → %s\n", c.Name, message.Name(c.Old), message.Name(c.New))
			if len(c.Rechecks) == 0 {
				fmt.Fprintln(w, "      重新核对：不在任何勾稽关系中，数值本身没有问题")
			}
			for _, r := range c.Rechecks {
				if r.Finding {
					fmt.Fprintf(w, "      %s %s %s\n", p.paint(red, "问题"), r.Rule, r.What)
					continue
				}
				verdict := p.paint(green, "成立")
				if !r.Holds {
					verdict = p.paint(red, "不成立")
				}
				fmt.Fprintf(w, "      重新核对 %s %s：%s\n", r.Rule, r.What, verdict)
			}
		}
	}
	fmt.Fprintln(w, "  审签后的报告重新检查：")
	p.file(s.Checked)
}

// alsoExplained mentions the explained warnings besides the open ones, if any.
func alsoExplained(n check.Counts) string {
	if n.Explained == 0 {
		return ""
	}
	return fmt.Sprintf("（另有 %d 个警告已说明）", n.Explained)
}

// places lists the cells a finding or group is about: （表三!D8、上年表三!D30）.
func places(at []string) string {
	if len(at) > 0 {
		return "（" + strings.Join(at, "、") + "）"
	}
	return ""
}

// facts names whose report it is: （太仓市科学技术局，2020年度，2019年版格式）.
func facts(r app.Facts) string {
	if r.Edition == "" {
		return ""
	}
	var parts []string
	if r.Agency != "" {
		parts = append(parts, r.Agency)
	}
	if r.Year != 0 {
		parts = append(parts, fmt.Sprintf("%d年度", r.Year))
	}
	parts = append(parts, template.EditionName(r.Edition))
	return "（" + strings.Join(parts, "，") + "）"
}

// finish prints the total (or the JSON document) and returns the outcome of the run.
func (p *checkPrinter) finish() error {
	t := p.total
	if p.json {
		if err := checkjson.New(p.files).Encode(p.w); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(p.w, "合计：检查 %d 个文件，%d 个%s，%d 个有警告，%d 个有错误，%d 个无法检查；共 %d 个错误，%d 个警告%s。\n",
			t.Files, t.Passed, check.Pass, t.WithWarnings, t.WithErrors, t.Unreadable, t.Read.Errors, t.Read.Warnings, alsoExplained(t.Read))
	}
	return t.Err()
}
