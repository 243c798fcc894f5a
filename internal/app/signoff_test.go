package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func TestDiffTexts(t *testing.T) {
	for _, c := range []struct {
		name string
		a, b []string
		want []TextChange
	}{
		{"same", []string{"甲", "乙"}, []string{"甲", "乙"}, nil},
		{"changed", []string{"甲", "乙", "丙"}, []string{"甲", "乙二", "丙"},
			[]TextChange{{Where: "一第2段", Old: "乙", New: "乙二"}}},
		{"removed", []string{"甲", "乙", "丙"}, []string{"甲", "丙"},
			[]TextChange{{Where: "一第2段", Old: "乙"}}},
		{"added", []string{"甲", "丙"}, []string{"甲", "乙", "丙"},
			[]TextChange{{Where: "一新增段落（第2段之后）", New: "乙"}}},
		{"added at the end", []string{"甲"}, []string{"甲", "乙"},
			[]TextChange{{Where: "一新增段落（第1段之后）", New: "乙"}}},
		{"two changed, one added", []string{"甲", "乙", "丙", "丁"}, []string{"甲", "乙二", "丙二", "戊", "丁"},
			[]TextChange{{Where: "一第2段", Old: "乙", New: "乙二"}, {Where: "一第3段", Old: "丙", New: "丙二"},
				{Where: "一新增段落（第3段之后）", New: "戊"}}},
	} {
		if got := diffTexts("一", c.a, c.b); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestSignOffOfAnotherWorkbook: a document made from one workbook, set against another,
// says so, and lists the cells where they differ, rechecked.
func TestSignOffOfAnotherWorkbook(t *testing.T) {
	dir := t.TempDir()
	made, other := filepath.Join(dir, "made.xlsx"), filepath.Join(dir, "other.xlsx")
	if err := os.WriteFile(made, workbookData(t, samplereport.Example2021()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := samplereport.Example2021()
	key := ""
	for _, c := range r.Edition.Cells() {
		if strings.HasPrefix(c.Key, "t2.licensing.") {
			key = c.Key
		}
	}
	r.Values[key] = model.Num(r.Values[key].Number + 7)
	if err := os.WriteFile(other, workbookData(t, r), 0o644); err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "made.docx")
	formats, _ := ParseFormats("docx")
	if res := RenderFile(context.Background(), made, docx, "", RenderOptions{Formats: formats}); res.Err != nil {
		t.Fatal(res.Err)
	}
	s, err := CompareSignOff(context.Background(), docx, made, SignOffOptions{})
	if err != nil || s.Foreign != "" || s.Changed() || s.Pending || s.Checked.Outcome().String() == "" {
		t.Fatalf("against its own workbook: %+v, %v", s, err)
	}
	s, err = CompareSignOff(context.Background(), docx, other, SignOffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Foreign == "" || len(s.Cells) != 1 || s.Cells[0].Key != key || len(s.Paragraphs) != 0 {
		t.Errorf("against another workbook: %+v", s)
	}
	if got := recordedWorkbook([]byte("not a zip")); got != "" {
		t.Errorf("hash of a non-zip: %q", got)
	}
}

// TestSignOffOfAnotherReport: a document of another agency or year is refused, naming both
// files, unless it records this very workbook (the leader changed the name).
func TestSignOffOfAnotherReport(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "甲局.xlsx")
	if err := os.WriteFile(book, workbookData(t, samplereport.Example2021()), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "乙局.xlsx")
	if err := os.WriteFile(other, workbookData(t, samplereport.Example2021As("乙局", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	formats, _ := ParseFormats("docx")
	docx := filepath.Join(dir, "乙局.docx")
	if res := RenderFile(context.Background(), other, docx, "", RenderOptions{Formats: formats}); res.Err != nil {
		t.Fatal(res.Err)
	}
	_, err := CompareSignOff(context.Background(), docx, book, SignOffOptions{})
	if msg := message.Text(err); !strings.Contains(msg, "乙局.docx 与 "+book+" 不是同一份报告：审签稿是乙局的，工作簿是示例市生态环境局的") {
		t.Errorf("another agency's document: %v", err)
	}
}

// TestSignOffAgainstTheBlankTemplate: the unfilled template is no document's workbook; set
// against it, the document is refused at once rather than listed as changed everywhere.
func TestSignOffAgainstTheBlankTemplate(t *testing.T) {
	dir := t.TempDir()
	made, blank := filepath.Join(dir, "made.xlsx"), filepath.Join(dir, "空白模板.xlsx")
	report := samplereport.Example2021()
	if err := os.WriteFile(made, workbookData(t, report), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(blank, workbookData(t, model.New(report.Edition)), 0o644); err != nil {
		t.Fatal(err)
	}
	docx := filepath.Join(dir, "made.docx")
	formats, _ := ParseFormats("docx")
	if res := RenderFile(context.Background(), made, docx, "", RenderOptions{Formats: formats}); res.Err != nil {
		t.Fatal(res.Err)
	}
	_, err := CompareSignOff(context.Background(), docx, blank, SignOffOptions{})
	if msg, code := message.Describe(err); code != message.ExitInput || !strings.Contains(msg, "空白模板.xlsx 是未填写的模板") {
		t.Errorf("against the blank template: %q, exit %d", msg, code)
	}
}

// FuzzRecordedWorkbook: whatever a document's bytes, reading the workbook hash it records
// does not panic, and finds one only in a package with custom properties.
func FuzzRecordedWorkbook(f *testing.F) {
	sample, err := os.ReadFile(filepath.Join("..", "..", "samples", "示例市生态环境局2025年政府信息公开工作年度报告.docx"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if h := recordedWorkbook(data); h != "" && !bytes.Contains(data, []byte("docProps/custom.xml")) {
			t.Errorf("hash %q from a document without custom properties", h)
		}
	})
}
