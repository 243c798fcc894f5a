package main

// nianbao status: the coordinator's overview of every workbook in a directory — who has sent
// theirs, whose is wrong and whose is ready — on screen and as a workbook.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/rivo/uniseg"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
)

const defaultStatusFile = "汇总检查结果.xlsx"

func statusCommand(s *IOStreams) *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "汇总各单位工作簿的检查情况：谁已提交、谁有错误、谁可以发布",
		UsageText: "nianbao status 目录 [--agencies 名单文件] [--year 年度] [--prev 上年目录] [-o " + defaultStatusFile + "] [--force]",
		Description: "检查目录（含子目录）中的全部 .xlsx 工作簿，每份一行：文件、机关名称、年度、格式版本、错误数、警告数和状态\n" +
			"（" + fmt.Sprint(check.Pass, " / ", check.Warnings, " / ", check.Errors, " / ", check.Unreadable) + "）。给出机关名单时，名单中未提交的机关列为“未提交”，\n" +
			"提交了两份及以上的列为“重复提交”；机关名称不在名单中的工作簿列为“已拒收”，不算作任何单位的提交\n" +
			"（比较名称时忽略全角半角、空格和括号中的部分，与报送台相同）。--year 指定报告年度时，其他年度的工作簿也列为“已拒收”。\n" +
			"结果显示在屏幕上，并保存为工作簿（默认 " + defaultStatusFile + "）。\n" +
			"--prev 指定上年各单位工作簿所在目录时，按机关名称找到各单位的上年工作簿，另外检查跨年度关系和主要数字的大幅变化。\n" +
			".xls、.et、.ods、.csv 等其他表格文件无法读取，列为“无法读取”，请另存为 .xlsx 后重新提交。\n" +
			"本命令只是汇总报告，不是把关：有错误时退出码仍为 0；只有参数有误或文件无法读写时退出码为 2。",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "agencies", Usage: "机关名单`文件`：每行一个机关名称（UTF-8 文本）"},
			&cli.IntFlag{Name: "year", Usage: "本次汇总的报告`年度`；其他年度的工作簿列为“已拒收”", DefaultText: "不限"},
			&cli.StringFlag{Name: "prev", Usage: "上年各单位工作簿或已发布年报（PDF、Word 文档、网页）所在`目录`（或一份上年工作簿），用于跨年度检查"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: defaultStatusFile, Usage: "保存检查结果的工作簿`文件`"},
			&cli.BoolFlag{Name: "force", Usage: "覆盖已存在的结果文件"},
		},
		Action: func(c *cli.Context) error { return statusAction(c, s) },
	}
}

func statusAction(c *cli.Context, s *IOStreams) error {
	if c.NArg() != 1 {
		return inputErrorf("请指定一个存放各单位工作簿的目录，如：nianbao status 收到的年报。")
	}
	opts := app.StatusOptions{Output: c.String("output"), Force: c.Bool("force"), LeftOut: leftOutNote(s.ErrOut)}
	if c.IsSet("agencies") {
		var err error
		if opts.Agencies, err = readAgencies(c, c.String("agencies")); err != nil {
			return err
		}
	}
	if c.IsSet("year") {
		opts.Year = c.Int("year")
		if err := app.CheckYear(opts.Year, time.Now()); err != nil {
			return err
		}
	}
	if c.IsSet("prev") {
		var err error
		if opts.LastYear, err = readLastYear(c, c.String("prev")); err != nil {
			return err
		}
	}
	rows, err := app.Status(c.Context, c.Args().First(), opts, newProgress(s, "检查"))
	if err != nil {
		return err
	}
	printStatus(c.App.Writer, rows)
	if err := app.SaveStatus(opts.Output, opts.Force, rows); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "检查结果已保存：%s\n", message.Name(opts.Output))
	return nil
}

// readLastYear reads last year's workbook or directory; workbooks of the directory not used
// are reported on stderr.
func readLastYear(c *cli.Context, path string) (*app.LastYear, error) {
	last, err := app.ReadLastYear(c.Context, path)
	if err != nil {
		return nil, err
	}
	for _, n := range last.Notes {
		fmt.Fprintf(c.App.ErrWriter, "注意：%s。\n", n)
	}
	return last, nil
}

// readAgencies reads a list of agencies; repeated names are reported on stderr.
func readAgencies(c *cli.Context, path string) ([]app.Agency, error) {
	agencies, notes, err := app.ReadAgencies(path)
	for _, n := range notes {
		fmt.Fprintf(c.App.ErrWriter, "注意：机关名单%s。\n", n)
	}
	return agencies, err
}

// printStatus prints the rows as a table aligned by display width (a Chinese character is
// two columns wide) and a count by state.
func printStatus(w io.Writer, rows []app.StatusRow) {
	table := [][]string{app.StatusHeader}
	for _, r := range rows {
		cells := r.Cells()
		cells[0] = message.Name(cells[0]) // the file
		table = append(table, cells)
	}
	widths := make([]int, len(app.StatusHeader))
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
	for _, s := range app.StatusStates {
		if count[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, count[s]))
		}
	}
	fmt.Fprintf(w, "共 %d 行：%s。\n", len(rows), strings.Join(parts, "，"))
}

// progress is a progress bar on a terminal, and nothing when stderr is a file or a pipe.
type progress struct {
	s    *IOStreams
	what string
	bar  *progressbar.ProgressBar
}

func newProgress(s *IOStreams, what string) *progress { return &progress{s: s, what: what} }

// Start shows the bar for a run over total files.
func (p *progress) Start(total int) {
	if !p.s.ErrIsTerminal || total < 2 {
		return
	}
	p.bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(p.s.bar),
		progressbar.OptionSetDescription(p.what), progressbar.OptionShowCount(), progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
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
