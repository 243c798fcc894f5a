package fonts

// Just enough of the TrueType (sfnt) format to tell whether gofpdf can use a file — it takes
// only single TrueType files with glyf outlines, reads only a Unicode cmap of format 4 and
// refuses fonts whose licence bits forbid embedding or subsetting — and which characters it
// covers. gofpdf itself prints its refusals to stdout and fails later, so every file is checked
// here first.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Errors for font files the PDF library cannot use.
var (
	ErrNotFont             = errors.New("not a TrueType font file")
	ErrCollection          = errors.New("font collection (.ttc) not supported, only single TrueType files")
	ErrCFF                 = errors.New("CFF (PostScript) outlines not supported, only TrueType glyf outlines")
	ErrNoUnicodeCmap       = errors.New("font has no Unicode cmap of format 4")
	ErrEmbeddingRestricted = errors.New("font licence bits forbid embedding or subsetting")
)

// sfntInfo is what parseSFNT learns from a font file: enough to tell which characters it has,
// how wide they are, and to cut it (subset.go). Its slices point into the file's bytes, which
// are only ever read.
type sfntInfo struct {
	fullName   string            // name ID 4, Chinese preferred, "" if none
	glyphs     *cmapGlyphs       // the glyph of every BMP character
	tables     map[string][]byte // table bodies by tag
	numGlyphs  int               // maxp
	hMetrics   int               // hhea numberOfHMetrics
	unitsPerEm int               // head
	longLoca   bool              // head indexToLocFormat 1: loca holds 32-bit offsets
}

// cmapGlyphs maps each BMP character to its glyph; 0 (.notdef) where the font has none.
type cmapGlyphs [0x10000]uint16

func (g *cmapGlyphs) has(r rune) bool { return r >= 0 && r <= 0xFFFF && g[r] != 0 }

// advance is the advance width of glyph gid in font units, from hmtx (glyphs past the last
// long metric share its width).
func (s *sfntInfo) advance(gid int) int {
	return int(binary.BigEndian.Uint16(s.tables["hmtx"][4*min(gid, s.hMetrics-1):]))
}

// table is one entry of the sfnt table directory.
type table struct{ off, len uint32 }

// parseSFNT checks that data is a TrueType font gofpdf can load and reads its coverage.
func parseSFNT(data []byte) (*sfntInfo, error) {
	if len(data) < 12 {
		return nil, ErrNotFont
	}
	switch tag := string(data[:4]); {
	case tag == "ttcf":
		return nil, ErrCollection
	case tag == "OTTO":
		return nil, ErrCFF
	case tag != "\x00\x01\x00\x00" && tag != "true":
		return nil, ErrNotFont
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, fmt.Errorf("%w: truncated table directory", ErrNotFont)
	}
	tables := make(map[string]table, n)
	for i := range n {
		e := data[12+16*i:]
		t := table{binary.BigEndian.Uint32(e[8:]), binary.BigEndian.Uint32(e[12:])}
		if uint64(t.off)+uint64(t.len) > uint64(len(data)) {
			return nil, fmt.Errorf("%w: table %q out of bounds", ErrNotFont, e[:4])
		}
		tables[string(e[:4])] = t
	}
	if _, ok := tables["glyf"]; !ok {
		if _, cff := tables["CFF "]; cff {
			return nil, ErrCFF
		}
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "post"} {
		if _, ok := tables[tag]; !ok {
			return nil, fmt.Errorf("%w: no %q table", ErrNotFont, tag)
		}
	}
	body := func(tag string) []byte { t := tables[tag]; return data[t.off : t.off+t.len] }

	// Header fields gofpdf reads without checking: it divides by unitsPerEm and prints, then
	// goes on with broken metrics, when a format is not the one it knows.
	head, hhea, name := body("head"), body("hhea"), body("name")
	switch {
	case len(head) < 54 || len(hhea) < 36 || len(name) < 6:
		return nil, fmt.Errorf("%w: short head, hhea or name table", ErrNotFont)
	case binary.BigEndian.Uint16(head[18:]) == 0:
		return nil, fmt.Errorf("%w: unitsPerEm is 0", ErrNotFont)
	case binary.BigEndian.Uint16(head[50:]) > 1 || binary.BigEndian.Uint16(head[52:]) != 0:
		return nil, fmt.Errorf("%w: unknown loca or glyph data format", ErrNotFont)
	case binary.BigEndian.Uint16(hhea[32:]) != 0 || binary.BigEndian.Uint16(hhea[34:]) == 0:
		return nil, fmt.Errorf("%w: unknown horizontal metrics format", ErrNotFont)
	case binary.BigEndian.Uint16(name) != 0:
		return nil, fmt.Errorf("%w: name table format %d", ErrNotFont, binary.BigEndian.Uint16(name))
	}

	if os2 := body("OS/2"); len(os2) >= 10 {
		// The same test as gofpdf: restricted licence, or no subsetting, or bitmap only.
		if fsType := binary.BigEndian.Uint16(os2[8:]); fsType == 0x0002 || fsType&0x0300 != 0 {
			return nil, ErrEmbeddingRestricted
		}
	}
	maxp := body("maxp")
	if len(maxp) < 6 {
		return nil, fmt.Errorf("%w: short maxp table", ErrNotFont)
	}
	info := &sfntInfo{
		fullName:   fullName(name),
		tables:     make(map[string][]byte, len(tables)),
		numGlyphs:  int(binary.BigEndian.Uint16(maxp[4:])),
		hMetrics:   int(binary.BigEndian.Uint16(hhea[34:])),
		unitsPerEm: int(binary.BigEndian.Uint16(head[18:])),
		longLoca:   binary.BigEndian.Uint16(head[50:]) == 1,
	}
	for tag := range tables {
		info.tables[tag] = body(tag)
	}
	// The glyph tables must hold every glyph maxp counts, for the widths and the cut.
	locaEntry := 2
	if info.longLoca {
		locaEntry = 4
	}
	switch {
	case info.numGlyphs == 0:
		return nil, fmt.Errorf("%w: no glyphs", ErrNotFont)
	case info.hMetrics > info.numGlyphs:
		return nil, fmt.Errorf("%w: more horizontal metrics than glyphs", ErrNotFont)
	case len(info.tables["hmtx"]) < 4*info.hMetrics+2*(info.numGlyphs-info.hMetrics):
		return nil, fmt.Errorf("%w: short hmtx table", ErrNotFont)
	case len(info.tables["loca"]) < locaEntry*(info.numGlyphs+1):
		return nil, fmt.Errorf("%w: short loca table", ErrNotFont)
	}
	var err error
	if info.glyphs, err = readCmap(body("cmap"), info.numGlyphs); err != nil {
		return nil, err
	}
	return info, nil
}

// readCmap finds the subtable gofpdf uses — the first one of format 4 whose platform is
// Unicode (0) or Windows Unicode BMP (3, 1) — and reads the glyph of every character.
func readCmap(cmap []byte, numGlyphs int) (*cmapGlyphs, error) {
	if len(cmap) < 4 {
		return nil, fmt.Errorf("%w: short cmap table", ErrNotFont)
	}
	var sub []byte
	for i := range int(binary.BigEndian.Uint16(cmap[2:])) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			break
		}
		platform, encoding := binary.BigEndian.Uint16(cmap[rec:]), binary.BigEndian.Uint16(cmap[rec+2:])
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if (platform == 3 && encoding == 1 || platform == 0) && off+14 <= len(cmap) &&
			binary.BigEndian.Uint16(cmap[off:]) == 4 {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return nil, ErrNoUnicodeCmap
	}
	if l := int(binary.BigEndian.Uint16(sub[2:])); l <= len(sub) {
		sub = sub[:l]
	}
	if len(sub) < 14 { // the subtable's own length field may claim less than its header
		return nil, fmt.Errorf("%w: truncated cmap format 4", ErrNotFont)
	}
	segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if ranges+2*segs > len(sub) {
		return nil, fmt.Errorf("%w: truncated cmap format 4", ErrNotFont)
	}
	u16 := func(at int) int { return int(binary.BigEndian.Uint16(sub[at:])) }
	glyphs := new(cmapGlyphs)
	next := 0 // segments are sorted and disjoint; this also bounds the work to the BMP's size
	for s := range segs {
		start, end, delta, rangeOff := u16(starts+2*s), u16(ends+2*s), u16(deltas+2*s), u16(ranges+2*s)
		if start < next || end < start {
			return nil, fmt.Errorf("%w: cmap segments out of order", ErrNotFont)
		}
		next = end + 1
		for c := start; c <= end && c < 0xFFFF; c++ {
			gid := (c + delta) & 0xFFFF
			if rangeOff != 0 {
				at := ranges + 2*s + rangeOff + 2*(c-start)
				if at+2 > len(sub) {
					continue
				}
				if gid = u16(at); gid != 0 {
					gid = (gid + delta) & 0xFFFF
				}
			}
			if gid != 0 && gid < numGlyphs {
				glyphs[c] = uint16(gid)
			}
		}
	}
	return glyphs, nil
}

// fullName returns the font's full name (name ID 4) from the Windows Unicode records,
// preferring the Simplified Chinese one ("仿宋_GB2312") to the English one.
func fullName(name []byte) string {
	count, strings0 := int(binary.BigEndian.Uint16(name[2:])), int(binary.BigEndian.Uint16(name[4:]))
	best, bestRank := "", 0
	for i := range count {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, encoding := binary.BigEndian.Uint16(name[rec:]), binary.BigEndian.Uint16(name[rec+2:])
		lang, id := binary.BigEndian.Uint16(name[rec+4:]), binary.BigEndian.Uint16(name[rec+6:])
		length, off := int(binary.BigEndian.Uint16(name[rec+8:])), int(binary.BigEndian.Uint16(name[rec+10:]))
		if platform != 3 || encoding != 1 || id != 4 || strings0+off+length > len(name) {
			continue
		}
		rank := 1
		switch lang {
		case 0x0804: // zh-CN
			rank = 3
		case 0x0409: // en-US
			rank = 2
		}
		if rank <= bestRank {
			continue
		}
		raw := name[strings0+off : strings0+off+length]
		units := make([]uint16, len(raw)/2)
		for j := range units {
			units[j] = binary.BigEndian.Uint16(raw[2*j:])
		}
		best, bestRank = strings.TrimSpace(string(utf16.Decode(units))), rank
	}
	return best
}
