package docxwriter

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/realtest"
)

// TestSchemaValid validates every part of the documents of both samples, final and draft,
// against the ECMA-376 schemas (shared/tools/ooxml_validate.py), our stand-in for Word's
// strictness.
func TestSchemaValid(t *testing.T) {
	python, script := realtest.OOXMLValidator(t, "the documents")
	dir := t.TempDir()
	args := []string{script}
	for name, d := range samples() {
		for _, draft := range []bool{false, true} {
			p := filepath.Join(dir, name+strconv.FormatBool(draft)+".docx")
			if err := os.WriteFile(p, render(t, d, Options{Draft: draft}), 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, p)
		}
	}
	out, err := exec.Command(python, args...).CombinedOutput()
	if err != nil {
		t.Errorf("ooxml_validate.py: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "SUMMARY"); n != len(args)-1 || strings.Count(string(out), "12/12 parts valid")+strings.Count(string(out), "13/13 parts valid") != n {
		t.Errorf("%d summaries for %d documents:\n%s", n, len(args)-1, out)
	}
}

// TestLibreOffice opens both samples' documents in LibreOffice Writer and converts them to
// PDF: every paragraph and every row of every table is in the PDF's text, and it has as many
// pages as ours, give or take one.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		realtest.Missing(t, "soffice not found (Debian libreoffice-writer-nogui); the documents were NOT opened in LibreOffice")
	}
	pdftotext, err1 := exec.LookPath("pdftotext")
	pdfinfo, err2 := exec.LookPath("pdfinfo")
	if err1 != nil || err2 != nil {
		realtest.Missing(t, "pdftotext or pdfinfo not found (Debian poppler-utils); LibreOffice's conversion was NOT read")
	}
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	docs := samples()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", filepath.Join(dir, "out")}
	for name, d := range docs {
		p := filepath.Join(dir, name+".docx")
		if err := os.WriteFile(p, render(t, d, Options{}), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if out, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	for name, d := range docs {
		pdf := filepath.Join(dir, "out", name+".pdf")
		text, err := exec.Command(pdftotext, "-raw", pdf, "-").Output()
		if err != nil {
			t.Fatalf("%s: LibreOffice wrote no readable PDF: %v", name, err)
		}
		checkText(t, name, d, string(text))

		var ours bytes.Buffer
		if err := pdfwriter.Write(&ours, d, pdfwriter.Options{Fonts: set}); err != nil {
			t.Fatal(err)
		}
		oursPath := filepath.Join(dir, name+"-ours.pdf")
		if err := os.WriteFile(oursPath, ours.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		theirs, ourPages := pages(t, pdfinfo, pdf), pages(t, pdfinfo, oursPath)
		if theirs < ourPages-1 || theirs > ourPages+1 {
			t.Errorf("%s: LibreOffice sets %d pages, we set %d", name, theirs, ourPages)
		}
		t.Logf("%s: LibreOffice %d pages, ours %d", name, theirs, ourPages)
	}
}

// checkText finds every paragraph, heading and table row of d in the text LibreOffice's PDF
// holds, in content order (pdftotext -raw), ignoring line breaks, the page numbers between
// the lines of a paragraph broken over pages, and where the quotation marks went: Writer sets
// “” in a Latin face and pdftotext takes them out of their line.
func checkText(t *testing.T, name string, d *document.Document, text string) {
	t.Helper()
	pageNumber := regexp.MustCompile(`—\s*\d+\s*—`)
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if strings.ContainsRune(" \t\r\n\f\u3000“”‘’", r) {
				return -1
			}
			return r
		}, s)
	}
	all := squash(pageNumber.ReplaceAllString(text, ""))
	want := []string{d.Title.Text(), d.Signature.Agency, d.Signature.Date}
	want = append(want, d.Intro...)
	quotes := 0
	for _, s := range d.Sections {
		want = append(want, s.Heading)
		for _, b := range s.Blocks {
			switch b.Kind {
			case document.Paragraph, document.Subheading:
				want = append(want, b.Text)
				quotes += strings.Count(b.Text, "“")
			case document.TableBlock:
				for _, g := range b.Table.Grids {
					rows := make([]string, g.Rows)
					for i, c := range g.Cells {
						rows[c.Row] += g.Texts[i]
					}
					want = append(want, rows...)
				}
			}
		}
	}
	for _, w := range want {
		if !strings.Contains(all, squash(w)) {
			t.Errorf("%s: LibreOffice's PDF lacks %q", name, w)
		}
	}
	if got := strings.Count(text, "“"); got < quotes {
		t.Errorf("%s: %d opening quotation marks in LibreOffice's PDF, want %d", name, got, quotes)
	}
}

func pages(t *testing.T, pdfinfo, pdf string) int {
	t.Helper()
	out, err := exec.Command(pdfinfo, pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdf, err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", pdf)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}
