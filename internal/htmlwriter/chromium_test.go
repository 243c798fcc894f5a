package htmlwriter

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/realtest"
)

// chromium runs headless Chromium on the page written to a temporary file with the given
// extra arguments and returns its standard output. It skips the test if Chromium is not
// installed.
func chromium(t *testing.T, page []byte, args ...string) []byte {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		realtest.Missing(t, fmt.Sprint("chromium not installed (apt-get install chromium): ", err))
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile")}
	cmd := exec.Command(bin, append(append(base, args...), "file://"+file)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.Bytes())
	}
	return out
}

// What a browser builds from the page holds every heading, paragraph and table number of
// the report, in order.
func TestChromiumDOMHasEveryTextAndNumber(t *testing.T) {
	for name, d := range samples() {
		t.Run(name, func(t *testing.T) {
			dom := chromium(t, render(t, d, Options{}), "--dump-dom")
			root := parse(t, dom)
			checkTextsInOrder(t, visibleTexts(root), expectedTexts(d))
			if n := len(find(root, "td")); n == 0 {
				t.Error("no table cells in the browser's DOM")
			}
		})
	}
}

// Printed from a browser, the page is A4 with several pages and every paragraph of the
// report on them.
func TestChromiumPrintsEveryParagraphOnA4(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			realtest.Missing(t, fmt.Sprint(tool+" not installed (apt-get install poppler-utils): ", err))
		}
	}
	// Without a Chinese font Chromium prints missing glyphs, whose text poppler cannot read.
	if out, _ := exec.Command("fc-list", ":lang=zh").Output(); len(out) == 0 {
		realtest.Missing(t, "no Chinese font for Chromium to print with (apt-get install fonts-droid-fallback)")
	}
	d := samples()["example2021"]
	page := render(t, d, Options{})
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	chromium(t, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)`).Match(info) {
		t.Errorf("not A4:\n%s", info)
	}
	if m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info); m == nil || len(m[1]) == 1 && m[1][0] < '3' {
		t.Errorf("expected several pages:\n%s", info)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Lines wrap, spacing between Hanzi and digits shows as spaces, and page numbers
	// (— 3 —) interrupt paragraphs that run over a page: compare without them.
	printed := pageNumber.ReplaceAllString(strings.Join(strings.Fields(string(out)), ""), "")
	for _, want := range append(titleWords(d.Title), expectedParagraphs(d)...) {
		if !strings.Contains(printed, strings.Join(strings.Fields(want), "")) {
			t.Errorf("not in the printed page: %.40s…", want)
		}
	}
	for _, n := range []string{"—1—", "—2—"} {
		if !strings.Contains(strings.Join(strings.Fields(string(out)), ""), n) {
			t.Errorf("no page number %s", n)
		}
	}
}

var pageNumber = regexp.MustCompile(`—\d+—`)

func expectedParagraphs(d *document.Document) []string {
	out := append([]string(nil), d.Intro...)
	for _, s := range d.Sections {
		out = append(out, s.Heading)
		for _, b := range s.Blocks {
			if b.Kind != document.TableBlock {
				out = append(out, b.Text)
			}
		}
	}
	return out
}
