package cjk

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Marks whose ink fills one half of the em box in Chinese mainland faces (GB/T 15834 style,
// as in the Noto SC faces, 仿宋 and 黑体): opening brackets and quotes on the right, closing
// ones and 、，。．：；！？ on the left. Their other half is the blank that compression takes.
const (
	InkRight = "“‘『「（〔【〖〘〚［｛《〈"
	InkLeft  = "”’』」）〕】〗〙〛］｝》〉、，。．：；！？"
)

// tier orders the gaps of a line by where the slack of a justified line goes: into the gaps
// of the lowest tier the line has, spread evenly.
type tier uint8

const (
	// tierOpen: between Hanzi, after a closing mark, around a number or word, at a space.
	tierOpen tier = iota
	// tierURL: after / . ? & inside a web address, where it may break but is never spaced.
	tierURL
	// tierSolid: inside a number, word, web address, —— or ……; before a closing mark and
	// after an opening one (「1.1、」 keeps its 、). Never spaced.
	tierSolid
)

// Glyph is one grapheme cluster of a set line.
type Glyph struct {
	Text string
	X    float64 // from the start of the line
	// Width is the advance it is set to: its own width, but 1 em for each half of —— and
	// ……, whose glyphs the caller scales to it when they are narrower, and half its width
	// for a mark set half-width.
	Width float64
	// Half is set for a full-width mark set half-width, without its blank half: the caller
	// prints its half-width form, the ink of an opening mark moved to the left (InkRight).
	Half bool
}

// spacing sets the compressible blanks, adjacent-mark compression, gap tiers and the 2-em
// width of —— and …… of the cells of text, and the breaks inside web addresses. It returns
// the em of the text: the width of its widest Hanzi or full-width mark (0 when it has none).
func spacing(text string, cells []cell) (em float64) {
	for _, c := range cells {
		if unicode.Is(unicode.Han, c.first) || strings.ContainsRune(InkLeft+InkRight, c.first) {
			em = max(em, c.width)
		}
	}
	for i := range cells {
		c := &cells[i]
		if c.first != c.last || c.width < 0.9*em {
			continue
		}
		switch {
		case strings.ContainsRune(InkRight, c.first):
			c.lblank = c.width / 2
		case strings.ContainsRune(InkLeft, c.first):
			c.rblank = c.width / 2
		}
	}
	for i := 0; i+1 < len(cells); i++ {
		a, b := &cells[i], &cells[i+1]
		if doubled(cells, i) {
			a.width, b.width = max(a.width, em), max(b.width, em)
		}
		a.tier = gapTier(cells, i)
	}
	for _, u := range webAddress.FindAllStringIndex(text, -1) {
		from, to := u[0], strings.TrimRight(text[:u[1]], ".,;:!?'") // a sentence's own mark
		scheme := strings.Index(text[from:len(to)], "://")
		first := -1
		// From the address's first cell only: scanning every cell for every address made a
		// paragraph of many addresses take the square of its length.
		for i := sort.Search(len(cells), func(i int) bool { return cells[i].at >= from }); i < len(cells) && cells[i].at < len(to); i++ {
			c := &cells[i]
			if c.at == from {
				first = i
			}
			if c.at+len(c.s) == len(to) && first >= 0 {
				cells[first].urlEnd = i + 1
			}
			if c.at < from || c.at+len(c.s) >= len(to) || i+1 == len(cells) {
				continue
			}
			c.tier = tierSolid
			if next := cells[i+1].first; strings.ContainsRune("/.?&", c.last) &&
				!strings.ContainsRune("/.?&", next) && !strings.ContainsRune(noStart, next) {
				c.tier = tierURL
			}
			c.breakAfter = c.tier == tierURL && (scheme < 0 || c.at > from+scheme+2)
		}
	}
	return em
}

// webAddress matches a web address: with a scheme or www., or a host name in a common
// top-level domain, with the path after it.
var webAddress = regexp.MustCompile(`(?i)\b(?:(?:https?|ftp)://|www\.)[-A-Za-z0-9._~:/?#@!$&'()*+,;=%]+|` +
	`\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:cn|com|net|org|gov|edu)\b(?:/[-A-Za-z0-9._~:/?#@!$&'()*+,;=%]*)?`)

// doubled reports whether cells i and i+1 are the two halves of —— or …….
func doubled(cells []cell, i int) bool {
	a, b := cells[i], cells[i+1]
	return a.last == b.first && (a.last == '—' || a.last == '…' || a.last == '―')
}

// gapTier is the tier of the gap after cells[i], web addresses aside.
func gapTier(cells []cell, i int) tier {
	a, b := cells[i], cells[i+1]
	switch {
	case a.space || b.space:
		return tierOpen
	case isWordRune(a.last) && isWordRune(b.first), doubled(cells, i),
		isNumberMark(b.first) && isWordRune(a.last) && i+2 < len(cells) && isWordRune(cells[i+2].first),
		isNumberMark(a.last) && isWordRune(b.first) && i > 0 && isWordRune(cells[i-1].last),
		strings.ContainsRune(noStart, b.first), strings.ContainsRune(noEnd, a.last):
		return tierSolid
	}
	return tierOpen
}

// isWordRune reports whether r is a digit or a letter of an alphabetic script, half- or
// full-width: what numbers and words are made of.
func isWordRune(r rune) bool {
	return isDigit(r) || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ' ||
		unicode.IsLetter(r) && r < 0x2E80 // below the CJK radicals: Latin, Greek, Cyrillic
}

// isNumberMark reports whether r joins the parts of a number or word: 3.25, 1,000,
// 0512-53537775, 10:30, １２．５.
func isNumberMark(r rune) bool { return strings.ContainsRune(".,-:/．－：／", r) }

// isDecimalPoint reports whether the break after cells[i] would split a decimal number,
// ASCII or full-width, after its point: 12. / 5, １２． / ５.
func isDecimalPoint(cells []cell, i int) bool {
	return i > 0 && i+1 < len(cells) && (cells[i].first == '.' || cells[i].first == '．') &&
		isDigit(cells[i-1].last) && isDigit(cells[i+1].first)
}

// newLine is the line of cells (white space trimmed) that fill broke for room; first says
// whether it is the first line of its paragraph.
func newLine(cells []cell, room float64, first bool) Line {
	var b strings.Builder
	for _, c := range cells {
		b.WriteString(c.s)
	}
	half := make([]bool, len(cells))
	_, w := halves(cells, first, room, half)
	return Line{Text: b.String(), Width: w, cells: cells, half: half}
}

// blank is the blank half of a full-width mark, 0 for any other cell.
func blank(c cell) float64 { return c.lblank + c.rblank }

// halves decides which marks of a line are set half-width (clreq), marking them in half (as
// long as cells): one of every two adjacent marks whose blanks meet (。” ）（ 「《: 2 em →
// 1.5 em); an opening mark that starts a line other than its paragraph's first; and, while
// the line is wider than room, more of them: the closing mark that ends the line first, then
// the others from the end back. The blank at the start of a paragraph's first line stays.
// It returns the width of the line with the first two kinds only, and with all three.
func halves(cells []cell, first bool, room float64, half []bool) (natural, set float64) {
	clear(half)
	for i, c := range cells {
		natural += c.width
		if i+1 < len(cells) && blank(c) > 0 && blank(cells[i+1]) > 0 {
			switch {
			case c.rblank > 0:
				half[i] = true
			case cells[i+1].lblank > 0:
				half[i+1] = true
			}
		}
	}
	if len(cells) > 0 && !first && cells[0].lblank > 0 {
		half[0] = true
	}
	for i, h := range half[:len(cells)] {
		if h {
			natural -= blank(cells[i])
		}
	}
	set = natural
	for i := len(cells) - 1; i >= 0 && set > room+1e-9; i-- {
		c := cells[i]
		if !half[i] && (c.rblank > 0 || c.lblank > 0 && i > 0) {
			half[i] = true
			set -= blank(c)
		}
	}
	return natural, set
}

// naturalWidth is the width of a line of cells set solid, no mark compressed to fit it.
func naturalWidth(cells []cell, first bool) float64 {
	w, _ := halves(cells, first, math.Inf(1), make([]bool, len(cells)))
	return w
}

// slackGaps counts the gaps of the lowest tier in a line of cells, where its slack goes.
func slackGaps(cells []cell) (n int, t tier) {
	for t = tierOpen; t <= tierSolid; t++ {
		for i := 0; i+1 < len(cells); i++ {
			if cells[i].tier == t {
				n++
			}
		}
		if n > 0 {
			return n, t
		}
	}
	return 0, tierSolid
}

// Set places the characters of the line in width: justified, the slack spread over its open
// gaps (between Hanzi, around numbers and words); a line without any is set flush left.
// Width 0 sets the line at its Width (the last line of a paragraph).
func (l Line) Set(width float64) []Glyph {
	cells := l.cells
	if width == 0 {
		width = l.Width
	}
	slack, n, t := 0.0, 0, tierOpen
	// Only the open gaps take slack: a line that holds nothing else than (part of) a web
	// address, a number or a word is set flush left, never letter- or segment-spaced (a
	// reader copying the address would get a wrong one).
	if n, t = slackGaps(cells); l.Width < width && n > 0 && t == tierOpen {
		slack = (width - l.Width) / float64(n)
	}
	out := make([]Glyph, len(cells))
	x := 0.0
	for i, c := range cells {
		g := Glyph{Text: c.s, X: x, Width: c.width, Half: l.half[i]}
		if g.Half {
			g.Width -= blank(c)
		}
		out[i] = g
		x += g.Width
		if i+1 < len(cells) && c.tier == t {
			x += slack
		}
	}
	return out
}
