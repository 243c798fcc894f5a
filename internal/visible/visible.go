// Package visible keeps text from deceiving its reader: the bidirectional and invisible
// format controls that reverse or hide what follows them (U+202A–202E, U+2066–2069,
// U+200B–200F, and U+FEFF inside text) are shown as their code points wherever text from a
// file or a form is displayed — terminal, web desk, annotated copy — and refused where a name
// is chosen.
package visible

import (
	"fmt"
	"strings"
)

// Deceptive reports whether r is a format control that changes how the text around it is
// shown, or hides itself: embeddings and overrides, isolates, zero-width characters and
// marks, and the byte-order mark.
func Deceptive(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r >= 0x200B && r <= 0x200F, r == 0xFEFF:
		return true
	}
	return false
}

// Has reports whether s holds a deceptive format control.
func Has(s string) bool { return strings.IndexFunc(s, Deceptive) >= 0 }

// Escape shows every deceptive format control of s as its code point in brackets:
// “abc‮def” becomes “abc[U+202E]def”; other text is unchanged.
func Escape(s string) string {
	if !Has(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if Deceptive(r) {
			fmt.Fprintf(&b, "[U+%04X]", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// List names the distinct deceptive controls of s: U+202E、U+200B.
func List(s string) []string {
	var out []string
	seen := map[rune]bool{}
	for _, r := range s {
		if Deceptive(r) && !seen[r] {
			seen[r] = true
			out = append(out, fmt.Sprintf("U+%04X", r))
		}
	}
	return out
}
