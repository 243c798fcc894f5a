package pdfwriter

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
)

func TestPiecesKeepNumbersAndWordsWhole(t *testing.T) {
	cases := map[string][]string{
		"县府东街99号6号楼B座20楼":    {"99", "6", "B", "20"},
		"电话：0512-53537775）。": {"0512-53537775"},
		"收费3.25万元，增长10%。":    {"3.25", "10%"},
		"网址www.gov.cn/xxgk，": {"www.gov.cn/xxgk"},
		"共1,000件、2020年":      {"1,000", "2020"},
		"a-":                 {"a"},
	}
	for text, want := range cases {
		var got []string
		joined := ""
		for _, p := range pieces(text) {
			joined += p.text
			if p.cluster {
				got = append(got, p.text)
			}
		}
		if !slices.Equal(got, want) || joined != text {
			t.Errorf("pieces(%q): clusters %q, want %q (joined %q)", text, got, want, joined)
		}
	}
}

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
	natural := f.width(bodyStyle, text)
	ps := f.place(bodyStyle, left, text, areaW)
	end, n := 0.0, 0
	for _, p := range ps {
		k := len([]rune(p.text))
		n += k
		end = p.x + f.width(bodyStyle, p.text) + p.tc*float64(k-1)
		if isClusterRune([]rune(p.text)[0]) && p.tc != 0 {
			t.Errorf("cluster %q spaced by %.2f pt", p.text, p.tc)
		}
		if !isClusterRune([]rune(p.text)[0]) && p.tc <= 0 {
			t.Errorf("Hanzi %q not spaced (Tc %.2f) on a loose line", p.text, p.tc)
		}
	}
	if n != len([]rune(text)) {
		t.Errorf("%d characters placed, want %d", n, len([]rune(text)))
	}
	if math.Abs(end-(left+areaW)) > 0.01 {
		t.Errorf("line ends at %.2f, want %.2f (natural width %.2f)", end, left+areaW, natural)
	}
	// The last line of a paragraph is set solid.
	for _, p := range f.place(bodyStyle, left, text, 0) {
		if p.tc != 0 {
			t.Errorf("natural-width line spaced: %+v", p)
		}
	}
}

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
