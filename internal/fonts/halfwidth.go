package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Composite glyph flags for a component placed at an offset (OpenType glyf table).
const (
	argsAreXYValues = 0x0002
)

// HalfWidth returns a TrueType font of the marks among left and right in their half-width
// forms, for punctuation compression (clreq): the advance halved; the ink of the marks of
// left (closing marks, 、，。) stays where it is, in the left half; the ink of the marks of
// right (opening brackets and quotes) moves left by half the advance. Set in it, a compressed
// mark takes half an em in the PDF as on paper, for readers and tools that measure glyph boxes
// as much as for the eye. Characters the face lacks are left out.
func (f *Face) HalfWidth(left, right []rune) ([]byte, error) {
	if f.sfnt == nil {
		return nil, fmt.Errorf("%s: %w", f.Name, ErrNotFont)
	}
	cut, err := f.sfnt.subset(append(slices.Clone(left), right...))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	s, err := parseSFNT(cut)
	if err != nil {
		return nil, fmt.Errorf("%s: half-width cut: %w", f.Name, err)
	}
	out := s.halfWidth(left, right)
	if out == nil {
		return nil, fmt.Errorf("%s: %w", f.Name, ErrTooManyGlyphs)
	}
	return out, nil
}

// ErrTooManyGlyphs means the half-width forms would take a font past 65,535 glyphs.
var ErrTooManyGlyphs = errors.New("too many glyphs for the half-width forms")

// halfWidth rewrites a cut font (long loca, every glyph with a long metric) so that the
// glyphs of left and right are half as wide, those of right made composites that place
// their original outline, kept as a new glyph at the end, half the advance to the left. It
// returns nil when the glyphs would be too many.
func (s *sfntInfo) halfWidth(left, right []rune) []byte {
	n := s.numGlyphs
	glyphs := make([][]byte, n)
	metrics := make([][2]int, n) // advance, left side bearing
	hmtx := s.tables["hmtx"]
	for gid := range n {
		glyphs[gid], _ = s.glyph(gid) // checked by parseSFNT
		metrics[gid] = [2]int{s.advance(gid), int(int16(binary.BigEndian.Uint16(hmtx[4*gid+2:])))}
	}
	done := map[int]bool{}
	halve := func(r rune, move bool) {
		gid := int(s.glyphs[r])
		if !s.glyphs.has(r) || done[gid] {
			return
		}
		done[gid] = true
		adv, lsb := metrics[gid][0], metrics[gid][1]
		metrics[gid][0] = adv / 2
		if !move || len(glyphs[gid]) < 10 {
			return
		}
		// The composite: the outline's bounds moved left, then one component, the outline
		// itself (now the last glyph) at (-adv/2, 0).
		orig := glyphs[gid]
		c := make([]byte, 10, 18)
		binary.BigEndian.PutUint16(c, 0xFFFF) // numberOfContours -1: a composite
		for i, at := range []int{2, 4, 6, 8} {
			v := int(int16(binary.BigEndian.Uint16(orig[at:])))
			if i%2 == 0 {
				v -= adv / 2
			}
			binary.BigEndian.PutUint16(c[at:], uint16(int16(v)))
		}
		c = binary.BigEndian.AppendUint16(c, argsAreWords|argsAreXYValues)
		c = binary.BigEndian.AppendUint16(c, uint16(len(glyphs)))
		c = binary.BigEndian.AppendUint16(c, uint16(int16(-adv/2)))
		c = binary.BigEndian.AppendUint16(c, 0)
		glyphs = append(glyphs, orig)
		metrics = append(metrics, [2]int{adv, lsb})
		glyphs[gid] = c
		metrics[gid][1] = lsb - adv/2
	}
	for _, r := range left {
		halve(r, false)
	}
	for _, r := range right {
		halve(r, true)
	}

	if len(glyphs) > 0xFFFF {
		return nil
	}
	var glyf, loca, hm []byte
	for gid, g := range glyphs {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, g...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		hm = binary.BigEndian.AppendUint16(hm, uint16(metrics[gid][0]))
		hm = binary.BigEndian.AppendUint16(hm, uint16(int16(metrics[gid][1])))
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
	total := uint16(len(glyphs))
	maxp := withUint16(s.tables["maxp"], 4, total)
	if len(maxp) >= 32 && len(glyphs) > n { // version 1.0: room for one component, one level deeper
		binary.BigEndian.PutUint16(maxp[28:], max(binary.BigEndian.Uint16(maxp[28:]), 1))
		binary.BigEndian.PutUint16(maxp[30:], binary.BigEndian.Uint16(maxp[30:])+1)
	}
	tables := make(map[string][]byte, len(s.tables))
	for tag, t := range s.tables {
		tables[tag] = t
	}
	tables["glyf"], tables["loca"], tables["hmtx"], tables["maxp"] = glyf, loca, hm, maxp
	tables["hhea"] = withUint16(s.tables["hhea"], 34, total)
	head := slices.Clone(s.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set by assemble
	tables["head"] = head
	return assemble(tables)
}
