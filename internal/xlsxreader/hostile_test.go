package xlsxreader

import (
	"context"
	"errors"
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

// A done context stops the reading of every hostile workbook that gets as far as its sheets,
// with the context's error: not damage, not a report.
func TestDecodeStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range hostile.Cases(hostile.Base()) {
		if c.Outcome != hostile.Read && c.Outcome != hostile.Findings {
			continue
		}
		rep, _, err := DecodeContext(ctx, "hostile.xlsx", c.Data)
		if !errors.Is(err, context.Canceled) || errors.Is(err, ErrDamaged) || rep != nil {
			t.Errorf("%s: %v", c.Name, err)
		}
	}
}
