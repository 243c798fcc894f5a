package lotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// sentences are what a long 总体情况 is made of: no figures, so that no check compares them
// with the tables.
var sentences = []string{
	"本机关坚持以公开为常态、不公开为例外，严格执行《中华人民共和国政府信息公开条例》，",
	"围绕群众关切和重点领域信息公开要求，进一步完善主动公开目录，规范依申请公开办理流程，",
	"加强政策解读和回应关切，推动政府信息公开工作制度化、规范化、标准化；",
	"同时，健全公开前保密审查和发布后动态调整机制，确保公开内容准确、及时、完整，",
	"持续优化政府门户网站信息公开专栏的栏目设置和检索功能，方便公众查阅和获取信息。",
	"各业务科室按照“谁制作、谁公开，谁保存、谁公开”的原则落实公开责任，",
}

// longOverview is a 总体情况 of 12 paragraphs and about 3,000 characters, as real reports run.
func longOverview() []string {
	var paras []string
	k := 0
	for i := 0; i < 12; i++ {
		var b strings.Builder
		b.WriteString("第" + string("一二三四五六七八九十"[3*(i%10):3*(i%10)+3]) + "，")
		for len([]rune(b.String())) < 250 {
			b.WriteString(sentences[k%len(sentences)])
			k++
		}
		paras = append(paras, string([]rune(b.String())[:249])+"。")
	}
	return paras
}

// squeeze drops white space, which PDF text extraction puts at line and page breaks.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestClerkInLibreOffice is issue 12 in the real spreadsheet: a 3,000-character 总体情况 in
// 12 paragraphs typed into the template with the tables, saved, read back and rendered with
// every character; the template printed to PDF by LibreOffice with every character of the
// prose; the values cached in the written workbooks equal to what LibreOffice computes; the
// workbook's structure protection is Excel's and WPS's: LibreOffice 7.4 does not import it
// from xlsx (nor keep its own through an xlsx round trip), so it is not tested here.
func TestClerkInLibreOffice(t *testing.T) {
	office(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		realtest.Missing(t, "POPPLER NOT INSTALLED: pdftotext not found (Debian package poppler-utils); printing every character was NOT tested")
	}
	bin := nianbao(t)
	dir := t.TempDir()
	if d := os.Getenv("NIANBAO_KEEP"); d != "" {
		dir = d // to look at what LibreOffice made
	}
	path := func(name string) string { return filepath.Join(dir, name) }
	for _, name := range []string{"long-in.xlsx", "blank.xlsx"} {
		if out, code := run(t, bin, "template", "--edition", "2021", "--year", "2025",
			"--agency", "示例市生态环境局", "-o", path(name)); code != 0 {
			t.Fatalf("nianbao template: exit %d\n%s", code, out)
		}
	}
	// Copies: LibreOffice leaves its lock file beside what it opens.
	sample, edited := path("sample.xlsx"), path("edited.xlsx")
	data, err := os.ReadFile(filepath.Join("..", "..", "samples", "示例市生态环境局2025年政府信息公开工作年度报告.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{sample, edited} {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	r := samplereport.Example2021()
	overview := longOverview()
	r.Prose["overview"] = model.Field{Text: strings.Join(overview, "\n")}
	chars := len([]rune(squeeze(r.Prose["overview"].Text)))
	if chars != 3000 {
		t.Fatalf("the long overview has %d characters", chars)
	}
	longJob := job{Open: path("long-in.xlsx"), Save: path("long.xlsx"), PDF: path("long-lo.pdf")}
	longJob.Type, longJob.Paras = entries(r, typedValues(r))
	for _, p := range longJob.Paras {
		longJob.Fits = append(longJob.Fits, p.Name)
	}
	// The sample as written by nianbao, opened, and its first paragraph made three times as
	// long: every paragraph row must show its text, as written and as edited.
	editedJob := job{Open: edited, Paras: []paragraphs{{workbook.ProseName("overview"),
		[]string{strings.Repeat(overview[0], 3)}}}, Fits: longJob.Fits}
	results := session(t, []job{longJob,
		{Open: path("blank.xlsx"), Save: path("blank-lo.xlsx"), PDF: path("blank-lo.pdf")},
		{Open: sample, Save: path("sample-lo.xlsx"), Fits: longJob.Fits}, editedJob})

	t.Run("check reads every character", func(t *testing.T) {
		got, _ := read(t, path("long.xlsx"))
		if g := got.Prose["overview"].Text; g != r.Prose["overview"].Text {
			t.Errorf("overview read back: %d characters, typed %d\n%q", len([]rune(g)), len([]rune(r.Prose["overview"].Text)), g)
		}
		out, code := run(t, bin, "check", path("long.xlsx"))
		if code != 0 {
			t.Errorf("nianbao check: exit %d\n%s", code, out)
		}
		saved := openBook(t, path("long.xlsx"))
		if got, want := rawValue(t, saved, "正文!A5"), "已填写 "+strconv.Itoa(chars)+" 字"; got != want {
			t.Errorf("character count %q, want %q", got, want)
		}
		for _, s := range []string{"表二", "表三", "表四"} {
			if got := rawValue(t, saved, s+"!A2"); !strings.HasPrefix(got, "√ ") {
				t.Errorf("status line of %s = %q", s, got)
			}
		}
	})

	t.Run("render prints every character", func(t *testing.T) {
		if out, code := run(t, bin, "render", path("long.xlsx"), "-o", path("long.pdf")); code != 0 {
			t.Fatalf("nianbao render: exit %d\n%s", code, out)
		}
		text := pdfText(t, pdftotext, path("long.pdf"))
		for i, p := range overview {
			if !strings.Contains(text, squeeze(p)) {
				t.Errorf("paragraph %d of the overview is not in the rendered report", i+1)
			}
		}
	})

	t.Run("printed by LibreOffice, no prose is cut", func(t *testing.T) {
		// Cell by cell, as drawn. LibreOffice draws curly quotes in a Latin face, as runs of
		// their own that -raw puts elsewhere on the line; they are left out of the comparison.
		quotes := strings.NewReplacer("“", "", "”", "", "‘", "", "’", "")
		text := quotes.Replace(pdfText(t, pdftotext, path("long-lo.pdf"), "-raw"))
		for key, f := range r.Prose {
			for i, p := range strings.Split(f.Text, "\n") {
				if !strings.Contains(text, quotes.Replace(squeeze(p))) {
					t.Errorf("%s paragraph %d is cut in LibreOffice's print: %q", key, i+1, p)
				}
			}
		}
		// pdftotext also finds text clipped by a row too low; LibreOffice's optimal row
		// height says whether each paragraph shows whole.
		for j, what := range map[int]string{0: "typed in LibreOffice", 2: "written by nianbao", 3: "written by nianbao, then edited"} {
			for name, fits := range results[j].Fits {
				for i, ok := range fits {
					if !ok {
						t.Errorf("%s: %s: row %d of the field is lower than its text needs", what, name, i+1)
					}
				}
			}
			if len(results[j].Fits) != len(longJob.Fits) {
				t.Errorf("%s: %d fields measured", what, len(results[j].Fits))
			}
		}
		if len(results[0].Fits[workbook.ProseName("overview")]) != 40 {
			t.Errorf("rows of the overview measured: %d", len(results[0].Fits[workbook.ProseName("overview")]))
		}
		if hint := quotes.Replace(squeeze(template.Edition2021.Parts[0].Prose[0].Hint)); strings.Contains(text, hint) {
			t.Errorf("the hint column is printed: %s", hint)
		}
	})

	t.Run("cached values are what LibreOffice computes", func(t *testing.T) {
		for ours, lo := range map[string]string{path("blank.xlsx"): path("blank-lo.xlsx"), sample: path("sample-lo.xlsx")} {
			a, b := openBook(t, ours), openBook(t, lo)
			n := 0
			for _, sheet := range a.GetSheetList() {
				rows, _ := a.GetRows(sheet)
				for ri, row := range rows {
					for ci := range row {
						ref, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
						if f, _ := a.GetCellFormula(sheet, ref); f == "" {
							continue
						}
						n++
						if x, y := rawValue(t, a, sheet+"!"+ref), rawValue(t, b, sheet+"!"+ref); x != y {
							t.Errorf("%s %s!%s: cached %q, LibreOffice computes %q", filepath.Base(ours), sheet, ref, x, y)
						}
					}
				}
			}
			if n < 40 {
				t.Errorf("%s: only %d formula cells compared", ours, n)
			}
		}
		if got := rawValue(t, openBook(t, path("blank-lo.xlsx")), workbook.SheetGuide+"!A4"); !strings.Contains(got, "基本信息") {
			t.Errorf("first summary line %q", got)
		}
	})
}

// pdfText is the text of a PDF as poppler extracts it, white space dropped.
func pdfText(t *testing.T, pdftotext, pdf string, options ...string) string {
	t.Helper()
	out, err := exec.Command(pdftotext, append(options, "-enc", "UTF-8", pdf, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	// Page footers of the report (— 2 —) may fall inside a paragraph.
	text := regexp.MustCompile(`(?m)^\s*[—-]\s*\d+\s*[—-]\s*$`).ReplaceAllString(string(out), "")
	return squeeze(text)
}
