package pdfwriter

import (
	"strings"
	"unicode"
)

// piece is a stretch of a line that justification treats alike: either characters between
// which the slack of a justified line may go (Hanzi, punctuation, spaces), or one cluster of
// digits and Latin letters (a number, a word, a telephone number) that keeps its natural
// spacing inside, as clreq wants.
type piece struct {
	text    string
	cluster bool
	gaps    int // places after characters of the piece where slack goes
}

// pieces splits a line into stretches of CJK characters and clusters. In a justified line
// the slack goes after every character of a CJK stretch and after every cluster, so the
// gaps of a line are one per CJK character and one per cluster (the last one's unused).
func pieces(text string) []piece {
	rs := []rune(text)
	var out []piece
	for i := 0; i < len(rs); {
		j := clusterEnd(rs, i)
		if j > i+1 || j == i+1 && isClusterRune(rs[i]) {
			out = append(out, piece{text: string(rs[i:j]), cluster: true, gaps: 1})
			i = j
			continue
		}
		if n := len(out); n > 0 && !out[n-1].cluster {
			out[n-1].text += string(rs[i])
			out[n-1].gaps++
		} else {
			out = append(out, piece{text: string(rs[i]), gaps: 1})
		}
		i++
	}
	return out
}

// clusterEnd is the end of the cluster starting at rs[i], or i+1 if rs[i] starts none: a
// run of digits and letters, with . , - : / % inside it where a digit or letter follows
// (3.25, 0512-53537775, 1,000, 10%) and a trailing % after a digit.
func clusterEnd(rs []rune, i int) int {
	if !isClusterRune(rs[i]) {
		return i + 1
	}
	j := i + 1
	for j < len(rs) {
		switch {
		case isClusterRune(rs[j]):
			j++
		case rs[j] == '%' && isDigitRune(rs[j-1]):
			j++
		case strings.ContainsRune(".,-:/", rs[j]) && j+1 < len(rs) && isClusterRune(rs[j+1]):
			j += 2
		default:
			return j
		}
	}
	return j
}

// isClusterRune reports whether r is a digit or a letter of an alphabetic script (not a
// Han, kana or Hangul character, which stand on their own).
func isClusterRune(r rune) bool {
	if isDigitRune(r) {
		return true
	}
	return unicode.IsLetter(r) && r < 0x2E80 // below the CJK radicals: Latin, Greek, Cyrillic
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// slack is the extra space for each gap between the pieces of a line whose natural width is
// natural, so that it fills width; 0 when width is 0 (a line set at its natural width).
func slack(ps []piece, natural, width float64) float64 {
	gaps := -1 // nothing follows the last gap
	for _, p := range ps {
		gaps += p.gaps
	}
	if width == 0 || gaps < 1 {
		return 0
	}
	return (width - natural) / float64(gaps)
}

// splitClusters turns a line that is one cluster (a long number or web address alone on a
// line) into one piece per character, so that it can still be justified.
func splitClusters(ps []piece) []piece {
	if len(ps) != 1 || !ps[0].cluster {
		return ps
	}
	return []piece{{text: ps[0].text, gaps: len([]rune(ps[0].text))}}
}

// placed is a stretch of text in one face at x, with tc points of space after each character.
type placed struct {
	family string
	text   string
	x, tc  float64
}

// place lays out a line of text in st from x; when width is not 0 it is justified to fill
// width. The slack goes into the gaps after Hanzi and punctuation and after each cluster of
// digits or Latin letters, never inside a number or word (clreq): the CJK stretches are
// spaced with Tc, a cluster is set solid and the next piece placed after it and its gap.
func (f *faces) place(st style, x float64, text string, width float64) []placed {
	ps := splitClusters(pieces(text))
	s := slack(ps, f.width(st, text), width)
	var out []placed
	for _, p := range ps {
		tc := s
		if p.cluster {
			tc = 0
		}
		for _, r := range f.runs(st, p.text) {
			if r.family != "" {
				out = append(out, placed{family: r.family, text: r.text, x: x, tc: tc})
			}
			x += r.width + tc*float64(r.n)
		}
		if p.cluster {
			x += s
		}
	}
	return out
}
