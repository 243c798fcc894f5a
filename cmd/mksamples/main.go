// Command mksamples writes the samples bundled in samples/: a blank template of the newest
// edition, and the bundled sample reports entered into their workbooks by code and rendered
// in every output format. Run it
// from the repository root after changing the writer or the samples: go run ./cmd/mksamples
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/nianbao/nianbao/template"
)

func main() {
	dir := flag.String("dir", "samples", "directory to write the samples into")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "mksamples:", err)
		os.Exit(1)
	}
}

// samplesEpoch is the creation time recorded in the sample workbooks (2026-01-01 UTC), so
// that they are the same bytes whenever they are made.
const samplesEpoch = "1767225600"

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.Setenv("SOURCE_DATE_EPOCH", samplesEpoch); err != nil {
		return err
	}
	// The samples record the development version, as a test binary sees it, however this
	// program was built: they change with their content, not with every commit.
	version.Version, version.Commit, version.Date = version.Dev, "", ""
	all := template.Editions()
	newest := all[len(all)-1]
	books := map[string]*model.Report{"空白模板-" + newest.ID + ".xlsx": model.New(newest)}
	reports := []*model.Report{samplereport.Taicang2020(), samplereport.Example2021()}
	for _, r := range reports {
		books[fmt.Sprintf("%s%d年政府信息公开工作年度报告.xlsx", outfile.SafeName(r.Agency()), r.Year())] = r
	}
	for name, r := range books {
		path := filepath.Join(dir, name)
		if err := outfile.Write(path, true, func(w io.Writer) error { return xlsxwriter.Write(w, r) }); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Println(path)
	}
	return writeReportSamples(dir, reports)
}
