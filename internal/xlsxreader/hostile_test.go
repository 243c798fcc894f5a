package xlsxreader

import (
	"testing"

	"github.com/nianbao/nianbao/internal/hostile"
)

// BenchmarkHostile reads the worst hostile workbooks; the time and memory per file are
// what any file within the size cap costs at most.
//
//	go test -run='^$' -bench=Hostile -benchmem ./internal/xlsxreader
func BenchmarkHostile(b *testing.B) {
	for _, c := range hostile.Cases(hostile.Base()) {
		b.Run(c.Name, func(b *testing.B) {
			b.SetBytes(int64(len(c.Data)))
			b.ReportAllocs()
			for b.Loop() {
				Decode("hostile.xlsx", c.Data)
			}
		})
	}
}
