package app

// The annotated copy of a workbook the coordinator sends back to the bureau, with every cell
// a finding is about coloured and commented, a sheet listing them all as a clerk reads them
// (grouped), and the 说明 sheet listing the open warnings for the bureau to explain.

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/visible"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/xuri/excelize/v2"
)

// ResultsSheet is the sheet of the annotated copy that lists the findings.
const ResultsSheet = "检查结果"

// AnnotationFill are the fill colours of annotated cells: Excel's own "bad" red and "neutral"
// yellow; ExplainedFill, its "good" green, marks a cell whose warnings are all explained.
var AnnotationFill = map[check.Severity]string{check.Error: "FFC7CE", check.Warning: "FFEB9C"}

const ExplainedFill = "C6EFCE"

// ExplainedLabel marks a warning the bureau explained on its 说明 sheet, where others show
// their severity.
const ExplainedLabel = "已说明"

// Annotate returns a copy of the workbook data (named name in errors) in which every cell a
// finding is about is coloured by the worst severity and carries a comment with the
// findings' messages, followed by a 检查结果 sheet listing the groups of findings (made
// active) and a 说明 sheet listing the open warnings. A workbook the library cannot edit,
// down to a panic in it, is an xlsxreader.ErrCannotAnnotate of the file.
func Annotate(ctx context.Context, name string, data []byte, findings []check.Finding, groups []check.Group) (out []byte, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := xlsxreader.OpenData(name, data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, cannotAnnotate(name, fmt.Errorf("%v", p))
		}
	}()
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
	a.listFindings(findings, groups)
	a.listOpenWarnings(findings, groups)
	a.check(f.SetCustomProps(excelize.CustomProperty{Name: workbook.PropOutput, Value: workbook.OutputAnnotated}))
	// The copy is ours now: it names the version that annotated it (the hidden sheet still
	// names the one that wrote the template).
	a.check(f.SetCustomProps(excelize.CustomProperty{Name: workbook.PropVersion, Value: version.Version}))
	if a.err != nil {
		return nil, cannotAnnotate(name, a.err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, cannotAnnotate(name, err)
	}
	return buf.Bytes(), nil
}

// cannotAnnotate is the error of the workbook library editing a file it has read: the
// file's parts are not what it expects, which is the file's problem.
func cannotAnnotate(name string, cause error) error {
	return &xlsxreader.FileError{Path: name, Err: fmt.Errorf("%w: %w", xlsxreader.ErrCannotAnnotate, cause)}
}

type styleKey struct {
	base int
	fill string
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
	fill := ExplainedFill
	var lines []string
	for _, f := range findings {
		switch {
		case f.Severity == check.Error:
			fill = AnnotationFill[check.Error]
		case !f.Explained() && fill == ExplainedFill:
			fill = AnnotationFill[check.Warning]
		}
		if f.Explained() {
			lines = append(lines, fmt.Sprintf("【%s %s】%s\n说明：%s", ExplainedLabel, f.Rule, visible.Escape(f.Message), visible.Escape(f.Explanation)))
		} else {
			lines = append(lines, fmt.Sprintf("【%s %s】%s", f.Severity, f.Rule, visible.Escape(f.Message)))
		}
	}
	base, err := a.f.GetCellStyle(sheet, cell)
	a.check(err)
	key := styleKey{base, fill}
	id, ok := a.styles[key]
	if !ok {
		style, err := a.f.GetStyle(base)
		if err != nil || style == nil {
			style = &excelize.Style{}
		}
		normalizeColors(style)
		style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
		id, err = a.f.NewStyle(style)
		a.check(err)
		a.styles[key] = id
	}
	a.check(a.f.SetCellStyle(sheet, cell, cell, id))
	_ = a.f.DeleteComment(sheet, cell) // none is the usual case
	a.check(a.f.AddComment(sheet, excelize.Comment{Author: "nianbao", Cell: cell,
		Text: strings.Join(lines, "\n"), Width: 360, Height: uint(60 + 40*len(lines))}))
}

// listFindings adds the 检查结果 sheet, one row per group of findings, made active so that
// it is what the bureau sees first.
func (a *annotator) listFindings(findings []check.Finding, groups []check.Group) {
	if idx, _ := a.f.GetSheetIndex(ResultsSheet); idx >= 0 {
		a.check(a.f.DeleteSheet(ResultsSheet))
	}
	idx, err := a.f.NewSheet(ResultsSheet)
	a.check(err)
	s := ResultsSheet
	a.header(s, []string{"序号", "级别", "规则", "位置", "问题", "单位说明"}, []float64{6, 6, 6, 24, 90, 40})
	wrap := a.wrapStyle()
	if len(groups) == 0 {
		a.check(a.f.SetCellStr(s, "E2", "没有发现问题。"))
	}
	for i, g := range groups {
		row := i + 2
		label := g.Severity.String()
		if g.Explained() {
			label = ExplainedLabel
		}
		at := strings.Join(g.Places(findings), "、")
		for col, v := range []string{fmt.Sprint(i + 1), label, g.Rule, at, visible.Escape(g.Message), visible.Escape(g.Explanation)} {
			cell, _ := excelize.CoordinatesToCellName(col+1, row)
			a.check(a.f.SetCellStr(s, cell, v))
		}
		if first, ok := firstPlace(findings[g.Members[0]]); ok {
			a.check(a.f.SetCellHyperLink(s, fmt.Sprintf("D%d", row), first, "Location"))
		}
		a.check(a.f.SetCellStyle(s, fmt.Sprintf("A%d", row), fmt.Sprintf("F%d", row), wrap))
	}
	a.f.SetActiveSheet(idx)
}

// listOpenWarnings fills the 说明 sheet (made when the workbook has none) with a row for
// every open warning not listed yet: rule, place and problem, and an empty 说明 cell for the
// bureau. Errors are not listed: they are corrected, not explained.
func (a *annotator) listOpenWarnings(findings []check.Finding, groups []check.Group) {
	s := workbook.SheetExplanations
	listed := map[string]bool{}
	next := 2
	if idx, _ := a.f.GetSheetIndex(s); idx < 0 {
		_, err := a.f.NewSheet(s)
		a.check(err)
		a.header(s, workbook.ExplanationColumns, []float64{8, 24, 80, 60})
	} else {
		_ = a.f.UnprotectSheet(s) // the template's sheet: rows are added below its input rows too
		rows, err := a.f.GetRows(s)
		a.check(err)
		for _, r := range rows {
			if len(r) > 1 {
				listed[r[0]+"\x00"+r[1]] = true
			}
		}
		next = len(rows) + 1
	}
	wrap := a.wrapStyle()
	for _, g := range groups {
		if g.Severity == check.Error || g.Explained() {
			continue
		}
		place := g.Place
		if first := findings[g.Members[0]]; place == "" && len(first.Left) > 0 {
			place = first.Left[0].Key
		}
		if place == "" || listed[g.Rule+"\x00"+place] {
			continue
		}
		listed[g.Rule+"\x00"+place] = true
		a.check(a.f.SetSheetRow(s, fmt.Sprintf("A%d", next), &[]string{g.Rule, place, visible.Escape(g.Message)}))
		a.check(a.f.SetCellStyle(s, fmt.Sprintf("A%d", next), fmt.Sprintf("D%d", next), wrap))
		next++
	}
}

// header writes a bold header row and sets the columns' widths.
func (a *annotator) header(sheet string, labels []string, widths []float64) {
	head, err := a.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	a.check(err)
	for i, h := range labels {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		a.check(a.f.SetCellStr(sheet, cell, h))
		col, _ := excelize.ColumnNumberToName(i + 1)
		a.check(a.f.SetColWidth(sheet, col, col, widths[i]))
	}
	last, _ := excelize.CoordinatesToCellName(len(labels), 1)
	a.check(a.f.SetCellStyle(sheet, "A1", last, head))
}

func (a *annotator) wrapStyle() int {
	wrap, err := a.f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	a.check(err)
	return wrap
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

// normalizeColors makes the colours of a style copied from an input what the workbook library
// writes correctly: RRGGBB. Another program's ARGB (00FF0000, an alpha Excel ignores) would
// be written with a second alpha, FF00FF0000, which is not a colour (openpyxl refuses the
// file, Excel "repairs" it); a font colour that is not hex is dropped.
func normalizeColors(style *excelize.Style) {
	style.Font = normalizeFont(style.Font)
	for i := range style.Border {
		// A border without a colour (as LibreOffice writes one) is automatic, black; the
		// library would write it as rgb="FF".
		if style.Border[i].Color = rgb(style.Border[i].Color); style.Border[i].Color == "" {
			style.Border[i].Color = "000000"
		}
	}
}

func normalizeFont(f *excelize.Font) *excelize.Font {
	if f != nil {
		f.Color = rgb(f.Color)
	}
	return f
}

// rgb is a colour as RRGGBB: without "#" and alpha, "" when it is none.
func rgb(c string) string {
	c = strings.TrimPrefix(c, "#")
	if len(c) == 8 {
		c = c[2:]
	}
	if len(c) != 6 || strings.Trim(strings.ToUpper(c), "0123456789ABCDEF") != "" {
		return ""
	}
	return strings.ToUpper(c)
}
