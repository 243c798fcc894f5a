package document

import (
	"strings"
	"unicode"
)

// Clean makes text printable: tabs and other control characters become spaces, invisible
// characters pasted from word processors (zero-width spaces, byte order marks, soft hyphens)
// are dropped. The PDF and the Word document print text through it, so that both say the same.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == '\u00ad':
			return -1
		case r == '\u00a0' || unicode.IsControl(r):
			return ' '
		}
		return r
	}, s)
}
