package document

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/nianbao/nianbao/template"
)

var bracketed = regexp.MustCompile(`（[一二三四五六七八九十]+）`)

// everyLabel is the text of every title and header cell of every table of every edition.
func everyLabel() []string {
	var out []string
	for _, e := range template.Editions() {
		for _, tb := range e.Tables() {
			for _, g := range tb.Grids() {
				for _, c := range g.Cells {
					if c.Role != template.RoleValue && c.Text != "" {
						out = append(out, c.Text)
					}
				}
			}
		}
	}
	return out
}

// Every label of both editions is cut into lexicon words, losing nothing: an edition that
// brings a word the lexicon lacks fails here (its characters would be cut anywhere).
func TestLabelWordsCoverEveryLabel(t *testing.T) {
	labels := everyLabel()
	if len(labels) < 50 {
		t.Fatalf("only %d labels found", len(labels))
	}
	for _, label := range labels {
		var joined []string
		for _, w := range LabelWords(label) {
			joined = append(joined, w.Text)
			// The Hanzi of the word, numberings (三、, （三）, 第（一）项's) aside.
			text := bracketed.ReplaceAllString(labelNumbering.ReplaceAllString(w.Text, ""), "")
			han := []rune(strings.Map(func(r rune) rune {
				if unicode.Is(unicode.Han, r) {
					return r
				}
				return -1
			}, text))
			for len(han) > 0 {
				n := lexiconWord(han)
				if n == 0 {
					t.Errorf("%s: %q is not in the label lexicon", label, string(han))
					break
				}
				han = han[n:]
			}
		}
		if strings.Join(joined, "") != label {
			t.Errorf("LabelWords(%s) = %q, loses or adds characters", label, joined)
		}
	}
}
