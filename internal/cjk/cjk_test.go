package cjk

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/rivo/uniseg"
)

// em is the size of a full-width character in the tests' unit.
const em = 16.0

// mono measures as a monospaced CJK font does: full-width characters 1 em, others ½ em.
func mono(s string) float64 { return float64(uniseg.StringWidth(s)) * em / 2 }

func texts(lines []Line) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Text
	}
	return out
}

// checkKept fails unless the lines hold every character of text in order, white space at
// the ends of the paragraph and at line breaks aside.
func checkKept(t *testing.T, text string, lines []Line) {
	t.Helper()
	rest := skipSpace(text)
	for i, l := range lines {
		if !strings.HasPrefix(rest, l.Text) {
			t.Fatalf("line %d %q does not continue the text at %q (lines %q)", i, l.Text, trunc(rest), texts(lines))
		}
		rest = skipSpace(rest[len(l.Text):])
	}
	if rest != "" {
		t.Fatalf("text lost after the last line: %q", trunc(rest))
	}
	for i, l := range lines {
		if l.Last != (i == len(lines)-1) {
			t.Errorf("line %d: Last = %v", i, l.Last)
		}
	}
}

// checkWidths fails if a line is wider than its room, unless it is a single character
// (zero-width marks such as bidi controls aside).
func checkWidths(t *testing.T, lines []Line, width, firstIndent float64, measure Measure) {
	t.Helper()
	for i, l := range lines {
		room := width
		if i == 0 {
			room -= firstIndent
		}
		if got := setWidth(l.Set(0)); math.Abs(got-l.Width) > 1e-9 {
			t.Errorf("line %d %q: Width %v, set %v wide", i, l.Text, l.Width, got)
		}
		if l.Width > room+1e-9 && visibleCount(l.Text, measure) > 1 {
			t.Errorf("line %d %q is %v wide, room %v", i, l.Text, l.Width, room)
		}
	}
}

// setWidth is how far a set line reaches.
func setWidth(glyphs []Glyph) float64 {
	if len(glyphs) == 0 {
		return 0
	}
	g := glyphs[len(glyphs)-1]
	return g.X + g.Width
}

// skipSpace drops the leading grapheme clusters of s that are all white space.
func skipSpace(s string) string {
	for s != "" {
		g, rest, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
		if strings.TrimSpace(g) != "" && strings.TrimLeftFunc(g, unicode.IsSpace) != "" {
			break
		}
		s = rest
	}
	return s
}

// visibleCount counts the grapheme clusters of s that take room.
func visibleCount(s string, measure Measure) int {
	n, g := 0, uniseg.NewGraphemes(s)
	for g.Next() {
		if measure(g.Str()) > 0 {
			n++
		}
	}
	return n
}

func trunc(s string) string {
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}

// The rules, stated again here rather than taken from the package.
const (
	closers = "、，。：；！？”’』」）〕】〗］｝》〉·～％‰℃"
	openers = "“‘『「（〔【〖［｛《〈"
)

// ruleBreaks returns a description of every rule the line breaks of text break.
func ruleBreaks(text string, lines []Line) []string {
	var bad []string
	isDigit := func(r rune) bool { return r >= '0' && r <= '9' }
	isLatin := func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }
	han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
	rest := skipSpace(text)
	for i := 0; i+1 < len(lines); i++ {
		a, b := lines[i].Text, lines[i+1].Text
		rest = strings.TrimPrefix(rest, a)
		atSpace := skipSpace(rest) != rest
		rest = skipSpace(rest)
		last, _ := utf8.DecodeLastRuneInString(a)
		before, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(a, string(last)))
		first, size := utf8.DecodeRuneInString(b)
		second, _ := utf8.DecodeRuneInString(b[size:])
		where := a + "|" + b
		switch {
		case strings.ContainsRune(closers, first):
			bad = append(bad, "closing mark starts a line: "+where)
		case strings.ContainsRune(openers, last):
			bad = append(bad, "opening mark ends a line: "+where)
		case last == '—' && first == '—', last == '…' && first == '…':
			bad = append(bad, "—— or …… split: "+where)
		case strings.ContainsRune("–—／", first) && second != first:
			bad = append(bad, "lone connector starts a line: "+where)
		case atSpace: // a break at white space is always allowed
		case isDigit(last) && (isDigit(first) || han(first)):
			bad = append(bad, "number split from its digits or unit: "+where)
		case strings.ContainsRune("万亿", last) && isDigit(before) && han(first):
			bad = append(bad, "amount split from its unit: "+where)
		case isLatin(last) && isLatin(first):
			bad = append(bad, "Latin word split: "+where)
		}
	}
	return bad
}

// breakOK breaks text and checks that nothing is lost, nothing too wide, no rule broken.
func breakOK(t *testing.T, text string, width, firstIndent float64) []Line {
	t.Helper()
	lines := Break(text, width, firstIndent, mono)
	checkKept(t, text, lines)
	checkWidths(t, lines, width, firstIndent, mono)
	for _, b := range ruleBreaks(text, lines) {
		t.Errorf("width %v: %s", width, b)
	}
	return lines
}

// wantFirstLine breaks text at width with breakOK and checks the first line.
func wantFirstLine(t *testing.T, text string, width float64, want string) {
	t.Helper()
	if lines := breakOK(t, text, width, 0); lines[0].Text != want {
		t.Errorf("%q at width %v: lines %q, want the first to be %q", text, width, texts(lines), want)
	}
}

func TestClosingMarksNeverStartALine(t *testing.T) {
	for _, mark := range closers {
		// Four characters fit; the mark is the fifth, so the fourth goes down with it.
		wantFirstLine(t, "一二三四"+string(mark)+"五六七八九十", mono("一二三四"), "一二三")
	}
}

func TestOpeningMarksNeverEndALine(t *testing.T) {
	for _, mark := range openers {
		wantFirstLine(t, "一二三"+string(mark)+"四五六七八", mono("一二三"+string(mark)), "一二三")
	}
}

func TestDashesAndEllipsesStayWhole(t *testing.T) {
	for _, text := range []string{"一二三——四五六七", "一二三……四五六七"} {
		for w := 2.0; w <= 7; w++ {
			breakOK(t, text, w*em, 0)
		}
	}
	lines := breakOK(t, "一二三——四五六七", mono("一二三—"), 0)
	if !strings.HasPrefix(lines[1].Text, "——") {
		t.Errorf("—— should move down whole: %q", texts(lines))
	}
}

func TestLoneConnectorNeverStartsALine(t *testing.T) {
	for _, c := range []string{"—", "–", "／"} {
		lines := breakOK(t, "二〇一九"+c+"二〇二〇年", mono("二〇一九"), 0)
		if strings.HasPrefix(lines[1].Text, c) {
			t.Errorf("%s starts a line: %q", c, texts(lines))
		}
	}
}

func TestNumbersStayWithTheirUnits(t *testing.T) {
	for _, text := range []string{
		"一二三四五2020年六七八九", "推送信息293篇，共计一二三", "采购总金额0万元整", "预算1.5亿元用于",
		"一二三四五六12345678七八", "自2020年1月1日起至2020年12月31日止",
		"收到申请10件，办结9件，增长35%，占比12.5％",
	} {
		for w := 5.0; w <= 12; w++ { // from the widest chunk, "12345678七", up
			breakOK(t, text, w*em, 0)
		}
	}
	wantFirstLine(t, "一二三四五2020年六七八", mono("一二三四五2020"), "一二三四五")
	wantFirstLine(t, "一二三四五六0万元七", mono("一二三四五六0万"), "一二三四五六")
}

func TestLatinWordsAndTelephoneNumbersStayWhole(t *testing.T) {
	text := "如对年报有任何疑问，请与市科技局办公室联系（地址：县府东街99号6号楼B座20楼6B2002室，电话：0512-53537775）。使用Office软件和WPS Office 2019编制。"
	for w := 9.0; w <= 30; w++ {
		lines := breakOK(t, text, w*em, 2*em)
		joined := strings.Join(texts(lines), "\n")
		for _, whole := range []string{"0512-53537775", "Office", "6B2002", "2019"} {
			if !strings.Contains(joined, whole) {
				t.Errorf("width %v em: %s split: %q", w, whole, texts(lines))
			}
		}
	}
}

func TestChineseQuotesBreakOutside(t *testing.T) {
	// UAX #14 alone glues “ and ” to their neighbours; Chinese text may break outside them.
	wantFirstLine(t, "一二“三”四五六", mono("一二“三”"), "一二“三”")
	wantFirstLine(t, "一二三“四五”六", mono("一二三“"), "一二三")
}

func TestFirstIndent(t *testing.T) {
	lines := breakOK(t, "一二三四五六七八九十甲乙", 5*em, 2*em)
	want := []string{"一二三", "四五六七八", "九十甲乙"}
	if strings.Join(texts(lines), "/") != strings.Join(want, "/") {
		t.Errorf("got %q, want %q", texts(lines), want)
	}
}

func TestSpacesAtBreaksAreDropped(t *testing.T) {
	lines := breakOK(t, "  Annual report of the office  ", mono("Annual report"), 0)
	for _, l := range lines {
		if strings.TrimSpace(l.Text) != l.Text {
			t.Errorf("line %q keeps white space at an end", l.Text)
		}
	}
	if got := strings.Join(texts(lines), "/"); got != "Annual report/of the office" {
		t.Errorf("got %q", got)
	}
}

func TestEmergencySplitKeepsEveryCharacter(t *testing.T) {
	// A long number in a narrow table cell: 10.4 mm ≈ 29.5 pt at 五号 (10.5 pt, digits ≈ 5.25 pt).
	cell := func(s string) float64 { return float64(uniseg.StringWidth(s)) * 10.5 / 2 }
	for _, text := range []string{"12345678901234567890", "0512-53537775", "（0512-53537775）。", "123,456,789.00万元"} {
		for _, width := range []float64{29.5, 21, 10.5, 3} {
			lines := Break(text, width, 0, cell)
			checkKept(t, text, lines)
			checkWidths(t, lines, width, 0, cell)
		}
	}
	lines := Break("（0512-53537775）。", 6*10.5/2, 0, cell)
	for _, l := range lines[1:] {
		if r, _ := utf8.DecodeRuneInString(l.Text); strings.ContainsRune(closers, r) && len(lines) > 1 {
			t.Errorf("emergency split put a closing mark first where it need not: %q", texts(lines))
		}
	}
}

func TestCharacterWiderThanTheLine(t *testing.T) {
	lines := Break("汉字。", 10, 0, mono)
	checkKept(t, "汉字。", lines)
	if len(lines) != 3 {
		t.Errorf("each character wider than the line gets its own line: %q", texts(lines))
	}
	lines = Break("一二三", 3*em, 5*em, mono) // indent wider than the line
	checkKept(t, "一二三", lines)
}

func TestEmptyParagraph(t *testing.T) {
	for _, text := range []string{"", "   ", "\u3000\u3000"} {
		lines := Break(text, 10*em, 2*em, mono)
		if len(lines) != 1 || lines[0].Text != "" || !lines[0].Last {
			t.Errorf("%q: got %+v", text, lines)
		}
	}
}

func TestBalance(t *testing.T) {
	title := "太仓市科学技术局2020年政府信息公开工作年度报告"
	width := 20 * em
	greedy := Break(title, width, 0, mono)
	lines := Balance(title, width, mono)
	checkKept(t, title, lines)
	checkWidths(t, lines, width, 0, mono)
	if len(lines) != len(greedy) || len(lines) != 2 {
		t.Fatalf("balanced %q, greedy %q: want the same two lines' count", texts(lines), texts(greedy))
	}
	if d := math.Abs(lines[0].Width - lines[1].Width); d > em {
		t.Errorf("lines %q differ by %v, want at most one character", texts(lines), d)
	}
	for _, b := range ruleBreaks(title, lines) {
		t.Error(b)
	}
	if got := Balance("年度报告", width, mono); len(got) != 1 || got[0].Text != "年度报告" {
		t.Errorf("a short title stays one line: %q", texts(got))
	}
}

// seedParagraphs returns the paragraphs of the real 2020 report, skipping loudly without it.
func seedParagraphs(t testing.TB) []string {
	const path = "../../../shared/seed/taicang-keji-2020.txt"
	f, err := os.Open(path)
	if err != nil {
		realtest.Missing(t, fmt.Sprintf("the seed text, shared/seed beside the repository, is not available: %v", err))
	}
	defer f.Close()
	var paras []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.TrimSpace(sc.Text()); p != "" {
			paras = append(paras, p)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return paras
}

func TestSeedParagraphs(t *testing.T) {
	paras := seedParagraphs(t)
	// At page widths every rule holds: 28 em is the GB/T 9704 body line.
	for _, w := range []float64{28, 21, 15, 10} {
		for _, p := range paras {
			breakOK(t, p, w*em, 2*em)
			breakOK(t, p, w*em, 0)
		}
	}
	// In narrow table cells long chunks are split between characters, but nothing is lost.
	for _, w := range []float64{4, 2, 1, 0.4} {
		for _, p := range paras {
			lines := Break(p, w*em, 0, mono)
			checkKept(t, p, lines)
			checkWidths(t, lines, w*em, 0, mono)
		}
	}
}

func FuzzBreak(f *testing.F) {
	for _, s := range []string{
		"本年报由总体情况、主动公开政府信息情况……六个部分组成（电话：0512-53537775）。",
		"“太仓科技”微信公众号推送信息293篇，0万元——完毕。",
		"Office 2019　版本 𠮷 e\u0301 👍🏽 a\tb",
		"",
	} {
		f.Add(s, uint16(100), uint8(32))
	}
	f.Fuzz(func(t *testing.T, text string, width uint16, indent uint8) {
		if !utf8.ValidString(text) || strings.ContainsRune(text, '\n') {
			t.Skip()
		}
		w, in := float64(width)/4, float64(indent)/4
		lines := Break(text, w, in, mono)
		checkKept(t, text, lines)
		checkWidths(t, lines, w, in, mono)
	})
}

func BenchmarkBreakSeed(b *testing.B) {
	paras := seedParagraphs(b)
	n := 0
	for _, p := range paras {
		n += len(p)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, p := range paras {
			Break(p, 28*em, 2*em, mono)
		}
	}
}

// BenchmarkBreakRuns breaks the worst prose within the bounds, a part of 20,000 characters
// that give no break opportunity (one chunk): time must grow with the text, not its square.
//
//	go test -run='^$' -bench=BreakRuns -benchmem ./internal/cjk
func BenchmarkBreakRuns(b *testing.B) {
	for name, unit := range map[string]string{"。": "。", "（": "（", "——": "——", "、1": "1、", "url": "http://www.example.gov.cn/col/col12345/art/2025/"} {
		text := strings.Repeat(unit, 20000/utf8.RuneCountInString(unit))
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Break(text, 28*em, 2*em, mono)
			}
		})
	}
}
