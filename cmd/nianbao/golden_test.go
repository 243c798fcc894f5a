package main

// Golden tests of every command's output: standard output, standard error, the exit code and
// the files written, for representative runs. They pin what a user sees, so that moving code
// out of this package provably changes nothing. After a deliberate change of wording, run
//
//	go test ./cmd/nianbao -run TestGolden -update
//
// and read the diff of testdata/golden before committing it.

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// goldenDesk lays out the inputs every golden run sees, in dir.
func goldenDesk(t *testing.T, dir string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	in := filepath.Join(dir, "in")
	must(os.MkdirAll(filepath.Join(in, "sub"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "out"), 0o755))
	saveReport(t, filepath.Join(in, "1甲局.xlsx"), seedAs("甲局"))
	warn := seedAs("乙局")
	delete(warn.Values, "t3.granted.person") // a blank cell: warning V1
	saveReport(t, filepath.Join(in, "2乙局.xlsx"), warn)
	bad := seedAs("丙局")
	bad.Values["t3.new.person"] = model.Num(480) // breaks I1: an error
	saveReport(t, filepath.Join(in, "3丙局.xlsx"), bad)
	saveReport(t, filepath.Join(in, "sub", "4甲局重发.xlsx"), seedAs("甲局 "))
	must(os.WriteFile(filepath.Join(in, "5乱码.xlsx"), []byte(strings.Repeat("not a workbook ", 100)), 0o644))
	must(os.WriteFile(filepath.Join(in, "6旧版.xls"), []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0o644))
	must(os.WriteFile(filepath.Join(in, "7空.xlsx"), nil, 0o644))

	// Two bureaus of 2021 for aggregate, one with a blank cell counted as 0.
	agg := filepath.Join(dir, "agg")
	must(os.MkdirAll(agg, 0o755))
	saveReport(t, filepath.Join(agg, "a.xlsx"), bureau2021("甲局", 1))
	b := bureau2021("乙局", 3)
	delete(b.Values, "t3.granted.person")
	b.Values["t3.partial.person"] = model.Num(b.Values["t3.partial.person"].Number + 75) // keeps I1
	saveReport(t, filepath.Join(agg, "b.xlsx"), b)
	saveReport(t, filepath.Join(agg, "c.xlsx"), unbalanced())

	// Single workbooks: the 2021 example, the same with an error, last year's for --prev.
	saveReport(t, filepath.Join(dir, "good.xlsx"), samplereport.Example2021())
	saveReport(t, filepath.Join(dir, "bad.xlsx"), unbalanced())
	last := samplereport.Example2021()
	last.SetYear(2024)
	saveReport(t, filepath.Join(dir, "2024.xlsx"), last)
	must(os.WriteFile(filepath.Join(dir, "名单.txt"), []byte("\ufeff甲局\r\n　乙局 \r\n丙局\r\n丁局\r\n甲局\r\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "exists.xlsx"), []byte("keep"), 0o644))
}

// goldenRuns are the runs pinned, by name, run in a directory holding goldenDesk. Paths are
// relative so that the output does not depend on where the temporary directory is.
var goldenRuns = []struct{ name, args string }{
	{"help", "--help"},
	{"version", "--version"},
	{"help-template", "template --help"},
	{"help-check", "check --help"},
	{"help-render", "render --help"},
	{"help-status", "status --help"},
	{"help-aggregate", "aggregate --help"},
	{"help-fonts", "fonts --help"},
	{"usage-unknown-command", "nosuch"},
	{"usage-unknown-flag", "--bogus"},
	{"usage-unknown-command-flag", "check --bogus in"},
	{"usage-flag-value", "template --year abc"},

	{"template", "template --year 2024 --agency 某某局 -o out/t.xlsx"},
	{"template-default-name", "template --year 2023"},
	{"template-exists", "template --year 2024 -o exists.xlsx"},
	{"template-early-year", "template --year 2010"},
	{"template-edition", "template --year 2020 --edition 2021 -o t2020.xlsx"},
	{"template-unknown-edition", "template --year 2024 --edition 1999"},
	{"template-batch", "template --year 2024 --agencies 名单.txt --out-dir tpl"},
	{"template-extra-arg", "template 某某局"},

	{"check-good", "check good.xlsx"},
	{"check-bad", "check bad.xlsx"},
	{"check-dir", "check in"},
	{"check-json", "check --format json in bad.xlsx"},
	{"check-prev", "check --prev 2024.xlsx good.xlsx"},
	{"check-prev-other", "check --prev in/1甲局.xlsx good.xlsx"},
	{"check-prev-missing", "check --prev nosuch.xlsx good.xlsx"},
	{"check-annotate", "check --annotate 批注 bad.xlsx good.xlsx"},
	{"check-no-args", "check"},
	{"check-bad-format", "check --format xml good.xlsx"},
	{"check-bad-format-no-files", "check --format xml"},
	{"check-missing", "check nosuch.xlsx"},

	{"render-good", "render good.xlsx -o out/r.pdf"},
	{"render-default-name", "render good.xlsx --format html"},
	{"render-both", "render good.xlsx -o out/both.pdf --format pdf,html"},
	{"render-bad", "render bad.xlsx -o out/bad.pdf"},
	{"render-bad-force", "render bad.xlsx -o out/bad.html --format html --force"},
	{"render-dir", "render in --out-dir rendered --format html"},
	{"render-exists", "render good.xlsx -o exists.xlsx"},
	{"render-bad-format", "render good.xlsx --format odt"},
	{"render-dir-with-o", "render in -o x.pdf"},
	{"render-unreadable", "render in/5乱码.xlsx"},

	{"status", "status in --agencies 名单.txt -o out/status.xlsx"},
	{"status-no-list", "status in -o out/status2.xlsx"},
	{"status-exists", "status in -o exists.xlsx"},
	{"status-not-dir", "status good.xlsx"},

	{"aggregate-with-errors", "aggregate agg -o out/sum.xlsx --agency 某某县人民政府"},
	{"aggregate-refused", "aggregate in -o out/sum2.xlsx"},
	{"aggregate-force", "aggregate agg -o out/sum.xlsx --agency 某某县人民政府 --force"},
	{"aggregate-no-args", "aggregate"},

	{"fonts", "fonts"},
	{"fonts-bad-source", "fonts --fonts windows"},
	{"fonts-missing-file", "fonts --font-body nosuch.ttf"},
}

// TestGolden runs each command in a fresh copy of the desk and compares what it printed, its
// exit code and the files it wrote with testdata/golden/NAME.golden.
func TestGolden(t *testing.T) {
	goldenDir, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	master := t.TempDir()
	goldenDesk(t, master)
	for _, run := range goldenRuns {
		t.Run(run.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(master)); err != nil {
				t.Fatal(err)
			}
			dir, _ = filepath.EvalSymlinks(dir)
			before := listFiles(t, dir)
			t.Chdir(dir)
			args := strings.Fields(strings.ReplaceAll(run.args, "$D", dir))
			code, stdout, stderr := runCLI(t, args...)
			var created []string
			for _, f := range listFiles(t, dir) {
				if !slices.Contains(before, f) {
					created = append(created, f)
				}
			}
			got := fmt.Sprintf("$ nianbao %s\nexit %d\n--- stdout\n%s--- stderr\n%s--- files written\n%s",
				run.args, code, stdout, stderr, strings.Join(append(created, ""), "\n"))
			got = strings.ReplaceAll(got, dir, "$D")
			got = strings.ReplaceAll(got, "（默认："+strconv.Itoa(time.Now().Year()-1)+"）", "（默认：$LAST_YEAR）")
			got = strings.ReplaceAll(got, runtime.GOOS+"/"+runtime.GOARCH+"（"+runtime.Version(), "$GOOS/$GOARCH（$GOVERSION")
			path := filepath.Join(goldenDir, run.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
			}
		})
	}
}

// listFiles lists the regular files under dir, relative to it, sorted.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}
