package lotest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSignOffInWriter is sign-off (审签) in the real word processor: the Word document that
// render writes for a sample workbook is opened in LibreOffice Writer, which first saves it
// untouched, as an office that only reads it would; check --against finds no change. Then, with
// track changes on, a sentence is reworded and table 四's 结果纠正 corrected, and the document is
// saved with the changes pending: check --against lists exactly that paragraph and that cell,
// says the changes were pending, and finds the corrected number breaks its 总计 (I4).
func TestSignOffInWriter(t *testing.T) {
	if testing.Short() {
		t.Skip("drives LibreOffice Writer")
	}
	soffice, python := office(t)
	bin := nianbao(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "原工作簿.xlsx")
	data, err := os.ReadFile(filepath.Join("..", "..", "samples", "示例市生态环境局2025年政府信息公开工作年度报告.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(book, data, 0o644); err != nil {
		t.Fatal(err)
	}
	doc := filepath.Join(dir, "送审稿.docx")
	if out, code := run(t, bin, "render", book, "-o", doc, "--format", "docx"); code != 0 {
		t.Fatalf("render: exit %d\n%s", code, out)
	}
	markUp := func(out string, edits map[string]any) {
		t.Helper()
		path := filepath.Join(dir, "edits.json")
		b, _ := json.Marshal(edits)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, python, filepath.Join("testdata", "leader.py"), soffice, doc, out, path)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("LibreOffice Writer: %v\n%s", err, b)
		}
	}

	untouched := filepath.Join(dir, "原样保存.docx")
	markUp(untouched, map[string]any{})
	out, code := run(t, bin, "check", untouched, "--against", book)
	if code != 0 || !strings.Contains(out, "没有改动：审签稿与工作簿一致。") || strings.Contains(out, "注意") {
		t.Errorf("saved untouched by Writer: exit %d\n%s", code, out)
	}

	signed := filepath.Join(dir, "审签稿.docx")
	markUp(signed, map[string]any{
		"replace": [][2]string{{"图解、视频等解读材料偏少", "图解、视频等解读材料仍然偏少"}},
		"cells":   [][3]any{{2, "B4", "2"}}, // table 四, 行政复议 结果纠正: 1 in the sample
	})
	out, code = run(t, bin, "check", signed, "--against", book)
	for _, want := range []string{
		"文档有未处理的修订，已按全部接受修订读取",
		"改动的段落（1 处）",
		"改为：一是部分业务科室对政府信息公开工作重视程度不够，信息发布的及时性有待提高。二是政策解读形式较为单一，图解、视频等解读材料仍然偏少。",
		"改动的数字（1 格）",
		"表四「行政复议」「结果纠正」：1 → 2",
		"（行政复议）：不成立",
		"错误 I4",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if t.Failed() {
		t.Log(out)
	}
}
