//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/fonts"
)

// benchDir holds n filled workbooks of different agencies (the seed report, each renamed).
func benchDir(b *testing.B, n int) batch.Files {
	b.Helper()
	dir := b.TempDir()
	for i := range n {
		saveReport(b, filepath.Join(dir, fmt.Sprintf("%03d.xlsx", i)), seedAs(fmt.Sprintf("第%d局", i)))
	}
	files, err := batch.Find([]string{dir}, nil)
	if err != nil || len(files.Workbooks) != n {
		b.Fatalf("%d workbooks, %v", len(files.Workbooks), err)
	}
	return files
}

// cpuTime is the processor time the process has used, user and system (getrusage: Unix only,
// hence this file's build constraint, so that the tests still compile for Windows).
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// benchDesk runs a batch command's work over directories of 50 and 200 workbooks and reports,
// besides time and allocations, the peak heap (it should not grow with the number of files)
// and the processor time per run (steadier than wall-clock time on a busy machine).
func benchDesk(b *testing.B, run func(b *testing.B, files batch.Files)) {
	for _, n := range []int{50, 200} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			files := benchDir(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			cpu, heap := cpuTime(), watchHeap()
			for range b.N {
				run(b, files)
			}
			b.ReportMetric(float64(heap())/(1<<20), "peak-heap-MB")
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// BenchmarkStatus reads and checks the workbooks on every core and writes the overview, as
// nianbao status does.
func BenchmarkStatus(b *testing.B) {
	benchDesk(b, func(b *testing.B, files batch.Files) {
		opts := app.StatusOptions{Output: filepath.Join(b.TempDir(), "status.xlsx")}
		rows, err := app.Status(context.Background(), filepath.Dir(files.Workbooks[0]), opts, newProgress(&IOStreams{Out: io.Discard, ErrOut: io.Discard}, ""))
		if err != nil || len(rows) != len(files.Workbooks) || rows[0].State != check.Pass.String() {
			b.Fatalf("%d rows, first %+v, %v", len(rows), rows[0], err)
		}
		if err := app.WriteStatus(io.Discard, rows); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkAggregate reads, checks and sums the workbooks and writes the aggregate, as
// nianbao aggregate does.
func BenchmarkAggregate(b *testing.B) {
	benchDesk(b, func(b *testing.B, files batch.Files) {
		opts := app.RollupOptions{Agency: "汇总", Output: filepath.Join(b.TempDir(), "sum.xlsx")}
		res, err := app.RollUp(context.Background(), []string{filepath.Dir(files.Workbooks[0])}, opts, newProgress(&IOStreams{Out: io.Discard, ErrOut: io.Discard}, ""))
		if err != nil || len(res.Forced) > 0 {
			b.Fatal(err, res.Forced)
		}
		if err := app.WriteRollup(io.Discard, res.Result); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkRenderDir reads, checks and typesets every workbook as PDF and web page on every
// core, as `nianbao render DIR --format pdf,html` does (aim: 200 in under 10 s on 2 cores).
func BenchmarkRenderDir(b *testing.B) {
	set, err := fonts.Default()
	if err != nil {
		b.Fatal(err)
	}
	benchDesk(b, func(b *testing.B, files batch.Files) {
		opts := app.RenderOptions{Formats: app.Formats, Fonts: set, Force: true}
		total, err := app.RenderDir(context.Background(), filepath.Dir(files.Workbooks[0]), b.TempDir(), opts, func(app.Rendered) {})
		if err != nil || total.Written != len(files.Workbooks) {
			b.Fatal(err, total)
		}
	})
}
