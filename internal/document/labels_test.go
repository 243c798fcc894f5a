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

func TestLabelWords(t *testing.T) {
	cases := map[string]string{
		"三、本年度办理结果":            "三、本年度|~办理|~结果",
		"（三）不予公开":              "（三）|不予|~公开",
		"本年增/减":                "本年|~增/减",
		"第二十条第（一）项":            "第二十条|~第（一）项",
		"本年收费金额（单位：万元）":        "本年|~收费|~金额|~（单位：|万元）",
		"3.危及“三安全一稳定”":         "3.危及|~“三安全一稳定”",
		"5.要求行政机关确认或重新出具已获取信息": "5.要求|~行政|~机关|~确认|~或|~重新|~出具|~已获取|~信息",
		"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）": "（本列|~数据|~的|~勾稽|~关系|~为：|第一项|~加|~第二项|~之和，|等于|~第三项|~加|~第四项|~之和）",
		"1260": "1260",
	}
	for label, want := range cases {
		var got []string
		for _, w := range LabelWords(label) {
			if w.Weak {
				got = append(got, "~"+w.Text)
			} else {
				got = append(got, w.Text)
			}
		}
		if strings.Join(got, "|") != want {
			t.Errorf("LabelWords(%s) = %s, want %s", label, strings.Join(got, "|"), want)
		}
	}
}
