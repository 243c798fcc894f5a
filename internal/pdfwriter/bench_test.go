package pdfwriter

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// BenchmarkOneReport typesets the 2021 example, font cutting and loading included (the
// embedded faces are parsed once per process by package fonts).
func BenchmarkOneReport(b *testing.B) {
	set := defaultFonts(b)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, document.Build(samplereport.Example2021()), Options{Fonts: set}); err != nil {
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
					if err := Write(io.Discard, document.Build(r), Options{Fonts: set}); err != nil {
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
