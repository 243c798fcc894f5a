package pdfwriter

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"bytes"
	"github.com/nianbao/nianbao/internal/model"
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

// BenchmarkWorstProse typesets the worst prose within the bounds: every prose part of the
// 2021 example 20,000 characters long, of one mark that gives no break opportunity, of
// brackets, of dashes, or of a web address (aim: under a second for all eight parts).
//
//	go test -run='^$' -bench=WorstProse ./internal/pdfwriter
func BenchmarkWorstProse(b *testing.B) {
	set := defaultFonts(b)
	for name, unit := range map[string]string{"。": "。", "（": "（", "——": "——", "mix": "公开“（一）”——、1、2。", "url": "见http://www.example.gov.cn/col/col12345/art/2025/index.html。"} {
		r := samplereport.Example2021()
		for key := range r.Prose {
			r.Prose[key] = model.Field{Text: strings.Repeat(unit, 20000/utf8.RuneCountInString(unit))}
		}
		d := document.Build(r)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := Write(io.Discard, d, Options{Fonts: set}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// A done context stops the typesetting before the next paragraph is broken into lines, with
// the context's error and nothing written.
func TestWriteStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	err := Write(&buf, document.Build(samplereport.Example2021()), Options{Fonts: defaultFonts(t), Context: ctx})
	if !errors.Is(err, context.Canceled) || buf.Len() != 0 {
		t.Errorf("err = %v, %d bytes written", err, buf.Len())
	}
}
