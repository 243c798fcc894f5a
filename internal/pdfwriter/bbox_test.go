package pdfwriter

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/document"
)

// printedLine is one line of a page as pdftotext -bbox-layout sees it, in points from the
// page's top left corner.
type printedLine struct {
	Page                   int
	XMin, YMin, XMax, YMax float64
	Text                   string
}

// printedLines is every line of every page of the PDF, page numbers included, in reading
// order.
func printedLines(t *testing.T, pdf []byte) []printedLine {
	t.Helper()
	var doc struct {
		Pages []struct {
			Lines []struct {
				XMin  float64  `xml:"xMin,attr"`
				YMin  float64  `xml:"yMin,attr"`
				XMax  float64  `xml:"xMax,attr"`
				YMax  float64  `xml:"yMax,attr"`
				Words []string `xml:"word"`
			} `xml:"flow>block>line"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal([]byte(poppler(t, pdf, "pdftotext", "-bbox-layout")), &doc); err != nil {
		t.Fatal(err)
	}
	var out []printedLine
	for p, page := range doc.Pages {
		for _, l := range page.Lines {
			out = append(out, printedLine{p + 1, l.XMin, l.YMin, l.XMax, l.YMax, strings.Join(l.Words, "")})
		}
	}
	return out
}

// placedBlock is a heading or paragraph of a document with the printed lines it took.
type placedBlock struct {
	Text    string
	Heading bool
	Lines   []printedLine
}

// placeBlocks finds the lines of every heading and paragraph of d (the title, the
// introduction and the signature aside) among the printed lines, in order; table cells are
// skipped as lines that do not continue the text being sought.
func placeBlocks(t *testing.T, d *document.Document, lines []printedLine) []placedBlock {
	t.Helper()
	var blocks []placedBlock
	for _, s := range d.Sections {
		blocks = append(blocks, placedBlock{Text: s.Heading, Heading: true})
		for _, b := range s.Blocks {
			if b.Kind != document.TableBlock {
				blocks = append(blocks, placedBlock{Text: b.Text, Heading: b.Kind == document.Subheading})
			}
		}
	}
	at := 0
	for i := range blocks {
		rest := squash(blocks[i].Text)
		for ; at < len(lines) && rest != ""; at++ {
			text := squash(lines[at].Text)
			if lines[at].YMin > bottom {
				continue // a page number
			}
			if text != "" && strings.HasPrefix(rest, text) {
				rest = strings.TrimPrefix(rest, text)
				blocks[i].Lines = append(blocks[i].Lines, lines[at])
			} else if len(blocks[i].Lines) > 0 {
				break // a line of something else inside the block: its text is not all there
			}
		}
		if rest != "" {
			t.Fatalf("not found whole in the printed lines: %s (%q left)", blocks[i].Text, rest)
		}
	}
	return blocks
}

// No paragraph leaves a single line at the foot of a page or carries a single line to the
// top of the next, and a paragraph of three lines or fewer is never parted; however the
// text falls.
func TestNoLoneLineAtAPageBreak(t *testing.T) {
	parted := 0
	for name, d := range stressCorpus() {
		for _, b := range placeBlocks(t, d, printedLines(t, stressPDF()[name])) {
			perPage := map[int]int{}
			for _, l := range b.Lines {
				perPage[l.Page]++
			}
			if len(perPage) < 2 {
				continue
			}
			parted++
			for page, n := range perPage {
				if n < minLines || len(b.Lines) < 2*minLines {
					t.Errorf("%s: %d of %d lines on page %d: %.20s…", name, n, len(b.Lines), page, b.Text)
				}
			}
		}
	}
	if parted == 0 {
		t.Error("no paragraph of the stress corpus runs over a page: the test tests nothing")
	}
}

// A heading stays on the page of the first two lines of what follows it (all of a paragraph
// of up to three lines).
func TestHeadingIsKeptWithTwoLines(t *testing.T) {
	for name, d := range stressCorpus() {
		blocks := placeBlocks(t, d, printedLines(t, stressPDF()[name]))
		for i, b := range blocks[:len(blocks)-1] {
			next := blocks[i+1]
			if !b.Heading || next.Heading {
				continue
			}
			keep := min(len(next.Lines), minLines)
			if len(next.Lines) < 2*minLines {
				keep = len(next.Lines)
			}
			page := b.Lines[len(b.Lines)-1].Page
			for _, l := range next.Lines[:keep] {
				if l.Page != page {
					t.Errorf("%s: heading %s on page %d, line %q of what follows on page %d", name, b.Text, page, l.Text, l.Page)
				}
			}
		}
	}
}

// The signature of an agency whose name is longer than a line wraps inside the type area,
// centred over the date, which stays on the last line four characters in from the right.
func TestSignatureStaysInTheTypeArea(t *testing.T) {
	for _, agency := range []string{"太仓市科学技术局", longAgency, overlongAgency} {
		d := stressCorpus()["taicang2020"]
		d.Signature = document.Signature{Agency: agency, Date: "2021年1月15日"}
		lines := printedLines(t, render(t, d, Options{}))
		var sig []printedLine
		for _, l := range lines[:len(lines)-1] { // the page number last
			if l.Page == lines[len(lines)-1].Page {
				sig = append(sig, l)
			}
		}
		got := ""
		for _, l := range sig {
			got += squash(l.Text)
		}
		if !strings.HasSuffix(got, squash(agency)+"2021年1月15日") {
			t.Fatalf("%s: the last page ends %q", agency, got)
		}
		date := sig[len(sig)-1]
		if right := left + areaW - 4*bodyStyle.size; date.XMax < right-1 || date.XMax > right+1 {
			t.Errorf("%s: the date ends at %.1f, want %.1f", agency, date.XMax, right)
		}
		n := 0
		for i := len(sig) - 2; i >= 0 && n < len([]rune(agency)); i-- {
			l := sig[i]
			n += len([]rune(squash(l.Text)))
			if l.XMin < left-0.5 || l.XMax > left+areaW+0.5 {
				t.Errorf("%s: signature line %q runs from %.1f to %.1f, outside the type area %.1f–%.1f", agency, l.Text, l.XMin, l.XMax, left, left+areaW)
			}
			if mid := (l.XMin + l.XMax) / 2; len([]rune(agency)) < 20 && (mid < (date.XMin+date.XMax)/2-1 || mid > (date.XMin+date.XMax)/2+1) {
				t.Errorf("%s: a short name is not centred over the date", agency)
			}
		}
	}
}

// A long title is broken only between its words (the agency and the year, before the
// report's name, around a bracket, after an organisation word), on the printed page too.
func TestPrintedTitleBreaksBetweenWords(t *testing.T) {
	lines := printedLines(t, stressPDF()["agency30"])
	var got []string
	for _, l := range lines {
		if l.Page == 1 && l.YMax < top+3*titlePitch+1 {
			got = append(got, squash(l.Text))
		}
	}
	want := []string{"中共太仓市委机构编制委员会办公室", "（太仓市事业单位登记管理局）", "2020年政府信息公开工作年度报告"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("title lines %q, want %q", got, want)
	}
}

func TestLinesHere(t *testing.T) {
	cases := []struct {
		rest         int
		room         float64
		first, empty bool
		tail         float64
		want         int
	}{
		{5, 10 * pitch, true, false, 0, 5},         // all fit
		{5, 1 * pitch, true, false, 0, 0},          // one line would be an orphan
		{5, 2 * pitch, true, false, 0, 2},          // two at the foot, three on
		{5, 4 * pitch, true, false, 0, 3},          // not four: one line would be a widow
		{3, 2 * pitch, true, false, 0, 0},          // three lines are never parted
		{3, 2 * pitch, false, false, 0, 1},         // the middle of a paragraph may end a page
		{4, 4 * pitch, true, false, 3 * pitch, 2},  // the last two lines go with the signature
		{2, 4 * pitch, true, false, 3 * pitch, 0},  // and with them the whole paragraph
		{1, 0.5 * pitch, true, false, 0, 0},        // no room at all
		{3, 22 * pitch, true, true, 30 * pitch, 3}, // an empty page takes what it can
		{30, 22 * pitch, true, true, 0, 22},        // a page full of one paragraph
		{23, 22 * pitch, false, true, 0, 21},       // leaving two for the next
	}
	for _, c := range cases {
		if got := linesHere(c.rest, c.room, c.first, c.empty, c.tail); got != c.want {
			t.Errorf("linesHere(%d, %.0f lines, first %v, empty %v, tail %.0f lines) = %d, want %d",
				c.rest, c.room/pitch, c.first, c.empty, c.tail/pitch, got, c.want)
		}
	}
}

// printedWord is one word of a page as pdftotext -bbox sees it.
type printedWord struct {
	Page   int
	Height float64
	Text   string
}

// printedWords is every word of every page of the PDF.
func printedWords(t *testing.T, pdf []byte) []printedWord {
	t.Helper()
	var doc struct {
		Pages []struct {
			Words []struct {
				YMin float64 `xml:"yMin,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal([]byte(poppler(t, pdf, "pdftotext", "-bbox")), &doc); err != nil {
		t.Fatal(err)
	}
	var out []printedWord
	for p, page := range doc.Pages {
		for _, w := range page.Words {
			out = append(out, printedWord{p + 1, w.YMax - w.YMin, w.Text})
		}
	}
	return out
}

// No line of a table cell holds a single character (不予公/开, 自然/人), in either edition.
func TestNoLoneCharacterInTableLabels(t *testing.T) {
	tables := 0
	for name, pdf := range stressPDF() {
		for _, w := range printedWords(t, pdf) {
			if w.Height > 1.5*tableStyle.size { // body text, headings, the title
				continue
			}
			tables++
			if r := []rune(w.Text); len(r) == 1 && unicode.Is(unicode.Han, r[0]) {
				t.Errorf("%s page %d: a table cell line of one character: %s", name, w.Page, w.Text)
			}
		}
	}
	if tables == 0 {
		t.Error("no table text found: the test tests nothing")
	}
}

// In every PDF, table 三's label is printed as 三、本年度 over 办理结果 (on every page the
// table is cut across), never 三、本/年度办/理结果.
func TestTableThreeLabelIsPrintedInWords(t *testing.T) {
	for name, pdf := range stressPDF() {
		words := map[string]int{}
		for _, w := range printedWords(t, pdf) {
			words[w.Text]++
		}
		if words["三、本年度"] == 0 || words["三、本年度"] != words["办理结果"] {
			t.Errorf("%s: 三、本年度 printed %d times, 办理结果 %d times", name, words["三、本年度"], words["办理结果"])
		}
		for _, bad := range []string{"三、本", "年度办", "理结果"} {
			if words[bad] > 0 {
				t.Errorf("%s: a line of table 三's label reads %s", name, bad)
			}
		}
	}
}

// A hostile agency's name of thousands of organisation words is broken (one pass over the
// words) into lines that fit, losing nothing.
func TestVeryLongNameIsBroken(t *testing.T) {
	em := 16.0
	measure := func(s string) float64 { return em * float64(utf8.RuneCountInString(s)) }
	name := strings.Repeat("某局甲委", 5000)
	lines := wordLines(document.NameWords(name), areaW, measure)
	if strings.Join(lines, "") != name {
		t.Fatal("characters lost")
	}
	for _, l := range lines {
		if measure(l) > areaW {
			t.Fatalf("line %q is wider than the type area", l)
		}
	}
	if min := int(float64(len([]rune(name)))*em/areaW) + 1; len(lines) > min+len(lines)/10 {
		t.Errorf("%d lines, the fewest possible about %d", len(lines), min)
	}
}
