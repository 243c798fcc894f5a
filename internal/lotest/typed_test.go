package lotest

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// oddEntries are what bureaus type instead of a plain number, keyed by cell, with what the
// reader promises to make of them. "" is a cell left blank.
var oddEntries = map[string]struct {
	typed string
	want  model.Value
}{
	"t2.enforcement.decisions":   {"１２", model.Num(12)}, // full-width digits, typed with a Chinese IME
	"t3.carried_in.person":       {"+3", model.Num(3)},
	"t3.denied_secret.nonprofit": {"/", model.Value{State: model.NotApplicable, Raw: "/"}},
	"t2.fees.fee_amount":         {"0万元", model.Num(0)},
	"t2.licensing.decisions":     {"1,234", model.Num(1234)},
	"t3.denied_security.person":  {"", model.Value{State: model.Blank}},
	"t4.review_other":            {"两件", model.Value{State: model.Text, Raw: "两件"}},
}

// expectedFindings are the findings on the odd entries, as rule and cell: the blank (V1),
// the "/" (V3) and the text (V4). The other odd entries are numbers the reader parses.
var expectedFindings = []string{"V1 表三!D12", "V3 表三!G10", "V4 表四!C6"}

// uiInput is typed through the dispatcher, the keyboard's path, rather than the API.
const uiInput = "t3.new.business"

const (
	statusOK      = "√ 勾稽关系成立"
	statusPending = "○ 已填写部分勾稽关系成立；尚有格未填写或不是数字，见表上方的填写情况"
	statusFail    = "× 勾稽关系不成立："
)

// TestTypedInLibreOffice types a report into templates written by `nianbao template` in
// LibreOffice, as a bureau does, and checks what the reader and the checks make of the saved
// workbooks. One LibreOffice session serves every workbook.
func TestTypedInLibreOffice(t *testing.T) {
	office(t)
	bin := nianbao(t)
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	for _, name := range []string{"typed-in.xlsx", "broken-in.xlsx", "ui-in.xlsx"} {
		if out, code := run(t, bin, "template", "--edition", "2021", "--year", "2025",
			"--agency", "示例市生态环境局", "-o", path(name)); code != 0 {
			t.Fatalf("nianbao template: exit %d\n%s", code, out)
		}
	}
	tmpl := openBook(t, path("typed-in.xlsx"))
	at := namedCells(tmpl)

	sample := samplereport.Example2021()
	want := samplereport.Example2021()
	typing := typedValues(sample)
	for key, odd := range oddEntries {
		want.Values[key] = odd.want
		typing[key] = odd.typed
	}
	typedJob := job{Open: path("typed-in.xlsx"), Save: path("typed.xlsx")}
	// Typed through the keyboard's path in a job of its own, the session's last (see
	// typist.py).
	uiJob := job{Open: path("ui-in.xlsx"), UI: [][2]string{{workbook.ValueName(uiInput), typing[uiInput]}}}
	typedJob.Type, typedJob.Paras = entries(sample, typing)

	// I1 broken: 一、本年新收 自然人 one more, the results unchanged.
	brokenTyping := typedValues(sample)
	brokenTyping["t3.new.person"] = "49"
	brokenJob := job{Open: path("broken-in.xlsx"), Save: path("broken.xlsx")}
	brokenJob.Type, brokenJob.Paras = entries(sample, brokenTyping)

	copiedJob := job{CopyFrom: path("typed.xlsx"), Save: path("copied.xlsx"), Sheets: []string{"表三", "表四"}}

	// Delete and paste into a 总计, a row label and an input of a template, not saved.
	total, input := workbook.ValueName("t3.new.total"), workbook.ValueName("t3.new.person")
	label := labelLeftOf(t, tmpl, at[input])
	protectionJob := job{Open: path("broken-in.xlsx"), Probe: probes(tmpl, at),
		Attempt: [][2]string{{total, "999"}, {label, "改"}, {input, "48"}}}

	start := time.Now()
	results := session(t, []job{typedJob, brokenJob, copiedJob, protectionJob, uiJob})
	t.Logf("LibreOffice session (start, type 3 workbooks, copy 1, save 3, probe 1, quit): %v", time.Since(start).Round(time.Millisecond))
	protection, uiResult := results[3], results[4]

	var typed *model.Report
	t.Run("typed values read back", func(t *testing.T) {
		var notes []check.Finding
		typed, notes = read(t, path("typed.xlsx"))
		if len(notes) != 0 {
			t.Errorf("reader notes on a template typed in LibreOffice: %v", messages(notes))
		}
		if typed.Meta["identified_by"] != "properties" {
			t.Errorf("identified by %q, want the document properties", typed.Meta["identified_by"])
		}
		saved := openBook(t, path("typed.xlsx"))
		for _, c := range want.Edition.Cells() {
			name := workbook.ValueName(c.Key)
			g := typed.Values[c.Key]
			if where := g.Where.Sheet + "!" + g.Where.Cell; where != at[name] {
				t.Errorf("%s read at %s, the template put it at %s", c.Key, where, at[name])
			}
			if _, computed := want.Edition.Computed(c.Key); computed {
				sum := formatSum(want.Total(c.Key))
				if cached := rawValue(t, saved, at[name]); cached != sum {
					t.Errorf("%s: LibreOffice cached %q, want the sum %s", c.Key, cached, sum)
				}
				if g.State != model.Number || formatSum(g.Number) != sum {
					t.Errorf("%s read %v %v, want %s", c.Key, g.State, g.Number, sum)
				}
				continue
			}
			w := want.Values[c.Key]
			if g.State != w.State || g.Number != w.Number {
				t.Errorf("%s typed %q: read %v %v (%q), want %v %v", c.Key, typing[c.Key], g.State, g.Number, g.Raw, w.State, w.Number)
			}
			if w.State == model.Text || w.State == model.NotApplicable {
				if g.Raw != w.Raw {
					t.Errorf("%s: raw %q, want %q as typed", c.Key, g.Raw, w.Raw)
				}
			}
		}
		sameTexts(t, sample, typed)
		sameNames(t, at, namedCells(saved))
		props := customProps(t, saved)
		for k, v := range map[string]string{workbook.PropGenerator: "nianbao", workbook.PropEdition: "2021",
			workbook.PropLayout: strconv.Itoa(workbook.LayoutVersion), workbook.PropAgency: "示例市生态环境局", workbook.PropYear: "2025"} {
			if props[k] != v {
				t.Errorf("document property %s = %q after LibreOffice, want %q", k, props[k], v)
			}
		}
		// Every identity holds so far, but each has a cell left blank or not a number (D12
		// under I1–I3, “两件” under I4); the status lines count them.
		for id, status := range statusTexts(t, saved, want.Edition) {
			if status != statusPending {
				t.Errorf("status of %s = %q, want %q", id, status, statusPending)
			}
		}
		// LibreOffice keeps “１２” and “0万元” as text (the reader parses them; SUM does not).
		for sheet, want := range map[string]string{"表二": "○ 表二：2 格不是数字；请填写数字，没有的填0",
			"表三": "○ 表三：尚有 1 格未填写；1 格不是数字；勾稽关系成立", "表四": "○ 表四：1 格不是数字；勾稽关系成立"} {
			if got := rawValue(t, saved, sheet+"!A2"); got != want {
				t.Errorf("status line of %s = %q, want %q", sheet, got, want)
			}
		}
		if got := findingsAt(check.Check(typed, nil)); !slices.Equal(got, expectedFindings) {
			t.Errorf("findings %v, want %v", got, expectedFindings)
		}
	})

	t.Run("broken identity shows in the status cell and in check", func(t *testing.T) {
		broken, notes := read(t, path("broken.xlsx"))
		if len(notes) != 0 {
			t.Errorf("reader notes: %v", messages(notes))
		}
		// 一、本年新收 自然人 one more breaks I1 in the 自然人 column and in the 总计 column.
		i1, _ := want.Edition.Identity("I1")
		person, total := i1.Equations[0].Scope, i1.Equations[len(i1.Equations)-1].Scope
		wantStatus := statusFail + person + "：左边52，右边51，相差1；" + total + "：左边63，右边62，相差1；"
		for id, status := range statusTexts(t, openBook(t, path("broken.xlsx")), want.Edition) {
			if id == "I1" && status != wantStatus || id != "I1" && status != statusOK {
				t.Errorf("status of %s after LibreOffice recalculated = %q", id, status)
			}
		}
		var got []string
		for _, f := range check.Check(broken, nil) {
			t.Logf("%s %s", f.Rule, f.Message)
			got = append(got, fmt.Sprintf("%s %s %v", f.Rule, where(f.Left[0]), f.Difference))
			if f.Rule == "I1" && !strings.HasSuffix(f.Message, "，相差 1") {
				t.Errorf("I1 message %q", f.Message)
			}
		}
		// C1: the prose still says 收到政府信息公开申请58件 while table 三 now says 59.
		wantFindings := []string{"I1 表三!D6 1", "I1 表三!J6 1", "C1 正文!B64 -1"}
		if !slices.Equal(got, wantFindings) {
			t.Errorf("findings %v, want %v", got, wantFindings)
		}
	})

	t.Run("only input cells can be typed into", func(t *testing.T) {
		inputs := map[string]bool{}
		for _, c := range want.Edition.Cells() {
			if _, computed := want.Edition.Computed(c.Key); !computed {
				inputs[workbook.ValueName(c.Key)] = true
			}
		}
		for _, f := range want.Edition.Info {
			inputs[workbook.InfoName(f.Key)] = true
		}
		for _, p := range want.Edition.Parts {
			for _, f := range p.Prose {
				inputs[workbook.ProseName(f.Key)] = true
			}
		}
		for ref, p := range protection.Probe {
			if !p.Protected {
				t.Errorf("%s: sheet not protected in LibreOffice", ref)
			}
			if p.Locked == inputs[ref] {
				t.Errorf("%s: locked = %v in LibreOffice", ref, p.Locked)
			}
		}
		if len(protection.Probe) < len(inputs)+50 {
			t.Errorf("only %d cells probed", len(protection.Probe))
		}
		if in := uiResult.UI[workbook.ValueName(uiInput)]; in.After.Value != 6 || in.After.Formula != "6" {
			t.Errorf("typing 6 into an input cell through the keyboard's path gave %+v", in.After)
		}
		for _, ref := range []string{total, label} {
			if e := protection.Attempt[ref]; !e.Refused || e.After != e.Before || e.Before.String == "" {
				t.Errorf("Delete and paste into locked %s: refused %v, before %+v, after %+v", ref, e.Refused, e.Before, e.After)
			}
		}
		if e := protection.Attempt[input]; e.Refused || e.After.String != "48" {
			t.Errorf("paste into input %s: refused %v, after %+v", input, e.Refused, e.After)
		}
	})

	t.Run("tables copied into a bureau's own workbook", func(t *testing.T) {
		if typed == nil {
			t.Skip("the typed workbook was not read")
		}
		copied, notes := read(t, path("copied.xlsx"))
		if got := rulesOf(notes); !slices.Equal(got, []string{rule.ReadByLabel, rule.NotFound}) ||
			!strings.Contains(notes[1].Message, "表二") {
			t.Errorf("reader notes %v, want R2 and R4 for the missing table 二", messages(notes))
		}
		if copied.Meta["identified_by"] != "labels" {
			t.Errorf("identified by %q", copied.Meta["identified_by"])
		}
		for _, c := range want.Edition.Cells() {
			if c.Table.Number == "二" {
				continue
			}
			g, w := copied.Values[c.Key], typed.Values[c.Key]
			if g.State != w.State || g.Number != w.Number || g.State != model.Number && g.Raw != w.Raw {
				t.Errorf("%s: copied %v %v %q, typed %v %v %q", c.Key, g.State, g.Number, g.Raw, w.State, w.Number, w.Raw)
			}
		}
		// The same findings on the odd entries, at their new places; table 二, which was not
		// copied, is reported once by the reader (R4), not also as left blank (V2).
		var cells []string
		for _, f := range check.Check(copied, nil) {
			switch f.Rule {
			case rule.BlankCell, rule.NotApplicable, rule.TextValue, rule.BlankTable:
				cells = append(cells, f.Rule+" "+where(f.Left[0]))
			}
		}
		slices.Sort(cells)
		sheet := copied.Values["t3.new.person"].Where.Sheet // Sheet1, or 工作表1 with a Chinese UI
		if want := []string{"V1 " + sheet + "!D12", "V3 " + sheet + "!G10", "V4 " + sheet + "!C38"}; !slices.Equal(cells, want) {
			t.Errorf("findings on the copied tables %v, want %v", cells, want)
		}
	})

	t.Run("nianbao check on the typed workbook", func(t *testing.T) {
		if typed == nil {
			t.Skip("the typed workbook was not read")
		}
		out, code := run(t, bin, "check", path("typed.xlsx"))
		t.Logf("nianbao check typed.xlsx (exit %d):\n%s", code, out)
		if code != 1 {
			t.Errorf("exit code %d, want 1 (an error: text in a value cell)", code)
		}
		for _, s := range []string{"“两件”", "表四!C6", "“/”", "表三!G10", "表三!D12"} {
			if !strings.Contains(out, s) {
				t.Errorf("output does not mention %s", s)
			}
		}
		out, code = run(t, bin, "check", "--format", "json", path("typed.xlsx"))
		var doc struct {
			Files []struct {
				Findings []struct {
					Rule string `json:"rule"`
					Left []struct {
						Sheet, Cell string
					} `json:"left"`
				} `json:"findings"`
			} `json:"files"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Files) != 1 || code != 1 {
			t.Fatalf("check --format json: exit %d, %v\n%s", code, err, out)
		}
		var got []string
		for _, f := range doc.Files[0].Findings {
			got = append(got, f.Rule+" "+f.Left[0].Sheet+"!"+f.Left[0].Cell)
		}
		slices.Sort(got)
		if !slices.Equal(got, expectedFindings) {
			t.Errorf("JSON findings %v, want %v", got, expectedFindings)
		}
	})
}

// typedValues is what a bureau types into each input value cell for the report: the numbers
// as written in the report.
func typedValues(r *model.Report) map[string]string {
	out := map[string]string{}
	for _, c := range r.Edition.Cells() {
		if _, computed := r.Edition.Computed(c.Key); !computed {
			out[c.Key] = r.Values[c.Key].Raw
		}
	}
	return out
}

// entries turns what is typed into the driver's lists: value cells and one-line fields typed
// (setFormula, as the input line does), prose typed paragraph by paragraph into its cells.
// A cell typed as "" is left alone.
func entries(r *model.Report, values map[string]string) (typed [][2]string, prose []paragraphs) {
	for _, c := range r.Edition.Cells() {
		if v, ok := values[c.Key]; ok && v != "" {
			typed = append(typed, [2]string{workbook.ValueName(c.Key), v})
		}
	}
	for _, f := range r.Edition.Info {
		if v := r.Info[f.Key].Text; v != "" {
			typed = append(typed, [2]string{workbook.InfoName(f.Key), v})
		}
	}
	for _, p := range r.Edition.Parts {
		for _, f := range p.Prose {
			if v := r.Prose[f.Key].Text; v != "" {
				prose = append(prose, paragraphs{workbook.ProseName(f.Key), strings.Split(v, "\n")})
			}
		}
	}
	return typed, prose
}

// probes lists the cells whose protection LibreOffice is asked about: every named input
// and 总计, and every label of the table sheets.
func probes(f *excelize.File, at map[string]string) []string {
	var out []string
	named := map[string]bool{}
	for name, ref := range at {
		out = append(out, name)
		named[ref] = true
	}
	for _, t := range template.Edition2021.Tables() {
		sheet := workbook.TableSheet(t)
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, ref); v != "" && formula == "" && !named[sheet+"!"+ref] {
					out = append(out, sheet+"!"+ref)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// labelLeftOf is the first filled cell of a cell's row: its row label. (excelize reports a
// merged cell's value in every cell of the merge, so search from the left.)
func labelLeftOf(t *testing.T, f *excelize.File, ref string) string {
	t.Helper()
	sheet, cell, _ := strings.Cut(ref, "!")
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		t.Fatal(err)
	}
	for c := 1; c < col; c++ {
		name, _ := excelize.CoordinatesToCellName(c, row)
		if v, _ := f.GetCellValue(sheet, name); v != "" {
			return sheet + "!" + name
		}
	}
	t.Fatalf("no label left of %s", ref)
	return ""
}

func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func read(t *testing.T, path string) (*model.Report, []check.Finding) {
	t.Helper()
	r, notes, err := xlsxreader.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return r, app.ReaderFindings(notes)
}

// namedCells maps the workbook-level defined names to SHEET!A1, however the application
// wrote the reference ('表三'!$D$5, 表三!$D$5).
func namedCells(f *excelize.File) map[string]string {
	out := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" || !strings.HasPrefix(dn.Name, "nb_") {
			continue
		}
		s := strings.TrimPrefix(dn.RefersTo, "=")
		i := strings.LastIndex(s, "!")
		if i < 0 {
			continue
		}
		sheet := strings.Trim(s[:i], "'")
		out[dn.Name] = sheet + "!" + strings.ReplaceAll(s[i+1:], "$", "")
	}
	return out
}

func sameNames(t *testing.T, want, got map[string]string) {
	t.Helper()
	for name, ref := range want {
		if got[name] != ref {
			t.Errorf("defined name %s: %q after LibreOffice, %q in the template", name, got[name], ref)
		}
	}
}

// rawValue is a cell's stored value: for a formula, the result the application cached.
func rawValue(t *testing.T, f *excelize.File, ref string) string {
	t.Helper()
	sheet, cell, _ := strings.Cut(ref, "!")
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func customProps(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	props, err := f.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range props {
		out[p.Name] = fmt.Sprint(p.Value)
	}
	return out
}

// statusTexts are the cached texts of the live status cells, by identity: the row after
// the one that states the identity.
func statusTexts(t *testing.T, f *excelize.File, e *template.Edition) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, tb := range e.Tables() {
		s := workbook.TableSheet(tb)
		rows, _ := f.GetRows(s, excelize.Options{RawCellValue: true})
		for i, r := range rows {
			for _, id := range e.Identities {
				if len(r) > 0 && r[0] == "检查："+id.Text && i+1 < len(rows) && len(rows[i+1]) > 0 {
					out[id.ID] = rows[i+1][0]
				}
			}
		}
	}
	for _, id := range []string{"I1", "I2", "I3", "I4"} {
		if _, ok := out[id]; !ok {
			t.Errorf("no status cell with a cached value for %s", id)
		}
	}
	return out
}

func sameTexts(t *testing.T, want, got *model.Report) {
	t.Helper()
	for k, w := range want.Info {
		if g := got.Info[k].Text; g != w.Text {
			t.Errorf("info %s: read %q, typed %q", k, g, w.Text)
		}
	}
	for k, w := range want.Prose {
		if g := got.Prose[k].Text; g != w.Text {
			t.Errorf("prose %s: read %q, typed %q", k, g, w.Text)
		}
	}
}

func formatSum(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

func where(o check.Operand) string { return o.Value.Where.Sheet + "!" + o.Value.Where.Cell }

// findingsAt lists findings as rule and the cell of their first operand, sorted.
func findingsAt(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		at := ""
		if len(f.Left) > 0 {
			at = where(f.Left[0])
		}
		out = append(out, f.Rule+" "+at)
	}
	slices.Sort(out)
	return out
}

func rulesOf(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func messages(fs []check.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Message)
	}
	return out
}
