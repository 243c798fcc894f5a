package importer

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
)

// pdfWith makes a one-page PDF by code: text, an image, or both, optionally protected.
func pdfWith(t testing.TB, text string, withImage bool, userPassword, ownerPassword string) []byte {
	f := gofpdf.New("P", "mm", "A4", "")
	if userPassword != "" || ownerPassword != "" {
		f.SetProtection(gofpdf.CnProtectPrint, userPassword, ownerPassword)
	}
	f.AddPage()
	if withImage {
		img := image.NewGray(image.Rect(0, 0, 200, 200))
		for i := range img.Pix {
			img.Pix[i] = uint8(i)
		}
		img.Set(1, 1, color.White)
		var buf bytes.Buffer
		png.Encode(&buf, img)
		f.RegisterImageOptionsReader("scan", gofpdf.ImageOptions{ImageType: "PNG"}, &buf)
		f.ImageOptions("scan", 10, 10, 190, 270, false, gofpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	}
	if text != "" {
		f.SetFont("Helvetica", "", 12)
		f.Text(20, 20, text)
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A scan (pages of images), a PDF that needs a password and a damaged PDF are named as such.
// gofpdf's RC4 encryption with only an owner password opens, but the PDF library does not
// decrypt its streams: said as encrypted, never as a scan.
func TestPDFBadInput(t *testing.T) {
	for name, c := range map[string]struct {
		data []byte
		want error
	}{
		"scan":      {pdfWith(t, "", true, "", ""), ErrScanned},
		"password":  {pdfWith(t, "2023 report", false, "secret", "owner"), ErrEncrypted},
		"truncated": {pdfWith(t, "x", false, "", "")[:400], ErrDamaged},
		"header":    {[]byte("%PDF-1.7\n%%EOF\n"), ErrDamaged},
	} {
		_, err := Import(context.Background(), name+".pdf", c.data, Options{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	_, err := Import(context.Background(), "owner.pdf", pdfWith(t, "2023 report", false, "", "owner"), Options{})
	if !errors.Is(err, ErrEncrypted) {
		t.Errorf("owner-protected PDF: %v, want %v", err, ErrEncrypted)
	}
}

// Crafted files are refused or read within the bounds (a hang fails the test by its time-out):
// a page tree that points at itself, a content stream of a million operators, arrays nested
// millions deep in a content stream and in an object, a table of a million rows in a web page,
// elements nested a hundred thousand deep in a Word document.
func TestCraftedInputsAreBounded(t *testing.T) {
	loop := []byte("%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n2 0 obj <</Type/Pages/Kids[2 0 R 2 0 R]/Count 9>> endobj\n" +
		"trailer <</Root 1 0 R>>\nstartxref\n0\n%%EOF\n")
	ops := pdfWithContent(strings.Repeat("0 0 m 1 1 l S ", 1_000_000))
	var rows strings.Builder
	rows.WriteString("<table>")
	for i := 0; i < 1_000_000; i++ {
		rows.WriteString("<tr><td>1")
	}
	var w wordDoc
	w.raw(strings.Repeat("<w:sdt><w:sdtContent>", 100_000))
	deep := w.bytes(t)
	nested := pdfWithContent(strings.Repeat("[", 2_000_000))
	objects := []byte("%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R/X " + strings.Repeat("[", 1_000_000) + ">> endobj\ntrailer <</Root 1 0 R>>\nstartxref\n9\n%%EOF\n")
	for name, data := range map[string][]byte{"loop.pdf": loop, "ops.pdf": ops, "nested.pdf": nested, "objects.pdf": objects,
		"rows.html": []byte(rows.String()), "deep.docx": deep} {
		if _, err := Import(context.Background(), name, data, Options{}); err == nil {
			t.Errorf("%s: read as a report", name)
		}
	}
}

// pdfWithContent is a minimal PDF whose one page has the content stream given.
func pdfWithContent(content string) []byte {
	var b bytes.Buffer
	offsets := []int{}
	obj := func(s string) {
		offsets = append(offsets, b.Len())
		b.WriteString(s)
	}
	b.WriteString("%PDF-1.4\n")
	obj("1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n")
	obj("2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n")
	obj("3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>> endobj\n")
	obj("4 0 obj <</Length " + itoa(len(content)) + ">> stream\n" + content + "\nendstream endobj\n")
	xref := b.Len()
	b.WriteString("xref\n0 5\n0000000000 65535 f \n")
	for _, o := range offsets {
		s := itoa(o)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer <</Size 5/Root 1 0 R>>\nstartxref\n" + itoa(xref) + "\n%%EOF\n")
	return b.Bytes()
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		if n /= 10; n == 0 {
			return s
		}
	}
}

// The guard against the PDF library's endless hex string: a string left open at the end is
// found; '<' inside literal strings (the code of 值 is 0x503C), comments, stream data and
// inline images is not one.
func TestOpenHexAtEnd(t *testing.T) {
	for data, want := range map[string]bool{
		"BT <4e2d> Tj ET":                               false,
		"BT <4e2d Tj ET":                                true,
		"BT (P<) Tj ET":                                 false,
		"BT (a\\)<) Tj ET % <\n":                        false,
		"<</Length 3>>stream\n<<<\nendstream endobj":    false,
		"1 0 obj <</A 1>> endobj trailer <</Root 1 0 R": false,
		"1 0 obj <ab":                                   true,
		"BI /W 1 /H 1 ID <<\x00< EI Q":                  false,
	} {
		if got := openHexAtEnd([]byte(data)); got != want {
			t.Errorf("openHexAtEnd(%q) = %v", data, got)
		}
	}
}
