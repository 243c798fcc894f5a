package main

// nianbao template: the Excel workbook that bureaus fill in, one file or one per agency.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

func init() {
	commands = append(commands, func() *cli.Command {
		return &cli.Command{
			Name:  "template",
			Usage: "生成 Excel 填报模板（可按机关名单批量生成）",
			UsageText: "nianbao template [--year 年份] [--edition " + strings.Join(template.EditionIDs(), "|") + "] [--agency 机关名称] [-o 文件]\n" +
				"nianbao template --agencies 名单文件 --out-dir 目录 [--year 年份] [--edition " + strings.Join(template.EditionIDs(), "|") + "]",
			Description: "生成符合国家《政府信息公开工作年度报告格式》的 Excel 工作簿：填报说明、基本信息、正文、表二、表三、表四。\n" +
				"只有浅黄色单元格可以填写；总计自动计算；表三、表四下方即时显示勾稽关系是否成立。\n" +
				"批量生成时，名单文件每行一个机关名称，为每个机关生成一份已填好机关名称和年度的模板。\n" +
				"已存在的文件不会被覆盖，除非加 --force。",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "year", Value: time.Now().Year() - 1, Usage: "报告`年份`，即统计的年度"},
				&cli.StringFlag{Name: "edition", Usage: "格式`版本`：" + strings.Join(template.EditionIDs(), " 或 ") + "（默认：该年度适用的版本）"},
				&cli.StringFlag{Name: "agency", Usage: "预先填入模板的`机关名称`；不填则生成空白模板"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "输出`文件`（默认：按机关名称和年度命名，如 某某局2024年政府信息公开工作年度报告.xlsx）"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的文件"},
				&cli.StringFlag{Name: "agencies", Usage: "机关名单`文件`：每行一个机关名称（UTF-8 文本），为每个机关生成一份模板"},
				&cli.StringFlag{Name: "out-dir", Usage: "批量生成时存放模板的`目录`（默认：当前目录）"},
			},
			Action: templateAction,
			OnUsageError: func(_ *cli.Context, err error, _ bool) error {
				return usageError{err}
			},
		}
	})
}

func templateAction(c *cli.Context) error {
	if c.NArg() > 0 {
		return inputErrorf("多余的参数：%s。机关名称请用 --agency 指定。", strings.Join(c.Args().Slice(), " "))
	}
	year := c.Int("year")
	e, err := templateEdition(c.String("edition"), year)
	if err != nil {
		return err
	}
	if !e.AppliesTo(year) {
		fmt.Fprintf(c.App.ErrWriter, "注意：%d年度适用的不是%s，仍按%s生成模板。\n", year, template.EditionName(e.ID), e.Name)
	}
	force := c.Bool("force")
	if c.IsSet("agencies") {
		if c.IsSet("agency") || c.IsSet("output") {
			return inputErrorf("--agencies 不能与 --agency 或 -o 同时使用：批量生成时机关名称来自名单文件，文件名自动生成。")
		}
		return templateBatch(c, e, year, force)
	}
	if c.IsSet("out-dir") {
		return inputErrorf("--out-dir 只用于配合 --agencies 批量生成；生成单个模板请用 -o 指定文件。")
	}
	agency := strings.TrimSpace(c.String("agency"))
	if c.IsSet("agency") && agency == "" {
		return inputErrorf("机关名称为空：请在 --agency 后填写机关名称，或不加 --agency 生成空白模板。")
	}
	out := c.String("output")
	if out == "" {
		out = templateFileName(agency, year)
	}
	if err := app.WritableDir(filepath.Dir(out)); err != nil {
		return err
	}
	if err := writeTemplate(out, force, newTemplateReport(e, agency, year)); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "已生成：%s\n", out)
	return nil
}

// templateEdition is the edition asked for, or the one that applies to the year; the year
// must be one that a report can be made for.
func templateEdition(id string, year int) (*template.Edition, error) {
	first, now := template.Editions()[0].FirstYear, time.Now().Year()
	switch {
	case year < first:
		return nil, inputErrorf("报告年度 %d 早于 %d 年：年度报告格式最早自%d年度起适用。", year, first, first)
	case year > now:
		return nil, inputErrorf("报告年度 %d 是将来的年份（今年是 %d 年）。", year, now)
	}
	if id == "" {
		return template.ForYear(year)
	}
	return template.Lookup(id)
}

// newTemplateReport is the report a template is made from: empty but for the agency, the
// year and the statistical period.
func newTemplateReport(e *template.Edition, agency string, year int) *model.Report {
	r := model.New(e)
	r.Info["agency"] = model.Field{Text: agency}
	r.SetYear(year)
	return r
}

// templateFileName is the default file name: the agency (made safe) and the year.
func templateFileName(agency string, year int) string {
	if agency == "" {
		return fmt.Sprintf("%d年政府信息公开工作年度报告填报模板.xlsx", year)
	}
	return outfile.SafeName(agency) + fmt.Sprintf("%d年政府信息公开工作年度报告.xlsx", year)
}

func writeTemplate(path string, force bool, r *model.Report) error {
	return outfile.Write(path, force, func(w io.Writer) error { return xlsxwriter.Write(w, r) })
}

// templateBatch writes one prefilled template per agency of the list into the output
// directory. Nothing is written unless every file can be: existing files stop the batch
// before the first write when --force is not given.
func templateBatch(c *cli.Context, e *template.Edition, year int, force bool) error {
	agencies, err := readAgencies(c, c.String("agencies"))
	if err != nil {
		return err
	}
	var dups []string
	dir := c.String("out-dir")
	if dir == "" {
		dir = "."
	}
	dir = filepath.Clean(dir)
	type job struct{ agency, path string }
	var jobs []job
	byPath := map[string]app.Agency{}
	for _, a := range agencies {
		p := filepath.Join(dir, templateFileName(a.Name, year))
		if filepath.Dir(p) != dir { // SafeName keeps separators out; make sure of it
			return fmt.Errorf("template: file name %q escapes %s", p, dir)
		}
		if prev, clash := byPath[p]; clash {
			dups = append(dups, fmt.Sprintf("第%d行“%s”与第%d行“%s”生成的文件名相同，已跳过", a.Line, a.Name, prev.Line, prev.Name))
			continue
		}
		byPath[p] = a
		jobs = append(jobs, job{a.Name, p})
	}
	for _, d := range dups {
		fmt.Fprintf(c.App.ErrWriter, "注意：机关名单%s。\n", d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return inputErrorf("无法创建输出目录：%s。", dir)
	}
	if err := app.WritableDir(dir); err != nil {
		return err
	}
	if !force {
		var existing []string
		for _, j := range jobs {
			if _, err := os.Lstat(j.path); err == nil {
				existing = append(existing, j.path)
			}
		}
		if len(existing) > 0 {
			return inputErrorf("输出目录中已有 %d 个同名文件（如 %s），未生成任何模板。如需覆盖，请加 --force。", len(existing), existing[0])
		}
	}
	for _, j := range jobs {
		if err := writeTemplate(j.path, force, newTemplateReport(e, j.agency, year)); err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "已生成：%s\n", j.path)
	}
	fmt.Fprintf(c.App.Writer, "共生成 %d 份填报模板，保存在 %s。\n", len(jobs), dir)
	return nil
}
