package importer

import (
	"bytes"
	"context"
	"github.com/nianbao/nianbao/internal/realtest"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/docxwriter"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/htmlwriter"
)

// convert has LibreOffice Writer convert the files with the filter (docx, pdf …).
func convert(t *testing.T, files map[string][]byte, filter, ext string) map[string][]byte {
	return realtest.Convert(t, files, filter, ext, "libreoffice-writer-nogui")
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
