package pdfwriter

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
)

// style is a role's face at a size in points.
type style struct {
	role fonts.Role
	size float64
}

// faces knows, for one document, which face prints each character and how wide it is. Each
// face is cut down to the characters the document uses before gofpdf parses it: parsing a
// whole 4 MB face costs tens of milliseconds per document, a cut one about one.
type faces struct {
	set    *fonts.Set
	order  []*fonts.Face // in order of first use, so that the output does not depend on map order
	runes  map[*fonts.Face]map[rune]bool
	family map[*fonts.Face]string
	// half is the family of each face's full-width marks in their half-width forms, for
	// compressed punctuation; "" when the document has none in the face.
	half map[*fonts.Face]string
	pdf  *gofpdf.Fpdf // the document the faces are registered in
	// subsetNames maps the names gofpdf gives the cut faces in the PDF to the names with
	// the subset tag that PDF readers expect.
	subsetNames map[string]string
}

func newFaces(set *fonts.Set) *faces {
	return &faces{set: set, runes: map[*fonts.Face]map[rune]bool{},
		family: map[*fonts.Face]string{}, half: map[*fonts.Face]string{},
		subsetNames: map[string]string{}}
}

// need records that text is printed in role, at the place named by where; a character no
// face has is a *MissingGlyphError.
func (f *faces) need(role fonts.Role, text, where string) error {
	text = clean(text)
	for i, r := range text {
		if r == ' ' && f.set.FaceFor(role, r) == nil {
			continue // a space needs no glyph; it is measured as half an em
		}
		face := f.set.FaceFor(role, r)
		if r > 0xFFFF || face == nil {
			return &MissingGlyphError{Char: r, Where: where, Context: around(text, i), OutsideBMP: r > 0xFFFF}
		}
		if f.runes[face] == nil {
			f.runes[face] = map[rune]bool{}
			f.order = append(f.order, face)
		}
		f.runes[face][r] = true
	}
	return nil
}

// register cuts every face to its characters and hands the cut to pdf.
func (f *faces) register(pdf *gofpdf.Fpdf) error {
	for i, face := range f.order {
		runes := make([]rune, 0, len(f.runes[face]))
		for r := range f.runes[face] {
			runes = append(runes, r)
		}
		slices.Sort(runes)
		cut, err := face.Subset(runes)
		if err != nil {
			return fmt.Errorf("cut font: %w", err)
		}
		// The font's name in the PDF: gofpdf writes "utf8" and the lower-cased family.
		family := fmt.Sprintf("%s%s-%d", subsetPrefix, face.Family, i)
		f.subsetNames["/utf8"+strings.ToLower(family)] = "/" + subsetTag(face.Name, runes) + "+" + strings.ToLower(family[len(subsetPrefix):])
		pdf.AddUTF8FontFromBytes(family, "", cut)
		pdf.SetFont(family, "", 1000)
		if err := pdf.Error(); err != nil {
			return fmt.Errorf("font %s: %w", face.Name, err)
		}
		f.family[face] = family
	}
	f.pdf = pdf
	return nil
}

// halfFamily is the family of the face's full-width marks in their half-width forms, which
// compressed punctuation is printed in. It is handed to the PDF the first time a mark of the
// face is compressed: most documents compress marks of one or two of their faces only. A
// failure is the PDF's error, which Write reports.
func (f *faces) halfFamily(face *fonts.Face) string {
	if family, ok := f.half[face]; ok {
		return family
	}
	family, err := f.registerHalf(face)
	if err != nil {
		f.pdf.SetError(err)
	}
	f.half[face] = family
	return family
}

// registerHalf cuts the half-width forms of the face's marks that the document uses and hands
// them to the PDF.
func (f *faces) registerHalf(face *fonts.Face) (string, error) {
	var left, right []rune
	for r := range f.runes[face] {
		switch {
		case strings.ContainsRune(cjk.InkLeft, r):
			left = append(left, r)
		case strings.ContainsRune(cjk.InkRight, r):
			right = append(right, r)
		}
	}
	slices.Sort(left)
	slices.Sort(right)
	cut, err := face.HalfWidth(left, right)
	if err != nil {
		return "", fmt.Errorf("cut font: %w", err)
	}
	family := fmt.Sprintf("%s%s-half-%d", subsetPrefix, face.Family, slices.Index(f.order, face))
	marks := append(left, right...)
	f.subsetNames["/utf8"+strings.ToLower(family)] = "/" + subsetTag(face.Name+" half", marks) + "+" + strings.ToLower(family[len(subsetPrefix):])
	f.pdf.AddUTF8FontFromBytes(family, "", cut)
	if err := f.pdf.Error(); err != nil {
		return "", fmt.Errorf("font %s: %w", face.Name, err)
	}
	return family, nil
}

// subsetPrefix starts every family name given to gofpdf; with gofpdf's "utf8" before it,
// it takes exactly the room of the subset tag "ABCDEF+" that replaces both in the output.
const subsetPrefix = "sub"

// subsetTag is the six capital letters that PDF names a font subset with (ISO 32000 9.6.4),
// derived from the face and the characters in it, so that the same input gives the same tag.
func subsetTag(face string, runes []rune) string {
	h := sha256.New()
	h.Write([]byte(face))
	for _, r := range runes {
		h.Write(utf8.AppendRune(nil, r))
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// tagSubsets renames, in place, the fonts in a PDF that gofpdf wrote to their tagged subset
// names. The names have the same length, so the cross-reference offsets stay right and the
// 150 KB of the PDF are not copied once per name.
func (f *faces) tagSubsets(pdf []byte) {
	for name, tagged := range f.subsetNames {
		for _, key := range []string{"/BaseFont ", "/FontName "} {
			from, to := []byte(key+name), []byte(key+tagged)
			for rest := pdf; ; {
				i := bytes.Index(rest, from)
				if i < 0 {
					break
				}
				copy(rest[i:], to)
				rest = rest[i+len(to):]
			}
		}
	}
}

// width is the advance width of text in st, in points.
func (f *faces) width(st style, text string) float64 {
	w := 0.0
	for _, r := range text {
		w += f.runeWidth(st.role, r)
	}
	return w * st.size
}

func (f *faces) runeWidth(role fonts.Role, r rune) float64 {
	face := f.set.FaceFor(role, r)
	if face == nil {
		return 0.5 // a space without a glyph
	}
	return face.Advance(r)
}

// measure is width as the line breaker wants it.
func (f *faces) measure(st style) func(string) float64 {
	return func(s string) float64 { return f.width(st, s) }
}

// run is a stretch of text printed in one face.
type run struct {
	family string
	text   string
	n      int // characters
	width  float64
}

// runs splits text into stretches of one face each (a rare character falls back to
// another face than its neighbours).
func (f *faces) runs(st style, text string) []run {
	var out []run
	for _, r := range text {
		face := f.set.FaceFor(st.role, r)
		fam := f.family[face]
		w := f.runeWidth(st.role, r) * st.size
		if face == nil { // a glyph-less space: leave a gap
			out = append(out, run{width: w, n: 1})
			continue
		}
		if n := len(out); n > 0 && out[n-1].family == fam && fam != "" {
			out[n-1].text += string(r)
			out[n-1].n++
			out[n-1].width += w
			continue
		}
		out = append(out, run{family: fam, text: string(r), n: 1, width: w})
	}
	return out
}

// clean makes text printable (document.Clean).
func clean(s string) string { return document.Clean(s) }

// around is the text on both sides of byte offset i, for messages.
func around(text string, i int) string {
	rs := []rune(text)
	at := len([]rune(text[:i]))
	from, to := max(0, at-10), min(len(rs), at+10)
	return string(rs[from:to])
}
