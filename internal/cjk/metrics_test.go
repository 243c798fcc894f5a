package cjk

import (
	"testing"

	"github.com/nianbao/nianbao/internal/fonts"
)

// TestSeedWithBodyFaceMetrics breaks the seed with the real proportional widths of the
// embedded body face, as the PDF writer does: 三号 (16 pt) on the 156 mm GB/T 9704 line, and
// 五号 (10.5 pt) in a table 四 column of 10.4 mm.
func TestSeedWithBodyFaceMetrics(t *testing.T) {
	paras := seedParagraphs(t)
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	body := set.Faces[fonts.Body]
	const mm = 72 / 25.4
	for _, c := range []struct{ size, width float64 }{{16, 156 * mm}, {10.5, 10.4 * mm}} {
		width := func(s string) float64 {
			w := 0.0
			for _, r := range s {
				w += body.Advance(r)
			}
			return w * c.size
		}
		for _, p := range paras {
			lines := Break(p, c.width, 2*c.size, width)
			checkKept(t, p, lines)
			checkWidths(t, lines, c.width, 2*c.size, width)
			if c.size == 16 {
				for _, b := range ruleBreaks(p, lines) {
					t.Error(b)
				}
			}
		}
	}
}
