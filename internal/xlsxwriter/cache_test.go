package xlsxwriter

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// books are the workbooks the cache tests look at: a blank template of each edition and the
// two sample reports.
func books(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	for _, e := range template.Editions() {
		out["blank-"+e.ID+".xlsx"] = write(t, model.New(e))
	}
	out["taicang.xlsx"] = write(t, samplereport.Taicang2020())
	out["example.xlsx"] = write(t, samplereport.Example2021())
	return out
}

// parts are the worksheet parts of a package by path.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[zf.Name] = string(b)
	}
	return out
}

var (
	formulaCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"[^>]*>(<f>[^<]*</f>)(<v>[^<]*</v>)?`)
	anyCell     = regexp.MustCompile(`<c r="([A-Z]+)([0-9]+)"`)
	dimension   = regexp.MustCompile(`<dimension ref="([^"]*)"\s*(/>|></dimension>)`)
)

// TestEveryFormulaCarriesItsValue: what a reader that does not recalculate sees has a value
// in every formula cell, and every sheet declares the range its cells take.
func TestEveryFormulaCarriesItsValue(t *testing.T) {
	for name, data := range books(t) {
		formulas := 0
		for path, xml := range parts(t, data) {
			if !strings.HasPrefix(path, "xl/worksheets/sheet") {
				continue
			}
			for _, m := range formulaCell.FindAllStringSubmatch(xml, -1) {
				formulas++
				if m[3] == "" {
					t.Errorf("%s %s!%s: formula %s without a cached value", name, path, m[1], m[2])
				}
			}
			maxCol, maxRow := 1, 1
			for _, m := range anyCell.FindAllStringSubmatch(xml, -1) {
				col, _ := excelize.ColumnNameToNumber(m[1])
				row, _ := strconv.Atoi(m[2])
				maxCol, maxRow = max(maxCol, col), max(maxRow, row)
			}
			want := "A1:" + cellName(maxCol, maxRow)
			if d := dimension.FindStringSubmatch(xml); d == nil || d[1] != want {
				t.Errorf("%s %s: dimension %v, want %s", name, path, d, want)
			}
		}
		if formulas < 50 {
			t.Errorf("%s: only %d formulas", name, formulas)
		}
	}
}

// TestCachedValues reads the blank template and a filled sample without recalculating: the
// 总计 are the sums, and the status lines tell how far the filling is.
func TestCachedValues(t *testing.T) {
	e := template.Edition2021
	blankBook := open(t, write(t, model.New(e)))
	inputs := map[string]int{}
	for _, c := range e.Cells() {
		if _, computed := e.Computed(c.Key); !computed {
			inputs[c.Table.Number]++
		}
	}
	want := map[string]string{
		"表二!A2": fmt.Sprintf("○ 表二：尚有 %d 格未填写；请填写数字，没有的填0", inputs["二"]),
		"表三!A2": fmt.Sprintf("○ 表三：尚有 %d 格未填写；勾稽关系成立", inputs["三"]),
		"表四!A2": fmt.Sprintf("○ 表四：尚有 %d 格未填写；勾稽关系成立", inputs["四"]),
		"正文!A5": "已填写 0 字",
	}
	required := 0
	for _, f := range e.Info {
		if !f.Optional {
			required++
		}
	}
	summary := []string{fmt.Sprintf("○ 基本信息：尚有 %d 项必填项目未填写", required),
		"○ 正文：已填写 0 字；“一、总体情况”尚未填写；“五、存在的主要问题及改进情况”尚未填写；“六、其他需要报告的事项”尚未填写",
		want["表二!A2"], want["表三!A2"], want["表四!A2"]}
	for ref, w := range want {
		sheet, cell, _ := strings.Cut(ref, "!")
		if got := value(t, blankBook, [2]string{sheet, cell}); got != w {
			t.Errorf("blank %s = %q, want %q", ref, got, w)
		}
	}
	if got := summaryLines(t, blankBook); strings.Join(got, "\n") != strings.Join(summary, "\n") {
		t.Errorf("summary of the blank template:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(summary, "\n"))
	}

	r := samplereport.Example2021()
	filled := open(t, write(t, r))
	dn := names(filled)
	for _, c := range e.Cells() {
		if _, computed := e.Computed(c.Key); computed {
			if got, want := value(t, filled, dn[workbook.ValueName(c.Key)]), formatNumber(r.Total(c.Key)); got != want {
				t.Errorf("sample %s cached %q, want %s", c.Key, got, want)
			}
		}
	}
	for id, at := range statusCells(t, filled, e) {
		if got := value(t, filled, at); got != statusOK {
			t.Errorf("sample %s status %q", id, got)
		}
	}
	chars := 0
	for _, f := range r.Prose {
		chars += len([]rune(strings.ReplaceAll(f.Text, "\n", "")))
	}
	summary = []string{"√ 基本信息：必填项目已填写", fmt.Sprintf("√ 正文：已填写 %d 字", chars),
		"√ 表二：已填写完整", "√ 表三：勾稽关系成立", "√ 表四：勾稽关系成立"}
	if got := summaryLines(t, filled); strings.Join(got, "\n") != strings.Join(summary, "\n") {
		t.Errorf("summary of the sample:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(summary, "\n"))
	}
}

// summaryLines are the cached lines under 填写情况 on the guide sheet.
func summaryLines(t *testing.T, f *excelize.File) []string {
	t.Helper()
	rows, err := f.GetRows(workbook.SheetGuide, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, r := range rows {
		if len(r) > 0 && strings.HasPrefix(r[0], "填写情况") {
			for _, s := range rows[i+1:] {
				if len(s) == 0 || !strings.ContainsAny(s[0][:len("√")], "√○×") {
					break
				}
				out = append(out, s[0])
			}
		}
	}
	return out
}

// TestStructureProtected: sheets cannot be inserted, deleted or moved; no password; the
// status and 总计 formulas are hidden from the formula bar.
func TestStructureProtected(t *testing.T) {
	data := write(t, model.New(template.Edition2021))
	wb := parts(t, data)["xl/workbook.xml"]
	if !regexp.MustCompile(`<workbookProtection lockStructure="(1|true)"\s*(/>|></workbookProtection>)`).MatchString(wb) {
		t.Errorf("workbook protection: %s", regexp.MustCompile(`<workbookProtection[^>]*>`).FindString(wb))
	}
	f := open(t, data)
	dn := names(f)
	for _, ref := range [][2]string{{"表三", "A2"}, dn[workbook.ValueName("t3.new.total")], {"正文", "A5"}} {
		id, _ := f.GetCellStyle(ref[0], ref[1])
		st, _ := f.GetStyle(id)
		if st == nil || st.Protection == nil || !st.Protection.Hidden || !st.Protection.Locked {
			t.Errorf("%v: protection %+v, want locked and hidden", ref, st)
		}
	}
}

// TestCreatorAndCreated: the document says who made it and when; SOURCE_DATE_EPOCH fixes
// the time for reproducible files.
func TestCreatorAndCreated(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	before := time.Now().UTC().Truncate(time.Second)
	f := open(t, write(t, model.New(template.Edition2021)))
	after := time.Now().UTC()
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	created, err := time.Parse(time.RFC3339, props.Created)
	if props.Creator != "nianbao" || err != nil || created.Before(before) || created.After(after) {
		t.Errorf("creator %q, created %q (%v), want nianbao between %v and %v", props.Creator, props.Created, err, before, after)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	props, _ = open(t, write(t, model.New(template.Edition2021))).GetDocProps()
	if props.Created != "2026-01-01T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("with SOURCE_DATE_EPOCH: created %q, modified %q", props.Created, props.Modified)
	}
}

// TestSchemaValid validates every part of the written workbooks against the ECMA-376 schemas
// (shared/tools/ooxml_validate.py), our stand-in for Excel's strictness.
func TestSchemaValid(t *testing.T) {
	python, script := realtest.OOXMLValidator(t, "the workbooks")
	dir := t.TempDir()
	args := []string{script}
	for name, data := range books(t) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(python, args...).CombinedOutput()
	if err != nil {
		t.Errorf("ooxml_validate.py: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "SUMMARY"); n != len(args)-1 {
		t.Errorf("%d summaries for %d workbooks:\n%s", n, len(args)-1, out)
	}
}

// TestPrintAreasLeaveHintsOut: the hint columns of 基本信息 and 正文 are for the screen; the
// printed page holds labels and inputs.
func TestPrintAreasLeaveHintsOut(t *testing.T) {
	f := open(t, write(t, model.New(template.Edition2021)))
	areas := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" {
			areas[dn.Scope] = dn.RefersTo
		}
	}
	for sheet, want := range map[string]string{workbook.SheetInfo: `!\$A\$1:\$B\$\d+$`, workbook.SheetProse: `!\$A\$1:\$B\$\d+$`} {
		if !regexp.MustCompile(want).MatchString(areas[sheet]) {
			t.Errorf("print area of %s = %q, want columns A:B", sheet, areas[sheet])
		}
	}
}

// TestLabelsBreakBetweenWords: a label wider than its cell gets its line breaks between
// words; one that fits gets none.
func TestLabelsBreakBetweenWords(t *testing.T) {
	for _, c := range []struct {
		label string
		width float64
		want  string
	}{
		{"结果维持", 10, "结果维持"},
		{"结果维持", 8, "结果\n维持"},
		{"（四）无法提供", 10, "（四）\n无法提供"},
		{"（四）无法提供", 24, "（四）无法提供"},
		{"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 40,
			"1.申请人无正当理由逾期不补正、行政机关\n不再处理其政府信息公开申请"},
	} {
		if got := breakBetweenWords(c.label, c.width); got != c.want {
			t.Errorf("%s in %v: %q, want %q", c.label, c.width, got, c.want)
		}
	}
}
