package xlsxwriter

import (
	"fmt"
	"io"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// BenchmarkTemplate writes one blank template (aim: under 50 ms).
func BenchmarkTemplate(b *testing.B) {
	r := blank(template.Edition2021)
	for b.Loop() {
		if err := Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTemplates100 writes 100 per-agency templates, as `nianbao template --agencies`
// does (aim: under 3 s).
func BenchmarkTemplates100(b *testing.B) {
	for b.Loop() {
		for i := range 100 {
			r := blank(template.Edition2021)
			r.Info["agency"] = model.Field{Text: fmt.Sprintf("第%d局", i)}
			if err := Write(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
