package xlsxwriter

import (
	"slices"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
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
