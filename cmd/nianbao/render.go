package main

// nianbao render: check a filled workbook and typeset it as the PDF report; one file, or a
// directory of them in parallel.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/urfave/cli/v2"
)

func renderCommand() *cli.Command {
	// Every format of the registry is offered and described here, so that a new format needs
	// no change to the command.
	var names, labels, help []string
	width := 0
	for _, f := range app.Formats {
		width = max(width, len(f.Name))
	}
	for _, f := range app.Formats {
		names, labels = append(names, f.Name), append(labels, f.Label)
		help = append(help, fmt.Sprintf("  %-*s  %s", width, f.Name, f.Help))
	}
	all := strings.Join(names, ",")
	return &cli.Command{
		Name:  "render",
		Usage: "将填好的工作簿排版为 " + strings.Join(labels[:len(labels)-1], "、") + "和 " + labels[len(labels)-1] + "（可批量）",
		UsageText: "nianbao render 工作簿.xlsx [-o 报告.pdf] [--format " + all + "] [--force]\n" +
			"nianbao render 目录 [--out-dir 输出目录] [--format " + all + "] [--force]",
		Description: "先检查工作簿：有错误时不生成报告，列出问题，退出码为 1；加 --force 则仍然生成，\n" +
			"并标注“草稿”。警告只列出，不影响生成。\n" +
			"输出格式（--format，默认 pdf；可用逗号同时指定几种，如 " + all + "）：\n" +
			strings.Join(help, "\n") + "\n" +
			"指定目录时，排版目录（含子目录）中所有工作簿（多核并行），报告保存在 --out-dir 目录。\n" +
			"默认文件名为“机关名称+年度+年政府信息公开工作年度报告”加格式的扩展名，保存在当前目录；\n" +
			"已存在的文件不会被覆盖，除非加 --force。",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出`文件`（默认：按机关名称和年度命名，保存在当前目录）；未指定 --format 时按扩展名确定格式（如 报告.docx）；同时生成几种格式时，各用相应的扩展名"},
			&cli.StringFlag{Name: "format", Value: "pdf", Usage: "输出`格式`：" + strings.Join(names, "、") + "，可用逗号同时指定几种（如 " + all + "）"},
			&cli.StringFlag{Name: "out-dir", Usage: "排版整个目录时存放报告的`目录`（默认：当前目录）"},
			&cli.BoolFlag{Name: "force", Usage: "检查有错误时仍生成报告（标注“草稿”），并覆盖已存在的文件"},
		}, fontFlags()...),
		Action: renderAction,
	}
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
	formats, err := app.ParseFormats(c.String("format"))
	if err != nil {
		return err
	}
	if formats, err = app.FormatsForOutput(c.String("output"), formats, c.IsSet("format")); err != nil {
		return err
	}
	opts := app.RenderOptions{Formats: formats, Fonts: set, Force: c.Bool("force"), LeftOut: leftOutNote(c.App.ErrWriter)}
	out := c.App.Writer
	if info.IsDir() {
		if c.IsSet("output") {
			return inputErrorf("排版整个目录时不能用 -o，请用 --out-dir 指定输出目录。")
		}
		total, err := app.RenderDir(c.Context, in, c.String("out-dir"), opts, func(res app.Rendered) {
			printRendered(out, res, true)
			for _, c := range res.Clashes {
				fmt.Fprintf(out, "注意：%s 与 %s 是同一机关同一年度的报告，只保留了一份：%s\n", message.Name(c.Other), message.Name(res.In), message.Name(c.Path))
			}
		})
		if err != nil {
			return err
		}
		if total.Written > 0 && makesPDF(formats) {
			fmt.Fprintln(out, faceSummary(set))
		}
		fmt.Fprintf(out, "共 %d 个工作簿：生成报告 %d 份，因检查有错误未生成 %d 份，无法处理 %d 份。\n", total.Files, total.Written, total.Blocked, total.Failed)
		return total.Err()
	}
	if c.IsSet("out-dir") {
		return inputErrorf("--out-dir 只用于排版整个目录；排版单个工作簿请用 -o 指定文件。")
	}
	res := app.RenderFile(c.Context, in, c.String("output"), ".", opts)
	printRendered(out, res, false)
	if res.Err == nil && makesPDF(formats) {
		fmt.Fprintln(out, faceSummary(set))
	}
	return res.Err
}

// makesPDF says whether a PDF is among the formats: the fonts line is about the PDF alone.
func makesPDF(formats []app.Format) bool {
	return slices.ContainsFunc(formats, func(f app.Format) bool { return f.Name == "pdf" })
}

// printRendered reports one workbook: its findings, then what was written or why not. Other
// errors are the caller's to report for a single workbook, and are printed here in a batch.
func printRendered(w io.Writer, res app.Rendered, batch bool) {
	if len(res.Findings) > 0 {
		fmt.Fprintln(w, message.Name(res.In))
	}
	for _, g := range res.Groups {
		label := g.Severity.String()
		if g.Explained() {
			label = app.ExplainedLabel
		}
		fmt.Fprintf(w, "  %s %s %s%s\n", label, g.Rule, g.Message, places(g.Places(res.Findings)))
	}
	switch {
	case res.Err == nil && res.Draft:
		fmt.Fprintf(w, "已生成草稿（检查有错误，每页标注“草稿”）：%s\n", names(res.Written))
	case res.Err == nil:
		fmt.Fprintf(w, "已生成：%s\n", names(res.Written))
	case errors.Is(res.Err, message.ErrFindings):
		fmt.Fprintf(w, "%s：检查发现错误，未生成报告。改正后重新运行，或加 --force 生成草稿。\n", message.Name(res.In))
	case batch:
		fmt.Fprintf(w, "%s：未生成报告：%s\n", message.Name(res.In), message.Text(res.Err))
	}
}

// names joins file names as printed (message.Name): 、 between them.
func names(paths []string) string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = message.Name(p)
	}
	return strings.Join(out, "、")
}
