package check

import (
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/xuri/excelize/v2"
)

// Explain marks the warnings that the bureau explained on its 说明 sheet: an explanation
// names the rule and a place (a cell 表三!D7, a range 表三!D7:I28 or a key) that one of the
// finding's cells of this year lies in; rules whose findings share a group (blank and "/"
// cells) share explanations, as the bureau explains the group it was shown. An explained
// warning keeps its message and carries the text; it no longer counts as open. Errors are
// never explained away: a broken identity must be corrected, whatever the bureau writes.
func Explain(findings []Finding, explanations []model.Explanation) []Finding {
	for i := range findings {
		f := &findings[i]
		if f.Severity == Error {
			continue
		}
		for _, e := range explanations {
			if family(strings.ToUpper(strings.TrimSpace(e.Rule))) == family(f.Rule) && strings.TrimSpace(e.Text) != "" && covers(e.Place, *f) {
				f.Explanation = strings.TrimSpace(e.Text)
				break
			}
		}
	}
	return findings
}

// Explained reports whether the finding is a warning the bureau explained.
func (f Finding) Explained() bool { return f.Explanation != "" }

// covers reports whether place names one of the finding's operands of this year.
func covers(place string, f Finding) bool {
	place = strings.TrimSpace(place)
	if place == "" {
		return false
	}
	sheet, ref := "", place
	if i := strings.LastIndex(place, "!"); i >= 0 {
		sheet, ref = strings.Trim(place[:i], "'"), place[i+1:]
	}
	from, to, isRange := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
	if !isRange {
		to = from
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(from)
	c2, r2, err2 := excelize.CellNameToCoordinates(to)
	for _, o := range f.Operands() {
		if o.Prev {
			continue
		}
		if o.Key == place {
			return true
		}
		w := o.Value.Where
		if err1 != nil || err2 != nil || w.Cell == "" || (sheet != "" && sheet != w.Sheet) {
			continue
		}
		c, r, err := excelize.CellNameToCoordinates(w.Cell)
		if err == nil && c >= min(c1, c2) && c <= max(c1, c2) && r >= min(r1, r2) && r <= max(r1, r2) {
			return true
		}
	}
	return false
}
