//go:build linux

// Command deskbench measures nianbao as a coordinator's desk uses it, as whole processes: it
// builds the nianbao binary, writes a directory of distinct filled workbooks, and times
// `check DIR`, `render DIR` (PDF; PDF and HTML; all three formats) and `render FILE` (PDF, and
// the Word document) with their peak memory.
// When LibreOffice is installed, the single workbook is one LibreOffice has saved (as a bureau's
// would be), and LibreOffice's own conversion of it to PDF is timed in the same run, with the
// ratio. Run it from the repository root:
//
//	go run ./cmd/deskbench [-n 200] [-runs 3] [-file-runs 11] [-soffice-runs 3]
//	go run ./cmd/deskbench -scale 400,1600,5000 [-runs 1] [-bin nianbao]
//
// With -scale it measures instead how `aggregate DIR`, `check DIR` and `status DIR` grow with
// a province's folders: one folder of each size, of one edition and year (as aggregate needs).
//
// Each measurement is run several times; the table gives the median and the best of the wall
// time and of the processor time (user and system), since the machine may be busy with other
// work. Peak memory is the largest resident set of the process
// (Linux's getrusage), which is why the command is for Linux.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
)

func main() {
	n := flag.Int("n", 200, "number of workbooks in the directory")
	runs := flag.Int("runs", 3, "runs of each directory command")
	fileRuns := flag.Int("file-runs", 11, "runs of render FILE")
	officeRuns := flag.Int("soffice-runs", 3, "runs of the LibreOffice conversion (0: leave LibreOffice out)")
	bin := flag.String("bin", "", "nianbao binary to measure (default: built from ./cmd/nianbao)")
	scale := flag.String("scale", "", "measure aggregate, check and status of folders of these sizes instead: 400,1600,5000")
	flag.Parse()
	var err error
	if *scale != "" {
		err = runScale(*scale, *runs, *bin)
	} else {
		err = run(*n, *runs, *fileRuns, *officeRuns, *bin)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "deskbench:", err)
		os.Exit(1)
	}
}

// sample is one measured run of a process.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user and system
	peak int64         // bytes
}

// stats is the median and the best of several runs, by wall time, and the median and the
// least processor time, which a machine busy with other work inflates less.
type stats struct {
	median, best       sample
	cpuMedian, cpuBest time.Duration
}

func summarize(runs []sample) stats {
	byWall := slices.Clone(runs)
	slices.SortFunc(byWall, func(a, b sample) int { return int(a.wall - b.wall) })
	byCPU := slices.Clone(runs)
	slices.SortFunc(byCPU, func(a, b sample) int { return int(a.cpu - b.cpu) })
	return stats{median: byWall[len(byWall)/2], best: byWall[0],
		cpuMedian: byCPU[len(byCPU)/2].cpu, cpuBest: byCPU[0].cpu}
}

// measure runs the command n times; exit code 1 (findings) counts as success.
func measure(n int, dir string, name string, args ...string) (stats, error) {
	var runs []sample
	for range n {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000")
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		var exit *exec.ExitError
		if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
			return stats{}, fmt.Errorf("%s %v: %w", name, args, err)
		}
		u := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		runs = append(runs, sample{
			wall: wall,
			cpu:  time.Duration(u.Utime.Nano() + u.Stime.Nano()),
			peak: u.Maxrss * 1024,
		})
	}
	return summarize(runs), nil
}

func run(n, runs, fileRuns, officeRuns int, bin string) error {
	tmp, err := os.MkdirTemp("", "deskbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin, err = binary(tmp, bin); err != nil {
		return err
	}
	books := filepath.Join(tmp, "books")
	if err := writeWorkbooks(books, n, true); err != nil {
		return err
	}
	one := filepath.Join(books, "0000.xlsx")

	fmt.Printf("nianbao on %d distinct workbooks; median (best) of %d runs, whole processes\n\n", n, runs)
	fmt.Printf("%-34s %9s %9s %9s %9s %8s  %s\n", "what", "wall", "best", "cpu", "cpu best", "peak", "aim")
	row := func(what string, s stats, aim string) {
		fmt.Printf("%-34s %9s %9s %9s %9s %6.0fMB  %s\n", what, ms(s.median.wall), ms(s.best.wall),
			ms(s.cpuMedian), ms(s.cpuBest), float64(s.median.peak)/(1<<20), aim)
	}
	for _, c := range []struct {
		what, aim string
		args      []string
	}{
		{fmt.Sprintf("check DIR (%d)", n), "≤ 1 s", []string{"check", books}},
		{fmt.Sprintf("render DIR (%d) PDF", n), "≤ 3 s, ≤ 80 MB", []string{"render", books, "--force", "--out-dir", filepath.Join(tmp, "pdf")}},
		{fmt.Sprintf("render DIR (%d) PDF+HTML", n), "≤ 3.5 s, ≤ 80 MB", []string{"render", books, "--force", "--format", "pdf,html", "--out-dir", filepath.Join(tmp, "both")}},
		{fmt.Sprintf("render DIR (%d) PDF+HTML+DOCX", n), "≤ 4 s, ≤ 80 MB", []string{"render", books, "--force", "--format", "pdf,html,docx", "--out-dir", filepath.Join(tmp, "all")}},
	} {
		s, err := measure(runs, tmp, bin, c.args...)
		if err != nil {
			return err
		}
		row(c.what, s, c.aim)
	}
	office, err := exec.LookPath("soffice")
	if err != nil || officeRuns == 0 {
		office = ""
	}
	if office != "" { // the workbook as LibreOffice saves it; this also creates its profile
		saved := filepath.Join(tmp, "saved")
		profile := "-env:UserInstallation=file://" + filepath.Join(tmp, "lo-profile")
		if _, err := measure(1, tmp, office, profile, "--headless", "--convert-to", "xlsx", "--outdir", saved, one); err != nil {
			return err
		}
		one = filepath.Join(saved, filepath.Base(one))
	}
	pdf := filepath.Join(tmp, "one.pdf")
	file, err := measure(fileRuns, tmp, bin, "render", one, "--force", "-o", pdf)
	if err != nil {
		return err
	}
	row(fmt.Sprintf("render FILE (median of %d)", fileRuns), file, "≤ 45 ms, ≤ 60 MB")
	info, err := os.Stat(pdf)
	if err != nil {
		return err
	}
	fmt.Printf("%-34s %8.0fKB %49s\n", "PDF size", float64(info.Size())/1024, "≤ 150 KB")
	if office == "" {
		fmt.Println("\nno comparison with LibreOffice (not installed, or -soffice-runs 0)")
		return nil
	}
	convert := func(runs int, profile string) (stats, error) {
		return measure(runs, tmp, office, "-env:UserInstallation=file://"+filepath.Join(tmp, profile),
			"--headless", "--convert-to", "pdf", "--outdir", filepath.Join(tmp, "lo"), one)
	}
	cold, err := convert(1, "lo-new-profile") // as the first conversion after installing
	if err != nil {
		return err
	}
	warm, err := convert(officeRuns, "lo-profile")
	if err != nil {
		return err
	}
	row("soffice --convert-to pdf, first run", cold, "")
	row(fmt.Sprintf("soffice --convert-to pdf (%d)", officeRuns), warm, "")
	fmt.Printf("\nrender FILE is %.0f× faster than LibreOffice's conversion, %.0f× than its first run (medians; aim ≥ 100×)\n",
		float64(warm.median.wall)/float64(file.median.wall), float64(cold.median.wall)/float64(file.median.wall))
	fmt.Printf("in processor time (medians): %.0f× and %.0f×\n",
		float64(warm.cpuMedian)/float64(file.cpuMedian), float64(cold.cpuMedian)/float64(file.cpuMedian))
	return wordDocument(tmp, bin, office, one, fileRuns, officeRuns, row)
}

// wordDocument times the Word document of one workbook against LibreOffice writing a Word
// document of the same report: Writer converting the report's web page (it cannot make one
// from the workbook).
func wordDocument(tmp, bin, office, one string, fileRuns, officeRuns int, row func(string, stats, string)) error {
	docx := filepath.Join(tmp, "one.docx")
	file, err := measure(fileRuns, tmp, bin, "render", one, "--force", "--format", "docx", "-o", docx)
	if err != nil {
		return err
	}
	page := filepath.Join(tmp, "one.html")
	if _, err := measure(1, tmp, bin, "render", one, "--force", "--format", "html", "-o", page); err != nil {
		return err
	}
	writer, err := measure(officeRuns, tmp, office, "-env:UserInstallation=file://"+filepath.Join(tmp, "lo-profile"),
		"--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", filepath.Join(tmp, "lo-docx"), page)
	if err != nil {
		return err
	}
	fmt.Println()
	row(fmt.Sprintf("render FILE --format docx (%d)", fileRuns), file, "≤ 45 ms, ≤ 60 MB")
	row(fmt.Sprintf("soffice web page → docx (%d)", officeRuns), writer, "")
	fmt.Printf("\nthe Word document: %.0f× faster than LibreOffice's (medians), %.0f× in processor time\n",
		float64(writer.median.wall)/float64(file.median.wall), float64(writer.cpuMedian)/float64(file.cpuMedian))
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0fms", float64(d)/float64(time.Millisecond)) }

// binary is the nianbao binary to measure: bin, or one built from ./cmd/nianbao into tmp.
func binary(tmp, bin string) (string, error) {
	if bin != "" {
		return filepath.Abs(bin)
	}
	bin = filepath.Join(tmp, "nianbao")
	build := exec.Command("go", "build", "-o", bin, "./cmd/nianbao")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return "", fmt.Errorf("build nianbao: %w", err)
	}
	return bin, nil
}

// writeWorkbooks writes n filled workbooks into dir, each of another agency: alternating the
// two bundled sample reports (of both editions) when mixed, else all of edition 2021.
func writeWorkbooks(dir string, n int, mixed bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		r := samplereport.Example2021()
		if mixed && i%2 == 0 {
			r = samplereport.Taicang2020()
		}
		r.SetAgency(fmt.Sprintf("示例县第%d局", i+1))
		path := filepath.Join(dir, fmt.Sprintf("%04d.xlsx", i))
		if err := outfile.Write(path, false, func(w io.Writer) error { return xlsxwriter.Write(w, r) }); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}
