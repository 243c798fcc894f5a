package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// samplesDate is the creation date written into the sample PDFs, so that running mksamples
// again changes them only when their content changes.
var samplesDate = time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)

// writePDFSamples typesets each sample report with the embedded fonts, named like the
// report: 太仓市科学技术局2020年政府信息公开工作年度报告.pdf.
func writePDFSamples(dir string) error {
	set, err := fonts.Default()
	if err != nil {
		return err
	}
	for _, d := range []*document.Document{document.Build(samplereport.Taicang2020()), document.Build(samplereport.Example2021())} {
		path := filepath.Join(dir, outfile.SafeName(d.Title.Text())+".pdf")
		err := outfile.Write(path, true, func(w io.Writer) error {
			return pdfwriter.Write(w, d, pdfwriter.Options{Fonts: set, Created: samplesDate})
		})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Println(path)
	}
	return nil
}
