package pdfwriter

import (
	"testing"

	"github.com/nianbao/nianbao/internal/fonts"
)

// TestLabelWidthsFollowTheFaces: a remembered label width is the one measured in the faces
// asked for, also when the faces change between reports (--font-table, another run of the
// desk), and from the second time on it is the one remembered.
func TestLabelWidthsFollowTheFaces(t *testing.T) {
	serif := defaultFonts(t)
	sans := defaultFonts(t)
	sans.Faces[fonts.Table] = sans.Faces[fonts.Heading]
	const label = "5.要求行政机关确认或重新出具已获取信息 (2024)"
	for _, set := range []*fonts.Set{serif, sans, serif, sans} {
		measure := newFaces(set).measure(tableStyle)
		want := labelWidth(label, 3, measure)
		for range 2 {
			if got := rememberedLabelWidth(set, label, 3, measure); got != want {
				t.Errorf("%s: remembered width %.2f, measured %.2f", set.Faces[fonts.Table].Name, got, want)
			}
		}
	}
	serifW := labelWidth(label, 3, newFaces(serif).measure(tableStyle))
	sansW := labelWidth(label, 3, newFaces(sans).measure(tableStyle))
	if serifW == sansW {
		t.Fatalf("the two faces give the same width %.2f: the test cannot tell them apart", serifW)
	}
}
