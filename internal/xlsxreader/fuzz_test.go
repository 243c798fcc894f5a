package xlsxreader

import (
	"errors"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/template"
)

// FuzzRead feeds the reader arbitrary bytes, seeded with real workbooks. Whatever the input,
// it must return a report or an error naming the file, never panic, and the checks must run
// on whatever it returns. CI runs it for a bounded time:
//
//	go test -run='^$' -fuzz=FuzzRead -fuzztime=20s ./internal/xlsxreader
func FuzzRead(f *testing.F) {
	f.Add(workbookOf(f, samplereport.Taicang2020()))
	f.Add(workbookOf(f, model.New(template.Edition2021)))
	f.Add(hostile.Compound("EncryptionInfo", "EncryptedPackage"))
	f.Add(zipOf(f, [2]string{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}))
	f.Add([]byte("<html><table>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, notes, err := Decode("fuzz.xlsx", data)
		if err != nil {
			var fe *FileError
			var ie *InternalError
			if !errors.As(err, &fe) && !errors.As(err, &ie) {
				t.Fatalf("error of an unexpected type: %T %v", err, err)
			}
			if rep != nil || notes != nil {
				t.Fatal("a report returned with an error")
			}
			return
		}
		if rep == nil || rep.Edition == nil {
			t.Fatal("no report and no error")
		}
		for _, v := range rep.Values {
			if v.State != model.Number && v.Number != 0 {
				t.Fatalf("a %v value carries the number %v", v.State, v.Number)
			}
		}
		check.Check(rep, rep)
	})
}
