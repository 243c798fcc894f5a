package pdfwriter

import (
	"fmt"
	"math"
	"regexp"
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
	out := poppler(t, pdf, "pdftotext", "-bbox", "-f", "1", "-l", "1")
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
	type box struct {
		x0, y, x1 float64
		text      string
	}
	var words []box
	for _, m := range word.FindAllStringSubmatch(out, -1) {
		var b box
		fmt.Sscan(m[1]+" "+m[2]+" "+m[3], &b.x0, &b.y, &b.x1)
		b.text = m[4]
		words = append(words, b)
	}
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
		t.Errorf("99 is not one word on page 1 (letter-spaced, or the sample changed):\n%s", out)
	}
	text := poppler(t, pdf, "pdftotext")
	for _, want := range []string{"0512-53537775", "2020年"} {
		if !regexp.MustCompile(regexp.QuoteMeta(want)).MatchString(text) {
			t.Errorf("pdftotext does not find %q unbroken", want)
		}
	}
}
