package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/htmlwriter"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// writeHTMLSamples writes each sample report as the web page a portal publishes, named
// like the report: 太仓市科学技术局2020年政府信息公开工作年度报告.html.
func writeHTMLSamples(dir string) error {
	for _, d := range []*document.Document{document.Build(samplereport.Taicang2020()), document.Build(samplereport.Example2021())} {
		path := filepath.Join(dir, outfile.SafeName(d.Title.Text())+".html")
		if err := outfile.Write(path, true, func(w io.Writer) error { return htmlwriter.Write(w, d, htmlwriter.Options{}) }); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fmt.Println(path)
	}
	return nil
}
