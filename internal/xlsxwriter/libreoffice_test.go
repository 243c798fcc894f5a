package xlsxwriter

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/xuri/excelize/v2"
)

// resave has LibreOffice open and save the workbooks as a user's spreadsheet would, all in
// one call, and returns the saved copies by input name.
func resave(t *testing.T, books map[string][]byte) map[string][]byte {
	return realtest.Convert(t, books, "xlsx", ".xlsx", "libreoffice-calc-nogui")
}

// TestLibreOfficeRoundTrip: LibreOffice re-saves filled workbooks; the inputs, defined names
// and properties survive, the cached 总计 values are the sums of the inputs, the status cells
// say ✓, and a broken I1 turns its status cell into the failure text.
func TestLibreOfficeRoundTrip(t *testing.T) {
	broken := samplereport.Example2021()
	v := broken.Values["t3.new.person"]
	broken.Values["t3.new.person"] = model.Num(v.Number + 5)
	reports := map[string]*model.Report{
		"taicang.xlsx": samplereport.Taicang2020(),
		"example.xlsx": samplereport.Example2021(),
		"broken.xlsx":  broken,
	}
	books := map[string][]byte{}
	for name, r := range reports {
		books[name] = write(t, r)
	}
	for name, data := range resave(t, books) {
		r := reports[name]
		e := r.Edition
		f := open(t, data)
		dn := names(f)
		for _, c := range e.Cells() {
			at, ok := dn[workbook.ValueName(c.Key)]
			if !ok {
				t.Errorf("%s: defined name of %s lost", name, c.Key)
				continue
			}
			got := value(t, f, at)
			keys, computed := e.Computed(c.Key)
			if !computed {
				if want := r.Values[c.Key].Raw; got != want {
					t.Errorf("%s %s = %q, want %q", name, c.Key, got, want)
				}
				continue
			}
			want := 0.0
			for _, k := range keys {
				want += r.Total(k)
			}
			if got != strconv.FormatFloat(want, 'f', -1, 64) {
				t.Errorf("%s: cached %s = %q, want the sum %v", name, c.Key, got, want)
			}
		}
		for key, fld := range r.Info {
			if got := value(t, f, dn[workbook.InfoName(key)]); got != fld.Text {
				t.Errorf("%s info %s = %q, want %q", name, key, got, fld.Text)
			}
		}
		for key, fld := range r.Prose {
			if got := prose(t, f, key); got != fld.Text {
				t.Errorf("%s prose %s = %q, want %q", name, key, got, fld.Text)
			}
		}
		props, _ := f.GetCustomProps()
		got := map[string]string{}
		for _, p := range props {
			got[p.Name] = fmt.Sprint(p.Value)
		}
		if got[workbook.PropEdition] != e.ID || got[workbook.PropAgency] != r.Agency() ||
			got[workbook.PropLayout] != strconv.Itoa(workbook.LayoutVersion) || got[workbook.PropGenerator] != "nianbao" ||
			got[workbook.PropVersion] != version.Version {
			t.Errorf("%s: custom properties after LibreOffice: %v", name, got)
		}
		for id, at := range statusCells(t, f, e) {
			status := value(t, f, at)
			switch {
			case name == "broken.xlsx" && id == "I1":
				if !strings.HasPrefix(status, statusFail) || !strings.Contains(status, "自然人列：左边") ||
					!strings.HasSuffix(status, "相差5；") || strings.Contains(status, "商业企业列") {
					t.Errorf("%s: broken I1 status = %q", name, status)
				}
			case status != statusOK:
				t.Errorf("%s %s status = %q, want %q", name, id, status, statusOK)
			}
		}
		checkStillProtected(t, name, f)
	}
}

// checkStillProtected checks that input cells are still unlocked and totals locked after
// the application saved the workbook.
func checkStillProtected(t *testing.T, name string, f *excelize.File) {
	t.Helper()
	dn := names(f)
	lockedAt := func(n string) bool {
		at := dn[n]
		id, _ := f.GetCellStyle(at[0], at[1])
		st, _ := f.GetStyle(id)
		return st.Protection == nil || st.Protection.Locked
	}
	if lockedAt(workbook.ValueName("t3.new.person")) || !lockedAt(workbook.ValueName("t3.new.total")) {
		t.Errorf("%s: protection of input and total cells lost", name)
	}
}
