package app

// The annotated copy of a workbook the coordinator sends back to the bureau,
// with every cell a finding is about coloured and commented, and a sheet listing them all.

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/xuri/excelize/v2"
)

// ResultsSheet is the sheet of the annotated copy that lists the findings.
const ResultsSheet = "检查结果"

// AnnotationFill are the fill colours of annotated cells: Excel's own "bad" red and "neutral" yellow.
var AnnotationFill = map[check.Severity]string{check.Error: "FFC7CE", check.Warning: "FFEB9C"}

// Annotate returns a copy of the workbook data (named name in errors) in which every cell a
// finding is about is coloured by the worst severity and carries a comment with the
// findings' messages, followed by a 检查结果 sheet listing all findings, made active.
func Annotate(ctx context.Context, name string, data []byte, findings []check.Finding) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := xlsxreader.OpenData(name, data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a := annotator{f: f, styles: map[styleKey]int{}}
	type place struct{ sheet, cell string }
	var order []place
	about := map[place][]check.Finding{}
	for _, fd := range findings {
		for _, o := range fd.Operands() {
			w := o.Value.Where
			if o.Prev || w.Sheet == "" || w.Cell == "" {
				continue // last year's workbook, or a finding about the whole file
			}
			p := place{w.Sheet, w.Cell}
			if n := len(about[p]); n > 0 && about[p][n-1].Message == fd.Message {
				continue
			}
			if about[p] == nil {
				order = append(order, p)
			}
			about[p] = append(about[p], fd)
		}
	}
	for _, p := range order {
		a.mark(p.sheet, p.cell, about[p])
	}
	a.listFindings(findings)
	if a.err != nil {
		return nil, fmt.Errorf("annotate %s: %w", name, a.err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("annotate %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

type styleKey struct {
	base int
	sev  check.Severity
}

// annotator collects the first error of the many small excelize calls.
type annotator struct {
	f      *excelize.File
	styles map[styleKey]int // the cell's own style with the annotation fill
	err    error
}

func (a *annotator) check(err error) {
	if err != nil && a.err == nil {
		a.err = err
	}
}

// mark colours a cell, keeping its borders, font and number format, and replaces its
// comment by the findings' messages.
func (a *annotator) mark(sheet, cell string, findings []check.Finding) {
	sev := check.Warning
	var lines []string
	for _, f := range findings {
		if f.Severity == check.Error {
			sev = check.Error
		}
		lines = append(lines, fmt.Sprintf("【%s %s】%s", f.Severity, f.Rule, f.Message))
	}
	base, err := a.f.GetCellStyle(sheet, cell)
	a.check(err)
	key := styleKey{base, sev}
	id, ok := a.styles[key]
	if !ok {
		style, err := a.f.GetStyle(base)
		if err != nil || style == nil {
			style = &excelize.Style{}
		}
		style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{AnnotationFill[sev]}}
		id, err = a.f.NewStyle(style)
		a.check(err)
		a.styles[key] = id
	}
	a.check(a.f.SetCellStyle(sheet, cell, cell, id))
	_ = a.f.DeleteComment(sheet, cell) // none is the usual case
	a.check(a.f.AddComment(sheet, excelize.Comment{Author: "nianbao", Cell: cell,
		Text: strings.Join(lines, "\n"), Width: 360, Height: uint(60 + 40*len(lines))}))
}

// listFindings adds the 检查结果 sheet, made active so that it is what the bureau sees first.
func (a *annotator) listFindings(findings []check.Finding) {
	if idx, _ := a.f.GetSheetIndex(ResultsSheet); idx >= 0 {
		a.check(a.f.DeleteSheet(ResultsSheet))
	}
	idx, err := a.f.NewSheet(ResultsSheet)
	a.check(err)
	s := ResultsSheet
	head, err := a.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	a.check(err)
	wrap, err := a.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	a.check(err)
	for i, h := range []string{"序号", "级别", "规则", "位置", "说明"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		a.check(a.f.SetCellStr(s, cell, h))
	}
	a.check(a.f.SetCellStyle(s, "A1", "E1", head))
	for _, w := range []struct {
		col   string
		width float64
	}{{"A", 6}, {"B", 6}, {"C", 6}, {"D", 24}, {"E", 100}} {
		a.check(a.f.SetColWidth(s, w.col, w.col, w.width))
	}
	if len(findings) == 0 {
		a.check(a.f.SetCellStr(s, "E2", "没有发现问题。"))
	}
	for i, f := range findings {
		row := i + 2
		at := strings.Join(f.Places(), "、")
		for col, v := range []string{fmt.Sprint(i + 1), f.Severity.String(), f.Rule, at, f.Message} {
			cell, _ := excelize.CoordinatesToCellName(col+1, row)
			a.check(a.f.SetCellStr(s, cell, v))
		}
		if first, ok := firstPlace(f); ok {
			a.check(a.f.SetCellHyperLink(s, fmt.Sprintf("D%d", row), first, "Location"))
		}
		a.check(a.f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("E%d", row), wrap))
	}
	a.f.SetActiveSheet(idx)
}

// firstPlace is the first cell of this workbook a finding is about, as a link target.
func firstPlace(f check.Finding) (string, bool) {
	for _, o := range f.Operands() {
		if w := o.Value.Where; !o.Prev && w.Sheet != "" && w.Cell != "" {
			return "'" + strings.ReplaceAll(w.Sheet, "'", "''") + "'!" + w.Cell, true
		}
	}
	return "", false
}
