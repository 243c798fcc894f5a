package cjk

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// glyphsOf returns the glyphs of lines set in width, in order, and the line each is on.
func glyphsOf(lines []Line, width float64) (out []Glyph, line []int) {
	for i, l := range lines {
		w := width
		if l.Last {
			w = 0
		}
		for _, g := range l.Set(w) {
			out = append(out, g)
			line = append(line, i)
		}
	}
	return out, line
}

// gapAfter is the space between glyph i and the next one on its line.
func gapAfter(gs []Glyph, i int) float64 { return gs[i+1].X - (gs[i].X + gs[i].Width) }

func TestAdjacentMarksAreCompressed(t *testing.T) {
	for text, want := range map[string]float64{
		"《条例》《规定》": 7.5 * em, // 》《: 2 em → 1.5 em
		"研究……”）。":  6 * em,   // ”） and ）。 each lose half an em; …… is 2 em
		"说：「好」":    4.5 * em, // ：「
		"「《书》」":    4 * em,   // 「《 and 》」
		"（）":       2 * em,   // the blanks are outside the pair
	} {
		if got := Unbroken(text, mono).Width; math.Abs(got-want) > 1e-9 {
			t.Errorf("%q is %v em wide, want %v em", text, got/em, want/em)
		}
	}
	// Of 「《 the second is set half-width, of 》」 the first: each where its ink is.
	gs := Unbroken("「《书》」", mono).Set(0)
	want := []Glyph{{"「", 0, em, false}, {"《", em, em / 2, true}, {"书", 1.5 * em, em, false},
		{"》", 2.5 * em, em / 2, true}, {"」", 3 * em, em, false}}
	if !slices.Equal(gs, want) {
		t.Errorf("「《书》」 set at %+v, want %+v", gs, want)
	}
}

// An opening mark that starts a line (but the first of a paragraph) is set half-width, its
// ink at the line's edge.
func TestOpeningMarkStartsALineHalfWidth(t *testing.T) {
	lines := breakOK(t, "一二三四（五六）七八", 4*em, 0)
	if lines[1].Text != "（五六）七" {
		t.Fatalf("lines %q", texts(lines))
	}
	if gs := lines[1].Set(4 * em); !gs[0].Half || gs[0].X != 0 || gs[1].X != em/2 {
		t.Errorf("（ at a line start set %+v", gs)
	}
	if gs := Break("（五六）", 10*em, 2*em, mono)[0].Set(0); gs[0].Half {
		t.Errorf("（ after the first line's indent set half-width: %+v", gs)
	}
}

// A closing mark that would push the character before it to the next line is set
// half-width to fit, then the line's other marks; the line still fills its width exactly.
func TestLineEndMarkFitsByCompression(t *testing.T) {
	text := "一二，三四五。六七八"
	lines := breakOK(t, text, 7*em, 0) // 一二，三四五。 is 7 em: fits as it is
	if lines[0].Text != "一二，三四五。" || lines[0].Set(7 * em)[6].Half {
		t.Fatalf("lines %q", texts(lines))
	}
	for _, c := range []struct {
		width float64
		half  []int // the marks set half-width
	}{{6.5 * em, []int{6}}, {6 * em, []int{2, 6}}} {
		lines = breakOK(t, text, c.width, 0)
		if lines[0].Text != "一二，三四五。" || lines[0].Width != c.width {
			t.Fatalf("at %v em: lines %q, first %v em wide: want 一二，三四五。 squeezed", c.width/em, texts(lines), lines[0].Width/em)
		}
		gs := lines[0].Set(c.width)
		var half []int
		for i, g := range gs {
			if g.Half {
				half = append(half, i)
			}
		}
		if last := gs[len(gs)-1]; math.Abs(last.X+last.Width-c.width) > 1e-9 || !slices.Equal(half, c.half) {
			t.Errorf("at %v em: squeezed line set %+v", c.width/em, gs)
		}
	}
	// Without enough marks to compress, 五 goes down with its 。.
	if lines := breakOK(t, "一二三三四五。六七八", 6*em, 0); lines[0].Text != "一二三三四" {
		t.Errorf("lines %q", texts(lines))
	}
	// A loose line takes one more character by compressing its marks, rather than spread
	// more than a quarter em a gap: here 1 em of slack over 2 gaps.
	if lines := breakOK(t, "一，二，三ABC四五", 6*em, 0); lines[0].Text != "一，二，三ABC" {
		t.Errorf("lines %q", texts(lines))
	}
}

func TestFullWidthNumbersStayWhole(t *testing.T) {
	for _, text := range []string{"增长１２．５％，其中５０％以上", "共１２３４５６件", "ＡＢＣ公司"} {
		for w := 8.0; w <= 16; w++ {
			lines := breakOK(t, text, w*em, 0)
			for i := 0; i+1 < len(lines); i++ {
				a, b := []rune(lines[i].Text), []rune(lines[i+1].Text)
				x, y := a[len(a)-1], b[0]
				if isWordRune(x) && isWordRune(y) || x == '．' && isDigit(y) {
					t.Errorf("width %v: %q split: %q", w, text, texts(lines))
				}
			}
		}
	}
}

func TestWebAddressBreaksOnlyAfterSeparators(t *testing.T) {
	const url = "https://zwgk.example.gov.cn/xxgk/index.html?id=123&type=nb"
	text := "网址为" + url + "查看"
	from, to := len("网址为"), len("网址为"+url)
	for w := 9.0; w <= 30; w++ {
		lines := breakOK(t, text, w*em, 0)
		at := 0
		for _, l := range lines[:len(lines)-1] {
			at += len(l.Text)
			if at > from && at < to && (!strings.ContainsRune("/.?&", rune(text[at-1])) || at <= from+len("https://")) {
				t.Errorf("width %v: the address breaks after %q: %q", w, text[from:at], texts(lines))
			}
		}
		// Not letter-spaced; spaced after its separators only on a line of nothing else.
		gs, on := glyphsOf(lines, w*em)
		at = 0
		for i := 0; i+1 < len(gs); i++ {
			at += len(gs[i].Text)
			only := strings.Contains(url, lines[on[i]].Text)
			if on[i] == on[i+1] && at > from && at < to && gapAfter(gs, i) > 1e-9 &&
				(!only || !strings.ContainsRune("/.?&", rune(text[at-1]))) {
				t.Errorf("width %v: %s|%s spaced by %v in %q", w, text[from:at], gs[i+1].Text, gapAfter(gs, i), lines[on[i]].Text)
			}
		}
	}
}

// A web address that fits on a line of its own starts the next line rather than break, unless
// that leaves the line before it loose: then the line before that gives it characters, so
// that the two share the slack; the address breaks only when even shared the slack is more
// than half an em a gap.
func TestWebAddressMovesDownWhole(t *testing.T) {
	const url = "www.example.gov.cn/abc/def/"                       // 13.5 em
	lines := breakOK(t, strings.Repeat("政", 22)+url+"查看", 24*em, 0) // 2 em of slack over 21 gaps
	if len(lines) < 2 || lines[1].Text != url+"查看" {
		t.Errorf("lines %q: want the address whole on the second", texts(lines))
	}
	lines = breakOK(t, strings.Repeat("政", 12)+url+"查看", 24*em, 0) // 12 em of slack over 11 gaps
	if len(lines) < 2 || !strings.HasPrefix(lines[0].Text, strings.Repeat("政", 12)+"www.") {
		t.Errorf("lines %q: want the address broken after a separator", texts(lines))
	}
	// A full line, then 12 Hanzi before the address: 12 em of slack over two lines' 34 gaps.
	text := strings.Repeat("政", 36) + url + "查看"
	lines = breakOK(t, text, 24*em, 0)
	if len(lines) != 3 || lines[0].Text != strings.Repeat("政", 18) || lines[2].Text != url+"查看" {
		t.Errorf("lines %q: want 18 + 18 Hanzi, then the address whole", texts(lines))
	}
	gs, on := glyphsOf(lines, 24*em)
	for i := 0; i+1 < len(gs); i++ {
		if on[i] == on[i+1] && gapAfter(gs, i) > em/2 {
			t.Errorf("line %d spaced by %v em: %q", on[i], gapAfter(gs, i)/em, texts(lines))
		}
	}
	// 4 Hanzi: shared, 20 em over 26 gaps is still loose; the address breaks.
	lines = breakOK(t, strings.Repeat("政", 28)+url+"查看", 24*em, 0)
	if len(lines) < 2 || lines[0].Text != strings.Repeat("政", 24) || !strings.HasPrefix(lines[1].Text, strings.Repeat("政", 4)+"www.") {
		t.Errorf("lines %q: want the address broken after a separator", texts(lines))
	}
}

// —— and …… are two em wide and never spaced inside; a number keeps its 、 (the slack goes
// after the mark, not before it); nothing inside a number or word is spaced.
func TestJustificationTiers(t *testing.T) {
	text := "分别为1.1、2.25、3.5万元——合计……其中Office软件"
	lines := Break(text, 40*em, 0, mono)
	gs := lines[0].Set(40 * em)
	for i := 0; i+1 < len(gs); i++ {
		a, b := []rune(gs[i].Text)[0], []rune(gs[i+1].Text)[0]
		solid := isWordRune(a) && (isWordRune(b) || b == '.') || a == '.' || b == '、' ||
			a == b && (a == '—' || a == '…')
		if g := gapAfter(gs, i); solid && g != 0 || !solid && g <= 0 {
			t.Errorf("%c%c: gap %v", a, b, g)
		}
		if (a == '—' || a == '…') && gs[i].Width != em {
			t.Errorf("%c set %v em wide", a, gs[i].Width/em)
		}
	}
	if last := gs[len(gs)-1]; math.Abs(last.X+last.Width-40*em) > 1e-9 {
		t.Errorf("line ends at %v, want %v", last.X+last.Width, 40*em)
	}
}
