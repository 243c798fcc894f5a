package main

// nianbao status: the coordinator's overview of every workbook in a directory — who has sent
// theirs, whose is wrong and whose is ready — on screen and as a workbook.

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/rivo/uniseg"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"github.com/xuri/excelize/v2"
)

const defaultStatusFile = "汇总检查结果.xlsx"

func init() {
	commands = append(commands, func() *cli.Command {
		return &cli.Command{
			Name:      "status",
			Usage:     "汇总各单位工作簿的检查情况：谁已提交、谁有错误、谁可以发布",
			UsageText: "nianbao status 目录 [--agencies 名单文件] [-o " + defaultStatusFile + "] [--force]",
			Description: "检查目录（含子目录）中的全部 .xlsx 工作簿，每份一行：文件、机关名称、年度、格式版本、错误数、警告数和状态\n" +
				"（通过 / 有警告 / 有错误 / 无法读取）。给出机关名单时，名单中未提交的机关列为“未提交”，\n" +
				"提交了两份及以上的列为“重复提交”。结果显示在屏幕上，并保存为工作簿（默认 " + defaultStatusFile + "）。\n" +
				".xls、.et、.ods、.csv 等其他表格文件无法读取，列为“无法读取”，请另存为 .xlsx 后重新提交。\n" +
				"本命令只是汇总报告，不是把关：有错误时退出码仍为 0；只有参数有误或文件无法读写时退出码为 2。",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "agencies", Usage: "机关名单`文件`：每行一个机关名称（UTF-8 文本）"},
				&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: defaultStatusFile, Usage: "保存检查结果的工作簿`文件`"},
				&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的结果文件"},
			},
			Action: statusAction,
		}
	})
}

// States of a row of the status table.
const (
	statePass       = "通过"
	stateWarnings   = "有警告"
	stateErrors     = "有错误"
	stateUnreadable = "无法读取"
	stateMissing    = "未提交"
	stateDuplicate  = "重复提交"
)

// statusRow is one line of the overview: a workbook, or an agency of the list.
type statusRow struct {
	File     string
	Agency   string
	Year     int
	Edition  string
	Errors   int
	Warnings int
	Counted  bool // Errors and Warnings are meaningful (the workbook was read)
	State    string
	Note     string
}

func statusAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return inputErrorf("请指定一个存放各单位工作簿的目录，如：nianbao status 收到的年报。")
	}
	dir := c.Args().First()
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return inputErrorf("目录不存在或不是目录：%s。", dir)
	}
	out, force := c.String("output"), c.Bool("force")
	if err := checkOutput(out, force); err != nil {
		return err
	}
	var list []agencyLine
	if c.IsSet("agencies") {
		var err error
		if list, err = loadAgencies(c, c.String("agencies")); err != nil {
			return err
		}
	}
	files, err := batch.Find([]string{dir}, sameFileAs(out))
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	rows := statusRows(c.Context, files, list, newProgress(c.App.ErrWriter, len(files.Workbooks), "检查"))
	printStatus(c.App.Writer, rows)
	if err := outfile.Write(out, force, func(w io.Writer) error { return writeStatus(w, rows) }); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "检查结果已保存：%s\n", out)
	return nil
}

// checkOutput refuses, before any work is done, an output file that exists (without
// --force) or that cannot be created.
func checkOutput(path string, force bool) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return inputErrorf("文件已存在，未覆盖：%s。如需覆盖，请加 --force。", path)
	}
	return writableDir(filepath.Dir(path))
}

// sameFileAs drops the output file of the run from the inputs, so that a second run in the
// same directory does not read the first run's result as a bureau's workbook.
func sameFileAs(out string) func(string) bool {
	target, err := filepath.Abs(out)
	if err != nil {
		return nil
	}
	return func(path string) bool {
		p, err := filepath.Abs(path)
		return err == nil && p == target
	}
}

// loadAgencies reads a list of agencies, one per line; repeated names are reported on stderr.
func loadAgencies(c *cli.Context, path string) ([]agencyLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErrorf("无法读取机关名单文件：%s（%s）。", path, readProblem(err))
	}
	if !utf8.Valid(data) {
		return nil, inputErrorf("机关名单文件不是 UTF-8 编码的文本：%s。请用记事本“另存为”UTF-8 编码后重试。", path)
	}
	agencies, dups := parseAgencies(data)
	for _, d := range dups {
		fmt.Fprintf(c.App.ErrWriter, "注意：机关名单%s。\n", d)
	}
	if len(agencies) == 0 {
		return nil, inputErrorf("机关名单文件中没有机关名称：%s。", path)
	}
	return agencies, nil
}

// statusRows reads and checks the workbooks on every core and lays out the rows: workbooks
// in the order found, unsupported files, then the agencies of the list that sent none or
// more than one.
func statusRows(ctx context.Context, files batch.Files, list []agencyLine, bar *progress) []statusRow {
	rows := make([]statusRow, 0, len(files.Workbooks)+len(files.Unsupported))
	batch.Map(files.Workbooks, func(path string) statusRow {
		return workbookRow(path, app.InspectFile(ctx, path, nil)) // the report is dropped here: memory stays flat
	}, func(_ int, row statusRow) {
		rows = append(rows, row)
		bar.Add()
	})
	bar.Done()
	for _, p := range files.Unsupported {
		rows = append(rows, unreadableRow(p, &batch.UnsupportedError{Path: p}))
	}
	return append(rows, agencyRows(rows, list)...)
}

func workbookRow(path string, in app.Inspection) statusRow {
	if in.Err != nil {
		return unreadableRow(path, in.Err)
	}
	errs, warns := check.Count(in.Findings)
	row := statusRow{File: path, Agency: in.Report.Agency(), Year: in.Report.Year(), Edition: in.Report.Edition.ID,
		Errors: errs, Warnings: warns, Counted: true, State: in.Outcome().String()}
	if row.Agency == "" {
		row.Note = "未填写机关名称"
	}
	return row
}

func unreadableRow(path string, err error) statusRow {
	msg, _ := describe(err)
	return statusRow{File: path, State: stateUnreadable, Note: msg}
}

// agencyRows compares the workbooks' agencies with the list: one row per agency that sent no
// workbook or more than one. Without a list only agencies that sent several are reported.
// Workbooks of agencies not on the list get a note on their own row.
func agencyRows(rows []statusRow, list []agencyLine) []statusRow {
	byAgency := map[string][]string{}
	var order []string
	for _, r := range rows {
		if r.State == stateUnreadable || r.Agency == "" {
			continue
		}
		k := aggregate.AgencyKey(r.Agency)
		if byAgency[k] == nil {
			order = append(order, r.Agency)
		}
		byAgency[k] = append(byAgency[k], r.File)
	}
	listed := map[string]bool{}
	var out []statusRow
	for _, a := range list {
		k := aggregate.AgencyKey(a.name)
		listed[k] = true
		if len(byAgency[k]) == 0 {
			out = append(out, statusRow{Agency: a.name, State: stateMissing, Note: "名单中的机关尚未提交工作簿"})
		}
	}
	for _, name := range order {
		if files := byAgency[aggregate.AgencyKey(name)]; len(files) > 1 {
			out = append(out, statusRow{File: strings.Join(files, "、"), Agency: name, State: stateDuplicate,
				Note: fmt.Sprintf("提交了 %d 份工作簿，请确认以哪一份为准", len(files))})
		}
	}
	if list != nil {
		for i := range rows {
			if r := &rows[i]; r.Agency != "" && !listed[aggregate.AgencyKey(r.Agency)] {
				r.Note = strings.TrimPrefix(r.Note+"；机关名称不在名单中，请核对", "；")
			}
		}
	}
	return out
}

// statusHeader are the columns of the overview, on screen and in the workbook.
var statusHeader = []string{"文件", "机关名称", "年度", "格式版本", "错误", "警告", "状态", "说明"}

// cells is a row as text, in the order of statusHeader.
func (r statusRow) cells() []string {
	year, errs, warns := "", "", ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	if r.Counted {
		errs, warns = strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings)
	}
	return []string{r.File, r.Agency, year, r.Edition, errs, warns, r.State, r.Note}
}

// printStatus prints the rows as a table aligned by display width (a Chinese character is
// two columns wide) and a count by state.
func printStatus(w io.Writer, rows []statusRow) {
	table := [][]string{statusHeader}
	for _, r := range rows {
		table = append(table, r.cells())
	}
	widths := make([]int, len(statusHeader))
	for _, line := range table {
		for i, s := range line {
			widths[i] = max(widths[i], uniseg.StringWidth(s))
		}
	}
	for _, line := range table {
		var b strings.Builder
		for i, s := range line {
			if i == len(line)-1 {
				b.WriteString(s)
				break
			}
			pad := strings.Repeat(" ", widths[i]-uniseg.StringWidth(s))
			if i == 4 || i == 5 { // counts are right-aligned
				b.WriteString(pad + s + "  ")
			} else {
				b.WriteString(s + pad + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	count := map[string]int{}
	for _, r := range rows {
		count[r.State]++
	}
	var parts []string
	for _, s := range []string{statePass, stateWarnings, stateErrors, stateUnreadable, stateMissing, stateDuplicate} {
		if count[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, count[s]))
		}
	}
	fmt.Fprintf(w, "共 %d 行：%s。\n", len(rows), strings.Join(parts, "，"))
}

// stateColours are the fill colours of the state cells in the workbook.
var stateColours = map[string]string{
	statePass: "C6EFCE", stateWarnings: "FFEB9C", stateErrors: "FFC7CE",
	stateUnreadable: "D9D9D9", stateMissing: "F8CBAD", stateDuplicate: "F8CBAD",
}

const statusSheet = "检查结果"

// writeStatus writes the rows as a workbook: a header row that stays in view, an
// autofilter, columns wide enough for their text and the state cells coloured. Every text
// is written as a string, so that nothing from a bureau's workbook can become a formula.
func writeStatus(w io.Writer, rows []statusRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", statusSheet); err != nil {
		return fmt.Errorf("status workbook: %w", err)
	}
	s := statusSheet
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return fmt.Errorf("status workbook: %w", err)
	}
	states := map[string]int{}
	for state, colour := range stateColours {
		if states[state], err = f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Alignment: &excelize.Alignment{Horizontal: "center"}}); err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	widths := make([]int, len(statusHeader))
	set := func(col, row int, s string) error {
		widths[col] = max(widths[col], uniseg.StringWidth(s))
		return f.SetCellStr(statusSheet, cellRef(col, row), s)
	}
	for i, h := range statusHeader {
		if err := set(i, 1, h); err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	for n, r := range rows {
		row := n + 2
		for i, text := range r.cells() {
			var err error
			switch {
			case i == 2 && r.Year != 0:
				err = f.SetCellInt(s, cellRef(i, row), int64(r.Year))
			case i == 4 && r.Counted:
				err = f.SetCellInt(s, cellRef(i, row), int64(r.Errors))
			case i == 5 && r.Counted:
				err = f.SetCellInt(s, cellRef(i, row), int64(r.Warnings))
			default:
				err = set(i, row, text)
			}
			if err != nil {
				return fmt.Errorf("status workbook: %w", err)
			}
		}
		if err := f.SetCellStyle(s, cellRef(6, row), cellRef(6, row), states[r.State]); err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	last := cellRef(len(statusHeader)-1, len(rows)+1)
	steps := []error{
		f.SetCellStyle(s, "A1", cellRef(len(statusHeader)-1, 1), header),
		f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
		f.AutoFilter(s, "A1:"+last, nil),
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		steps = append(steps, f.SetColWidth(s, col, col, float64(min(max(wd, 6)+2, 80))))
	}
	for _, err := range steps {
		if err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	return f.Write(w)
}

// cellRef is the A1 reference of a zero-based column and a one-based row.
func cellRef(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col+1, row)
	return ref
}

// progress is a progress bar on a terminal, and nothing when stderr is a file or a pipe.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(w io.Writer, total int, what string) *progress {
	f, ok := w.(*os.File)
	if !ok || total < 2 {
		return &progress{}
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return &progress{}
	}
	return &progress{progressbar.NewOptions(total, progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what), progressbar.OptionShowCount(), progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())}
}

// Add counts one file done.
func (p *progress) Add() {
	if p.bar != nil {
		p.bar.Add(1)
	}
}

// Done removes the bar.
func (p *progress) Done() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
