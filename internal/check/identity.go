package check

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/visible"
	"github.com/nianbao/nianbao/template"
	"golang.org/x/text/unicode/norm"
)

// Match is how an agency name written in a workbook compares with the name expected.
type Match int

const (
	// Different names another agency.
	Different Match = iota
	// Near is a name close to the expected one (one holds the other, or they differ by a
	// character or two): probably the agency, written differently, or a sister agency. A
	// person decides.
	Near
	// Same is the expected agency as people really write it.
	Same
)

// MatchAgency compares the agency name stated in a workbook with the name expected (the
// name on the coordinator's list). Names are the Same when they agree after
//   - folding width and compatibility forms (NFKC: full-width letters, digits and brackets
//     become their ordinary forms),
//   - removing every space (also full-width ones) and invisible format control,
//   - and, when that is not enough, dropping parenthetical parts on either side: a list's
//     “太仓市财政局（太仓市国有资产监督管理办公室）” is the workbook's “太仓市财政局”, and the other
//     way round; the name in the brackets alone (“太仓市国有资产监督管理办公室”) is the agency too.
//
// They are Near when, so reduced, one contains the other (“财政局” and “太仓市财政局”) or they
// differ in at most two characters; anything else is Different.
func MatchAgency(expected, stated string) Match {
	e, s := agencyKey(expected), agencyKey(stated)
	if e == "" || s == "" {
		return Different
	}
	if e == s {
		return Same
	}
	eb, sb := stripBrackets(e), stripBrackets(s)
	if eb == sb || eb == s || e == sb {
		return Same
	}
	for _, inner := range bracketed(e) {
		if inner == s || inner == sb {
			return Same
		}
	}
	for _, inner := range bracketed(s) {
		if inner == e || inner == eb {
			return Same
		}
	}
	if eb != "" && sb != "" && (strings.Contains(eb, sb) || strings.Contains(sb, eb)) {
		return Near
	}
	if a, b := []rune(eb), []rune(sb); min(len(a), len(b)) >= 4 && distance(a, b) <= 2 {
		return Near
	}
	return Different
}

// agencyKey is a name reduced for comparison: NFKC, without spaces or format controls.
func agencyKey(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || visible.Deceptive(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, norm.NFKC.String(name))
}

var brackets = regexp.MustCompile(`\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕`)

func stripBrackets(key string) string { return brackets.ReplaceAllString(key, "") }

func bracketed(key string) []string {
	var out []string
	for _, m := range brackets.FindAllString(key, -1) {
		_, size := firstRune(m)
		inner := m[size:]
		_, last := lastRune(inner)
		if inner = inner[:len(inner)-last]; inner != "" {
			out = append(out, inner)
		}
	}
	return out
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func lastRune(s string) (rune, int) {
	r := []rune(s)
	if len(r) == 0 {
		return 0, 0
	}
	return r[len(r)-1], len(string(r[len(r)-1]))
}

// distance is the Levenshtein distance of two rune strings.
func distance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Expect is whose report, and of which year, a workbook is expected to be: the agency of a
// desk's link or of `check --expect-agency`, the desk's year or `--expect-year`. A zero field
// expects nothing.
type Expect struct {
	Agency string
	Year   int
}

// AgencyProblem is the sentence refusing a workbook stated to be agency's (its name as
// written) when expected's is awaited, or "" when the names are the Same.
func AgencyProblem(expected, stated string) string {
	switch {
	case expected == "" || MatchAgency(expected, stated) == Same:
		return ""
	case strings.TrimSpace(stated) == "":
		return fmt.Sprintf("工作簿中没有填写机关名称，无法确认是本单位（%s）的报告", expected)
	}
	return fmt.Sprintf("这是“%s”的报告，不是本单位（%s）的", visible.Escape(strings.TrimSpace(stated)), expected)
}

// YearProblem is the sentence refusing a workbook of year stated when year expected is
// awaited, or "".
func YearProblem(expected, stated int) string {
	switch {
	case expected == 0 || stated == expected:
		return ""
	case stated == 0:
		return fmt.Sprintf("工作簿中没有填写报告年度，本次报送%d年度", expected)
	}
	return fmt.Sprintf("这是%d年度的报告，本次报送%d年度", stated, expected)
}

// Identity is A1 and A2: whether the report is the expected agency's (MatchAgency: Same),
// and of the expected year. Either finding is an error: such a workbook must not be
// published, or checked, as the expected agency's report.
func Identity(r *model.Report, want Expect) []Finding {
	var out []Finding
	for _, f := range r.Edition.Info {
		op := infoOperand(r, f)
		switch f.Key {
		case template.InfoAgency:
			if msg := AgencyProblem(want.Agency, r.Agency()); msg != "" {
				out = append(out, New(rule.AgencyMismatch, msg, op))
			}
		case template.InfoYear:
			if msg := YearProblem(want.Year, r.Year()); msg != "" {
				out = append(out, New(rule.YearMismatch, msg, op))
			}
		}
	}
	return out
}
