package importer

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/docxwriter"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/htmlwriter"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// samples are the filled sample workbooks of the repository.
func samples(t testing.TB) []*model.Report {
	paths, _ := filepath.Glob("../../samples/*.xlsx")
	var out []*model.Report
	for _, p := range paths {
		if strings.Contains(p, "空白") {
			continue
		}
		r, _, err := xlsxreader.Read(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		t.Fatal("no samples")
	}
	return out
}

// sameReport fails unless got has want's edition, table values, prose paragraphs and
// basic facts (those the published text prints).
func sameReport(t *testing.T, what string, want, got *model.Report) {
	t.Helper()
	if got.Edition != want.Edition {
		t.Fatalf("%s: edition %s, want %s", what, got.Edition.ID, want.Edition.ID)
	}
	for _, c := range want.Edition.Cells() {
		w, g := want.Values[c.Key], got.Values[c.Key]
		if w.State != g.State || w.Number != g.Number || (w.State != model.Number && strings.TrimSpace(w.Raw) != g.Raw) {
			t.Errorf("%s: %s = %v %q, want %v %q", what, c.Key, g.State, g.Raw, w.State, w.Raw)
		}
	}
	for _, p := range want.Edition.Parts {
		for _, f := range p.Prose {
			w := strings.Join(document.Paragraphs(want.ProseText(f.Key)), "\n")
			if g := got.ProseText(f.Key); g != w {
				t.Errorf("%s: prose %s =\n%q\nwant\n%q", what, f.Key, g, w)
			}
		}
	}
	for _, k := range []string{"agency", "year", "contact_office", "address", "phone", "website", "publish_date"} {
		if w, g := want.InfoText(k), got.InfoText(k); w != g {
			t.Errorf("%s: info %s = %q, want %q", what, k, g, w)
		}
	}
}

func TestDOCXRoundTrip(t *testing.T) {
	for _, want := range samples(t) {
		data := docxOf(t, document.Build(want))
		res, err := Import(context.Background(), want.Agency()+".docx", data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete() {
			t.Errorf("%s: not complete: %s", want.Agency(), res.Summary())
		}
		t.Log(res.Summary())
		sameReport(t, want.Agency()+" DOCX", want, res.Report)
	}
}

func TestHTMLRoundTrip(t *testing.T) {
	for _, want := range samples(t) {
		var buf bytes.Buffer
		if err := htmlwriter.Write(&buf, document.Build(want), htmlwriter.Options{}); err != nil {
			t.Fatal(err)
		}
		res, err := Import(context.Background(), want.Agency()+".html", buf.Bytes(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete() {
			t.Errorf("%s: not complete: %s", want.Agency(), res.Summary())
		}
		sameReport(t, want.Agency()+" HTML", want, res.Report)
	}
}

func TestPDFRoundTrip(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range samples(t) {
		var buf bytes.Buffer
		if err := pdfwriter.Write(&buf, document.Build(want), pdfwriter.Options{Fonts: set}); err != nil {
			t.Fatal(err)
		}
		res, err := Import(context.Background(), want.Agency()+".pdf", buf.Bytes(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete() {
			t.Errorf("%s: not complete: %s", want.Agency(), res.Summary())
		}
		sameReport(t, want.Agency()+" PDF", want, res.Report)
	}
}

// Our own Word document (render --format docx: 公文 layout, real tables with gridSpan and
// vMerge, repeated header rows) reads back exactly.
func TestOwnDOCXRoundTrip(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range samples(t) {
		var buf bytes.Buffer
		if err := docxwriter.Write(&buf, document.Build(want), docxwriter.Options{Fonts: set}); err != nil {
			t.Fatal(err)
		}
		res, err := Import(context.Background(), want.Agency()+".docx", buf.Bytes(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Complete() || res.Pending {
			t.Errorf("%s: %s", want.Agency(), res.Summary())
		}
		sameReport(t, want.Agency()+" render --format docx", want, res.Report)
	}
}
