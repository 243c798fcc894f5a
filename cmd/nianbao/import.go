package main

// nianbao import: published reports (PDF, Word, web page) into workbooks of the template.

import (
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

func importCommand(s *IOStreams) *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "把已发布的年报（PDF、Word 文档、网页）导入为填报模板工作簿",
		UsageText: "nianbao import 年报文件或目录... [-o 工作簿 | --out-dir 目录] [--edition " + strings.Join(template.EditionIDs(), "|") + "] [--force]",
		Description: "读取已发布的《政府信息公开工作年度报告》——有文字层的 PDF（WPS、Word 等生成）、Word 文档（.docx）\n" +
			"或保存下来的网页（.html）——生成填报模板工作簿，如同单位亲自填写：标题中的机关名称和年度、\n" +
			"联系方式、六个部分的正文，以及表二、表三、表四的每一格（按国家格式的行列标签逐格对应）。\n" +
			"每个导入的单元格附批注注明来源（文件和页码或表格行）；年报印出的总计与各项之和不一致时，\n" +
			"保留印出的数字，检查时会指出。每个文件一行说明读到了什么、哪些没有读到，随后列出检查结果。\n" +
			"扫描件 PDF、加密文档和旧版 Word 文档（.doc）无法读取，会逐个说明。\n" +
			"工作簿默认写在原文件旁（同名 .xlsx），已存在的文件不会被覆盖，除非加 --force。\n" +
			"检查的是年报印出的数字（总计按印出的数字），与 check 检查工作簿相同。\n" +
			"退出码：0 表格每一格都已读到，检查没有错误；1 有单元格未读到（工作簿照常写出，这些格留空）或检查发现错误；\n" +
			"2 有文件无法读取或参数有误。",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出`工作簿`（只导入一个文件时）"},
			&cli.StringFlag{Name: "out-dir", Usage: "存放导入结果的`目录`（不存在时自动创建；默认：原文件所在目录）"},
			&cli.StringFlag{Name: "edition", Usage: "格式`版本`：" + strings.Join(template.EditionIDs(), " 或 ") + "（默认：按表格自动识别）"},
			&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的工作簿"},
		},
		Action: func(c *cli.Context) error { return importAction(c, s) },
	}
}

func importAction(c *cli.Context, s *IOStreams) error {
	if c.NArg() == 0 {
		return inputErrorf("请指定要导入的年报文件或目录，如：nianbao import 去年年报.pdf。")
	}
	if c.IsSet("output") && c.IsSet("out-dir") {
		return inputErrorf("-o 与 --out-dir 不能同时使用。")
	}
	opts := app.ImportOptions{Out: c.String("output"), OutDir: c.String("out-dir"), Force: c.Bool("force")}
	if c.IsSet("edition") {
		e, err := template.Lookup(c.String("edition"))
		if err != nil {
			return err
		}
		opts.Edition = e
	}
	out := &checkPrinter{w: s.Out, colour: s.Colour}
	failed, incomplete, findings := false, false, false
	err := app.ImportFiles(c.Context, c.Args().Slice(), opts, func(f app.ImportedFile) {
		w := s.Out
		if f.Err != nil {
			failed = true
			fmt.Fprintln(w, out.paint(bold, f.Path))
			fmt.Fprintln(w, "  "+out.paint(red, "无法导入：")+message.Text(f.Err))
			return
		}
		if !f.Result.Complete() {
			incomplete = true
		}
		fmt.Fprintf(w, "%s（%s）\n  导入：%s\n", out.paint(bold, f.Path), f.Result.Kind, f.Result.Summary())
		if f.Unwritten != nil {
			failed = true
			fmt.Fprintln(w, "  "+out.paint(red, "未能写入工作簿：")+message.Text(f.Unwritten))
		} else {
			fmt.Fprintln(w, "  已写入："+f.Out)
			if len(f.Recomputed) > 0 {
				fmt.Fprintln(w, "  "+out.paint(yellow, "注意：")+message.RecomputedTotals(f.Recomputed))
			}
		}
		in := f.Checked
		if in.Outcome() == check.Errors {
			findings = true
		}
		out.file(app.CheckedFile{Path: "  检查结果：", Err: in.Err, Findings: in.Findings, Groups: in.Groups})
	})
	switch {
	case err != nil:
		return err
	case failed:
		return message.ErrReported
	case incomplete || findings:
		return message.ErrFindings
	}
	return nil
}
