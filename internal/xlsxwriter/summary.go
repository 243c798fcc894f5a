package xlsxwriter

import (
	"strings"

	"github.com/nianbao/nianbao/internal/workbook"
)

// proseField is where a prose field was put, for the summary.
type proseField struct {
	label       string
	first, last place
	paragraphs  []string
	optional    bool
}

// summary is the live 填写情况 of the whole workbook, one line a sheet, for the top of the
// first sheet: the basic facts still missing, the characters of prose and the parts left
// empty, and each table's status line.
func (b *builder) summary() []expr {
	var out []expr
	var missing []expr
	for i, fld := range b.e.Info {
		if fld.Optional {
			continue
		}
		at := place{sheet: workbook.SheetInfo, col: infoValueCol, row: infoFirstRow + i}
		empty := strings.TrimSpace(b.r.Info[fld.Key].Text) == ""
		missing = append(missing, expr{f: "COUNTA(" + at.qualified() + ")=0", v: empty, cmp: true})
	}
	count := number(0)
	for _, m := range missing {
		count = op(count, "+", m)
	}
	out = append(out, ifx(op(count, "=", number(0)), lit(markOK+" 基本信息：必填项目已填写"),
		concat(lit(markPending+" 基本信息：尚有 "), count, lit(" 项必填项目未填写"))))

	chars, unfilled := number(0), number(0)
	var names []expr
	for _, p := range b.prose {
		rng := p.first.qualified() + ":" + p.last.absRef()
		chars = op(chars, "+", expr{f: "SUMPRODUCT(LEN(" + rng + "))", v: float64(charCount(p.paragraphs))})
		if p.optional {
			continue
		}
		empty := expr{f: "COUNTA(" + rng + ")=0", v: len(p.paragraphs) == 0, cmp: true}
		unfilled = op(unfilled, "+", empty)
		names = append(names, ifx(empty, lit("；“"+p.label+"”尚未填写"), lit("")))
	}
	out = append(out, concat(append([]expr{ifx(op(unfilled, "=", number(0)), lit(markOK+" "), lit(markPending+" ")),
		lit("正文：已填写 "), chars, lit(" 字")}, names...)...))

	for _, t := range b.e.Tables() {
		out = append(out, expr{f: quoteSheet(workbook.TableSheet(t)) + "!$A$2", v: b.statuses[t].v})
	}
	return out
}
