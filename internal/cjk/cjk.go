// Package cjk breaks Chinese paragraphs into lines the way a published government document
// does (W3C clreq, GB/T 15834): no closing punctuation at the start of a line and no opening
// one at its end, numbers kept with their unit, —— and …… kept whole, Latin words and
// telephone numbers never split; and it computes the character spacing that justifies a line.
//
// Break opportunities come from the Unicode line-breaking algorithm (UAX #14, rivo/uniseg);
// a small post-pass then adds the breaks UAX #14 withholds around Chinese quotation marks and
// removes the ones Chinese typesetting forbids. A chunk wider than the line is split between
// characters as a last resort, so that no character is ever lost.
package cjk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Measure returns the advance width of s in the caller's unit (e.g. points).
type Measure func(s string) float64

// Line is one laid-out line.
type Line struct {
	Text  string  // the characters of the line, trailing spaces removed
	Width float64 // natural width of Text
	Last  bool    // the last line of the paragraph: not justified
}

// Characters that may not start a line: closing punctuation and marks that belong to the
// character before them. A lone connector (– — ／) is handled by loneConnector.
const noStart = "、，。．：；！？”’』」）〕】〗〙〛］｝》〉·・～％‰℃°′″" +
	",.:;!?)]}%" + "\uFE50\uFE51\uFE52\uFE54\uFE55\uFE56\uFE57\uFE5A\uFE5C\uFE5E"

// Characters that may not end a line: opening punctuation.
const noEnd = "“‘『「（〔【〖〘〚［｛《〈([{" + "\uFE59\uFE5B\uFE5D"

// Connectors that may not start a line when they stand alone (a single one, not ——).
const connectors = "–—―／/"

// Magnitude characters that bind the next character too: "0万元", "1.5亿元", "10余件".
const magnitudes = "万亿千百余多"

// cell is one grapheme cluster and whether a line may break after it.
type cell struct {
	s          string
	first      rune // first rune of s
	last       rune // last rune of s
	width      float64
	space      bool // all white space, dropped at the end of a line
	breakAfter bool // a line may break after this cell
}

// Break lays out one paragraph (no '\n' inside; the caller splits paragraphs) into lines no
// wider than width, except a single character wider than width which gets a line of its own.
// firstIndent is the width of the first line's indent (e.g. 2 em), taken off the first line.
// White space at either end of text is dropped (the indent is firstIndent's job), and so is
// white space where a line breaks; every other character is kept, in order.
func Break(text string, width, firstIndent float64, measure Measure) []Line {
	cells := trimSpace(segment(text, measure))
	if len(cells) == 0 {
		return []Line{{Last: true}}
	}
	cells[len(cells)-1].breakAfter = false // the end of the paragraph is not a choice
	forbid(cells)
	lines := fill(cells, width, firstIndent)
	out := make([]Line, len(lines))
	for i, l := range lines {
		var b strings.Builder
		for _, c := range trimSpace(l) {
			b.WriteString(c.s)
		}
		s := b.String()
		out[i] = Line{Text: s, Width: measure(s)}
	}
	out[len(out)-1].Last = true
	return out
}

// Balance breaks a centred title: into as many lines as Break needs at width, each as close
// to the same width as the break rules allow (the narrowest width that needs no more lines).
func Balance(text string, width float64, measure Measure) []Line {
	lines := Break(text, width, 0, measure)
	lo, hi := 0., width // Break needs more lines at lo, no more at hi
	for _, l := range lines {
		lo = max(lo, l.Width/float64(len(lines))) // a lower bound: at least the widest line's share
	}
	for hi-lo > 0.01 {
		mid := (lo + hi) / 2
		if len(Break(text, mid, 0, measure)) > len(lines) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return Break(text, hi, 0, measure)
}

// segment splits text into grapheme clusters marked with the UAX #14 break opportunities
// (a mandatory break other than the paragraph's end counts as an ordinary opportunity).
func segment(text string, measure Measure) []cell {
	var cells []cell
	widths := make(map[string]float64)
	state, rest := -1, text
	for rest != "" {
		var (
			g          string
			boundaries int
		)
		g, rest, boundaries, state = uniseg.StepString(rest, state)
		w, ok := widths[g]
		if !ok {
			w = measure(g)
			widths[g] = w
		}
		first, _ := utf8.DecodeRuneInString(g)
		last, _ := utf8.DecodeLastRuneInString(g)
		cells = append(cells, cell{
			s: g, first: first, last: last, width: w,
			space:      strings.TrimLeftFunc(g, unicode.IsSpace) == "",
			breakAfter: boundaries&uniseg.MaskLine != uniseg.LineDontBreak,
		})
	}
	return cells
}

// trimSpace drops the white space cells at both ends of cells.
func trimSpace(cells []cell) []cell {
	for len(cells) > 0 && cells[0].space {
		cells = cells[1:]
	}
	for len(cells) > 0 && cells[len(cells)-1].space {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// forbid adjusts the UAX #14 opportunities to Chinese typesetting.
func forbid(cells []cell) {
	// UAX #14 (before Unicode 15.1) never breaks beside a quotation mark; in Chinese text “ ”
	// are ordinary opening and closing marks, so allow the breaks outside them.
	for i := 0; i+1 < len(cells); i++ {
		a, b := cells[i], cells[i+1]
		if isOpenQuote(b.first) && isWide(a.last) || isCloseQuote(a.last) && isWide(b.first) {
			cells[i].breakAfter = true
		}
	}
	for i := 0; i+1 < len(cells); i++ {
		a, b := cells[i], cells[i+1]
		switch {
		case strings.ContainsRune(noStart, b.first), strings.ContainsRune(noEnd, a.last):
		case b.first == a.last && (b.first == '—' || b.first == '…' || b.first == '―'): // —— ……
		case loneConnector(cells, i+1):
		case isDigit(a.last) && unicode.Is(unicode.Han, b.first): // 2020年, 293篇
		case strings.ContainsRune(magnitudes, a.last) && i > 0 && isDigit(cells[i-1].last) &&
			unicode.Is(unicode.Han, b.first): // 0万元
		default:
			continue
		}
		cells[i].breakAfter = false
	}
}

// loneConnector reports whether cells[i] is a connector that is not part of a doubled one.
func loneConnector(cells []cell, i int) bool {
	r := cells[i].first
	if !strings.ContainsRune(connectors, r) {
		return false
	}
	return i+1 >= len(cells) || cells[i+1].first != r
}

func isOpenQuote(r rune) bool  { return r == '“' || r == '‘' }
func isCloseQuote(r rune) bool { return r == '”' || r == '’' }
func isDigit(r rune) bool      { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// isWide reports whether r is a Han character or full-width punctuation, the context in
// which quotation marks behave as Chinese opening and closing marks.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// fill packs cells into lines greedily: whole chunks (runs between break opportunities) while
// they fit, a chunk wider than an empty line split between characters.
func fill(cells []cell, width, firstIndent float64) [][]cell {
	const eps = 1e-9
	var lines [][]cell
	start := 0  // first cell of the current line
	total := 0. // width of the current line including trailing spaces
	avail := func() float64 {
		if len(lines) == 0 {
			return width - firstIndent
		}
		return width
	}
	// emit ends the current line before cells[end]; white space there ends it too, where it
	// takes no room, rather than starting the next line.
	emit := func(end int) {
		for end < len(cells) && cells[end].space {
			end++
		}
		lines = append(lines, cells[start:end])
		start, total = end, 0
	}
	for i := 0; i < len(cells); {
		// The next chunk: cells i..j-1, its width without and with trailing spaces.
		j, w, wSpace := i, 0., 0.
		for ; j < len(cells); j++ {
			wSpace += cells[j].width
			if !cells[j].space {
				w = wSpace
			}
			if cells[j].breakAfter {
				j++
				break
			}
		}
		switch {
		case total+w <= avail()+eps: // fits; its trailing spaces may overhang
			total += wSpace
			i = j
		case i > start: // does not fit after what is already on the line
			emit(i)
			i = start
		default: // wider than the line on its own: split between characters
			emit(splitChunk(cells, i, j, avail()))
			i = start
		}
	}
	if start < len(cells) {
		emit(len(cells))
	}
	return lines
}

// splitChunk returns where to end a line inside the chunk cells[i:j] that does not fit in
// room: after as many characters as fit, at least one, moved back where it can be so that no
// closing mark starts the next line and no opening mark ends this one.
func splitChunk(cells []cell, i, j int, room float64) int {
	k, w := i, 0.
	for k < j && (k == i || w+cells[k].width <= room+1e-9) {
		w += cells[k].width
		k++
	}
	for back := k; back > i+1; back-- {
		if !strings.ContainsRune(noStart, cells[back].first) && !strings.ContainsRune(noEnd, cells[back-1].last) {
			k = back
			break
		}
	}
	return k
}
