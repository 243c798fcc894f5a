package xlsxreader

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

func samples() map[string]*model.Report {
	return map[string]*model.Report{"Taicang2020": samplereport.Taicang2020(), "Example2021": samplereport.Example2021()}
}

func TestRoundTripExcelize(t *testing.T) {
	for name, want := range samples() {
		t.Run(name, func(t *testing.T) {
			got, notes, err := Decode("sample.xlsx", workbookOf(t, want))
			if err != nil {
				t.Fatal(err)
			}
			if len(notes) != 0 {
				t.Errorf("notes on a clean workbook: %v", notes)
			}
			sameReport(t, want, got)
			if got.Meta["identified_by"] != "properties" || got.Meta[workbook.PropEdition] != want.Edition.ID {
				t.Errorf("meta %v", got.Meta)
			}
			// 总计 cells are formulas without cached values in an excelize-written workbook.
			total := got.Values["t3.total.total"]
			if total.Where.Sheet != "表三" || total.Where.File != "sample.xlsx" || total.Where.Cell == "" {
				t.Errorf("location of t3.total.total: %+v", total.Where)
			}
		})
	}
}

// TestSeedPasses: the published seed report, through the template and back, has no errors.
func TestSeedPasses(t *testing.T) {
	got, notes, err := Decode("taicang.xlsx", workbookOf(t, samplereport.Taicang2020()))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		t.Errorf("note on the seed: %v %s", n.Kind, n.Message)
	}
	for _, f := range check.Check(got, nil) {
		t.Errorf("finding on the seed: %s %s %s", f.Rule, f.Severity, f.Message)
	}
}

func TestBlankTemplate(t *testing.T) {
	for _, e := range template.Editions() {
		got, notes, err := Decode("blank.xlsx", workbookOf(t, model.New(e)))
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 0 {
			t.Errorf("notes on a blank template: %v", notes)
		}
		for _, c := range e.Cells() {
			v := got.Values[c.Key]
			// 总计 formulas of a blank template compute to 0.
			if v.State != model.Blank && !(v.State == model.Number && v.Number == 0) {
				t.Errorf("%s %s: %v %q", e.ID, c.Key, v.State, v.Raw)
			}
			if v.Where.Cell == "" {
				t.Errorf("%s %s: no location", e.ID, c.Key)
			}
		}
		// A blank template is one error saying it is unfilled (U1), not one per table or cell.
		fs := check.Check(got, nil)
		if len(fs) != 1 || fs[0].Rule != rule.Unfilled || fs[0].Severity != check.Error {
			t.Errorf("%s: findings on a blank template %+v, want one U1 error", e.ID, fs)
		}
	}
}

// deleteNames removes every defined name of the template, as a copy into a new workbook
// does.
func deleteNames(f *excelize.File) {
	for _, dn := range f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, "nb_") {
			_ = f.DeleteDefinedName(&dn)
		}
	}
}

func TestNamesLostReadByLabel(t *testing.T) {
	want := samplereport.Example2021()
	data := modified(t, workbookOf(t, want), deleteNames)
	got, notes, err := Decode("lost.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	sameReport(t, want, got)
	if !hasKind(notes, NameMoved) {
		t.Errorf("lost names not reported: %v", kindsOf(notes))
	}
	for _, n := range notes {
		if n.Kind == NameMoved && len(n.Cells) == 0 {
			t.Errorf("R3 without cells: %s", n.Message)
		}
	}
}

// TestNamesRewritten: the forms in which LibreOffice and WPS write references.
func TestNamesRewritten(t *testing.T) {
	want := samplereport.Example2021()
	data := modified(t, workbookOf(t, want), func(f *excelize.File) {
		for i, dn := range f.GetDefinedName() {
			if !strings.HasPrefix(dn.Name, "nb_") {
				continue
			}
			ref := dn.RefersTo
			switch i % 3 {
			case 0: // 表三!$D$7
				ref = strings.ReplaceAll(ref, "'", "")
			case 1: // '表三'!D7
				ref = strings.ReplaceAll(ref, "$", "")
			case 2: // '表三'!$D$7:$D$7 (a prose field's range stays as it is)
				if !strings.Contains(ref, ":") {
					ref = ref + ":" + ref[strings.LastIndex(ref, "!")+1:]
				}
			}
			must(t, f.DeleteDefinedName(&dn))
			must(t, f.SetDefinedName(&excelize.DefinedName{Name: dn.Name, RefersTo: ref}))
		}
	})
	got, notes, err := Decode("rewritten.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Errorf("notes: %v", notes)
	}
	sameReport(t, want, got)
}

// TestInsertedRowNoticed: a row inserted into 表三 with the names left where they were
// (as an application that does not move names leaves them) is noticed, and every value is
// still read from its right cell.
func TestInsertedRowNoticed(t *testing.T) {
	want := samplereport.Example2021()
	data := modified(t, workbookOf(t, want), func(f *excelize.File) {
		old := f.GetDefinedName()
		must(t, f.InsertRows("表三", 10, 1))
		must(t, f.SetCellStr("表三", "A10", "（本行为填报单位插入）"))
		for _, dn := range f.GetDefinedName() {
			if strings.HasPrefix(dn.Name, "nb_") {
				must(t, f.DeleteDefinedName(&dn))
			}
		}
		for _, dn := range old {
			if strings.HasPrefix(dn.Name, "nb_") {
				must(t, f.SetDefinedName(&excelize.DefinedName{Name: dn.Name, RefersTo: dn.RefersTo}))
			}
		}
	})
	got, notes, err := Decode("inserted.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	sameReport(t, want, got)
	var moved *Note
	for i, n := range notes {
		if n.Kind == NameMoved {
			moved = &notes[i]
		}
	}
	if moved == nil || !strings.Contains(moved.Message, "表三") || !strings.Contains(moved.Message, "插入或删除了行") {
		t.Fatalf("inserted row not noticed: %v", notes)
	}
	if moved.Cells[0].Value.Where.Sheet != "表三" {
		t.Errorf("moved cell located at %+v", moved.Cells[0].Value.Where)
	}
	for _, f := range check.Check(got, nil) {
		t.Errorf("finding after an inserted row: %s", f.Message)
	}
}

// TestDeletedRowNoticed: a data row deleted from 表三 is reported by its label; every other
// value is still read from its own cell.
func TestDeletedRowNoticed(t *testing.T) {
	want := samplereport.Example2021()
	orig := workbookOf(t, want)
	b, err := openBook(orig)
	if err != nil {
		t.Fatal(err)
	}
	at, ok := newReader("", b).named(workbook.ValueName("t3.other_misc.person"))
	if !ok {
		t.Fatal("no name for t3.other_misc.person")
	}
	data := modified(t, orig, func(f *excelize.File) { must(t, f.RemoveRow("表三", at.row)) })
	got, notes, err := Decode("deleted.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range want.Edition.Cells() {
		g, w := got.Values[c.Key], want.Values[c.Key]
		switch {
		case c.Row.Key == "other_misc":
			if g.State != model.Blank {
				t.Errorf("%s of the deleted row: %v %q", c.Key, g.State, g.Raw)
			}
		case c.Row.Key == "total" && c.Table.Key == "t3":
			// The 总计 formulas lost a row of their sum; cached or computed, they are what
			// the workbook says.
		case g.State != w.State || g.Number != w.Number:
			t.Errorf("%s: %v %v, want %v", c.Key, g.State, g.Number, w.Number)
		}
	}
	found := false
	for _, n := range notes {
		found = found || n.Kind == NotFound && strings.Contains(n.Message, "表三中找不到「3.其他」行")
	}
	if !found {
		t.Errorf("deleted row not reported: %v", notes)
	}
}

// TestInsertedRowNamesMoved: excelize, like Excel, moves the names with the rows; nothing to
// report then.
func TestInsertedRowNamesMoved(t *testing.T) {
	want := samplereport.Example2021()
	data := modified(t, workbookOf(t, want), func(f *excelize.File) {
		must(t, f.InsertRows("表三", 10, 1))
	})
	got, _, err := Decode("inserted.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	sameReport(t, want, got)
}

// TestBureauWorkbook: the official tables pasted one under the other into a bureau's own
// sheet, without template marks or names, are read by their labels with a warning.
func TestBureauWorkbook(t *testing.T) {
	want := samplereport.Taicang2020()
	want.Values["t2.procurement.amount"] = model.Value{State: model.Number, Number: 25.1}
	f := excelize.NewFile()
	defer f.Close()
	row := 1
	for _, tbl := range want.Edition.Tables() {
		must(t, f.SetCellStr("Sheet1", cellAt(1, row), tbl.Heading))
		row += 2
		for _, g := range tbl.Grids() {
			for _, c := range g.Cells {
				ref := cellAt(c.Col+2, row+c.Row) // tables start in column B
				switch {
				case c.Role == template.RoleValue && c.Key == "t2.procurement.amount":
					must(t, f.SetCellStr("Sheet1", ref, "251000元"))
				case c.Role == template.RoleValue:
					must(t, f.SetCellValue("Sheet1", ref, want.Values[c.Key].Number))
				default:
					must(t, f.SetCellStr("Sheet1", ref, c.Text))
				}
			}
			row += g.Rows + 1
		}
	}
	var buf bytes.Buffer
	_, err := f.WriteTo(&buf)
	must(t, err)
	got, notes, err := Decode("bureau.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got.Edition != template.Edition2019 {
		t.Fatalf("edition %s", got.Edition.ID)
	}
	for _, c := range want.Edition.Cells() {
		if g, w := got.Values[c.Key], want.Values[c.Key]; g.State != model.Number || g.Number != w.Number {
			t.Errorf("%s: %v %v at %s, want %v", c.Key, g.State, g.Number, g.Where.Cell, w.Number)
		}
	}
	if !hasKind(notes, ReadByLabel) || !hasKind(notes, UnitConverted) {
		t.Errorf("notes %v", kindsOf(notes))
	}
	for _, n := range notes {
		if n.Kind == UnitConverted && (n.Cells[0].Value.Where.Sheet != "Sheet1" || n.Cells[0].Value.Where.File != "bureau.xlsx") {
			t.Errorf("R1 location %+v", n.Cells[0].Value.Where)
		}
	}
}

func cellAt(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

// TestHiddenSheetIdentifies: without custom properties (dropped by some applications) the
// hidden sheet identifies the template.
func TestHiddenSheetIdentifies(t *testing.T) {
	want := samplereport.Example2021()
	data := modified(t, workbookOf(t, want), func(f *excelize.File) {
		for _, p := range []string{workbook.PropGenerator, workbook.PropEdition, workbook.PropLayout, workbook.PropAgency, workbook.PropYear} {
			must(t, f.SetCustomProps(excelize.CustomProperty{Name: p}))
		}
	})
	got, _, err := Decode("noprops.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta["identified_by"] != "sheet" {
		t.Errorf("identified by %q", got.Meta["identified_by"])
	}
	sameReport(t, want, got)

	// Without the hidden sheet too, the labels identify it.
	data = modified(t, data, func(f *excelize.File) { must(t, f.DeleteSheet(workbook.SheetMeta)) })
	got, notes, err := Decode("nomarks.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Meta["identified_by"] != "labels" || !hasKind(notes, ReadByLabel) {
		t.Errorf("identified by %q, notes %v", got.Meta["identified_by"], kindsOf(notes))
	}
	sameReport(t, want, got)
}

func TestTemplateVersions(t *testing.T) {
	blank := workbookOf(t, model.New(template.Edition2021))
	for _, c := range []struct {
		name, prop, value string
		want              error
	}{
		{"newer layout", workbook.PropLayout, "99", ErrNewerLayout},
		{"layout not a number", workbook.PropLayout, "v1", ErrForeignTemplate},
		{"unknown edition", workbook.PropEdition, "2035", ErrForeignTemplate},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := modified(t, blank, func(f *excelize.File) {
				must(t, f.SetCustomProps(excelize.CustomProperty{Name: c.prop, Value: c.value}))
			})
			_, _, err := Decode("x.xlsx", data)
			var fe *FileError
			if !errors.Is(err, c.want) || !errors.As(err, &fe) || fe.Path != "x.xlsx" {
				t.Errorf("error %v, want %v naming the file", err, c.want)
			}
		})
	}
}

func TestBadInputs(t *testing.T) {
	valid := workbookOf(t, samplereport.Taicang2020())
	notReport := excelize.NewFile()
	must(t, notReport.SetCellStr("Sheet1", "A1", "工资表"))
	var nr bytes.Buffer
	_, err := notReport.WriteTo(&nr)
	must(t, err)
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"random bytes", bytes.Repeat([]byte{0x13, 0x37, 0xC0, 0xDE}, 1000), ErrUnrecognized},
		{"csv", []byte("机关名称,报告年度\n太仓市科学技术局,2020\n"), ErrUnrecognized},
		{"legacy xls", hostile.Compound("Workbook", "\x05SummaryInformation"), ErrLegacyFormat},
		{"WPS et", hostile.Compound("Book"), ErrLegacyFormat},
		{"damaged compound file", append(append([]byte{}, olefile.Signature...), make([]byte, 100)...), ErrDamagedCompound},
		{"compound signature then garbage (QA Q5)", append(append([]byte{}, olefile.Signature...), "garbage"...), ErrDamagedCompound},
		{"encrypted xlsx", hostile.Compound("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"), ErrEncrypted},
		{"encrypted with a password to open", hostile.Encrypt(valid, "机密2025"), ErrEncrypted},
		{"agile encryption asking for 100 million rounds", hostile.ForgeSpinCount(hostile.Encrypt(valid, "VelvetSweatshop"), 100000000), ErrEncrypted},
		{"word 97 document", hostile.Compound("WordDocument", "1Table", "\x05SummaryInformation"), ErrLegacyWord},
		{"powerpoint 97 presentation", hostile.Compound("PowerPoint Document", "Current User"), ErrLegacyPresentation},
		{"other compound file (an .msi, a .msg)", hostile.Compound("\x05SummaryInformation", "__substg1.0_0037001F"), ErrNotWorkbook},
		{"html saved as xls", []byte("<html><body><table><tr><td>1</td></tr></table></body></html>"), ErrLegacyFormat},
		{"ods", zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, [2]string{"content.xml", "<x/>"}), ErrODS},
		{"docx", zipOf(t, [2]string{"[Content_Types].xml", "<x/>"}, [2]string{"word/document.xml", "<x/>"}), ErrNotWorkbook},
		{"truncated zip", valid[:len(valid)/2], ErrTruncated},
		{"zip bomb", zipBomb(t), ErrTooLarge},
		{"damaged workbook", zipOf(t, [2]string{"xl/workbook.xml", "<not xml"}), ErrDamaged},
		{"not a report", nr.Bytes(), ErrNotReport},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, _, err := Decode("input.xlsx", c.data)
			var fe *FileError
			if !errors.Is(err, c.want) || !errors.As(err, &fe) || fe.Path != "input.xlsx" || rep != nil {
				t.Errorf("error %v, want %v naming the file", err, c.want)
			}
		})
	}
}

// zipBomb is a small zip whose workbook part unpacks to 100 MB of zeros.
func zipBomb(t testing.TB) []byte {
	zeros := make([]byte, 1<<20)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	fw, err := w.Create("xl/workbook.xml")
	must(t, err)
	for i := 0; i < 100; i++ {
		_, err = fw.Write(zeros)
		must(t, err)
	}
	must(t, w.Close())
	return buf.Bytes()
}

func TestFileTooLarge(t *testing.T) {
	path := writeFile(t, "big.xlsx", nil)
	must(t, os.Truncate(path, MaxFileSize+1)) // sparse: costs no disk
	_, _, err := Read(path)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("error %v, want ErrTooLarge", err)
	}
}

func TestReadLeavesInputUnchanged(t *testing.T) {
	data := workbookOf(t, samplereport.Example2021())
	path := writeFile(t, "in.xlsx", data)
	info, err := os.Stat(path)
	must(t, err)
	if _, _, err := Read(path); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	must(t, err)
	info2, err := os.Stat(path)
	must(t, err)
	if !bytes.Equal(after, data) || !info2.ModTime().Equal(info.ModTime()) {
		t.Error("Read modified its input")
	}
}

// TestTypedValues: numbers typed as text in the template's cells.
func TestTypedValues(t *testing.T) {
	r := samplereport.Taicang2020()
	data := modified(t, workbookOf(t, r), func(f *excelize.File) {
		set := func(key, text string) {
			at, ok := namedIn(f, workbook.ValueName(key))
			if !ok {
				t.Fatalf("no name for %s", key)
			}
			must(t, f.SetCellStr(at.sheet, at.ref(), text))
		}
		set("t2.normative.made", "１")
		set("t2.licensing.change", "+3")
		set("t2.penalty.change", "/")
		set("t2.procurement.amount", "251000元")
		set("t2.procurement.items", "1,234")
		set("t2.enforcement.change", "0万元")
	})
	got, notes, err := Decode("typed.xlsx", data)
	must(t, err)
	for key, want := range map[string]model.Value{
		"t2.normative.made":     {State: model.Number, Number: 1},
		"t2.licensing.change":   {State: model.Number, Number: 3},
		"t2.penalty.change":     {State: model.NotApplicable},
		"t2.procurement.amount": {State: model.Number, Number: 25.1},
		"t2.procurement.items":  {State: model.Number, Number: 1234},
		"t2.enforcement.change": {State: model.Text}, // 万元 in a count cell
	} {
		if g := got.Values[key]; g.State != want.State || g.Number != want.Number {
			t.Errorf("%s: %v %v (raw %q), want %v %v", key, g.State, g.Number, g.Raw, want.State, want.Number)
		}
	}
	if len(notes) != 1 || notes[0].Kind != UnitConverted ||
		notes[0].Message != "表二第二十条第（九）项「政府集中采购」行「采购总金额」列填写“251000元”，已按 25.1 万元读取" {
		t.Errorf("notes %v", notes)
	}
}

// TestProseParagraphs: a prose field is read from its column of paragraph cells in order,
// blank cells skipped, a line break inside a cell kept; by name, and by label when the names
// are lost.
func TestProseParagraphs(t *testing.T) {
	r := samplereport.Example2021()
	r.Prose["overview"] = model.Field{}
	paragraphs := map[int]string{0: "第一段。", 1: "", 2: "第二段。", 5: "第三段：\n续行。", 39: "第四段。"}
	want := "第一段。\n第二段。\n第三段：\n续行。\n第四段。"
	fill := func(f *excelize.File) {
		for i, p := range paragraphs {
			must(t, f.SetCellStr("正文", "B"+strconv.Itoa(4+i), p))
		}
	}
	for name, change := range map[string]func(*excelize.File){
		"named.xlsx": fill,
		"lost.xlsx":  func(f *excelize.File) { fill(f); deleteNames(f) },
	} {
		got, _, err := Decode(name, modified(t, workbookOf(t, r), change))
		if err != nil {
			t.Fatal(err)
		}
		if g := got.Prose["overview"]; g.Text != want || g.Where.Cell != "B4" {
			t.Errorf("%s: overview %q at %s, want %q at B4", name, g.Text, g.Where.Cell, want)
		}
		if g := got.Prose["overview_active"].Text; g != r.Prose["overview_active"].Text {
			t.Errorf("%s: the next field read %q, want %q", name, g, r.Prose["overview_active"].Text)
		}
	}
}

// TestProseNameTooTall: a prose name over more rows than any template gives counts as lost
// (the field is read by its label), so a hostile name cannot make the reader walk a sheet.
func TestProseNameTooTall(t *testing.T) {
	r := samplereport.Example2021()
	data := modified(t, workbookOf(t, r), func(f *excelize.File) {
		name := workbook.ProseName("overview")
		must(t, f.DeleteDefinedName(&excelize.DefinedName{Name: name}))
		must(t, f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: "'正文'!$B$4:$B$1048576"}))
	})
	got, notes, err := Decode("tall.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Prose["overview"].Text != r.Prose["overview"].Text || !hasKind(notes, NameMoved) {
		t.Errorf("overview %q, notes %v", got.Prose["overview"].Text, kindsOf(notes))
	}
}

// The key derivation an encrypted container asks for is bounded before any hashing: Office's
// 100,000 rounds pass (standard encryption has no count), 100 million are refused at once.
func TestKeyDerivationBounded(t *testing.T) {
	std := hostile.Encrypt(hostile.Base(), "VelvetSweatshop")
	for _, c := range []struct {
		data []byte
		want bool
	}{{std, true}, {hostile.ForgeSpinCount(std, 100000), true}, {hostile.ForgeSpinCount(std, 100000000), false}} {
		if got := boundedKeyDerivation(c.data); got != c.want {
			t.Errorf("bounded = %v, want %v", got, c.want)
		}
	}
}
