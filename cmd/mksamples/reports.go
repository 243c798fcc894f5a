package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
)

// samplesDate is the creation date written into the sample reports, so that running
// mksamples again changes them only when their content changes.
var samplesDate = time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC)

// writeReportSamples writes each sample report in every format of the registry (PDF with the
// embedded fonts, web page, Word document …), named like the report:
// 太仓市科学技术局2020年政府信息公开工作年度报告.pdf. Each is made from the sample workbook of
// the same name written before, whose hash the Word document records, so that
// check 样例.docx --against 样例.xlsx finds them one report.
func writeReportSamples(dir string, reports []*model.Report) error {
	set, err := fonts.Default()
	if err != nil {
		return err
	}
	for _, r := range reports {
		d := document.Build(r)
		base := filepath.Join(dir, outfile.SafeName(d.Title.Text()))
		book, err := os.ReadFile(base + ".xlsx")
		if err != nil {
			return err
		}
		d.Meta.Workbook = fmt.Sprintf("%x", sha256.Sum256(book))
		for _, f := range app.Formats {
			path := base + f.Ext
			err := outfile.Write(path, true, func(w io.Writer) error {
				return f.Write(w, d, document.WriteOptions{Fonts: set, Created: samplesDate})
			})
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			fmt.Println(path)
		}
	}
	return nil
}
