package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/xuri/excelize/v2"
)

// RollupOptions are the choices of a roll-up.
type RollupOptions struct {
	Agency string // whose the summed report is: 某某县人民政府
	Output string // the summed workbook, checked before any work and never read as an input
	Force  bool   // sum workbooks with errors too; replace an existing output
	// LeftOut hears of nianbao's own earlier outputs found in a folder and not summed; optional.
	LeftOut func(error)
}

// Rollup is a roll-up done.
type Rollup struct {
	*aggregate.Result
	// Forced lists the workbooks with errors that were summed because Force was set, as
	// 文件（机关）：N 处错误.
	Forced []string
}

// RollUp reads and checks the workbooks among paths (directories are searched) and sums
// tables 二, 三 and 四 into one report of the same year and edition. It refuses when a file
// cannot be read, when workbooks have errors (unless Force), and when years, editions or
// agencies do not fit together (aggregate's errors). With Force, the returned Rollup lists
// the workbooks summed despite errors even when the sum is then refused. Nothing is written;
// SaveRollup writes the result.
func RollUp(ctx context.Context, paths []string, opts RollupOptions, progress Progress) (*Rollup, error) {
	if len(paths) == 0 {
		return nil, message.Inputf("没有指定要汇总的工作簿。")
	}
	agency := strings.TrimSpace(opts.Agency)
	if agency == "" {
		return nil, message.Inputf("机关名称为空：请在 --agency 后填写汇总工作簿的机关名称。")
	}
	if err := CheckAgency(agency); err != nil {
		return nil, err
	}
	if err := checkOutput(opts.Output, opts.Force); err != nil {
		return nil, err
	}
	files, err := findInputs(paths, []string{opts.Output}, opts.LeftOut, "")
	if err != nil {
		return nil, err
	}
	var unreadable []string
	for _, p := range files.Unsupported {
		unreadable = append(unreadable, message.Text(&batch.UnsupportedError{Path: p}))
	}
	for _, e := range files.Unreadable {
		unreadable = append(unreadable, message.Text(e.Err))
	}
	if len(files.Workbooks) == 0 && len(unreadable) == 0 {
		return nil, message.Inputf("没有找到 .xlsx 工作簿：%s。", strings.Join(paths, "、"))
	}
	// Each report is added to the sum as it arrives and then dropped: memory stays flat
	// however many workbooks a province sends.
	sum := aggregate.NewSummer(agency)
	var withErrors []string
	progress.Start(len(files.Workbooks))
	batch.Map(ctx, files.Workbooks, func(p string) Inspection { return InspectFile(ctx, p, nil) }, panicked, func(i int, in Inspection) {
		progress.Add()
		path := files.Workbooks[i]
		if in.Err != nil {
			unreadable = append(unreadable, message.Text(in.Err))
			return
		}
		if errs, _ := check.Count(in.Findings); errs > 0 {
			withErrors = append(withErrors, fmt.Sprintf("%s（%s）：%d 处错误", message.Name(path), message.Agency(in.Report.Agency()), errs))
		}
		sum.Add(aggregate.Input{File: path, Report: in.Report})
	})
	progress.Done()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch {
	case len(unreadable) > 0:
		return nil, message.Inputf("以下 %d 个文件无法读取，未汇总：\n  %s", len(unreadable), strings.Join(unreadable, "\n  "))
	case len(withErrors) > 0 && !opts.Force:
		return nil, message.Inputf("以下 %d 份工作簿检查有错误，未汇总。请先用 nianbao check 查看并改正；如确需汇总，请加 --force：\n  %s",
			len(withErrors), strings.Join(withErrors, "\n  "))
	}
	out := &Rollup{Forced: withErrors}
	if out.Result, err = sum.Result(); err != nil {
		return out, fmt.Errorf("aggregate: %w", err)
	}
	return out, nil
}

// SaveRollup writes the summed report at path, completely or not at all.
func SaveRollup(path string, force bool, res *aggregate.Result) error {
	return outfile.Write(path, force, func(w io.Writer) error { return WriteRollup(w, res) })
}

// maxPropertyChars is the longest text value of a custom document property that Office keeps.
const maxPropertyChars = 255

// WriteRollup writes the summed report as a filled template and records its sources in
// a sheet, a document property and the hidden metadata sheet. Agency and file names come
// from other people's files: they are always written as strings, never as formulas.
func WriteRollup(w io.Writer, res *aggregate.Result) error {
	return WriteRollupWithLeftOut(w, res, nil)
}

// SheetLeftOut lists, in a roll-up made by the desk, the agencies whose reports were not
// summed and why.
const SheetLeftOut = "未纳入汇总的单位"

// LeftOutSection is the list of agencies left out of a roll-up (one "机关：原因" a line, as
// WriteRollupWithLeftOut's sheet holds them) as a section to print after the summed report,
// headed like the sheet: 附：未纳入汇总的单位.
func LeftOutSection(leftOut []string) document.Section {
	s := document.Section{Heading: "附：" + SheetLeftOut}
	for _, l := range leftOut {
		s.Blocks = append(s.Blocks, document.Block{Kind: document.Paragraph, Text: l})
	}
	return s
}

// WriteRollupWithLeftOut is WriteRollup with a sheet listing the agencies left out of the
// sum and why (one "机关：原因" a line), when there are any.
func WriteRollupWithLeftOut(w io.Writer, res *aggregate.Result, leftOut []string) error {
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
		f.SetCustomProps(excelize.CustomProperty{Name: workbook.PropOutput, Value: workbook.OutputAggregate}),
		f.SetCellStr(workbook.SheetMeta, cellRef(0, len(metaRows)+1), workbook.PropSources),
		f.SetCellStr(workbook.SheetMeta, cellRef(1, len(metaRows)+1), all))
	if len(leftOut) > 0 {
		_, err := f.NewSheet(SheetLeftOut)
		steps = append(steps, err, f.SetCellStr(SheetLeftOut, "A1", "机关名称"), f.SetCellStr(SheetLeftOut, "B1", "未纳入汇总的原因"),
			f.SetColWidth(SheetLeftOut, "A", "A", 30), f.SetColWidth(SheetLeftOut, "B", "B", 80))
		for i, l := range leftOut {
			agency, why, _ := strings.Cut(l, "：")
			steps = append(steps, f.SetCellStr(SheetLeftOut, cellRef(0, i+2), agency), f.SetCellStr(SheetLeftOut, cellRef(1, i+2), why))
		}
	}
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
