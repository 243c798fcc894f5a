package pdfwriter

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/cjk"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/realtest"
)

// auditScript is the team's glyph-level typesetting audit. It is not copied into the
// repository (a copy drifts from the ruler everyone measures with): the repository sits beside
// the shared folder, in CI and on the team's machines.
const auditScript = "../../../shared/tools/typo_audit.py"

// stressDocument is a report whose paragraphs are the hard prose of testdata/stress.txt:
// web addresses, —— and ……, full-width digits, nested quotes and brackets, numbers with 、.
func stressDocument(t *testing.T) (*document.Document, []string) {
	t.Helper()
	data, err := os.ReadFile("testdata/stress.txt")
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSpace(string(data)), "\n")
	d := &document.Document{Title: document.Title{Agency: "示例市生态环境局", Year: "2025"}, Intro: paras[:2]}
	s := document.Section{Heading: "一、总体情况"}
	for _, p := range paras[2:] {
		s.Blocks = append(s.Blocks, document.Block{Kind: document.Paragraph, Text: p})
	}
	d.Sections = []document.Section{s}
	return d, paras
}

// auditReport is what typo_audit.py --json says of one PDF.
type auditReport struct {
	Counts   map[string]int `json:"counts"`
	Findings []struct {
		Code, Where, Message string
	} `json:"findings"`
	Summary string `json:"-"`
}

// runAudit runs typo_audit.py on pdf with the prose expected in it; the test is skipped
// loudly without python3, poppler or the script.
func runAudit(t *testing.T, pdf []byte, expect []string) auditReport {
	t.Helper()
	for _, tool := range []string{"python3", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			realtest.Missing(t, fmt.Sprintf("%s not installed, the typesetting audit cannot run: %v", tool, err))
		}
	}
	if _, err := os.Stat(auditScript); err != nil {
		realtest.Missing(t, fmt.Sprintf("the shared typesetting audit is not beside the repository (%s), the audit cannot run: %v", auditScript, err))
	}
	dir := t.TempDir()
	path, prose := filepath.Join(dir, "report.pdf"), filepath.Join(dir, "prose.txt")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prose, []byte(strings.Join(expect, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("python3", auditScript, "--json", "--expect", prose, path).Output()
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		t.Fatal(err)
	}
	text := strings.TrimSpace(string(out))
	cut := strings.LastIndex(text, "\n")
	var reps []auditReport
	if cut < 0 || json.Unmarshal([]byte(text[:cut]), &reps) != nil || len(reps) != 1 {
		t.Fatalf("typo_audit.py: unexpected output (%v):\n%s", err, out)
	}
	reps[0].Summary = strings.Replace(text[cut+1:], path, "report.pdf", 1)
	return reps[0]
}

// auditToken is the text the audit quotes: the split token, or the end of a short line.
var auditToken = regexp.MustCompile(`split across lines: (\S+)|short of the right edge: 「(.*)」`)

// inLongAddress reports whether the audit's finding is about a web or e-mail address of the
// expected prose that is wider than a line of body text (measured with the PDF's faces):
// only such an address is split, between any two of its characters, and its lines set flush
// left (never spaced), as the stress prose's 130-character address is. An address that fits
// on a line is never split.
func inLongAddress(t *testing.T, message string, expect []string) bool {
	m := auditToken.FindStringSubmatch(message)
	if m == nil {
		return false
	}
	token := strings.ReplaceAll(m[1]+m[2], "|", "")
	for _, p := range expect {
		for _, a := range longAddress.FindAllString(p, -1) {
			if strings.Contains(a, token) && cjk.Unbroken(a, placedFaces(t, a).measure(bodyStyle)).Width > areaW {
				return true
			}
		}
	}
	return false
}

var longAddress = regexp.MustCompile(`[A-Za-z][-A-Za-z0-9._~:/?#@!$&'()*+,;=%]+`)

// The samples, the hard prose and the page-level stress corpus pass the glyph-level audit: no
// forbidden line start or end, every justified line flush, no character lost, no number,
// word, —— or …… split or spaced apart, no loose line, no orphan, widow or heading left at
// a page foot, nothing outside the type area, page numbers right; a web address is split only
// when it is longer than a line.
func TestTypographyAudit(t *testing.T) {
	if testing.Short() {
		t.Skip("renders and audits some twenty reports")
	}
	stress, prose := stressDocument(t)
	docs := map[string]struct {
		d      *document.Document
		expect []string
	}{"stress": {stress, prose}}
	for name, d := range stressCorpus() {
		var expect []string
		expect = append(expect, d.Intro...)
		for _, s := range d.Sections {
			for _, b := range s.Blocks {
				if b.Kind == document.Paragraph {
					expect = append(expect, b.Text)
				}
			}
		}
		docs[name] = struct {
			d      *document.Document
			expect []string
		}{d, expect}
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			pdf, ok := stressPDF()[name]
			if !ok {
				pdf = render(t, doc.d, Options{})
			}
			rep := runAudit(t, pdf, doc.expect)
			t.Log(rep.Summary)
			for _, f := range rep.Findings {
				switch {
				case strings.HasPrefix(f.Code, "i_"):
					t.Logf("%s %s: %s", f.Code, f.Where, f.Message)
				case (f.Code == "d_split" || f.Code == "b_over") && inLongAddress(t, f.Message, doc.expect):
					t.Logf("allowed: %s %s: %s", f.Code, f.Where, f.Message)
				default:
					t.Errorf("%s %s: %s", f.Code, f.Where, f.Message)
				}
			}
		})
	}
}
