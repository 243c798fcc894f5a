package importer

import (
	"encoding/hex"
	"io"
	"regexp"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// toUnicode is a font's ToUnicode map, read here rather than by the PDF library, whose
// ranges go wrong past the last byte (<0000> <FFFF> <0000>, as gofpdf writes, maps 中 to -).

// Bounds of a ToUnicode map.
const (
	maxCmapEntries = 70000
	maxCmapBytes   = 4 << 20
)

type cmapRange struct {
	lo, hi int
	dst    []rune   // the first code's text; the last rune counts up through the range
	array  []string // or each code's text
}

type toUnicode struct {
	chars  map[int]string
	ranges []cmapRange
}

// readToUnicode reads a ToUnicode stream; nil when it cannot. Only the bfchar and bfrange
// sections matter, so the map is scanned for them rather than run as PostScript.
func readToUnicode(strm pdf.Value) (m *toUnicode) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rc := strm.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxCmapBytes))
	if err != nil && len(data) == 0 {
		return nil
	}
	m = &toUnicode{chars: map[int]string{}}
	entries := 0
	for _, sec := range bfSection.FindAllSubmatch(data, -1) {
		toks := cmapToken.FindAll(sec[2], -1)
		if string(sec[1]) == "char" {
			for i := 0; i+1 < len(toks) && entries < maxCmapEntries; i += 2 {
				m.chars[hexCode(toks[i])] = utf16Text(hexBytes(toks[i+1]))
				entries++
			}
			continue
		}
		for i := 0; i+2 < len(toks) && entries < maxCmapEntries; {
			r := cmapRange{lo: hexCode(toks[i]), hi: hexCode(toks[i+1])}
			i += 2
			if string(toks[i]) == "[" {
				for i++; i < len(toks) && string(toks[i]) != "]"; i++ {
					r.array = append(r.array, utf16Text(hexBytes(toks[i])))
				}
				i++
			} else {
				r.dst = []rune(utf16Text(hexBytes(toks[i])))
				i++
			}
			m.ranges = append(m.ranges, r)
			entries++
		}
	}
	return m
}

var (
	bfSection = regexp.MustCompile(`(?s)beginbf(char|range)(.*?)endbf(?:char|range)`)
	cmapToken = regexp.MustCompile(`<[0-9A-Fa-f\s]*>|\[|\]`)
)

// hexBytes decodes a hex string token <4E2D>.
func hexBytes(tok []byte) string {
	var clean []byte
	for _, c := range tok {
		if ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') {
			clean = append(clean, c)
		}
	}
	if len(clean)%2 == 1 {
		clean = append(clean, '0')
	}
	b, _ := hex.DecodeString(string(clean))
	return string(b)
}

func hexCode(tok []byte) int {
	n := 0
	for _, b := range []byte(hexBytes(tok)) {
		n = n<<8 | int(b)
	}
	return n & 0x7fffffff
}

func (m *toUnicode) text(c int) string {
	if s, ok := m.chars[c]; ok {
		return s
	}
	for _, r := range m.ranges {
		if c < r.lo || c > r.hi {
			continue
		}
		if r.array != nil {
			if c-r.lo < len(r.array) {
				return r.array[c-r.lo]
			}
			return ""
		}
		if len(r.dst) == 0 {
			return ""
		}
		out := append([]rune(nil), r.dst...)
		out[len(out)-1] += rune(c - r.lo)
		return string(out)
	}
	return ""
}

// utf16Text decodes a big-endian UTF-16 string.
func utf16Text(s string) string {
	b := []byte(s)
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}
