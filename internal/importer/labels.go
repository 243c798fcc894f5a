package importer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label matching, tolerant of what published reports print: 「1、」 or 「1．」 for 「1.」,
// half-width brackets, spaces and line breaks inside labels, quotes of another kind, a
// remark in brackets left out, a character or two lost or mistyped.

// labelMarks maps the variants reports print to the marks of the format.
var labelMarks = strings.NewReplacer(
	"(", "（", ")", "）", "［", "（", "］", "）", "[", "（", "]", "）",
	",", "，", ";", "；", ":", "：", "．", ".", "。", ".",
	"\"", "", "“", "", "”", "", "'", "", "‘", "", "’", "", "「", "", "」", "", "『", "", "』", "",
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
)

// numberedItem is an arabic numbering followed by 、 or a dot, which the format prints as 「1.」.
var numberedItem = regexp.MustCompile(`^(\d{1,2})\s*[、.．,，]`)

// norm makes a label comparable: no white space, the format's marks, 「1.」 numbering.
func norm(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			return -1
		}
		return r
	}, s)
	s = labelMarks.Replace(s)
	if m := numberedItem.FindStringSubmatchIndex(s); m != nil {
		s = s[m[2]:m[3]] + "." + s[m[1]:]
	}
	return s
}

// numbering splits a normalised label into its numbering (一、 （三） 2.) and the rest.
var numberingPattern = regexp.MustCompile(`^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d{1,2}\.)`)

func numbering(s string) (num, rest string) {
	if m := numberingPattern.FindString(s); m != "" {
		return m, s[len(m):]
	}
	return "", s
}

// core is a normalised label without a bracketed remark after its start:
// （二）部分公开（区分处理的……） → （二）部分公开; 本年收费金额（单位：万元） → 本年收费金额.
func core(s string) string {
	num, rest := numbering(s)
	if i := strings.Index(rest, "（"); i > 0 {
		rest = rest[:i]
	}
	return num + rest
}

// similarity says how well a printed text matches a label of the format, from 0 to 1: 1 for
// the same label, 0.95 when they differ only in a bracketed remark, else the share of
// characters in common (a Dice coefficient on the longest common subsequence), and 0 when
// both are numbered differently.
func similarity(text, label string) float64 {
	t, l := norm(text), norm(label)
	if t == "" || l == "" {
		return 0
	}
	if t == l {
		return 1
	}
	if core(t) == core(l) {
		return 0.95
	}
	if runeLen(t) > 2*runeLen(l)+16 {
		return 0 // a paragraph, not a label
	}
	tn, tr := numbering(t)
	ln, lr := numbering(l)
	if tn != "" && ln != "" && tn != ln {
		return 0
	}
	score := 0.9 * dice(tr, lr)
	if tn != ln {
		score -= 0.05
	}
	return score
}

// dice is 2·LCS/(|a|+|b|) over runes; texts beyond 200 runes are not compared.
func dice(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 || len(ra) > 200 || len(rb) > 200 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			switch {
			case ra[i-1] == rb[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}

// trimSpace trims white space, the ideographic space included.
func trimSpace(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// runeLen is the length of s in characters.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
