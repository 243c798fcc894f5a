package pdfwriter

import (
	"fmt"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/document"
)

// placedFaces is a faces ready to place the given texts in the body style.
func placedFaces(t *testing.T, texts ...string) *faces {
	t.Helper()
	f := newFaces(defaultFonts(t))
	for _, s := range texts {
		if err := f.need(bodyStyle.role, s, "测试"); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.register(newPDF(&document.Document{})); err != nil {
		t.Fatal(err)
	}
	return f
}

// A justified line takes its slack between Hanzi and around numbers, never inside a number,
// and still ends flush at the right edge.
func TestJustifiedLineKeepsNumbersSolid(t *testing.T) {
	text := "技局办公室联系（地址：县府东街99号6号楼B座20楼"
	f := placedFaces(t, text)
	line := cjk.Unbroken(text, f.measure(bodyStyle))
	glyphs := line.Set(areaW)
	for i := 0; i+1 < len(glyphs); i++ {
		a, b := glyphs[i], glyphs[i+1]
		if isDigit(a.Text) && isDigit(b.Text) && math.Abs(b.X-(a.X+a.Width)) > 1e-9 {
			t.Errorf("%s%s spaced by %.2f pt", a.Text, b.Text, b.X-(a.X+a.Width))
		}
	}
	end, n := 0.0, 0
	for _, p := range f.place(bodyStyle, left, glyphs) {
		k := len([]rune(p.text))
		n += k
		end = p.x + p.width + p.tc*float64(k-1)
	}
	if n != len([]rune(text)) {
		t.Errorf("%d characters placed, want %d", n, len([]rune(text)))
	}
	if math.Abs(end-(left+areaW)) > 0.01 {
		t.Errorf("line ends at %.2f, want %.2f (natural width %.2f)", end, left+areaW, line.Width)
	}
	// The last line of a paragraph is set solid.
	for _, p := range f.place(bodyStyle, left, line.Set(0)) {
		if p.tc != 0 && p.n > 1 {
			t.Errorf("natural-width line spaced: %+v", p)
		}
	}
}

func isDigit(s string) bool { return len(s) == 1 && s[0] >= '0' && s[0] <= '9' }

// In the PDF, the digits of 99 on the loose line of the Taicang report sit at their natural
// advance, while the line still ends flush at the right edge of the type area.
func TestNumbersAreNotLetterSpacedInThePDF(t *testing.T) {
	pdf := render(t, samples()["taicang2020"], Options{})
	words := wordBoxes(t, pdf, "-f", "1", "-l", "1")
	f := placedFaces(t, "99")
	found := false
	for _, w := range words {
		if w.text != "99" {
			continue
		}
		found = true
		if got, want := w.x1-w.x0, f.width(bodyStyle, "99"); math.Abs(got-want) > 0.05 {
			t.Errorf("99 is %.2f pt wide, want its natural %.2f", got, want)
		}
		lineEnd := 0.0
		for _, o := range words {
			if math.Abs(o.y-w.y) < 1 {
				lineEnd = max(lineEnd, o.x1)
			}
		}
		if math.Abs(lineEnd-(left+areaW)) > 0.5 {
			t.Errorf("the line with 99 ends at %.2f, want %.2f", lineEnd, left+areaW)
		}
	}
	if !found {
		t.Errorf("99 is not one word on page 1 (letter-spaced, or the sample changed): %v", words)
	}
	text := poppler(t, pdf, "pdftotext")
	for _, want := range []string{"0512-53537775", "2020年"} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(text) {
			t.Errorf("pdftotext does not find %q unbroken", want)
		}
	}
}

// wordBox is a word as pdftotext -bbox finds it.
type wordBox struct {
	x0, y, x1 float64
	text      string
}

// wordBoxes runs pdftotext -bbox with args on pdf.
func wordBoxes(t *testing.T, pdf []byte, args ...string) []wordBox {
	t.Helper()
	out := poppler(t, pdf, "pdftotext", append([]string{"-bbox"}, args...)...)
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	var words []wordBox
	for _, m := range word.FindAllStringSubmatch(out, -1) {
		var b wordBox
		fmt.Sscan(m[1]+" "+m[2]+" "+m[3], &b.x0, &b.y, &b.x1)
		b.text = html.UnescapeString(m[4])
		words = append(words, b)
	}
	return words
}

// introDocument is a document of the given paragraphs and nothing else.
func introDocument(paras ...string) *document.Document {
	return &document.Document{Title: document.Title{Agency: "示例市生态环境局", Year: "2025"}, Intro: paras}
}

// repeat joins n copies of s.
func repeat(s string, n int) string { return strings.Repeat(s, n) }

// Each line-level defect of issue 11, measured in the PDF by poppler: a word set apart by
// spaces in a justified paragraph keeps the width its characters give it.
func TestLineLevelDefectsInThePDF(t *testing.T) {
	prose := "本机关认真贯彻落实政府信息公开条例"
	// wordWidths checks the words that want knows, but for a word that fills a whole line.
	// A word at the end of a line may end in a mark set half-width.
	wordWidths := func(t *testing.T, d *document.Document, want func(word string) (float64, bool)) {
		t.Helper()
		n := 0
		for _, w := range wordBoxes(t, render(t, d, Options{})) {
			if width, ok := want(w.text); ok && (w.x0 > left+1 || w.x1 < left+areaW-1) {
				n++
				got, lineEnd := w.x1-w.x0, math.Abs(w.x1-(left+areaW)) < 0.05
				if math.Abs(got-width) > 0.05 && !(lineEnd && math.Abs(got-width+bodyStyle.size/2) < 0.05) {
					t.Errorf("%q is %.2f pt wide, want %.2f", w.text, got, width)
				}
			}
		}
		if n < 3 {
			t.Errorf("only %d of the words looked for are in the PDF", n)
		}
	}
	t.Run("dashes are 2 em", func(t *testing.T) {
		// On a paragraph's last line, set solid: 甲——乙 is 4 em from 甲 to 乙's end. (In
		// justified lines typo_audit.py measures the halves glyph by glyph, Tz and all.)
		var paras []string
		for i := range 4 {
			paras = append(paras, repeat("政", i)+repeat(prose, 2)+" 甲——乙 丙……丁")
		}
		wordWidths(t, introDocument(paras...), func(w string) (float64, bool) {
			return 4 * bodyStyle.size, w == "甲——乙" || w == "丙……丁"
		})
	})
	t.Run("web addresses are not letter-spaced and break after / . ? &", func(t *testing.T) {
		const url = "http://www.example.gov.cn/col/col12345/art/2025/art_0a1b2c3d4e5f.html"
		var paras []string
		for i := range 8 {
			paras = append(paras, repeat("政", 3*i)+repeat(prose+"网址为 "+url+" 查询，", 3))
		}
		d := introDocument(paras...)
		f := placedFaces(t, url)
		wordWidths(t, d, func(w string) (float64, bool) {
			return f.width(bodyStyle, w), strings.Contains(url, w) && len(w) > 3
		})
		text := poppler(t, render(t, d, Options{}), "pdftotext")
		for _, l := range strings.Split(text, "\n") {
			if i := strings.Index(l, "http"); i >= 0 && !strings.HasSuffix(l, ".html 查询，") &&
				strings.Contains(url, l[i:]) && !strings.ContainsAny(l[len(l)-1:], "/.?&") {
				t.Errorf("a line ends inside the address after %q", l[i:])
			}
		}
	})
	t.Run("full-width numbers are whole", func(t *testing.T) {
		var paras []string
		for i := range 12 {
			paras = append(paras, repeat("政", i)+repeat("增长１２．５％，其中５０％以上，共１２３４５件，", 6))
		}
		text := poppler(t, render(t, introDocument(paras...), Options{}), "pdftotext")
		lines := strings.Split(text, "\n")
		for i := 0; i+1 < len(lines); i++ {
			a, b := []rune(strings.TrimSpace(lines[i])), []rune(strings.TrimSpace(lines[i+1]))
			if len(a) > 0 && len(b) > 0 && strings.ContainsRune("０１２３４５６７８９．", a[len(a)-1]) &&
				strings.ContainsRune("０１２３４５６７８９．％", b[0]) {
				t.Errorf("a full-width number split: %s / %s", string(a), string(b))
			}
		}
	})
	t.Run("an opening mark starts a line half-width", func(t *testing.T) {
		// 「（１２）」 has no gap the slack may take: 4 em, or 3.5 em at a line start where its
		// （ is half-width, the ink at the margin (poppler measures the glyph boxes).
		var paras []string
		for i := range 16 {
			paras = append(paras, repeat("政", i)+repeat("政务公开 （１２） ", 12))
		}
		atStart := 0
		for _, w := range wordBoxes(t, render(t, introDocument(paras...), Options{})) {
			if w.text != "（１２）" || math.Abs(w.x1-(left+areaW)) < 0.05 { // (a line's end may squeeze it)
				continue
			}
			want := 4 * bodyStyle.size
			if math.Abs(w.x0-left) < 0.05 {
				want, atStart = 3.5*bodyStyle.size, atStart+1
			}
			if got := w.x1 - w.x0; math.Abs(got-want) > 0.05 {
				t.Errorf("（１２） at x %.2f is %.2f pt wide, want %.2f", w.x0, got, want)
			}
		}
		if atStart == 0 {
			t.Error("no line starts with （１２）")
		}
	})
	t.Run("adjacent marks are compressed and 、 stays after its number", func(t *testing.T) {
		f := placedFaces(t, "1.1、2.25、")
		var paras []string
		for i := range 4 {
			paras = append(paras, repeat("政", i)+repeat(prose+"分别为 1.1、 2.25、 ", 5)+"完 《条例》《规定》")
		}
		wordWidths(t, introDocument(paras...), func(w string) (float64, bool) {
			switch w {
			case "《条例》《规定》":
				return 7.5 * bodyStyle.size, true
			case "1.1、", "2.25、":
				return f.width(bodyStyle, w), true
			}
			return 0, false
		})
	})
}

// A title whose marks are compressed is centred by the width it is set in, not by the
// advances of its characters.
func TestTitleWithCompressedMarksIsCentred(t *testing.T) {
	d := introDocument("正文。")
	d.Title.Agency = "示例市（《条例》实施）办公室"
	centre := left + areaW/2
	n := 0
	for _, w := range wordBoxes(t, render(t, d, Options{}), "-f", "1", "-l", "1") {
		if strings.Contains(w.text, "条例") || strings.Contains(w.text, "年度报告") {
			n++
			if got := (w.x0 + w.x1) / 2; math.Abs(got-centre) > 0.05 {
				t.Errorf("title line %q is centred on %.2f, want %.2f", w.text, got, centre)
			}
		}
	}
	if n == 0 {
		t.Error("the title is not in the PDF")
	}
}

// —— at either end of a line is stretched inwards: its ink starts at the type area's left
// edge and ends at its right edge, never 1 pt outside.
func TestDashAtLineEndsInsideTypeArea(t *testing.T) {
	for _, text := range []string{"——一张清单、一套流程", "一张清单、一套流程——"} {
		f := placedFaces(t, text)
		line := cjk.Unbroken(text, f.measure(bodyStyle))
		ps := f.place(bodyStyle, left, line.Set(0))
		start, last := ps[0].x, ps[len(ps)-1]
		end := last.x + last.width + last.tc*float64(last.n-1)
		if start < left-1e-6 || end > left+line.Width+1e-6 {
			t.Errorf("%s: ink from %.2f to %.2f, type area from %.2f to %.2f", text, start, end, left, left+line.Width)
		}
	}
}

// A line holding only part of a web address longer than a line is set flush left: no
// space is added between the segments of the address (a reader copying it would get a
// wrong address), nor between its letters.
func TestLongAddressNeverSpaced(t *testing.T) {
	text := "地址为http://www.example.gov.cn/zfxxgk/fdzdgknr/ndbg/2025/art_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d.html，公众可以随时查阅。"
	f := placedFaces(t, text)
	lines := cjk.Break(text, areaW, 0, f.measure(bodyStyle))
	for _, l := range lines[:len(lines)-1] {
		if !strings.ContainsAny(l.Text, "地公") {
			for _, g := range pairs(l.Set(areaW)) {
				if gap := g[1].X - (g[0].X + g[0].Width); math.Abs(gap) > 1e-9 {
					t.Errorf("%q: %s|%s spaced by %.2f pt", l.Text, g[0].Text, g[1].Text, gap)
				}
			}
		}
	}
}

func pairs(gs []cjk.Glyph) [][2]cjk.Glyph {
	var out [][2]cjk.Glyph
	for i := 0; i+1 < len(gs); i++ {
		out = append(out, [2]cjk.Glyph{gs[i], gs[i+1]})
	}
	return out
}
