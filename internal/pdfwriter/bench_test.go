package pdfwriter

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// BenchmarkOneReport typesets the 2021 example, font cutting and loading included (the
// embedded faces are parsed once per process by package fonts).
func BenchmarkOneReport(b *testing.B) {
	set := defaultFonts(b)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, document.Build(samplereport.Example2021()), set, Options{}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}

// BenchmarkTwoHundredReports typesets 200 reports on one worker per core, as render DIR does.
func BenchmarkTwoHundredReports(b *testing.B) {
	set := defaultFonts(b)
	for b.Loop() {
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					r := samplereport.Example2021()
					if i%2 == 1 {
						r = samplereport.Taicang2020()
					}
					if err := Write(io.Discard, document.Build(r), set, Options{}); err != nil {
						b.Error(err)
					}
				}
			}()
		}
		for i := range 200 {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}
}

// BenchmarkFontLoad compares handing gofpdf the whole body face with cutting it to one
// report's characters first, as Write does.
func BenchmarkFontLoad(b *testing.B) {
	set := defaultFonts(b)
	body := set.Faces[fonts.Body]
	f := newFaces(set)
	d := document.Build(samplereport.Example2021())
	for _, p := range append(d.Intro, d.Sections[0].Blocks[0].Text) {
		if err := f.need(fonts.Body, p, ""); err != nil {
			b.Fatal(err)
		}
	}
	var used []rune
	for r := range f.runes[body] {
		used = append(used, r)
	}
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			pdf := gofpdf.New("P", "pt", "A4", "")
			pdf.AddUTF8FontFromBytes("body", "", append([]byte(nil), body.Data...))
			pdf.SetFont("body", "", 16)
		}
	})
	b.Run("cut", func(b *testing.B) {
		for b.Loop() {
			pdf := gofpdf.New("P", "pt", "A4", "")
			pdf.AddUTF8FontFromBytes("body", "", gofpdf.UTF8CutFont(body.Data, string(used)))
			pdf.SetFont("body", "", 16)
		}
	})
}
