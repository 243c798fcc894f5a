package importer

import (
	"context"
	"testing"
	"time"
)

// fuzzImport imports whatever the fuzzer makes of a seed: it must never panic, and a result
// must say what it read.
func fuzzImport(f *testing.F, name string) {
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := Import(ctx, name, data, Options{})
		if err == nil && res.Summary() == "" {
			t.Fatal("a result without a summary")
		}
	})
}

func FuzzDOCX(f *testing.F) {
	var w wordDoc
	w.para("示例县教育局2024年政府信息公开工作年度报告")
	w.para("四、政府信息公开行政复议、行政诉讼情况")
	w.raw(`<w:tbl><w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge/></w:tcPr><w:p><w:ins><w:r><w:t>1</w:t></w:r></w:ins></w:p></w:tc></w:tr></w:tbl>`)
	f.Add(w.bytes(f))
	fuzzImport(f, "fuzz.docx")
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<meta charset="gbk"><table><tr><td rowspan="3" colspan="2"><p>一、<br>本年</p><td>/</table>`))
	fuzzImport(f, "fuzz.html")
}

func FuzzPDF(f *testing.F) {
	f.Add(pdfWithContent("BT /F1 12 Tf 100 700 Td (x) Tj ET 0 0 m 100 0 l S 10 10 200 2 re f"))
	f.Add(pdfWith(f, "2023", true, "", ""))
	fuzzImport(f, "fuzz.pdf")
}
