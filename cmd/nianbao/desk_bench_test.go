package main

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/batch"
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

// cpuTime is the processor time the process has used, user and system.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// peakHeap samples the heap in use while f runs and reports the peak in MB, and the
// processor time per run: on a busy machine that is steadier than the wall-clock time.
func peakHeap(b *testing.B, f func()) {
	cpu := cpuTime()
	defer func() { b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op") }()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
}

// BenchmarkStatus reads and checks n workbooks on every core, as nianbao status does.
// Compare the 50 and 200 cases: time should grow linearly, peak heap not at all.
func BenchmarkStatus(b *testing.B) {
	for _, n := range []int{50, 200} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			files := benchDir(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			peakHeap(b, func() {
				for range b.N {
					rows := statusRows(files, nil, &progress{})
					if len(rows) != n || rows[0].State != statePass {
						b.Fatalf("%d rows, first %+v", len(rows), rows[0])
					}
					if err := writeStatus(io.Discard, rows); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkAggregate reads, checks and sums n workbooks and writes the aggregate.
func BenchmarkAggregate(b *testing.B) {
	for _, n := range []int{50, 200} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			files := benchDir(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			peakHeap(b, func() {
				for range b.N {
					var inputs []aggregate.Input
					batch.Map(files.Workbooks, readChecked, func(i int, cf checkedFile) {
						if cf.Err != nil || cf.Errors > 0 {
							b.Fatalf("%s: %v, %d errors", files.Workbooks[i], cf.Err, cf.Errors)
						}
						inputs = append(inputs, aggregate.Input{File: files.Workbooks[i], Report: cf.Report})
					})
					res, err := aggregate.Sum(inputs, "汇总")
					if err != nil {
						b.Fatal(err)
					}
					if err := writeAggregate(io.Discard, res); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
