package xlsxreader

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/xuri/excelize/v2"
)

func TestReadExplanations(t *testing.T) {
	base := workbookOf(t, samplereport.Example2021())
	read := func(change func(f *excelize.File)) []string {
		t.Helper()
		r, _, err := Decode("某局.xlsx", modified(t, base, change))
		must(t, err)
		var out []string
		for _, e := range r.Explanations {
			out = append(out, e.Rule+"|"+e.Place+"|"+e.Text+"|"+e.Where.Sheet+"!"+e.Where.Cell)
		}
		return out
	}
	if got := read(func(*excelize.File) {}); len(got) != 0 {
		t.Errorf("a workbook without a 说明 sheet: %q", got)
	}
	// Columns found by their labels, below a title, in another order; rows lacking a rule,
	// a place or a text are skipped; text is cleaned and bounded.
	long := strings.Repeat("长", maxExplanationText+10)
	got := read(func(f *excelize.File) {
		s := workbook.SheetExplanations
		_, err := f.NewSheet(s)
		must(t, err)
		must(t, f.SetCellStr(s, "A1", "对检查结果的说明"))
		must(t, f.SetSheetRow(s, "A3", &[]string{"说明", "问题", " 规则 ", "位置"}))
		must(t, f.SetSheetRow(s, "A4", &[]string{"本年无复议结果\r\n已核对", "…", "V1", "表四!C5"}))
		must(t, f.SetSheetRow(s, "A5", &[]string{"", "…", "Y1", "表三!J5"}))
		must(t, f.SetSheetRow(s, "A6", &[]string{"有说明无规则", "…", "", "表三!J5"}))
		must(t, f.SetSheetRow(s, "A7", &[]string{long, "…", "Y1", "t3.new.total"}))
	})
	if len(got) != 2 || got[0] != "V1|表四!C5|本年无复议结果\n已核对|说明!A4" {
		t.Fatalf("explanations %q", got)
	}
	if text := strings.Split(got[1], "|")[2]; len([]rune(text)) != maxExplanationText {
		t.Errorf("a long explanation kept %d characters, want %d", len([]rune(text)), maxExplanationText)
	}
	// A sheet without the header is not read.
	if got := read(func(f *excelize.File) {
		_, err := f.NewSheet(workbook.SheetExplanations)
		must(t, err)
		must(t, f.SetSheetRow(workbook.SheetExplanations, "A1", &[]string{"V1", "表四!C5", "", "说明"}))
	}); len(got) != 0 {
		t.Errorf("without a header: %q", got)
	}
}
