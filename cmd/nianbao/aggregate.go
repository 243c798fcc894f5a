package main

// nianbao aggregate: the county-level totals of tables 二, 三 and 四, summed from the bureaus'
// workbooks into a filled template that the coordinator completes, checks and renders.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
	"github.com/xuri/excelize/v2"
)

const (
	defaultAggregateFile   = "汇总.xlsx"
	defaultAggregateAgency = "汇总"
)

func init() {
	commands = append(commands, func() *cli.Command {
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
			Action: aggregateAction,
		}
	})
}

func aggregateAction(c *cli.Context) error {
	if c.NArg() == 0 {
		return inputErrorf("请指定各单位工作簿所在的目录或工作簿文件，如：nianbao aggregate 收到的年报 -o 汇总.xlsx。")
	}
	agency := strings.TrimSpace(c.String("agency"))
	if agency == "" {
		return inputErrorf("机关名称为空：请在 --agency 后填写汇总工作簿的机关名称。")
	}
	out, force := c.String("output"), c.Bool("force")
	if err := checkOutput(out, force); err != nil {
		return err
	}
	files, err := batch.Find(c.Args().Slice(), sameFileAs(out))
	if err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	var unreadable []string
	for _, p := range files.Unsupported {
		msg, _ := describe(&batch.UnsupportedError{Path: p})
		unreadable = append(unreadable, msg)
	}
	if len(files.Workbooks) == 0 && len(unreadable) == 0 {
		return inputErrorf("没有找到 .xlsx 工作簿：%s。", strings.Join(c.Args().Slice(), "、"))
	}
	var inputs []aggregate.Input
	var withErrors []string
	bar := newProgress(c.App.ErrWriter, len(files.Workbooks), "读取")
	batch.Map(files.Workbooks, func(p string) app.Inspection { return app.InspectFile(c.Context, p, nil) }, func(i int, cf app.Inspection) {
		bar.Add()
		path := files.Workbooks[i]
		if cf.Err != nil {
			msg, _ := describe(cf.Err)
			unreadable = append(unreadable, msg)
			return
		}
		if errs, _ := check.Count(cf.Findings); errs > 0 {
			withErrors = append(withErrors, fmt.Sprintf("%s（%s）：%d 处错误", path, agencyOrBlank(cf.Report.Agency()), errs))
		}
		inputs = append(inputs, aggregate.Input{File: path, Report: cf.Report})
	})
	bar.Done()
	switch {
	case len(unreadable) > 0:
		return inputErrorf("以下 %d 个文件无法读取，未汇总：\n  %s", len(unreadable), strings.Join(unreadable, "\n  "))
	case len(withErrors) > 0 && !force:
		return inputErrorf("以下 %d 份工作簿检查有错误，未汇总。请先用 nianbao check 查看并改正；如确需汇总，请加 --force：\n  %s",
			len(withErrors), strings.Join(withErrors, "\n  "))
	case len(withErrors) > 0:
		fmt.Fprintf(c.App.ErrWriter, "注意：以下 %d 份工作簿检查有错误，已按 --force 汇总：\n  %s\n", len(withErrors), strings.Join(withErrors, "\n  "))
	}
	res, err := aggregate.Sum(inputs, agency)
	if err != nil {
		return refusal(err)
	}
	warnZeroed(c.App.ErrWriter, res.Zeroed)
	if err := outfile.Write(out, force, func(w io.Writer) error { return writeAggregate(w, res) }); err != nil {
		return err
	}
	r := res.Report
	fmt.Fprintf(c.App.Writer, "已汇总 %d 个单位的 %d年度报告（%s），保存为：%s\n正文各部分留空，请补充后用 nianbao check 检查、nianbao render 排版。\n",
		len(res.Sources), r.Year(), template.EditionName(r.Edition.ID), out)
	return nil
}

// refusal words aggregate's refusals in Chinese, listing the offending files.
func refusal(err error) error {
	var (
		mixed *aggregate.MixedError
		dup   *aggregate.DuplicateError
	)
	switch {
	case errors.As(err, &mixed):
		var lines []string
		for _, o := range mixed.Offenders {
			lines = append(lines, fmt.Sprintf("%s → %s、%s", o.Source.File, yearText(o.Source.Year), template.EditionName(o.Edition)))
		}
		return inputErrorf("工作簿的报告年度或格式版本不一致，未汇总。多数为%s、%s，以下 %d 份不同：\n  %s",
			yearText(mixed.Year), template.EditionName(mixed.Edition), len(lines), strings.Join(lines, "\n  "))
	case errors.As(err, &dup):
		var lines []string
		for _, d := range dup.Duplicates {
			lines = append(lines, fmt.Sprintf("%s：%s", agencyOrBlank(d.Agency), strings.Join(d.Files, "、")))
		}
		return inputErrorf("同一机关有多份工作簿，未汇总。请确认以哪一份为准，移走其余的后重试：\n  %s", strings.Join(lines, "\n  "))
	}
	return fmt.Errorf("aggregate: %w", err)
}

func yearText(y int) string {
	if y == 0 {
		return "报告年度未填"
	}
	return strconv.Itoa(y) + "年度"
}

func agencyOrBlank(a string) string {
	if a == "" {
		return "未填机关名称"
	}
	return a
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
		fmt.Fprintf(w, "  %s（%s）%s：%s\n", z.Source.File, agencyOrBlank(z.Source.Agency), z.Cell.Name(), held)
	}
}

// maxPropertyChars is the longest text value of a custom document property that Office keeps.
const maxPropertyChars = 255

// writeAggregate writes the summed report as a filled template and records its sources in
// a sheet, a document property and the hidden metadata sheet. Agency and file names come
// from other people's files: they are always written as strings, never as formulas.
func writeAggregate(w io.Writer, res *aggregate.Result) error {
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, res.Report); err != nil {
		return err
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		return fmt.Errorf("aggregate workbook: %w", err)
	}
	defer f.Close()
	s := workbook.SheetSources
	if _, err := f.NewSheet(s); err != nil {
		return fmt.Errorf("aggregate workbook: %w", err)
	}
	var names []string
	steps := []error{f.SetCellStr(s, "A1", "机关名称"), f.SetCellStr(s, "B1", "文件"), f.SetCellStr(s, "C1", "报告年度")}
	for i, src := range res.Sources {
		row := i + 2
		names = append(names, src.Agency)
		steps = append(steps, f.SetCellStr(s, cellRef(0, row), src.Agency), f.SetCellStr(s, cellRef(1, row), src.File),
			f.SetCellInt(s, cellRef(2, row), int64(src.Year)))
	}
	all := strings.Join(names, "、")
	metaRows, err := f.GetRows(workbook.SheetMeta)
	steps = append(steps, err,
		f.SetColWidth(s, "A", "A", 30), f.SetColWidth(s, "B", "B", 60), f.SetColWidth(s, "C", "C", 10),
		f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
		f.SetCustomProps(excelize.CustomProperty{Name: workbook.PropSources, Value: abridge(names)}),
		f.SetCellStr(workbook.SheetMeta, cellRef(0, len(metaRows)+1), workbook.PropSources),
		f.SetCellStr(workbook.SheetMeta, cellRef(1, len(metaRows)+1), all))
	for _, err := range steps {
		if err != nil {
			return fmt.Errorf("aggregate workbook: %w", err)
		}
	}
	return f.Write(w)
}

// abridge joins the agency names for a document property, ending in 等N个单位 where the
// whole list would be longer than Office keeps.
func abridge(names []string) string {
	all := strings.Join(names, "、")
	if utf8.RuneCountInString(all) <= maxPropertyChars {
		return all
	}
	suffix := fmt.Sprintf("等%d个单位", len(names))
	var b strings.Builder
	for i, n := range names {
		sep := ""
		if i > 0 {
			sep = "、"
		}
		if utf8.RuneCountInString(b.String()+sep+n+suffix) > maxPropertyChars {
			break
		}
		b.WriteString(sep + n)
	}
	return b.String() + suffix
}
