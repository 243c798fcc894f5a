package importer

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
)

// Speed of an import as a coordinator meets it: a 5-page report as our own PDF, the office's
// WPS PDF, a Word document and a web page.
func BenchmarkImport(b *testing.B) {
	inputs := map[string][]byte{}
	if data, err := os.ReadFile("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.pdf"); err == nil {
		inputs["sample.pdf"] = data
	}
	if data, err := os.ReadFile("../../samples/示例市生态环境局2025年政府信息公开工作年度报告.html"); err == nil {
		inputs["sample.html"] = data
	}
	inputs["sample.docx"] = docxOf(b, document.Build(samples(b)[1]))
	if paths, _ := filepath.Glob(filepath.Join(fixtureDir, "*.pdf")); len(paths) > 0 {
		if data, err := os.ReadFile(paths[0]); err == nil {
			inputs["wps.pdf"] = data
		}
	}
	for name, data := range inputs {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Import(context.Background(), name, data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
