package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// inspectLimit is the time one input may take through the whole pipeline; far above the
// two seconds any file within the size cap takes, so that only a hang fails.
const inspectLimit = 20 * time.Second

// FuzzInspect feeds the whole check pipeline (read, check, group) mutated workbooks, seeded
// with a real one and every hostile workbook. Whatever the input, it returns a report with
// findings or a typed error, never panics, and never takes longer than inspectLimit:
//
//	go test -run='^$' -fuzz=FuzzInspect -fuzztime=10s ./internal/app
func FuzzInspect(f *testing.F) {
	base := hostile.Base()
	f.Add(base)
	for _, c := range slices.Concat(hostile.Cases(base), hostile.Unannotatable(base), hostile.TooLargeToCopy(base)) {
		if len(c.Data) < 40000 { // small ones that unpack small: the fuzzer mutates them best
			f.Add(c.Data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan Inspection, 1)
		go func() { done <- Inspect(context.Background(), "fuzz.xlsx", data, nil) }()
		var in Inspection
		select {
		case in = <-done:
		case <-time.After(inspectLimit):
			t.Fatalf("inspecting a %d-byte input took over %v", len(data), inspectLimit)
		}
		var fe *xlsxreader.FileError
		var ie *xlsxreader.InternalError
		switch {
		case errors.As(in.Err, &ie):
			t.Fatalf("internal error: %v", in.Err)
		case in.Err != nil && !errors.As(in.Err, &fe):
			t.Fatalf("error of an unexpected type: %T %v", in.Err, in.Err)
		case in.Err == nil && in.Report == nil:
			t.Fatal("no report and no error")
		}
	})
}

// FuzzAnnotate feeds the annotate path (read, check, copy with comments) mutated workbooks,
// seeded with the template and with workbooks saved by other programs (openpyxl, LibreOffice,
// in testdata; made by TestAnnotatedCopiesAreValid's steps). A copy is made or refused as a
// problem of the file, never a panic or an internal error, and a copy made reads back:
//
//	go test -run='^$' -fuzz=FuzzAnnotate -fuzztime=10s ./internal/app
func FuzzAnnotate(f *testing.F) {
	base := hostile.Base()
	t3 := hostile.SheetPart(base, "表三")
	f.Add(hostile.SetCell(base, t3, hostile.CellOf(base, "nb_t3_new_person"), `<is><t>约十件</t></is>`, "inlineStr"))
	for _, name := range []string{"saved-by-openpyxl.xlsx", "saved-by-libreoffice.xlsx"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := Inspect(context.Background(), "fuzz.xlsx", data, nil)
		if in.Err != nil {
			return
		}
		copied, err := Annotate(context.Background(), "fuzz.xlsx", data, in.Findings, in.Groups)
		var fe *xlsxreader.FileError
		switch {
		case err != nil && !errors.As(err, &fe):
			t.Fatalf("error of an unexpected type: %T %v", err, err)
		case err == nil:
			if again := Inspect(context.Background(), "copy.xlsx", copied, nil); again.Err != nil {
				t.Fatalf("the annotated copy does not read: %v", again.Err)
			}
		}
	})
}
