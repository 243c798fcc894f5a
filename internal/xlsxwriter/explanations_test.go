package xlsxwriter

import (
	"slices"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// The 规则 column of 说明 offers the ids of the catalogue's warnings, and only those: an
// error cannot be explained away.
func TestExplanationRulesAreTheWarnings(t *testing.T) {
	f := open(t, write(t, blank(template.Edition2021)))
	dvs, err := f.GetDataValidations(workbook.SheetExplanations)
	if err != nil || len(dvs) != 1 {
		t.Fatalf("%d validations on %s: %v", len(dvs), workbook.SheetExplanations, err)
	}
	offered := strings.Split(strings.Trim(dvs[0].Formula1, `"`), ",")
	var want []string
	for _, r := range rule.All() {
		if r.Severity == rule.Warning {
			want = append(want, r.ID)
		}
	}
	if !slices.Equal(offered, want) {
		t.Errorf("规则 offers %v, want the warnings %v", offered, want)
	}
	for _, id := range []string{"I7", rule.YearSwing} {
		if !slices.Contains(offered, id) {
			t.Errorf("warning %s not offered", id)
		}
	}
	for _, id := range []string{"I1", rule.TextValue} {
		if slices.Contains(offered, id) {
			t.Errorf("error %s offered", id)
		}
	}
}

// The note of 说明 shows as examples the cell of the applications received and the range of
// table 三's input cells where this workbook has them, not where an older layout had them.
func TestExplanationExamplesAreWhereTheCellsAre(t *testing.T) {
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		note, err := f.GetCellValue(workbook.SheetExplanations, "A2")
		if err != nil {
			t.Fatal(err)
		}
		refersTo := map[string]string{}
		for _, n := range f.GetDefinedName() {
			refersTo[n.Name] = strings.ReplaceAll(strings.ReplaceAll(n.RefersTo, "$", ""), "'", "")
		}
		cell := refersTo[workbook.ValueName(e.Refs.NewRequests)]
		c1, r1, c2, r2 := 1<<20, 1<<20, 0, 0
		for _, c := range e.Cells() {
			if _, computed := e.Computed(c.Key); computed || c.Table.Number != "三" {
				continue
			}
			_, ref, _ := strings.Cut(refersTo[workbook.ValueName(c.Key)], "!")
			col, row, err := excelize.CellNameToCoordinates(ref)
			if err != nil {
				t.Fatalf("%s: %v", c.Key, err)
			}
			c1, r1, c2, r2 = min(c1, col), min(r1, row), max(c2, col), max(r2, row)
		}
		from, _ := excelize.CoordinatesToCellName(c1, r1)
		to, _ := excelize.CoordinatesToCellName(c2, r2)
		want := "单元格（如 " + cell + "）或范围（如 表三!" + from + ":" + to + "）"
		if cell == "" || !strings.Contains(note, want) {
			t.Errorf("%s: the note of %s says\n%s\nwant it to say %s", e.ID, workbook.SheetExplanations, note, want)
		}
	}
}

// The guide tells the bureau what the 说明 sheet is for, and that errors cannot be explained.
func TestGuideMentionsExplanations(t *testing.T) {
	f := open(t, write(t, blank(template.Edition2021)))
	rows, err := f.GetRows(workbook.SheetGuide)
	if err != nil {
		t.Fatal(err)
	}
	var guide []string
	for _, r := range rows {
		guide = append(guide, r...)
	}
	text := strings.Join(guide, "\n")
	for _, want := range []string{"“" + workbook.SheetExplanations + "”工作表：", "已说明", "错误（如勾稽关系不成立）必须更正，不能以说明代替"} {
		if !strings.Contains(text, want) {
			t.Errorf("the guide does not say %q", want)
		}
	}
}
