package fonts

import (
	"encoding/binary"
	"os"
	"testing"
)

// The half-width cut halves the advance of every mark; the ink of a closing mark stays, an
// opening mark becomes a composite of its outline moved left by half the advance.
func TestHalfWidthForms(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	face := set.Faces[Body]
	data, err := face.HalfWidth([]rune("，。」"), []rune("（「"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := parseSFNT(data)
	if err != nil {
		t.Fatalf("the half-width cut is no font: %v", err)
	}
	full := face.sfnt
	for _, r := range "，。」（「" {
		gid, orig := int(s.glyphs[r]), int(full.glyphs[r])
		if gid == 0 {
			t.Fatalf("%c is not in the cut", r)
		}
		if got, want := s.advance(gid), full.advance(orig)/2; got != want {
			t.Errorf("%c: advance %d, want %d", r, got, want)
		}
		g, _ := s.glyph(gid)
		composite := int16(binary.BigEndian.Uint16(g)) < 0
		if (r == '（' || r == '「') != composite {
			t.Errorf("%c: composite %v", r, composite)
		}
		if !composite {
			continue
		}
		part := int(binary.BigEndian.Uint16(g[12:]))
		dx := int16(binary.BigEndian.Uint16(g[14:]))
		if int(dx) != -full.advance(orig)/2 || s.advance(part) != full.advance(orig) {
			t.Errorf("%c: outline %d moved by %d", r, part, dx)
		}
		p, _ := s.glyph(part)
		o, _ := full.glyph(orig)
		if string(p) != string(o) {
			t.Errorf("%c: the moved outline is not the face's", r)
		}
	}
}

// Whatever face parses, its half-width cut is a font that parses in turn (and never a panic).
func FuzzHalfWidth(f *testing.F) {
	seed, err := os.ReadFile("testdata/marks.ttf") // Noto Serif SC cut to ，（」中 by Face.Subset
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		face, err := parseSFNT(data)
		if err != nil {
			return
		}
		out, err := (&Face{Name: "fuzz", sfnt: face}).HalfWidth([]rune("，」"), []rune("（"))
		if err != nil {
			return
		}
		if _, err := parseSFNT(out); err != nil {
			t.Fatalf("half-width cut refused: %v", err)
		}
	})
}
