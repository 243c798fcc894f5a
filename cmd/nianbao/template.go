package main

// nianbao template: the Excel workbook that bureaus fill in, one file or one per agency.

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

func templateCommand() *cli.Command {
	return &cli.Command{
		Name:  "template",
		Usage: "生成 Excel 填报模板（可按机关名单批量生成）",
		UsageText: "nianbao template [--year 年份] [--edition " + strings.Join(template.EditionIDs(), "|") + "] [--agency 机关名称] [--prev 上年工作簿] [-o 文件]\n" +
			"nianbao template --agencies 名单文件 --out-dir 目录 [--year 年份] [--edition " + strings.Join(template.EditionIDs(), "|") + "] [--prev 上年目录]",
		Description: "生成符合国家《政府信息公开工作年度报告格式》的 Excel 工作簿：填报说明、基本信息、正文、表二、表三、表四。\n" +
			"只有浅黄色单元格可以填写；总计自动计算；表三、表四下方即时显示勾稽关系是否成立。\n" +
			"批量生成时，名单文件每行一个机关名称，为每个机关生成一份已填好机关名称和年度的模板。\n" +
			"--prev 指定上年年报工作簿（批量生成时为上年各单位工作簿所在目录，按机关名称对应）时，\n" +
			"从上年年报带入表三“二、上年结转政府信息公开申请数量”（即上年“四、结转下年度继续办理”）\n" +
			"和2019年版表二“上一年项目数量”，单元格附批注注明来源，请填报单位核对。\n" +
			"已存在的文件不会被覆盖，除非加 --force。",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "year", Value: time.Now().Year() - 1, Usage: "报告`年份`，即统计的年度"},
			&cli.StringFlag{Name: "edition", Usage: "格式`版本`：" + strings.Join(template.EditionIDs(), " 或 ") + "（默认：该年度适用的版本）"},
			&cli.StringFlag{Name: "agency", Usage: "预先填入模板的`机关名称`；不填则生成空白模板"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出`文件`（默认：按机关名称和年度命名，如 某某局2024年政府信息公开工作年度报告.xlsx）"},
			&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的文件"},
			&cli.StringFlag{Name: "agencies", Usage: "机关名单`文件`：每行一个机关名称（UTF-8 文本），为每个机关生成一份模板"},
			&cli.StringFlag{Name: "prev", Usage: "上年年报`工作簿或目录`（也可以是已发布的 PDF、Word 文档或网页）：从中带入上年结转数"},
			&cli.StringFlag{Name: "out-dir", Usage: "批量生成时存放模板的`目录`（默认：当前目录）"},
		},
		Action: templateAction,
	}
}

func templateAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return inputErrorf("多余的参数：%s。机关名称请用 --agency 指定。", strings.Join(c.Args().Slice(), " "))
	}
	year := c.Int("year")
	e, err := app.TemplateEdition(c.String("edition"), year, time.Now())
	if err != nil {
		return err
	}
	if !e.AppliesTo(year) {
		fmt.Fprintf(c.App.ErrWriter, "注意：%d年度适用的不是%s，仍按%s生成模板。\n", year, template.EditionName(e.ID), e.Name)
	}
	force := c.Bool("force")
	var last *app.LastYear
	if c.IsSet("prev") {
		if last, err = readLastYear(c, c.String("prev")); err != nil {
			return err
		}
	}
	written := func(path, note string) {
		if note != "" {
			note = "（" + note + "）"
		}
		fmt.Fprintf(c.App.Writer, "已生成：%s%s\n", message.Name(path), note)
	}
	if c.IsSet("agencies") {
		if c.IsSet("agency") || c.IsSet("output") {
			return inputErrorf("--agencies 不能与 --agency 或 -o 同时使用：批量生成时机关名称来自名单文件，文件名自动生成。")
		}
		agencies, err := readAgencies(c, c.String("agencies"))
		if err != nil {
			return err
		}
		batch, err := app.PlanTemplates(agencies, year, c.String("out-dir"))
		if err != nil {
			return err
		}
		for _, n := range batch.Notes {
			fmt.Fprintf(c.App.ErrWriter, "注意：机关名单%s。\n", n)
		}
		if err := batch.Write(e, year, force, last, written); err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "共生成 %d 份填报模板，保存在 %s。\n", len(batch.Files), message.Name(batch.Dir))
		return nil
	}
	if c.IsSet("out-dir") {
		return inputErrorf("--out-dir 只用于配合 --agencies 批量生成；生成单个模板请用 -o 指定文件。")
	}
	agency := strings.TrimSpace(c.String("agency"))
	if c.IsSet("agency") && agency == "" {
		return inputErrorf("机关名称为空：请在 --agency 后填写机关名称，或不加 --agency 生成空白模板。")
	}
	if err := app.CheckAgency(agency); err != nil {
		return err
	}
	out := c.String("output")
	if out == "" {
		out = app.TemplateFileName(agency, year)
	}
	if err := app.WritableDir(filepath.Dir(out)); err != nil {
		return err
	}
	note, err := app.WriteTemplate(out, force, e, agency, year, last)
	if err != nil {
		return err
	}
	written(out, note)
	return nil
}
