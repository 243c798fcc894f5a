package docxwriter

import (
	"io"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// BenchmarkWrite writes the Word document of the 2021 sample (composing the document
// included, as render does).
func BenchmarkWrite(b *testing.B) {
	r := samplereport.Example2021()
	for b.Loop() {
		if err := Write(io.Discard, document.Build(r), Options{Created: fixedTime}); err != nil {
			b.Fatal(err)
		}
	}
}
