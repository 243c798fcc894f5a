package importer

import (
	"bytes"
	"context"
	"github.com/nianbao/nianbao/internal/realtest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/docxwriter"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/htmlwriter"
)

// convert has LibreOffice Writer convert the files (name → contents) with the filter (docx,
// pdf …), all in one call, and returns the converted copies by input name.
func convert(t *testing.T, files map[string][]byte, filter, ext string) map[string][]byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		realtest.Missing(t, "LIBREOFFICE NOT INSTALLED: soffice not found (Debian package libreoffice-writer-nogui); the round trip through Writer was NOT tested")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", filter, "--outdir", out}
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.WaitDelay = 10 * time.Second // a hung child of soffice does not hold the test
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	done := map[string][]byte{}
	for name := range files {
		p := filepath.Join(out, strings.TrimSuffix(name, filepath.Ext(name))+ext)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("LibreOffice did not convert %s: %v", name, err)
		}
		done[name] = data
	}
	return done
}

// TestLibreOfficeRoundTrip: Writer opens our web page of each sample and saves it as .docx;
// the import gives the same cells, paragraphs and basic facts.
func TestLibreOfficeRoundTrip(t *testing.T) {
	pages := map[string][]byte{}
	want := samples(t)
	for i, r := range want {
		var buf bytes.Buffer
		if err := htmlwriter.Write(&buf, document.Build(r), htmlwriter.Options{}); err != nil {
			t.Fatal(err)
		}
		pages[string(rune('a'+i))+".html"] = buf.Bytes()
	}
	for _, kind := range []struct{ filter, ext string }{{"docx:MS Word 2007 XML", ".docx"}} {
		converted := convert(t, pages, kind.filter, kind.ext)
		for i, r := range want {
			name := string(rune('a'+i)) + ".html"
			res, err := Import(context.Background(), name+kind.ext, converted[name], Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Complete() {
				t.Errorf("%s: not complete: %s", r.Agency(), res.Summary())
			}
			sameReport(t, r.Agency()+" through LibreOffice "+kind.ext, r, res.Report)
		}
	}
}

// TestLibreOfficePDF: Writer opens our Word document of each sample (render --format docx) and
// exports it as PDF, as a bureau that signs off in Word or WPS publishes it; the import of
// the PDF gives the same cells, paragraphs and basic facts.
func TestLibreOfficePDF(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	want := samples(t)
	for i, r := range want {
		var buf bytes.Buffer
		if err := docxwriter.Write(&buf, document.Build(r), docxwriter.Options{Fonts: set}); err != nil {
			t.Fatal(err)
		}
		docs[string(rune('a'+i))+".docx"] = buf.Bytes()
	}
	pdfs := convert(t, docs, "pdf:writer_pdf_Export", ".pdf")
	for i, r := range want {
		name := string(rune('a'+i)) + ".docx"
		res, err := Import(context.Background(), name+".pdf", pdfs[name], Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete() {
			t.Errorf("%s: not complete: %s", r.Agency(), res.Summary())
		}
		sameReport(t, r.Agency()+" through LibreOffice PDF", r, res.Report)
	}
}
