package xlsxwriter

import "github.com/xuri/excelize/v2"

// carried marks a value cell filled from last year's report (model.Report.Carried) with a
// comment saying where the figure came from, so that the bureau checks it rather than
// retyping it.
func (b *builder) carried(at place, key string) {
	note, ok := b.r.Carried[key]
	if !ok {
		return
	}
	b.check(b.f.AddComment(at.sheet, excelize.Comment{Author: "nianbao", Cell: at.ref(),
		Text: "上年结转：" + note, Width: 300, Height: 80}))
}
