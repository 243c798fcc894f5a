package visible

import (
	"slices"
	"testing"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"财政局":                  "财政局",
		"财政局\u202e局政财":         "财政局[U+202E]局政财",
		"\u2066a\u2069\u200bb": "[U+2066]a[U+2069][U+200B]b",
		"\ufeff名单":             "[U+FEFF]名单",
		"\u200e\u200f\u202a":   "[U+200E][U+200F][U+202A]",
		"a\u2060b":             "a\u2060b", // word joiner: not in the list, not deceptive
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%+q) = %+q, want %+q", in, got, want)
		}
		if Has(in) != (in != want) {
			t.Errorf("Has(%+q) = %v", in, Has(in))
		}
	}
	if got := List("a\u202eb\u202ec\u200b"); !slices.Equal(got, []string{"U+202E", "U+200B"}) {
		t.Errorf("List: %v", got)
	}
}
