package xlsxreader

import (
	"os"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// BenchmarkRead reads one filled workbook as the template writer wrote it: its 总计 cells
// are formulas without cached results, so they are computed (the slow case; a workbook
// saved by a spreadsheet application carries the results).
//
//	go test -run='^$' -bench=. -benchmem ./internal/xlsxreader
func BenchmarkRead(b *testing.B) {
	data := workbookOf(b, samplereport.Example2021())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Decode("bench.xlsx", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAndCheck is what nianbao check does per workbook.
func BenchmarkReadAndCheck(b *testing.B) {
	data := workbookOf(b, samplereport.Example2021())
	prev := samplereport.Example2021()
	b.ReportAllocs()
	for b.Loop() {
		r, _, err := Decode("bench.xlsx", data)
		if err != nil {
			b.Fatal(err)
		}
		check.Check(r, prev)
	}
}

// BenchmarkReadSaved reads a workbook as a spreadsheet application saves it, with the
// results of its formulas cached: the usual case for workbooks bureaus send back.
func BenchmarkReadSaved(b *testing.B) {
	data, err := os.ReadFile(savedFixture)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Decode("bench.xlsx", data); err != nil {
			b.Fatal(err)
		}
	}
}
