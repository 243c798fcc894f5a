package main

// nianbao aggregate: the county-level totals of tables 二, 三 and 四, summed from the bureaus'
// workbooks into a filled template that the coordinator completes, checks and renders.

import (
	"fmt"
	"io"
	"strings"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

const (
	defaultAggregateFile   = "汇总.xlsx"
	defaultAggregateAgency = "汇总"
)

func aggregateCommand(s *IOStreams) *cli.Command {
	return &cli.Command{
		Name:      "aggregate",
		Usage:     "将各单位工作簿的表二、表三、表四逐格相加，生成汇总工作簿",
		UsageText: "nianbao aggregate 目录或文件… [-o " + defaultAggregateFile + "] [--agency 机关名称] [--force]",
		Description: "读取目录（含子目录）或所列文件中的全部 .xlsx 工作簿，把同一年度、同一格式版本的表二、表三、表四逐格相加，\n" +
			"生成同一版本的已填写工作簿：机关名称取 --agency（默认“" + defaultAggregateAgency + "”），年度取各工作簿的年度，正文留空待填写；\n" +
			"汇总了哪些单位记在“" + workbook.SheetSources + "”工作表和文档属性中。生成的工作簿可以再用 nianbao check 检查、用 nianbao render 排版。\n" +
			"以下情况不汇总：年度或版本不一致、同一机关有两份工作簿、有文件无法读取；检查有错误的工作簿也不汇总，除非加 --force。\n" +
			"空白、“/”或文字等非数字单元格按 0 计入合计，并逐一列出提醒核对。拒绝汇总或文件无法读写时退出码为 2。",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: defaultAggregateFile, Usage: "汇总工作簿`文件`"},
			&cli.StringFlag{Name: "agency", Value: defaultAggregateAgency, Usage: "汇总工作簿的`机关名称`，如：某某县人民政府"},
			&cli.BoolFlag{Name: "force", Usage: "检查有错误的工作簿也汇总；覆盖已存在的输出文件"},
		},
		Action: func(c *cli.Context) error { return aggregateAction(c, s) },
	}
}

func aggregateAction(c *cli.Context, s *IOStreams) error {
	if c.NArg() == 0 {
		return inputErrorf("请指定各单位工作簿所在的目录或工作簿文件，如：nianbao aggregate 收到的年报 -o 汇总.xlsx。")
	}
	opts := app.RollupOptions{Agency: c.String("agency"), Output: c.String("output"), Force: c.Bool("force"), LeftOut: leftOutNote(s.ErrOut)}
	res, err := app.RollUp(c.Context, c.Args().Slice(), opts, newProgress(s, "读取"))
	if res != nil && len(res.Forced) > 0 {
		fmt.Fprintf(c.App.ErrWriter, "注意：以下 %d 份工作簿检查有错误，已按 --force 汇总：\n  %s\n", len(res.Forced), strings.Join(res.Forced, "\n  "))
	}
	if err != nil {
		return err
	}
	warnZeroed(c.App.ErrWriter, res.Zeroed)
	if err := app.SaveRollup(opts.Output, opts.Force, res.Result); err != nil {
		return err
	}
	r := res.Report
	fmt.Fprintf(c.App.Writer, "已汇总 %d 个单位的 %d年度报告（%s），保存为：%s\n正文各部分留空，请补充后用 nianbao check 检查、nianbao render 排版。\n",
		len(res.Sources), r.Year(), template.EditionName(r.Edition.ID), message.Name(opts.Output))
	return nil
}

// warnZeroed lists the cells that held no number and were counted as 0.
func warnZeroed(w io.Writer, zeroed []aggregate.Zeroed) {
	if len(zeroed) == 0 {
		return
	}
	fmt.Fprintf(w, "注意：以下 %d 个单元格不是数字，已按 0 计入合计，请核对：\n", len(zeroed))
	for _, z := range zeroed {
		held := "未填写"
		if z.Value.State != model.Blank {
			held = "填写的是“" + z.Value.Raw + "”"
		}
		fmt.Fprintf(w, "  %s（%s）%s：%s\n", message.Name(z.Source.File), message.Agency(z.Source.Agency), z.Cell.Name(), held)
	}
}
