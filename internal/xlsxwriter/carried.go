package xlsxwriter

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// comment marks a value cell filled from last year's report (model.Report.Carried) or read
// from a published report (model.Report.Imported) with a comment saying where the figure
// came from, so that the bureau checks it rather than retyping it. A 总计 (total), which the
// template computes, is marked only when imported: it keeps the figure printed.
func (b *builder) comment(at place, key string, total bool) {
	var lines []string
	if note, ok := b.r.Carried[key]; ok && !total {
		lines = append(lines, "上年结转："+note)
	}
	if source, ok := b.r.Imported[key]; ok {
		lines = append(lines, "导入自："+source)
	}
	if len(lines) == 0 {
		return
	}
	b.check(b.f.AddComment(at.sheet, excelize.Comment{Author: "nianbao", Cell: at.ref(),
		Text: strings.Join(lines, "\n"), Width: 300, Height: 80}))
}
