// Package cjk breaks Chinese paragraphs into lines the way a published government document
// does (W3C clreq, GB/T 15834): no closing punctuation at the start of a line and no opening
// one at its end, numbers (half- or full-width) kept whole and with their unit, —— and ……
// kept whole, Latin words and telephone numbers never split, web addresses broken only after
// / . ? &; and it sets each line (Line.Set): punctuation compressed (标点挤压), —— and …… at
// 2 em, the slack of a justified line between Hanzi and never inside a number, word, web
// address or doubled mark, nor between a number and the 、 after it.
//
// Break opportunities come from the Unicode line-breaking algorithm (UAX #14, rivo/uniseg);
// a small post-pass then adds the breaks UAX #14 withholds around Chinese quotation marks and
// removes the ones Chinese typesetting forbids. A chunk wider than the line is split between
// characters as a last resort, so that no character is ever lost.
package cjk

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Measure returns the advance width of s in the caller's unit (e.g. points).
type Measure func(s string) float64

// Line is one laid-out line.
type Line struct {
	Text string // the characters of the line, trailing spaces removed
	// Width is the width of the line set solid: its characters' advances, less what
	// punctuation compression takes, —— and …… at 2 em. Set places the characters.
	Width float64
	Last  bool // the last line of the paragraph: not justified
	cells []cell
	half  []bool // the marks of cells set half-width
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

// cell is one grapheme cluster, whether a line may break after it, and how the space
// after it may change when the line is set.
type cell struct {
	s          string
	at         int  // byte offset of s in the paragraph
	first      rune // first rune of s
	last       rune // last rune of s
	width      float64
	space      bool // all white space, dropped at the end of a line
	breakAfter bool // a line may break after this cell
	// lblank and rblank are the blank halves of a full-width mark: an opening bracket's ink
	// is in its right half, a closing mark's (and in Chinese mainland faces 、，。：；！？'s)
	// in its left half. Punctuation compression sets the mark half-width, without its blank.
	lblank, rblank float64
	// tier says where the slack of a justified line may go after this cell: see tierOpen.
	tier tier
	// urlEnd, on the first cell of a web address, is the index of the cell after its last.
	urlEnd int
}

// Break lays out one paragraph (no '\n' inside; the caller splits paragraphs) into lines no
// wider than width, except a single character wider than width which gets a line of its own.
// firstIndent is the width of the first line's indent (e.g. 2 em), taken off the first line.
// White space at either end of text is dropped (the indent is firstIndent's job), and so is
// white space where a line breaks; every other character is kept, in order.
//
// Marks are set half-width where clreq wants it (see halves): one of two adjacent marks, an
// opening mark at the start of a line; and the marks of a line, the closing mark at its end
// first, to take one more chunk rather than push a character to the next line with the
// closing marks after it, or rather than leave the line loose (more than a quarter em of
// slack a gap).
func Break(text string, width, firstIndent float64, measure Measure) []Line {
	cells := trimSpace(segment(text, measure))
	if len(cells) == 0 {
		return []Line{{Last: true}}
	}
	cells[len(cells)-1].breakAfter = false // the end of the paragraph is not a choice
	forbid(cells)
	lines := fill(cells, width, firstIndent, spacing(text, cells))
	lines[len(lines)-1].Last = true
	return lines
}

// Unbroken is text set as one line, with the spacing of Break's lines (compressed
// punctuation, —— and …… at 2 em), for a line that is never broken: a page number, a
// signature, a title already broken into lines.
func Unbroken(text string, measure Measure) Line {
	return Break(text, math.Inf(1), 0, measure)[0]
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
	for at := 0; rest != ""; at = len(text) - len(rest) {
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
			s: g, at: at, first: first, last: last, width: w,
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
		case isWordRune(a.last) && isWordRune(b.first): // ５０, ＡＢ: UAX #14 breaks full-width ones
		case isDecimalPoint(cells, i): // １２．５
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
// they fit, a chunk wider than an empty line split between characters. A chunk that fits
// only with the line's punctuation compressed is taken when it would otherwise push a
// character down with the closing marks after it, or leave the line loose. A web address that
// fits on a line starts the next one whole; where that would leave its line loose, the line
// before gives it characters so that the two share the slack (shareSlack).
func fill(cells []cell, width, firstIndent, em float64) []Line {
	const eps = 1e-9
	var lines []Line
	start := 0     // first cell of the current line
	prevStart := 0 // first cell of the line before it
	var scratch []bool
	avail := func() float64 {
		if len(lines) == 0 {
			return width - firstIndent
		}
		return width
	}
	// emit ends the current line before cells[end]; white space there ends it too, where it
	// takes no room, rather than starting the next line.
	emit := func(end int) {
		lines = append(lines, newLine(trimSpace(cells[start:end]), avail(), len(lines) == 0))
		for end < len(cells) && cells[end].space {
			end++
		}
		prevStart, start = start, end
	}
	for i := 0; i < len(cells); {
		// The next chunk: cells i..j-1; or, of a chunk that cannot fit on any line even set
		// as tight as it can be, the cells until it is known not to: a run of 20,000 marks
		// with no break opportunity is one chunk, and measuring all of it again for each line
		// cut from it made a paragraph's time grow with its square.
		j, tightest := i, 0.
		for j < len(cells) && tightest <= width+eps {
			j++
			if !cells[j-1].space {
				tightest += cells[j-1].width - blank(cells[j-1])
			}
			if cells[j-1].breakAfter {
				break
			}
		}
		line, room, first := trimSpace(cells[start:j]), avail(), len(lines) == 0
		if len(line) > len(scratch) {
			scratch = make([]bool, 2*len(line))
		}
		nat, squeezed := halves(line, first, room, scratch)
		if i > start && len(lines) > 0 && addressFits(cells, start, i, room, width, first) &&
			loose(trimSpace(cells[start:i]), room, em, first) {
			// A web address that moved whole would leave this line loose: the line before
			// gives it characters, so that the two share the slack, if both are then tight
			// enough; else the address breaks (below).
			prevRoom, prevFirst := width, len(lines) == 1
			if prevFirst {
				prevRoom = width - firstIndent
			}
			if k := shareSlack(cells, prevStart, start, i, prevRoom, room, em, prevFirst); k > 0 {
				lines, start = lines[:len(lines)-1], prevStart
				emit(k)
				emit(i)
				i = start
				continue
			}
		}
		switch {
		case i > start && movesWhole(cells, start, i, room, width, em, first): // a web address
			emit(i)
			i = start
		case nat <= room+eps: // fits; its trailing spaces may overhang
			i = j
		case squeezed <= room+eps && (i == start || pushedWithMarks(cells, start, i, j, room, first) ||
			loose(trimSpace(cells[start:i]), room, em, first)):
			i = j
		case i > start && tightest > width+eps:
			// No line can hold the chunk (an address longer than a line): it starts here and
			// fills this line, rather than leave it short by a whole line.
			if used := naturalWidth(cells[start:i], first); cells[i].width <= room-used+eps {
				emit(splitChunk(cells, i, j, room-used))
			} else {
				emit(i)
			}
			i = start
		case i > start: // does not fit after what is already on the line
			emit(i)
			i = start
		default: // wider than the line on its own: split between characters
			emit(splitChunk(cells, i, j, room))
			i = start
		}
	}
	if start < len(cells) {
		emit(len(cells))
	}
	return lines
}

// movesWhole reports whether the web address starting at cells[i] should start the next line
// rather than break: it does not fit on the line that starts at cells[start], it fits on a
// line of width of its own, and the line left without it is not loose.
func movesWhole(cells []cell, start, i int, room, width, em float64, first bool) bool {
	return addressFits(cells, start, i, room, width, first) && !loose(trimSpace(cells[start:i]), room, em, first)
}

// addressFits reports whether cells[i] starts a web address that, with what may not be
// parted from it, does not fit on the line that starts at cells[start] but fits on a line of
// its own.
func addressFits(cells []cell, start, i int, room, width float64, first bool) bool {
	end := cells[i].urlEnd
	if end == 0 {
		return false
	}
	for end < len(cells) && !cells[end-1].breakAfter { // with what may not be parted from it
		end++
	}
	return naturalWidth(trimSpace(cells[start:end]), first) > room+1e-9 &&
		naturalWidth(trimSpace(cells[i:end]), false) <= width+1e-9
}

// shareSlack returns where to end the line that starts at cells[prev] so that it and the next
// one, which ends before the web address at cells[i] (moved whole to the line after), share
// their slack: the break after which neither has more than half an em a gap (the most a
// justified line takes before it reads as spaced out; the audit's limit too), the most
// even one; 0 when there is none. prevRoom and room are the two lines' widths.
func shareSlack(cells []cell, prev, start, i int, prevRoom, room, em float64, prevFirst bool) int {
	best, bestGap := 0, em/2+1e-9
	for k := start; k > prev+1; k-- {
		if !cells[k-1].breakAfter {
			continue
		}
		a, b := trimSpace(cells[prev:k]), trimSpace(cells[k:i])
		wb := naturalWidth(b, false)
		if wb > room+1e-9 {
			break // further back, the second line only grows
		}
		na, _ := slackGaps(a)
		nb, tb := slackGaps(b)
		wa := naturalWidth(a, prevFirst)
		if na == 0 || nb == 0 || tb != tierOpen || wa > prevRoom+1e-9 {
			continue
		}
		if gap := max((prevRoom-wa)/float64(na), (room-wb)/float64(nb)); gap < bestGap {
			best, bestGap = k, gap
		}
	}
	return best
}

// pushedWithMarks reports whether the chunk cells[i:j] ends in closing marks without which
// it would fit on the line that starts at cells[start]: the characters would be pushed to
// the next line only to keep the marks company.
func pushedWithMarks(cells []cell, start, i, j int, room float64, first bool) bool {
	k := j
	for k > i && (cells[k-1].space || strings.ContainsRune(noStart, cells[k-1].first)) {
		k--
	}
	return k > i && k < j && naturalWidth(trimSpace(cells[start:k]), first) <= room+1e-9
}

// loose reports whether line, justified to room, would have more than a quarter em of
// slack in its gaps.
func loose(line []cell, room, em float64, first bool) bool {
	n, _ := slackGaps(line)
	return n > 0 && (room-naturalWidth(line, first))/float64(n) > em/4
}

// splitChunk returns where to end a line inside the chunk cells[i:j] that does not fit in
// room: after as many characters as fit, at least one, moved back where it can be so that no
// closing mark starts the next line, no opening mark ends this one and —— and …… stay whole.
func splitChunk(cells []cell, i, j int, room float64) int {
	k, w := i, 0.
	for k < j && (k == i || w+cells[k].width <= room+1e-9) {
		w += cells[k].width
		k++
	}
	for back := k; back >= i+1; back-- {
		if back == len(cells) || !strings.ContainsRune(noStart, cells[back].first) &&
			!strings.ContainsRune(noEnd, cells[back-1].last) && !doubled(cells, back-1) {
			k = back
			break
		}
	}
	return k
}
