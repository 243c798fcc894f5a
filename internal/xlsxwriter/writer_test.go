package xlsxwriter

import (
	"archive/zip"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// The status texts of a check whose cells are all filled in.
const (
	statusOK   = markOK + " 勾稽关系成立"
	statusFail = markFail + " 勾稽关系不成立："
)

// blank is the report a blank template is made from.
func blank(e *template.Edition) *model.Report {
	r := model.New(e)
	r.Info["agency"] = model.Field{Text: "太仓市科学技术局"}
	r.Info["year"] = model.Field{Text: strconv.Itoa(e.FirstYear)}
	r.Info["period"] = model.Field{Text: fmt.Sprintf("%d年1月1日至%d年12月31日", e.FirstYear, e.FirstYear)}
	return r
}

func write(t testing.TB, r *model.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func open(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// names resolves the workbook's defined names to sheet and cell, accepting the sheet name
// quoted (as written) or bare (as LibreOffice saves it).
func names(f *excelize.File) map[string][2]string {
	out := map[string][2]string{}
	re := regexp.MustCompile(`^'?(.+?)'?!\$([A-Z]+)\$(\d+)(:\$[A-Z]+\$\d+)?$`)
	for _, dn := range f.GetDefinedName() {
		if m := re.FindStringSubmatch(dn.RefersTo); m != nil && dn.Scope == "Workbook" {
			out[dn.Name] = [2]string{strings.ReplaceAll(m[1], "''", "'"), m[2] + m[3]}
		}
	}
	return out
}

// prose is a prose field as written: its paragraph cells, from the first cell of its name
// down through its range, joined with line breaks.
func prose(t testing.TB, f *excelize.File, key string) string {
	t.Helper()
	for _, dn := range f.GetDefinedName() {
		if dn.Name != workbook.ProseName(key) {
			continue
		}
		m := regexp.MustCompile(`^'?(.+?)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$`).FindStringSubmatch(dn.RefersTo)
		if m == nil || m[2] != m[4] {
			t.Fatalf("%s refers to %q, want a column of cells", dn.Name, dn.RefersTo)
		}
		first, _ := strconv.Atoi(m[3])
		last, _ := strconv.Atoi(m[5])
		var paras []string
		for r := first; r <= last; r++ {
			if v := value(t, f, [2]string{m[1], m[2] + strconv.Itoa(r)}); v != "" {
				paras = append(paras, v)
			}
		}
		return strings.Join(paras, "\n")
	}
	t.Fatalf("no defined name for prose %s", key)
	return ""
}

func value(t testing.TB, f *excelize.File, at [2]string) string {
	t.Helper()
	v, err := f.GetCellValue(at[0], at[1], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSheetsAndProperties(t *testing.T) {
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		want := []string{workbook.SheetGuide, workbook.SheetInfo, workbook.SheetProse}
		for _, tb := range e.Tables() {
			want = append(want, workbook.TableSheet(tb))
		}
		want = append(want, workbook.SheetExplanations, workbook.SheetMeta)
		if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: sheets %v, want %v", e.ID, got, want)
		}
		if visible, _ := f.GetSheetVisible(workbook.SheetMeta); visible {
			t.Errorf("%s: meta sheet is visible", e.ID)
		}
		wantProps := map[string]string{workbook.PropGenerator: "nianbao", workbook.PropEdition: e.ID,
			workbook.PropLayout: strconv.Itoa(workbook.LayoutVersion), workbook.PropAgency: "太仓市科学技术局",
			workbook.PropYear: strconv.Itoa(e.FirstYear), workbook.PropVersion: version.Dev}
		props, err := f.GetCustomProps()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, p := range props {
			got[p.Name] = fmt.Sprint(p.Value)
		}
		rows, _ := f.GetRows(workbook.SheetMeta)
		meta := map[string]string{}
		for _, r := range rows {
			if len(r) == 2 {
				meta[r[0]] = r[1]
			}
		}
		for k, v := range wantProps {
			if got[k] != v || meta[k] != v {
				t.Errorf("%s: property %s = %q, meta sheet %q; want %q", e.ID, k, got[k], meta[k], v)
			}
		}
		calc, _ := f.GetCalcProps()
		if calc.FullCalcOnLoad == nil || !*calc.FullCalcOnLoad {
			t.Errorf("%s: no full calculation on load", e.ID)
		}
	}
}

// sheetXML returns the XML of every worksheet of the workbook, by sheet name.
func sheetXML(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	out := map[string]string{}
	for i, name := range f.GetSheetList() { // excelize numbers sheet parts in creation order
		for _, zf := range zr.File {
			if zf.Name == fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1) {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				out[name] = string(b)
			}
		}
	}
	return out
}

func TestEverySheetIsProtectedAndPrintable(t *testing.T) {
	for _, e := range template.Editions() {
		data := write(t, blank(e))
		f := open(t, data)
		xml := sheetXML(t, data)
		for _, s := range f.GetSheetList() {
			x := xml[s]
			if !strings.Contains(x, `<sheetProtection sheet="true"`) || strings.Contains(x, "password") || strings.Contains(x, "hashValue") {
				t.Errorf("%s %s: not protected without password", e.ID, s)
			}
			if s == workbook.SheetMeta {
				continue
			}
			// Table 四 is too wide for portrait at a readable size (三 is tall, and stays).
			orientation := "portrait"
			if s == "表四" {
				orientation = "landscape"
			}
			pl, _ := f.GetPageLayout(s)
			if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != orientation ||
				pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("%s %s: page layout is not A4 %s fit to width: %+v", e.ID, s, orientation, pl)
			}
			if !strings.Contains(x, `horizontalCentered="true"`) && !strings.Contains(x, `horizontalCentered="1"`) {
				t.Errorf("%s %s: not centred on the printed page", e.ID, s)
			}
			if !strings.Contains(x, "&amp;P") {
				t.Errorf("%s %s: no page numbers in the footer", e.ID, s)
			}
		}
		titles := map[string]bool{}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Titles" {
				titles[dn.Scope] = true
			}
		}
		for _, tb := range e.Tables() {
			if !titles[workbook.TableSheet(tb)] {
				t.Errorf("%s: %s repeats no header rows when printed", e.ID, workbook.TableSheet(tb))
			}
		}
	}
}

// TestTableLabelsAndMerges holds every title, header and row label of every table against
// the edition's grids, with the cells merged as the grids span them, and every value cell's
// defined name at the grid's value position.
func TestTableLabelsAndMerges(t *testing.T) {
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		dn := names(f)
		for _, tb := range e.Tables() {
			s := workbook.TableSheet(tb)
			if v, _ := f.GetCellValue(s, "A1"); v != tb.Heading {
				t.Errorf("%s %s: A1 = %q, want %q", e.ID, s, v, tb.Heading)
			}
			merges := map[string]bool{}
			mc, err := f.GetMergeCells(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range mc {
				merges[m.GetStartAxis()+":"+m.GetEndAxis()] = true
			}
			row := 3 // under the title and the status line
			for _, g := range tb.Grids() {
				for _, c := range g.Cells {
					tl := cellName(c.Col+1, row+c.Row)
					br := cellName(c.Col+c.ColSpan, row+c.Row+c.RowSpan-1)
					if (c.ColSpan > 1 || c.RowSpan > 1) && !merges[tl+":"+br] {
						t.Errorf("%s %s: %q not merged over %s:%s", e.ID, s, c.Text+c.Key, tl, br)
					}
					if c.Role == template.RoleValue {
						if at := dn[workbook.ValueName(c.Key)]; at != [2]string{s, tl} {
							t.Errorf("%s: name of %s points at %v, want %s!%s", e.ID, c.Key, at, s, tl)
						}
						continue
					}
					// A group label starts where its rows start, in sight on the first screen.
					if c.Role == template.RoleRowHeader && c.Col+c.ColSpan < g.LabelCols {
						if a := alignment(t, f, s, tl); a.Vertical != "top" || a.Horizontal != "center" {
							t.Errorf("%s %s!%s %q aligned %q/%q, want center/top", e.ID, s, tl, c.Text, a.Horizontal, a.Vertical)
						}
					}
					// A wide label is broken between its words, with line breaks.
					if v, _ := f.GetCellValue(s, tl); strings.ReplaceAll(v, "\n", "") != c.Text {
						t.Errorf("%s %s!%s = %q, want %q", e.ID, s, tl, v, c.Text)
					}
				}
				row += g.Rows
			}
		}
	}
}

func alignment(t *testing.T, f *excelize.File, sheet, cell string) excelize.Alignment {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Alignment == nil {
		t.Fatalf("%s!%s: style %d: %v", sheet, cell, id, err)
	}
	return *st.Alignment
}

func TestInfoAndProseLayout(t *testing.T) {
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		dn := names(f)
		for i, fld := range e.Info {
			row := strconv.Itoa(infoFirstRow + i)
			if v, _ := f.GetCellValue(workbook.SheetInfo, "A"+row); v != fld.Label {
				t.Errorf("%s 基本信息!A%s = %q, want %q", e.ID, row, v, fld.Label)
			}
			if at := dn[workbook.InfoName(fld.Key)]; at != [2]string{workbook.SheetInfo, "B" + row} {
				t.Errorf("%s: %s at %v", e.ID, workbook.InfoName(fld.Key), at)
			}
			if v, _ := f.GetCellValue(workbook.SheetInfo, "C"+row); v != fld.Hint {
				t.Errorf("%s 基本信息!C%s = %q, want the hint %q", e.ID, row, v, fld.Hint)
			}
		}
		if v := value(t, f, dn[workbook.InfoName("agency")]); v != "太仓市科学技术局" {
			t.Errorf("agency = %q", v)
		}
		if v := value(t, f, dn[workbook.InfoName("year")]); v != strconv.Itoa(e.FirstYear) {
			t.Errorf("year = %q", v)
		}
		// Every prose field: its label top-left of its column of paragraph cells, the
		// character count under the label, the hint beside.
		row := proseFirstRow
		for _, p := range e.Parts {
			for _, pf := range p.Prose {
				label := cmp.Or(pf.Heading, p.Heading)
				n := proseRows
				if pf.Optional {
					n = optionalProseRows
				}
				if v, _ := f.GetCellValue(workbook.SheetProse, cellName(proseLabelCol, row)); v != label {
					t.Errorf("%s 正文!A%d = %q, want %q", e.ID, row, v, label)
				}
				if v, _ := f.GetCellValue(workbook.SheetProse, cellName(proseHintCol, row)); v != pf.Hint {
					t.Errorf("%s 正文!C%d = %q, want the hint", e.ID, row, v)
				}
				if v := value(t, f, [2]string{workbook.SheetProse, cellName(proseLabelCol, row+1)}); v != "已填写 0 字" {
					t.Errorf("%s 正文!A%d = %q, want the character count", e.ID, row+1, v)
				}
				ref := fmt.Sprintf("'正文'!$B$%d:$B$%d", row, row+n-1)
				if got := definedName(f, workbook.ProseName(pf.Key)); got != ref {
					t.Errorf("%s: %s refers to %q, want %q", e.ID, workbook.ProseName(pf.Key), got, ref)
				}
				row += n
			}
		}
	}
}

func definedName(f *excelize.File, name string) string {
	for _, dn := range f.GetDefinedName() {
		if dn.Name == name {
			return dn.RefersTo
		}
	}
	return ""
}

// TestInputsUnlockedTotalsLocked checks that exactly the input cells can be edited and the
// 总计 cells are locked formulas.
func TestInputsUnlockedTotalsLocked(t *testing.T) {
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		dn := names(f)
		locked := func(at [2]string) bool {
			id, _ := f.GetCellStyle(at[0], at[1])
			st, _ := f.GetStyle(id)
			return st.Protection == nil || st.Protection.Locked
		}
		for _, c := range e.Cells() {
			at := dn[workbook.ValueName(c.Key)]
			formula, _ := f.GetCellFormula(at[0], at[1])
			_, computed := e.Computed(c.Key)
			if computed != locked(at) || computed != (formula != "") {
				t.Errorf("%s %s: computed %v, locked %v, formula %q", e.ID, c.Key, computed, locked(at), formula)
			}
		}
		for _, fld := range e.Info {
			if locked(dn[workbook.InfoName(fld.Key)]) {
				t.Errorf("%s: info %s is locked", e.ID, fld.Key)
			}
		}
		if !locked([2]string{workbook.SheetInfo, "A3"}) || !locked([2]string{"表三", "A1"}) {
			t.Errorf("%s: labels are not locked", e.ID)
		}
	}
}

func TestValidationsPerKind(t *testing.T) {
	want := map[template.Kind]string{template.Count: "whole", template.SignedCount: "whole", template.Amount: "decimal"}
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		dn := names(f)
		for _, tb := range e.Tables() {
			dvs, err := f.GetDataValidations(workbook.TableSheet(tb))
			if err != nil {
				t.Fatal(err)
			}
			covered := map[string]*excelize.DataValidation{}
			for _, dv := range dvs {
				if n := len([]rune(*dv.PromptTitle)); n > 32 {
					t.Errorf("prompt title %q has %d characters", *dv.PromptTitle, n)
				}
				if n := len([]rune(*dv.Prompt)); n > 255 || !dv.ShowErrorMessage {
					t.Errorf("prompt %q has %d characters, error shown %v", *dv.Prompt, n, dv.ShowErrorMessage)
				}
				for _, ref := range strings.Fields(dv.Sqref) {
					covered[ref] = dv
				}
			}
			for _, c := range tb.Cells() {
				at := dn[workbook.ValueName(c.Key)]
				dv := covered[at[1]]
				if _, computed := e.Computed(c.Key); computed {
					if dv != nil {
						t.Errorf("%s %s: computed cell has a validation", e.ID, c.Key)
					}
					continue
				}
				if dv == nil || dv.Type != want[c.Kind()] {
					t.Errorf("%s %s: validation %+v, want %s", e.ID, c.Key, dv, want[c.Kind()])
					continue
				}
				negative := dv.Operator == "between" && strings.HasPrefix(dv.Formula1, "-")
				if negative != c.Kind().AllowsNegative() {
					t.Errorf("%s %s: validation %s %s allows negatives: %v", e.ID, c.Key, dv.Operator, dv.Formula1, negative)
				}
			}
		}
		dvs, _ := f.GetDataValidations(workbook.SheetInfo)
		types, lists := map[string]string{}, map[string]string{}
		for _, dv := range dvs {
			types[dv.Sqref], lists[dv.Sqref] = dv.Type, dv.Formula1
		}
		for _, fld := range e.Info {
			at := dn[workbook.InfoName(fld.Key)][1]
			switch fld.Kind {
			case template.Choice:
				if types[at] != "list" {
					t.Errorf("%s: %s has no list validation", e.ID, fld.Key)
				}
			case template.Year:
				// The edition's own years: 2019 and 2020 for 2019, from 2021 on for 2021.
				first := strconv.Itoa(e.FirstYear)
				if types[at] != "list" || !strings.HasPrefix(strings.Trim(lists[at], `"`), first+",") ||
					e.Through() != 0 && !strings.HasSuffix(strings.Trim(lists[at], `"`), ","+strconv.Itoa(e.Through())) {
					t.Errorf("%s: %s validation %s %s, want a list of the edition's years", e.ID, fld.Key, types[at], lists[at])
				}
			}
		}
	}
}

// setNumber puts a number into a value cell of an open workbook, as a user would type it.
func setNumber(t *testing.T, f *excelize.File, dn map[string][2]string, key string, n float64) {
	t.Helper()
	at := dn[workbook.ValueName(key)]
	if err := f.SetCellFloat(at[0], at[1], n, -1, 64); err != nil {
		t.Fatal(err)
	}
}

// TestFormulasCompute fills every input cell with a distinct number and checks that every
// 总计 evaluates to the sum of its terms, every status cell reports success, and that a
// broken I1 turns its status cell into the failure text naming the column and the sums.
func TestFormulasCompute(t *testing.T) {
	for _, e := range template.Editions() {
		r := blank(e)
		f := open(t, write(t, r))
		dn := names(f)
		// Make every equation hold: fill table 三 so that 四 = 一 + 二 − （七）.
		vals := map[string]float64{}
		for i, c := range e.Cells() {
			if _, computed := e.Computed(c.Key); !computed {
				vals[c.Key] = float64(i%7 + 1)
			}
		}
		total := func(key string) float64 {
			keys, _ := e.Computed(key)
			s := 0.0
			for _, k := range keys {
				s += vals[k]
			}
			return s
		}
		for _, c := range e.Cells() {
			if c.Table.Key == "t3" && c.Row.Key == "carried_out" && c.Column.Key != "total" {
				results := 0.0
				keys, _ := e.Computed("t3.total." + c.Column.Key)
				for _, k := range keys {
					results += vals[k]
				}
				vals[c.Key] = vals["t3.new."+c.Column.Key] + vals["t3.carried_in."+c.Column.Key] - results + 1000
				vals["t3.new."+c.Column.Key] += 1000
			}
		}
		for k, v := range vals {
			setNumber(t, f, dn, k, v)
		}
		for _, c := range e.Cells() {
			keys, computed := e.Computed(c.Key)
			if !computed {
				continue
			}
			at := dn[workbook.ValueName(c.Key)]
			got, err := f.CalcCellValue(at[0], at[1])
			if err != nil {
				t.Fatal(err)
			}
			want := 0.0
			for _, k := range keys {
				if _, nested := e.Computed(k); nested {
					want += total(k)
				} else {
					want += vals[k]
				}
			}
			if got != strconv.FormatFloat(want, 'f', -1, 64) {
				t.Errorf("%s %s = %s, want %v", e.ID, c.Key, got, want)
			}
		}
		statuses := statusCells(t, f, e)
		for id, at := range statuses {
			formula, _ := f.GetCellFormula(at[0], at[1])
			if len(formula) >= 8000 {
				t.Errorf("%s %s: status formula has %d characters", e.ID, id, len(formula))
			}
			if got, err := f.CalcCellValue(at[0], at[1]); err != nil || got != statusOK {
				t.Errorf("%s %s status = %q (%v), want %q", e.ID, id, got, err, statusOK)
			}
		}
		setNumber(t, f, dn, "t3.new.person", vals["t3.new.person"]+3)
		at := statuses["I1"]
		got, _ := f.CalcCellValue(at[0], at[1])
		// excelize's ROUND leaves float noise (3.0000000000000013) that spreadsheets do not.
		if !strings.HasPrefix(got, statusFail) || !strings.Contains(got, "自然人列") || !regexp.MustCompile(`相差3(\.0+\d*)?；`).MatchString(got) ||
			strings.Contains(got, "商业企业列") {
			t.Errorf("%s: broken I1 status = %q", e.ID, got)
		}
	}
}

// statusCells finds the status cell of each identity checked in a table: the cell under
// the row that states the identity's rule.
func statusCells(t *testing.T, f *excelize.File, e *template.Edition) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	for _, tb := range e.Tables() {
		s := workbook.TableSheet(tb)
		rows, _ := f.GetRows(s)
		for i, r := range rows {
			for _, id := range e.Identities {
				if len(r) > 0 && r[0] == "检查："+id.Text {
					out[id.ID] = [2]string{s, "A" + strconv.Itoa(i+2)}
				}
			}
		}
	}
	for _, id := range []string{"I1", "I2", "I3", "I4"} {
		if _, ok := out[id]; !ok {
			t.Errorf("%s: no status cell for %s", e.ID, id)
		}
	}
	return out
}

func TestConditionalFormatsMarkEveryEquation(t *testing.T) {
	for _, e := range template.Editions() {
		f := open(t, write(t, blank(e)))
		n := 0
		for _, tb := range e.Tables() {
			cfs, err := f.GetConditionalFormats(workbook.TableSheet(tb))
			if err != nil {
				t.Fatal(err)
			}
			n += len(cfs)
		}
		want := len(e.Tables()) // the status line of each table
		for _, id := range e.Identities {
			if !id.CrossYear && len(id.Equations) > 0 {
				want += len(id.Equations) + 1 // each equation, and the status cell
			}
		}
		if n != want {
			t.Errorf("%s: %d conditional formats, want %d", e.ID, n, want)
		}
	}
}

// TestUserTextIsNeverAFormula writes text that a spreadsheet would take for a formula into
// every kind of input and reads it back as text.
func TestUserTextIsNeverAFormula(t *testing.T) {
	e := template.Edition2021
	r := blank(e)
	hostile := []string{"=SUM(1,2)", "+86 0512", "-3件", "@cmd", "=HYPERLINK(\"http://x\",\"y\")"}
	r.Info["contact_office"] = model.Field{Text: hostile[0]}
	r.Info["phone"] = model.Field{Text: hostile[1]}
	r.Prose["overview"] = model.Field{Text: hostile[4] + "\n第二段"}
	r.Prose["other"] = model.Field{Text: hostile[3]}
	r.Values["t3.new.person"] = model.Value{State: model.Text, Raw: hostile[0]}
	r.Values["t3.new.business"] = model.Value{State: model.Text, Raw: hostile[2]}
	r.Values["t3.new.research"] = model.Value{State: model.NotApplicable, Raw: "/"}
	f := open(t, write(t, r))
	dn := names(f)
	for name, want := range map[string]string{
		workbook.InfoName("contact_office"): hostile[0], workbook.InfoName("phone"): hostile[1],
		workbook.ValueName("t3.new.person"): hostile[0], workbook.ValueName("t3.new.business"): hostile[2],
		workbook.ValueName("t3.new.research"): "/",
	} {
		at := dn[name]
		if formula, _ := f.GetCellFormula(at[0], at[1]); formula != "" {
			t.Errorf("%s became the formula %q", name, formula)
		}
		if got := value(t, f, at); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
		if typ, _ := f.GetCellType(at[0], at[1]); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
			t.Errorf("%s has cell type %v, want a string", name, typ)
		}
	}
	for key, want := range map[string]string{"overview": hostile[4] + "\n第二段", "other": hostile[3]} {
		if got := prose(t, f, key); got != want {
			t.Errorf("prose %s = %q, want %q", key, got, want)
		}
	}
}

// TestSamplesWrittenWhole writes both sample reports and reads back every input.
func TestSamplesWrittenWhole(t *testing.T) {
	for _, r := range []*model.Report{samplereport.Taicang2020(), samplereport.Example2021()} {
		f := open(t, write(t, r))
		dn := names(f)
		for key, v := range r.Values {
			if _, computed := r.Edition.Computed(key); computed {
				continue
			}
			at := dn[workbook.ValueName(key)]
			typ, _ := f.GetCellType(at[0], at[1])
			if got := value(t, f, at); got != v.Raw || (v.State == model.Number) != (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset) {
				t.Errorf("%s %s = %q (type %v), want %q", r.Agency(), key, got, typ, v.Raw)
			}
		}
		for key, fld := range r.Info {
			if got := value(t, f, dn[workbook.InfoName(key)]); got != fld.Text {
				t.Errorf("%s info %s = %q, want %q", r.Agency(), key, got, fld.Text)
			}
		}
		for key, fld := range r.Prose {
			if got := prose(t, f, key); got != fld.Text {
				t.Errorf("%s prose %s = %q, want %q", r.Agency(), key, got, fld.Text)
			}
		}
	}
}

// failingWriter fails as a full disk would.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestInterruptedWriteLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "模板.xlsx")
	err := outfile.Write(path, false, func(w io.Writer) error {
		return Write(failingWriter{}, blank(template.Edition2021))
	})
	if err == nil {
		t.Fatal("a failing write reported success")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("an interrupted write left %v", entries)
	}
}
