package fonts

// Cutting a face down to the characters of one document. gofpdf can cut fonts itself
// (UTF8CutFont) but it writes into the bytes it reads, so every document would need its own
// copy of a 4 MB face, and it parses the whole face each time. Here the face is parsed once
// and read only; each cut is a small new TrueType file that gofpdf may then do with as it likes.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// ErrTooManyCharacters means a document uses more distinct characters of one face than a
// cut's character map can hold (about 8,000).
var ErrTooManyCharacters = errors.New("too many distinct characters for one font")

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	have2x2        = 0x0080
)

// maxGlyphVisits bounds how many glyph visits gofpdf makes to cut a document's glyphs: it
// walks composite glyphs recursively without remembering what it has seen, so a hostile
// font whose composites refer to each other in a cycle or in a deep lattice would make it
// recurse without end. Real fonts need a few per character.
const maxGlyphVisits = 1 << 20

// Subset returns a TrueType font holding only the glyphs of runes (and .notdef, and the parts
// of composite glyphs), in the order of the face, with the face's metrics, names and hinting.
// Characters the face lacks are left out. The result is new memory; the face is not touched.
func (f *Face) Subset(runes []rune) ([]byte, error) {
	if f.sfnt == nil {
		return nil, fmt.Errorf("%s: %w", f.Name, ErrNotFont)
	}
	out, err := f.sfnt.subset(runes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return out, nil
}

// glyph returns the outline data of glyph gid.
func (s *sfntInfo) glyph(gid int) ([]byte, error) {
	loca, glyf := s.tables["loca"], s.tables["glyf"]
	var from, to int
	if s.longLoca {
		from, to = int(binary.BigEndian.Uint32(loca[4*gid:])), int(binary.BigEndian.Uint32(loca[4*gid+4:]))
	} else {
		from, to = 2*int(binary.BigEndian.Uint16(loca[2*gid:])), 2*int(binary.BigEndian.Uint16(loca[2*gid+2:]))
	}
	if from > to || to > len(glyf) {
		return nil, fmt.Errorf("%w: glyph %d out of bounds", ErrNotFont, gid)
	}
	return glyf[from:to], nil
}

// components calls fn with the offset of each component's glyph index in a composite glyph's
// data; a simple glyph has none.
func components(data []byte, fn func(at int) error) error {
	if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil
	}
	for at := 10; ; {
		if at+4 > len(data) {
			return fmt.Errorf("%w: truncated composite glyph", ErrNotFont)
		}
		flags := binary.BigEndian.Uint16(data[at:])
		if err := fn(at + 2); err != nil {
			return err
		}
		at += 4 + 2
		if flags&argsAreWords != 0 {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&have2x2 != 0:
			at += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// closure adds to keep every glyph that the composite glyphs in keep are made of, and checks
// that gofpdf's walk over them ends.
func (s *sfntInfo) closure(keep map[int]bool) error {
	visits := map[int]int{} // glyph visits gofpdf makes from a glyph; -1 while being counted
	var count func(gid int) (int, error)
	count = func(gid int) (int, error) {
		switch n := visits[gid]; {
		case n < 0:
			return 0, fmt.Errorf("%w: composite glyph %d contains itself", ErrNotFont, gid)
		case n > 0:
			return n, nil
		}
		visits[gid] = -1
		data, err := s.glyph(gid)
		if err != nil {
			return 0, err
		}
		n := 1
		err = components(data, func(at int) error {
			part := int(binary.BigEndian.Uint16(data[at:]))
			if part >= s.numGlyphs {
				return fmt.Errorf("%w: composite glyph %d refers to glyph %d", ErrNotFont, gid, part)
			}
			keep[part] = true
			m, err := count(part)
			n += m
			if n > maxGlyphVisits {
				return fmt.Errorf("%w: composite glyphs nested too deeply", ErrNotFont)
			}
			return err
		})
		visits[gid] = n
		return n, err
	}
	total := 0
	for _, gid := range sortedKeys(keep) {
		n, err := count(gid)
		if err != nil {
			return err
		}
		if total += n; total > maxGlyphVisits {
			return fmt.Errorf("%w: composite glyphs nested too deeply", ErrNotFont)
		}
	}
	return nil
}

func sortedKeys(m map[int]bool) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// subset builds the cut font; see Face.Subset.
func (s *sfntInfo) subset(runes []rune) ([]byte, error) {
	keep := map[int]bool{0: true}
	for _, r := range runes {
		if s.glyphs.has(r) {
			keep[int(s.glyphs[r])] = true
		}
	}
	if err := s.closure(keep); err != nil {
		return nil, err
	}
	// Glyphs keep their order, so that gofpdf's own cut of the cut is the cut it would have
	// made of the whole face: the same PDF, byte for byte.
	old := sortedKeys(keep)
	renumber := make(map[int]int, len(old))
	for i, gid := range old {
		renumber[gid] = i
	}

	var glyf, loca, hmtx []byte
	hmtxIn := s.tables["hmtx"]
	for _, gid := range old {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		data, _ := s.glyph(gid) // checked by closure
		at := len(glyf)
		glyf = append(glyf, data...)
		_ = components(data, func(off int) error {
			part := int(binary.BigEndian.Uint16(data[off:]))
			binary.BigEndian.PutUint16(glyf[at+off:], uint16(renumber[part]))
			return nil
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		lsb := hmtxIn[4*s.hMetrics+2*(gid-s.hMetrics):] // past the long metrics: only the side bearing
		if gid < s.hMetrics {
			lsb = hmtxIn[4*gid+2:]
		}
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(s.advance(gid)))
		hmtx = append(hmtx, lsb[:2]...)
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	cmap, err := s.cutCmap(runes, renumber)
	if err != nil {
		return nil, err
	}
	n := uint16(len(old))
	head := withUint16(s.tables["head"], 50, 1) // long loca
	binary.BigEndian.PutUint32(head[8:], 0)     // checkSumAdjustment, set below
	post := make([]byte, 32)                    // version 3: no glyph names
	copy(post[4:], s.tables["post"][min(4, len(s.tables["post"])):])
	post[1] = 3
	tables := map[string][]byte{
		"head": head, "hhea": withUint16(s.tables["hhea"], 34, n), "maxp": withUint16(s.tables["maxp"], 4, n),
		"hmtx": hmtx, "loca": loca, "glyf": glyf, "cmap": cmap, "post": post, "name": s.tables["name"],
	}
	for _, tag := range []string{"OS/2", "cvt ", "fpgm", "prep", "gasp"} { // kept as they are
		if t, ok := s.tables[tag]; ok {
			tables[tag] = t
		}
	}
	return assemble(tables), nil
}

// withUint16 returns a copy of table with the big-endian value v at offset at.
func withUint16(table []byte, at int, v uint16) []byte {
	out := slices.Clone(table)
	binary.BigEndian.PutUint16(out[at:], v)
	return out
}

// cutCmap builds a cmap with one subtable (Windows Unicode BMP, format 4) mapping runes to the
// renumbered glyphs: one segment per run of characters whose glyphs also follow each other.
func (s *sfntInfo) cutCmap(runes []rune, renumber map[int]int) ([]byte, error) {
	type segment struct{ start, end, delta int }
	var segs []segment
	for _, r := range slices.Compact(slices.Sorted(slices.Values(runes))) {
		if !s.glyphs.has(r) {
			continue
		}
		c, delta := int(r), renumber[int(s.glyphs[r])]-int(r)
		if n := len(segs); n > 0 && segs[n-1].end == c-1 && segs[n-1].delta == delta {
			segs[n-1].end = c
			continue
		}
		segs = append(segs, segment{c, c, delta})
	}
	segs = append(segs, segment{0xFFFF, 0xFFFF, 1}) // the end segment format 4 requires
	length := 16 + 8*len(segs)
	if length > 0xFFFF {
		return nil, ErrTooManyCharacters
	}
	searchRange, selector := 1, 0
	for 2*searchRange <= len(segs) {
		searchRange, selector = 2*searchRange, selector+1
	}
	var b []byte
	u16 := func(v int) { b = binary.BigEndian.AppendUint16(b, uint16(v)) }
	u16(0) // cmap version
	u16(1) // one subtable
	u16(3) // Windows
	u16(1) // Unicode BMP
	b = binary.BigEndian.AppendUint32(b, 12)
	for _, v := range []int{4, length, 0, 2 * len(segs), 2 * searchRange, selector, 2 * (len(segs) - searchRange)} {
		u16(v) // format, length, language, segCountX2, searchRange, entrySelector, rangeShift
	}
	for _, sg := range segs {
		u16(sg.end)
	}
	u16(0) // reserved
	for _, sg := range segs {
		u16(sg.start)
	}
	for _, sg := range segs {
		u16(sg.delta & 0xFFFF)
	}
	for range segs {
		u16(0) // idRangeOffset: glyphs by delta only
	}
	return b, nil
}

// assemble writes an sfnt file of tables: the directory sorted by tag, each table padded to
// four bytes, and the checksums, head's checkSumAdjustment included.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for tag, t := range tables {
		tags = append(tags, tag)
		size += (len(t) + 3) &^ 3
	}
	slices.Sort(tags)
	searchRange, selector := 1, 0
	for 2*searchRange <= len(tags) {
		searchRange, selector = 2*searchRange, selector+1
	}
	out := make([]byte, 12+16*len(tags), size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	for i, v := range []int{len(tags), 16 * searchRange, selector, 16 * (len(tags) - searchRange)} {
		binary.BigEndian.PutUint16(out[4+2*i:], uint16(v))
	}
	headAt := 0
	for i, tag := range tags {
		t := tables[tag]
		if tag == "head" {
			headAt = len(out)
		}
		e := out[12+16*i:]
		copy(e, tag)
		binary.BigEndian.PutUint32(e[4:], checksum(t))
		binary.BigEndian.PutUint32(e[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(e[12:], uint32(len(t)))
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// checksum is the sfnt table checksum: the sum of the data as big-endian 32-bit words.
func checksum(data []byte) uint32 {
	var sum uint32
	for i := 0; i < len(data); i += 4 {
		var word [4]byte
		copy(word[:], data[i:])
		sum += binary.BigEndian.Uint32(word[:])
	}
	return sum
}
