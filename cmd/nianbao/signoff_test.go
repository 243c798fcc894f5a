package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// xmlText escapes text as the Word writer writes it.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// editDocx rewrites word/document.xml of a .docx with edit, keeping every other part.
func editDocx(t *testing.T, path string, edit func(body string) string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "word/document.xml" {
			b = []byte(edit(string(b)))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceOnce replaces old, which must occur exactly once.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%d occurrences of %q in the document", n, old)
	}
	return strings.Replace(s, old, new, 1)
}

// renderedForSignOff writes the 2021 example's workbook and the Word document rendered from
// it, as sent for sign-off, into a new folder.
func renderedForSignOff(t *testing.T) (dir, wb, doc string) {
	t.Helper()
	dir = t.TempDir()
	wb = filepath.Join(dir, "原工作簿.xlsx")
	writeWorkbook(t, wb, samplereport.Example2021())
	doc = filepath.Join(dir, "审签稿.docx")
	if code, _, stderr := runCLI(t, "render", wb, "-o", doc, "--format", "docx"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	return dir, wb, doc
}

// TestCheckAgainstSignedOff is the round trip of sign-off: the Word document rendered from a
// workbook is edited by code as Word saves a leader's edits — a paragraph changed (Word
// splits it into runs), a number in table 四 corrected, and in another paragraph a tracked
// insertion and deletion left pending — and check --against lists exactly those changes,
// rechecks the number (its 总计 no longer adds up) and says the changes were pending.
func TestCheckAgainstSignedOff(t *testing.T) {
	dir, wb, doc := renderedForSignOff(t)
	// Untouched, the document says what the workbook says.
	code, out, _ := runCLI(t, "check", doc, "--against", wb)
	if code != 0 || !strings.Contains(out, "没有改动：审签稿与工作簿一致。") || strings.Contains(out, "修订") {
		t.Fatalf("untouched document: exit %d\n%s", code, out)
	}

	d := document.Build(samplereport.Example2021())
	firstParagraph := func(s document.Section) string {
		for _, b := range s.Blocks {
			if b.Kind == document.Paragraph {
				return b.Text
			}
		}
		t.Fatalf("no paragraph in %s", s.Heading)
		return ""
	}
	edited := firstParagraph(d.Sections[4]) // 五、存在的主要问题及改进情况
	tracked := firstParagraph(d.Sections[5])
	deleted := string([]rune(tracked)[:2])
	kept := strings.TrimPrefix(tracked, deleted)
	const inserted = "经核实，"
	// Table 四: the row of values, 行政复议 结果维持, 结果纠正, 其他结果, 尚未审结, 总计, ….
	var values []string
	g := d.Sections[3].Blocks[0].Table.Grids[0]
	for i, c := range g.Cells {
		if c.Role == document.RoleValue {
			values = append(values, g.Texts[i])
		}
	}
	corrected, _ := strconv.Atoi(values[1])
	corrected++

	editDocx(t, doc, func(body string) string {
		// A paragraph edited in place: Word keeps the old text in one run and the typed
		// text in a run of its own, with its revision id, a hint, proofing marks and the
		// bookmark of the last edit around it.
		body = replaceOnce(t, body, "<w:r><w:t>"+xmlText.Replace(edited)+"</w:t></w:r>",
			`<w:r><w:t>`+xmlText.Replace(edited)+`</w:t></w:r><w:proofErr w:type="gramStart"/>`+
				`<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`+
				`<w:r w:rsidR="00C2A1F3"><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t>（已整改）</w:t></w:r><w:proofErr w:type="gramEnd"/>`)
		// Tracked changes left pending.
		body = replaceOnce(t, body, "<w:r><w:t>"+xmlText.Replace(tracked)+"</w:t></w:r>",
			`<w:ins w:id="101" w:author="李局长" w:date="2026-01-22T10:00:00Z"><w:r><w:t>`+inserted+`</w:t></w:r></w:ins>`+
				`<w:del w:id="102" w:author="李局长" w:date="2026-01-22T10:00:00Z"><w:r><w:delText>`+xmlText.Replace(deleted)+`</w:delText></w:r></w:del>`+
				`<w:r><w:t>`+xmlText.Replace(kept)+`</w:t></w:r>`)
		// The number corrected in the last table, its 总计 left as it was.
		last := strings.LastIndex(body, "<w:tbl>")
		row := strings.LastIndex(body, "<w:tr>")
		cell := row
		for k := 0; k < 2; k++ {
			cell = strings.Index(body[cell+1:], "<w:tc>") + cell + 1
		}
		if last < 0 || row < last {
			t.Fatal("no table 四 in the document")
		}
		return body[:cell] + replaceOnce(t, body[cell:cell+strings.Index(body[cell:], "</w:tc>")],
			"<w:t>"+values[1]+"</w:t>", "<w:t>"+strconv.Itoa(corrected)+"</w:t>") + body[cell+strings.Index(body[cell:], "</w:tc>"):]
	})

	code, out, stderr := runCLI(t, "check", doc, "--against", wb)
	if code != exitFindings {
		t.Errorf("exit %d, want %d (the corrected number breaks its 总计): %s", code, exitFindings, stderr)
	}
	for _, want := range []string{
		"文档有未处理的修订，已按全部接受修订读取",
		"改动的段落（2 处）",
		"    五、存在的主要问题及改进情况第1段：\n      原为：" + edited + "\n      改为：" + edited + "（已整改）\n",
		"    六、其他需要报告的事项第1段：\n      原为：" + tracked + "\n      改为：" + inserted + kept + "\n",
		"改动的数字（1 格）",
		"表四「行政复议」「结果纠正」：" + values[1] + " → " + strconv.Itoa(corrected) + "\n",
		"不成立",
		"共 1 个错误",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	t.Log(out)
	if n := strings.Count(out, "原为："); n != 2 {
		t.Errorf("%d paragraph changes listed, want exactly 2:\n%s", n, out)
	}

	// Refusals: two documents, JSON, a workbook that is not there, a document that is none.
	junk := filepath.Join(dir, "审签稿（损坏）.docx")
	if err := os.WriteFile(junk, []byte("PK\x03\x04 not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "check", junk, "--against", wb); code != exitInput || !strings.Contains(stderr, junk) {
		t.Errorf("a damaged document: exit %d, %q", code, stderr)
	}
	for _, args := range [][]string{
		{"check", doc, doc, "--against", wb},
		{"check", doc, "--against", wb, "--format", "json"},
		{"check", doc, "--against", filepath.Join(dir, "无此文件.xlsx")},
		{"check", wb, "--against", wb},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitInput || stderr == "" {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
}

// --expect-agency and --expect-year hold for the signed-off document as for a workbook: the
// report as signed off is checked against them (A1, A2), never silently without them.
func TestCheckAgainstHoldsTheExpectedAgencyAndYear(t *testing.T) {
	t.Parallel()
	_, wb, doc := renderedForSignOff(t)
	code, out, stderr := runCLI(t, "check", doc, "--against", wb, "--expect-agency", "示例市生态环境局", "--expect-year", "2025")
	if code != 0 || strings.Contains(out, "A1") || strings.Contains(out, "A2") {
		t.Errorf("the expected agency and year: exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = runCLI(t, "check", doc, "--against", wb, "--expect-agency", "太仓市科学技术局", "--expect-year", "2024")
	if code != 1 || !strings.Contains(out, "错误 A1") || !strings.Contains(out, "错误 A2") {
		t.Errorf("another agency and year expected: exit %d\n%s%s", code, out, stderr)
	}
}

// The Word document given to check without --against (the signed-off copy is what comes back
// to the office) is not a workbook, and the line says how to compare or import it.
func TestCheckADocumentSaysHowToCompareIt(t *testing.T) {
	t.Parallel()
	dir, _, doc := renderedForSignOff(t)
	code, out, _ := runCLI(t, "check", doc)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitInput || len(lines) != 3 || !strings.Contains(lines[1], "无法检查") ||
		!strings.Contains(lines[1], "--against 原工作簿.xlsx") || !strings.Contains(lines[1], "nianbao import") {
		t.Errorf("check 审签稿.docx: exit %d\n%s", code, out)
	}
	// A workbook that cannot be read is not told about documents.
	bad := filepath.Join(dir, "坏.xlsx")
	os.WriteFile(bad, []byte("not a workbook"), 0o644)
	if _, out, _ := runCLI(t, "check", bad); strings.Contains(out, "--against") {
		t.Errorf("a damaged workbook is told about --against:\n%s", out)
	}
}
