package fonts

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// pdfWith writes text in font with gofpdf, at a fixed date, and returns the PDF and the width
// gofpdf measures for each character at 1000 points.
func pdfWith(t *testing.T, font []byte, text string) ([]byte, []float64) {
	t.Helper()
	pdf := gofpdf.New("P", "pt", "A4", "")
	pdf.SetCreationDate(time.Unix(0, 0))
	pdf.SetModificationDate(time.Unix(0, 0))
	pdf.AddUTF8FontFromBytes("face", "", font)
	pdf.SetFont("face", "", 1000)
	var widths []float64
	for _, r := range text {
		widths = append(widths, pdf.GetStringWidth(string(r))/1000)
	}
	pdf.AddPage()
	pdf.SetFont("face", "", 12)
	pdf.Cell(0, 20, text)
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), widths
}

// A cut must change nothing in the PDF: the same bytes as with gofpdf's own cutter (which the
// writer used before), and the widths measured from the face are the ones gofpdf writes.
func TestSubsetGivesTheSamePDF(t *testing.T) {
	set, _ := Default()
	text := "政府信息公开工作年度报告，2020年。（一）ABC abc…—“”"
	for _, f := range distinctFaces(set) {
		text := text
		if f.Name == "Droid Sans Fallback" {
			text = "龘靐㐀㐇㐈㐉" // composite glyphs: their parts must come along
		}
		cut, err := f.Subset([]rune(text))
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if len(cut) > 64<<10 {
			t.Errorf("%s: a cut of %d characters takes %d bytes", f.Name, len([]rune(text)), len(cut))
		}
		want, widths := pdfWith(t, gofpdf.UTF8CutFont(bytes.Clone(embeddedData(t, f)), text), text)
		got, _ := pdfWith(t, cut, text)
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the PDF from the cut differs from gofpdf's own cut", f.Name)
		}
		for i, r := range []rune(text) {
			if f.Has(r) && f.Advance(r) != widths[i] {
				t.Errorf("%s: width of %q is %g, gofpdf measures %g", f.Name, r, f.Advance(r), widths[i])
			}
		}
	}
}

// embeddedData is the file of an embedded face.
func embeddedData(t *testing.T, f *Face) []byte {
	t.Helper()
	for _, data := range [][]byte{notoSerifRegular, notoSerifBold, notoSansBold, nianbaoKai, droidRest} {
		if info, _ := parseSFNT(data); info.fullName == f.sfnt.fullName {
			return data
		}
	}
	t.Fatalf("%s is not embedded", f.Name)
	return nil
}

func TestSubsetIsAFontOfItsCharacters(t *testing.T) {
	set, _ := Default()
	droid := set.Fallbacks[len(set.Fallbacks)-1]
	text := []rune("㐇㐈龘汉") // 汉 is not in the Droid cut and is left out
	cut, err := droid.Subset(text)
	if err != nil {
		t.Fatal(err)
	}
	info, err := parseSFNT(cut)
	if err != nil {
		t.Fatalf("the cut is refused: %v", err)
	}
	for _, r := range text[:3] {
		if !info.glyphs.has(r) {
			t.Errorf("the cut lacks %q", r)
		}
		orig, _ := droid.sfnt.glyph(int(droid.sfnt.glyphs[r]))
		got, _ := info.glyph(int(info.glyphs[r]))
		if len(got) < len(orig) || !bytes.Equal(got[:10], orig[:10]) {
			t.Errorf("%q: glyph not copied", r)
		}
		// Every part of a composite glyph is in the cut, with the glyph it was.
		components(got, func(at int) error {
			part := int(binary.BigEndian.Uint16(got[at:]))
			origPart := int(binary.BigEndian.Uint16(orig[at:]))
			p, _ := info.glyph(part)
			o, _ := droid.sfnt.glyph(origPart)
			if part >= info.numGlyphs || len(p) < len(o) || len(o) >= 10 && !bytes.Equal(p[:10], o[:10]) {
				t.Errorf("%q: part %d (was %d) is not the same glyph", r, part, origPart)
			}
			return nil
		})
	}
	if info.glyphs.has('汉') {
		t.Error("a character the face lacks is mapped")
	}
	if info.numGlyphs > 20 {
		t.Errorf("the cut holds %d glyphs", info.numGlyphs)
	}
}

// A composite glyph that contains itself would send gofpdf into endless recursion; a part
// past the last glyph would send it out of bounds.
func TestSubsetRefusesBrokenComposites(t *testing.T) {
	info, err := parseSFNT(droidRest)
	if err != nil {
		t.Fatal(err)
	}
	r := '㐇'
	gid := int(info.glyphs[r])
	for name, part := range map[string]int{"itself": gid, "past the end": info.numGlyphs} {
		data := bytes.Clone(droidRest)
		broken, _ := parseSFNT(data)
		g, _ := broken.glyph(gid)
		binary.BigEndian.PutUint16(g[12:], uint16(part)) // the first component's glyph
		if _, err := broken.subset([]rune{r}); !errors.Is(err, ErrNotFont) {
			t.Errorf("a part %s: got %v, want ErrNotFont", name, err)
		}
	}
}

// Faces are shared by documents typeset in parallel, and gofpdf writes into the fonts it is
// given: cutting and handing cuts to gofpdf must leave the faces as they were (and, under
// go test -race, show no data race).
func TestFacesAreNotModified(t *testing.T) {
	set, _ := Default()
	files := [][]byte{notoSerifRegular, notoSerifBold, notoSansBold, droidRest}
	var before [][32]byte
	for _, data := range files {
		before = append(before, sha256.Sum256(data))
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, f := range distinctFaces(set) {
				cut, err := f.Subset([]rune("政府信息公开，龘"))
				if err != nil {
					t.Error(err)
					return
				}
				pdf := gofpdf.New("P", "pt", "A4", "")
				pdf.AddUTF8FontFromBytes("face", "", cut)
				pdf.AddPage()
				pdf.SetFont("face", "", 12)
				pdf.Cell(0, 20, "政府信息公开，龘")
				if err := pdf.Output(io.Discard); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for i, data := range files {
		if sha256.Sum256(data) != before[i] {
			t.Errorf("cutting changed the bytes of embedded face %d", i)
		}
	}
}

// BenchmarkCut compares what a document pays to cut the body face: gofpdf's cutter, which
// needs a copy of the face because it writes into it, and Subset.
func BenchmarkCut(b *testing.B) {
	set, _ := Default()
	body := set.Faces[Body]
	text := []rune("政府信息公开工作年度报告主动公开依申请公开收到和处理政府信息公开申请情况行政复议行政诉讼")
	b.Run("gofpdf", func(b *testing.B) {
		for b.Loop() {
			gofpdf.UTF8CutFont(bytes.Clone(notoSerifRegular), string(text))
		}
	})
	b.Run("Subset", func(b *testing.B) {
		for b.Loop() {
			if _, err := body.Subset(text); err != nil {
				b.Fatal(err)
			}
		}
	})
}
