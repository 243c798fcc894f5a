//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// runScale measures aggregate, check and status of folders of each size in sizes ("400,1600"),
// as whole processes: processor time (user and system) and peak memory, the median of runs.
// Processor time is the figure to compare across sizes: aggregate should need at most 1.5×
// what check needs, and the peak should not grow with the number of files.
func runScale(sizes string, runs int, bin string) error {
	tmp, err := os.MkdirTemp("", "deskbench-scale")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin, err = binary(tmp, bin); err != nil {
		return err
	}
	fmt.Printf("%s; median of %d runs, whole processes, processor time (user+system) and peak memory\n\n", bin, runs)
	fmt.Printf("%6s  %-10s %9s %9s %8s  %s\n", "files", "command", "wall", "cpu", "peak", "cpu vs check")
	for _, field := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return fmt.Errorf("-scale: %q is not a number of files", field)
		}
		books := filepath.Join(tmp, fmt.Sprintf("books-%d", n))
		if err := writeWorkbooks(books, n, false); err != nil {
			return err
		}
		var checkCPU float64
		for _, c := range []struct {
			name string
			args []string
		}{
			{"check", []string{"check", books}},
			{"status", []string{"status", books, "--force", "-o", filepath.Join(tmp, "status.xlsx")}},
			{"aggregate", []string{"aggregate", books, "--force", "-o", filepath.Join(tmp, "sum.xlsx"), "--agency", "某某省人民政府"}},
		} {
			s, err := measure(runs, tmp, bin, c.args...)
			if err != nil {
				return err
			}
			ratio := ""
			if c.name == "check" {
				checkCPU = s.cpuMedian.Seconds()
			} else {
				ratio = fmt.Sprintf("%.2f×", s.cpuMedian.Seconds()/checkCPU)
			}
			fmt.Printf("%6d  %-10s %8.1fs %8.1fs %6.0fMB  %s\n", n, c.name, s.median.wall.Seconds(),
				s.cpuMedian.Seconds(), float64(s.median.peak)/(1<<20), ratio)
		}
		if err := os.RemoveAll(books); err != nil {
			return err
		}
	}
	return nil
}
