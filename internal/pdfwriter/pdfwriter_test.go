package pdfwriter

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func defaultFonts(t testing.TB) *fonts.Set {
	t.Helper()
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func render(t testing.TB, d *document.Document, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d, Options{Fonts: defaultFonts(t), Draft: opts.Draft, Created: opts.Created}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func samples() map[string]*document.Document {
	return map[string]*document.Document{
		"taicang2020": document.Build(samplereport.Taicang2020()),
		"example2021": document.Build(samplereport.Example2021()),
	}
}

// poppler runs a poppler tool on the PDF and returns its output; the test is skipped loudly
// when poppler is not installed.
func poppler(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		realtest.Missing(t, fmt.Sprintf("%s not installed (apt-get install poppler-utils): %v", tool, err))
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// pages is the text of every page, as pdftotext -layout sees it.
func pages(t *testing.T, pdf []byte) []string {
	t.Helper()
	return strings.Split(strings.TrimSuffix(poppler(t, pdf, "pdftotext", "-layout"), "\f"), "\f")
}

var space = regexp.MustCompile(`\s+`)

func squash(s string) string { return space.ReplaceAllString(s, "") }

// pageNumbers matches the page numbers that a paragraph running over a page has inside it
// in the extracted text.
var pageNumbers = regexp.MustCompile(`—\d+—`)

// Every piece of prose comes out of the PDF whole (line breaks and justification aside),
// in order: title, introduction, headings, sub-headings and paragraphs.
func TestEveryParagraphIsInThePDF(t *testing.T) {
	for name, d := range samples() {
		text := pageNumbers.ReplaceAllString(squash(poppler(t, render(t, d, Options{}), "pdftotext")), "")
		want := []string{d.Title.Text()}
		want = append(want, d.Intro...)
		for _, s := range d.Sections {
			want = append(want, s.Heading)
			for _, b := range s.Blocks {
				if b.Kind != document.TableBlock {
					want = append(want, b.Text)
				}
			}
		}
		want = append(want, d.Signature.Agency, d.Signature.Date)
		at := 0
		for _, w := range want {
			i := strings.Index(text[at:], squash(w))
			if i < 0 {
				t.Errorf("%s: not found (in order) in the PDF: %s", name, w)
				continue
			}
			at += i + len(squash(w))
		}
	}
}

// rowValues matches the values of one table row, in column order, on one line of the text.
func rowValues(texts []string) *regexp.Regexp {
	var parts []string
	for _, s := range texts {
		parts = append(parts, regexp.QuoteMeta(s))
	}
	return regexp.MustCompile(`(^|\s)` + strings.Join(parts, `\s+`) + `(\s|$)`)
}

// dataRows lists, for every data row of a grid, the texts of its value cells in order.
func dataRows(g *document.Grid) [][]string {
	rows := make([][]string, g.Rows)
	for i, c := range g.Cells {
		if c.Role == document.RoleValue && g.Texts[i] != "" {
			rows[c.Row] = append(rows[c.Row], g.Texts[i])
		}
	}
	var out [][]string
	for _, r := range rows[g.HeaderRows:] {
		if len(r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// Every table number is printed, each row's numbers on one line and in order, rows in order.
func TestEveryTableNumberIsInThePDF(t *testing.T) {
	for name, d := range samples() {
		text := strings.Join(pages(t, render(t, d, Options{})), "\n")
		at, n := 0, 0
		for _, s := range d.Sections {
			for _, g := range grids(s) {
				for _, row := range dataRows(g) {
					loc := rowValues(row).FindStringIndex(text[at:])
					if loc == nil {
						t.Errorf("%s %s: row %v not found after offset %d", name, s.Heading, row, at)
						continue
					}
					at += loc[1] - 1
					n++
				}
			}
		}
		if n < 30 {
			t.Errorf("%s: only %d rows checked", name, n)
		}
	}
}

func TestEveryFontIsEmbedded(t *testing.T) {
	out := poppler(t, render(t, samples()["example2021"], Options{Draft: true}), "pdffonts")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 4 { // header, rule and at least the body, title and heading faces
		t.Fatalf("pdffonts lists too few fonts:\n%s", out)
	}
	emb := regexp.MustCompile(`\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$`)
	for _, l := range lines[2:] {
		m := emb.FindStringSubmatch(l)
		if m == nil || m[1] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
		if m == nil || m[2] != "yes" || !regexp.MustCompile(`^[A-Z]{6}\+`).MatchString(l) {
			t.Errorf("font not named as a subset (ABCDEF+name): %s", l)
		}
	}
}

func TestPageNumbersAlternate(t *testing.T) {
	ps := pages(t, render(t, samples()["taicang2020"], Options{}))
	if len(ps) < 3 {
		t.Fatalf("%d pages", len(ps))
	}
	for i, p := range ps {
		lines := strings.Split(strings.TrimRight(p, "\n "), "\n")
		last := lines[len(lines)-1]
		num := fmt.Sprintf("—%d—", i+1) // pdftotext drops the narrow spaces of "— 1 —"
		if !strings.Contains(squash(last), num) {
			t.Errorf("page %d: last line %q lacks %q", i+1, last, num)
			continue
		}
		// Odd pages on the right, even pages on the left.
		indent := len(last) - len(strings.TrimLeft(last, " "))
		if (i%2 == 0) != (indent > 20) {
			t.Errorf("page %d: page number indented %d: %q", i+1, indent, last)
		}
	}
}

// longReport is the 2021 example with every paragraph five times over, so that the text and
// table 三 run over several pages.
func longReport() *document.Document {
	d := document.Build(samplereport.Example2021())
	for i, s := range d.Sections {
		var blocks []document.Block
		for _, b := range s.Blocks {
			if b.Kind == document.Paragraph {
				for range 4 {
					blocks = append(blocks, b)
				}
			}
			blocks = append(blocks, b)
		}
		d.Sections[i].Blocks = blocks
	}
	return d
}

// A table that runs over a page repeats its header rows there and keeps every row whole.
func TestLongReportBreaksTablesCleanly(t *testing.T) {
	d := longReport()
	ps := pages(t, render(t, d, Options{}))
	var t3 *document.Grid
	for _, s := range d.Sections {
		for _, g := range grids(s) {
			if strings.HasPrefix(s.Heading, "三、") {
				t3 = g
			}
		}
	}
	rows := dataRows(t3)
	pagesWithRows := 0
	for i, p := range ps {
		found := 0
		for _, row := range rows {
			if rowValues(row).MatchString(p) {
				found++
			}
		}
		if found == 0 {
			continue
		}
		pagesWithRows++
		if !strings.Contains(p, "申请人情况") || !strings.Contains(squash(p), "法人或其他组织") {
			t.Errorf("page %d has rows of table 三 but not its header", i+1)
		}
	}
	if pagesWithRows < 2 {
		t.Errorf("table 三 is on %d pages; the test wants it to cross a page", pagesWithRows)
	}
	// No row split: every row's values are on one line of one page.
	for _, row := range rows {
		n := 0
		for _, p := range ps {
			if rowValues(row).MatchString(p) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("row %v is split or missing", row)
		}
	}
	if len(ps) < 8 {
		t.Errorf("long report has only %d pages", len(ps))
	}
	if !strings.Contains(squash(strings.Join(ps, "")), "—2—") {
		t.Errorf("no page number — 2 —")
	}
}

// padTableThree is the 2021 example with extra one-line paragraphs before table 三, which
// move the table down line by line.
func padTableThree(extra int) *document.Document {
	d := document.Build(samplereport.Example2021())
	for i, s := range d.Sections {
		if strings.HasPrefix(s.Heading, "三、") {
			pad := make([]document.Block, extra)
			for j := range pad {
				pad[j] = document.Block{Kind: document.Paragraph, Text: "一行。"}
			}
			d.Sections[i].Blocks = append(pad, s.Blocks...)
		}
	}
	return d
}

// The label of a group of rows that a page break cuts (三、本年度办理结果) is printed again
// on the next page: every line of it is on two pages. Short paragraphs before table 三 move
// it down line by line until a page break falls inside the label's rows.
func TestCutRowLabelIsRepeated(t *testing.T) {
	for extra := range 22 {
		d := padTableThree(extra)
		ts, err := newTypesetter(d, defaultFonts(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var label []string
		for _, s := range d.Sections {
			ts.tables(s)
			for _, g := range grids(s) {
				for i, text := range g.Texts {
					if text == "三、本年度办理结果" {
						for _, l := range ts.layouts[g].lines[i] {
							label = append(label, l.Text)
						}
					}
				}
			}
		}
		n := 0
		for _, p := range strings.Split(poppler(t, render(t, d, Options{}), "pdftotext"), "\f") {
			words, all := strings.Fields(p), true
			for _, l := range label {
				all = all && slices.Contains(words, l)
			}
			if all {
				n++
			}
		}
		if n >= 2 {
			return
		}
	}
	t.Errorf("三、本年度办理结果 never printed on two pages, however table 三 falls")
}

func TestMissingGlyphIsNamed(t *testing.T) {
	cases := []struct {
		char       rune
		edit       func(d *document.Document, s string)
		where      string
		outsideBMP bool
	}{
		{'𠮷', func(d *document.Document, s string) { d.Intro[0] += s }, "引言第1段", true},
		{'\ue000', func(d *document.Document, s string) {
			para := 0
			for i, b := range d.Sections[0].Blocks {
				if b.Kind == document.Paragraph {
					if para++; para == 2 {
						d.Sections[0].Blocks[i].Text = "其中" + s + "字"
					}
				}
			}
		}, "一、总体情况第2段", false},
		{'\U000F0001', func(d *document.Document, s string) { d.Title.Agency += s }, "标题", true},
	}
	for _, c := range cases {
		d := document.Build(samplereport.Example2021())
		c.edit(d, string(c.char))
		var buf bytes.Buffer
		err := Write(&buf, d, Options{Fonts: defaultFonts(t)})
		var miss *MissingGlyphError
		if !errors.As(err, &miss) {
			t.Errorf("%U: error %v, want a MissingGlyphError", c.char, err)
			continue
		}
		if miss.Char != c.char || miss.Where != c.where || miss.OutsideBMP != c.outsideBMP || !strings.Contains(miss.Context, string(c.char)) {
			t.Errorf("%U: got %+v, want where %s", c.char, miss, c.where)
		}
		if buf.Len() != 0 {
			t.Errorf("%U: %d bytes written despite the error", c.char, buf.Len())
		}
	}
}

// A rare character that the body face lacks is printed from a fallback face, not lost.
func TestRareCharacterFallsBack(t *testing.T) {
	set := defaultFonts(t)
	// The first Hanzi of CJK extension A that the body face lacks and a fallback has.
	rare := rune(0)
	for r := rune(0x3400); r <= 0x4dbf && rare == 0; r++ {
		if f := set.FaceFor(fonts.Body, r); f != nil && f != set.Faces[fonts.Body] {
			rare = r
		}
	}
	if rare == 0 {
		t.Fatal("no character of CJK extension A comes from a fallback face: the fallbacks are missing")
	}
	d := document.Build(samplereport.Example2021())
	d.Intro[0] = "张" + string(rare) + "同志" + d.Intro[0]
	text := squash(poppler(t, render(t, d, Options{}), "pdftotext"))
	if !strings.Contains(text, "张"+string(rare)+"同志") {
		t.Errorf("fallback character lost")
	}
}

func TestDraftIsMarkedOnEveryPage(t *testing.T) {
	for _, p := range pages(t, render(t, longReport(), Options{Draft: true})) {
		if !strings.Contains(p, "草") || !strings.Contains(p, "稿") {
			t.Fatalf("page without the draft mark:\n%.200s", p)
		}
	}
	for i, p := range pages(t, render(t, samples()["taicang2020"], Options{})) {
		if strings.Contains(p, "草稿") {
			t.Errorf("page %d of a final report says 草稿", i+1)
		}
	}
}

// The same input and SOURCE_DATE_EPOCH give the same bytes, also when documents are rendered
// in parallel (which also lets the race detector see the shared fonts).
func TestReproducibleWithSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	want := render(t, samples()["example2021"], Options{Draft: true})
	if !bytes.Contains(want, []byte("D:20231114")) {
		t.Errorf("creation date is not SOURCE_DATE_EPOCH")
	}
	var wg sync.WaitGroup
	got := make([][]byte, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = render(t, samples()["example2021"], Options{Draft: true})
		}()
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("render %d differs from the first (%d vs %d bytes)", i, len(g), len(want))
		}
	}
}

func TestMetadata(t *testing.T) {
	d := samples()["taicang2020"]
	info := poppler(t, render(t, d, Options{}), "pdfinfo")
	for _, want := range [][2]string{{"Title", d.Meta.Title}, {"Author", d.Meta.Author}, {"Subject", d.Meta.Subject},
		{"Keywords", d.Meta.Keywords}, {"Creator", "nianbao dev"}, {"Producer", "nianbao dev (gofpdf)"},
		{"Page size", "595.28 x 841.89 pts (A4)"}} {
		if !regexp.MustCompile(`(?m)^` + want[0] + `:\s+` + regexp.QuoteMeta(want[1]) + `$`).MatchString(info) {
			t.Errorf("pdfinfo lacks %s: %s:\n%s", want[0], want[1], info)
		}
	}
}

// A title whose agency alone is wider than a line and has no organisation word to break
// after is still broken into lines of about equal length, not a full line and a short rest.
func TestUnusualTitleIsBalanced(t *testing.T) {
	em := 22.0 // every character one em of a 22 pt title
	measure := func(s string) float64 { return em * float64(utf8.RuneCountInString(s)) }
	title := document.Title{Agency: strings.Repeat("某", int(areaW/em)+6)}
	lines := titleLines(title, measure)
	if len(lines) != 2 {
		t.Fatalf("titleLines gave %d lines, want 2: %q", len(lines), lines)
	}
	if a, b := utf8.RuneCountInString(lines[0]), utf8.RuneCountInString(lines[1]); a-b > 1 || b-a > 1 {
		t.Errorf("lines of %d and %d characters, want about equal: %q", a, b, lines)
	}
}

// A long title breaks only between the agency and the year, before the report's name, around
// a bracketed part of the agency, or after an organisation word, into balanced lines.
func TestTitleBreaksBetweenWordsIntoBalancedLines(t *testing.T) {
	cases := []struct {
		title document.Title
		want  []string
	}{
		{document.Title{Agency: "太仓市科学技术局", Year: "2020"}, []string{"太仓市科学技术局2020年", "政府信息公开工作年度报告"}},
		{document.Title{Agency: "示例局", Year: "2025"}, []string{"示例局2025年政府信息公开工作年度报告"}},
		{document.Title{Agency: "江苏省苏州市太仓市市场监督管理局", Year: "2020"}, []string{"江苏省苏州市太仓市市场监督管理局", "2020年政府信息公开工作年度报告"}},
		// Issue 11, defect 6: it broke as 机构编制委员/会办公室（…登记管理/局）.
		{document.Title{Agency: "中共太仓市委机构编制委员会办公室（太仓市事业单位登记管理局）", Year: "2025"},
			[]string{"中共太仓市委机构编制委员会办公室", "（太仓市事业单位登记管理局）", "2025年政府信息公开工作年度报告"}},
		// No bracket: a break after an organisation word, never inside one.
		{document.Title{Agency: "中共江苏省苏州市太仓市委员会机构编制委员会办公室", Year: "2025"},
			[]string{"中共江苏省苏州市太仓市委员会", "机构编制委员会办公室2025年", "政府信息公开工作年度报告"}},
	}
	f := newFaces(defaultFonts(t))
	for _, c := range cases {
		if err := f.need(titleStyle.role, c.title.Text(), "标题"); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.register(newPDF(&document.Document{})); err != nil {
		t.Fatal(err)
	}
	m := f.measure(titleStyle)
	for _, c := range cases {
		if got := titleLines(c.title, m); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("titleLines(%s) = %q, want %q", c.title.Text(), got, c.want)
		}
	}
}

// Table 四's fifteen value columns share the type area equally (≈ 10.4 mm each); in table 三
// a page may not end inside （三）不予公开.
func TestTableLayout(t *testing.T) {
	d := samples()["example2021"]
	ts, err := newTypesetter(d, defaultFonts(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range d.Sections {
		ts.tables(s)
		for _, g := range grids(s) {
			L := ts.layouts[g]
			if got := L.colX[len(L.colX)-1] - L.colX[0]; got < areaW-0.01 || got > areaW+0.01 {
				t.Errorf("%s: table %.1f pt wide, want %.1f", s.Heading, got, areaW)
			}
			switch {
			case strings.HasPrefix(s.Heading, "四、"):
				for c := 1; c < len(L.colX); c++ {
					if w := (L.colX[c] - L.colX[c-1]) / mm; w < 10.3 || w > 10.5 {
						t.Errorf("table 四 column %d is %.2f mm", c, w)
					}
				}
			case strings.HasPrefix(s.Heading, "三、"):
				for i, c := range g.Cells {
					if g.Texts[i] == "（三）不予公开" {
						for r := c.Row + 1; r < c.Row+c.RowSpan; r++ {
							if L.breakable[r] {
								t.Errorf("a page may end inside （三）不予公开, before row %d", r)
							}
						}
					}
				}
			}
		}
	}
}

// grids lists the grids of the tables of s.
func grids(s document.Section) (out []*document.Grid) {
	for _, b := range s.Blocks {
		if b.Kind == document.TableBlock {
			out = append(out, b.Table.Grids...)
		}
	}
	return out
}

// Body lines are justified flush with the right edge of the type area (156 mm from the left
// margin of 28 mm); only the last line of a paragraph falls short, and none runs over.
func TestLinesAreJustified(t *testing.T) {
	out := poppler(t, render(t, samples()["taicang2020"], Options{}), "pdftotext", "-bbox-layout")
	line := regexp.MustCompile(`<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)
	right := (left + areaW)
	flush := 0
	for _, m := range line.FindAllStringSubmatch(out, -1) {
		var x0, y0, x1, y1 float64
		fmt.Sscan(m[1]+" "+m[2]+" "+m[3]+" "+m[4], &x0, &y0, &x1, &y1)
		if x0 < left-0.5 || x0 > left+2*16+0.5 || y1-y0 > 25 || y1-y0 < 20 {
			continue // not a body line (title, table, page number)
		}
		if x1 > right+0.5 {
			t.Errorf("line runs over the type area: x %.1f–%.1f", x0, x1)
		}
		if x1 > right-0.5 {
			flush++
		}
	}
	if flush < 30 {
		t.Errorf("only %d lines flush with the right edge", flush)
	}
}

// However the text falls, the signature shares its page with the end of the last paragraph.
func TestSignatureIsNeverAlone(t *testing.T) {
	for extra := range 22 {
		d := document.Build(samplereport.Example2021())
		last := &d.Sections[len(d.Sections)-1]
		for range extra {
			last.Blocks = append(last.Blocks, document.Block{Kind: document.Paragraph, Text: "一行。"})
		}
		last.Blocks = append(last.Blocks, document.Block{Kind: document.Paragraph, Text: "最后一段的最后一句。"})
		ps := pages(t, render(t, d, Options{}))
		end := squash(ps[len(ps)-1])
		if !strings.Contains(end, d.Signature.Agency) || !strings.Contains(end, "最后一段的最后一句。") {
			t.Errorf("%d extra lines: last page is %q", extra, end)
		}
	}
}

// tableThreeRow matches a data row of table 三 in pdftotext -layout output: seven numbers
// at the end of the line (table 二 has at most three, table 四 fifteen).
var tableThreeRow = regexp.MustCompile(`(?m)[^\d\s]\s+(\d+\s+){6}\d+\s*$`)

// Table 三 never starts at the foot of a page with just its header and a row or two,
// however the text before it falls: it starts with at least minRows data rows, or on the
// next page.
func TestTableStartsWithSeveralRows(t *testing.T) {
	for extra := range 22 {
		d := padTableThree(extra)
		for i, p := range pages(t, render(t, d, Options{})) {
			if strings.Contains(p, "申请人情况") {
				if n := len(tableThreeRow.FindAllString(p, -1)); n < minRows {
					t.Errorf("%d lines before table 三: it starts on page %d with %d data rows", extra, i+1, n)
				}
				break
			}
		}
	}
}

// No page of the sample reports but the last ends with more than a quarter of the type
// area empty.
func TestPagesAreFilled(t *testing.T) {
	word := regexp.MustCompile(`yMax="([\d.]+)"`)
	for name, d := range samples() {
		out := poppler(t, render(t, d, Options{}), "pdftotext", "-bbox")
		ps := strings.Split(out, "<page ")[1:]
		for i, p := range ps[:len(ps)-1] {
			low := 0.0
			for _, m := range word.FindAllStringSubmatch(p, -1) {
				var y float64
				fmt.Sscan(m[1], &y)
				if y < bottom+1 { // not the page number
					low = max(low, y)
				}
			}
			if empty := (bottom - low) / areaH; empty > 0.25 {
				t.Errorf("%s page %d ends with %.0f%% of the type area empty", name, i+1, 100*empty)
			}
		}
	}
}

// Every label of every table of both editions breaks, at the width its column gets, only
// between words (document.LabelWords) and into lines of at least two characters: table 三's
// 三、本年度办理结果 reads 三、本年度/办理结果, not 三、本/年度办/理结果.
func TestLabelsBreakBetweenWords(t *testing.T) {
	checked := 0
	for name, d := range samples() {
		ts, err := newTypesetter(d, defaultFonts(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range d.Sections {
			ts.tables(s)
			for _, g := range grids(s) {
				for i, c := range g.Cells {
					if c.Role == document.RoleValue {
						continue
					}
					text, ends := clean(g.Texts[i]), map[int]bool{}
					at := 0
					for _, w := range document.LabelWords(text) {
						at += utf8.RuneCountInString(w.Text)
						ends[at] = true
					}
					lines, at := ts.layouts[g].lines[i], 0
					var got []string
					for _, l := range lines {
						got = append(got, l.Text)
						at += utf8.RuneCountInString(l.Text)
						if !ends[at] {
							t.Errorf("%s %s: %q breaks inside a word", name, text, got)
						}
						if len(lines) > 1 && utf8.RuneCountInString(strings.TrimRight(l.Text, trailingMarks)) < 2 {
							t.Errorf("%s %s: %q has a line of one character", name, text, got)
						}
					}
					if text == "三、本年度办理结果" && strings.Join(got, "|") != "三、本年度|办理结果" {
						t.Errorf("%s: %q, want 三、本年度|办理结果", name, got)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d labels checked", checked)
	}
}
