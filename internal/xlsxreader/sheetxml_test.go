package xlsxreader

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// pkg is a minimal xlsx package with one sheet of the given sheetData and shared strings.
func pkg(t *testing.T, sheetData, sst string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="表三" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheetData + `</sheetData></worksheet>`,
		"xl/sharedStrings.xml":     `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sst + `</sst>`,
	} {
		f, err := w.Create(name)
		must(t, err)
		f.Write([]byte(body))
	}
	must(t, w.Close())
	return buf.Bytes()
}

func readOne(t *testing.T, sheetData, sst string) (*sheet, error) {
	t.Helper()
	b, err := openBook(pkg(t, sheetData, sst))
	must(t, err)
	return b.readSheet("表三", b.sheets[0].part)
}

// Cell types, rich text without its phonetic guide, _xHHHH_ escapes, control characters
// dropped, formulas recorded (with or without a cached value) and never evaluated, and rows
// past the bound not read.
func TestReadSheet(t *testing.T) {
	s, err := readOne(t,
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>自然</t></r><r><t>人</t></r><rPh><t>ぜん</t></rPh></is></c>`+
			`<c r="C1" t="str"><f>A1&amp;"x"</f><v>a_x005F_x_x000D_b</v></c><c r="D1"><f>LEN(REPT("a",1E9))</f></c><c r="E1" t="b"><v>1</v></c></row>`+
			`<row><c><v>42</v></c><c t="inlineStr"><is><t>某_x001B_[2J局`+"\x09"+`</t></is></c></row>`+
			`<row r="99999"><c r="A99999"><v>7</v></c></row>`,
		`<si><t>总计</t></si><si><r><t>收到</t></r><rPh><t>しゅう</t></rPh></si>`)
	must(t, err)
	for _, c := range []struct {
		row, col int
		want     string
	}{
		{1, 1, "总计"}, {1, 2, "自然人"}, {1, 3, "a_x\rb"}, {1, 4, ""}, {1, 5, "TRUE"},
		{2, 1, "42"}, {2, 2, "某[2J局\t"}, {99999, 1, ""},
	} {
		if got := s.cell(c.row, c.col); got != c.want {
			t.Errorf("cell %d,%d = %q, want %q", c.row, c.col, got, c.want)
		}
	}
	if s.formulas[pos{1, 4}] != `LEN(REPT("a",1E9))` || s.formulas[pos{1, 3}] == "" || len(s.formulas) != 2 {
		t.Errorf("formulas = %v", s.formulas)
	}
	if len(s.rows) > maxRows {
		t.Errorf("%d rows read", len(s.rows))
	}
}

// What does not parse is damage naming the part; a shared string that does not exist too.
func TestReadSheetDamaged(t *testing.T) {
	for name, data := range map[string]string{
		"unclosed":      `<row r="1"><c r="A1"><v>1</v></row>`,
		"control":       "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\x01</t></is></c></row>",
		"missing sst":   `<row r="1"><c r="A1" t="s"><v>5</v></c></row>`,
		"bad character": "<row r=\"1\"><c r=\"A1\"><v>\xff</v></c></row>",
	} {
		_, err := readOne(t, data, `<si><t>x</t></si>`)
		var d *DamagedError
		if !errors.As(err, &d) || !errors.Is(err, ErrDamaged) || !strings.HasSuffix(d.Part, "sheet1.xml") {
			t.Errorf("%s: err = %v, want damage of the sheet", name, err)
		}
	}
	b, err := openBook(pkg(t, "", `<!DOCTYPE sst [<!ENTITY e "x">]><si><t>&e;</t></si>`))
	must(t, err)
	if _, err := b.readSheet("表三", b.sheets[0].part); !errors.Is(err, ErrDamaged) {
		t.Errorf("DTD in shared strings: err = %v", err)
	}
}
