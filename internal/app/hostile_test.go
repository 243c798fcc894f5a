package app

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// TestHostileWorkbooks inspects every hostile workbook of package hostile: damaged parts are
// *DamagedError naming the part, a file past the bounds ErrTooLarge, and a wrong value a
// finding under its own rule. No formula is evaluated (the formula bomb would take hours).
func TestHostileWorkbooks(t *testing.T) {
	for _, c := range hostile.Cases(hostile.Base()) {
		t.Run(c.Name, func(t *testing.T) {
			in := Inspect(context.Background(), "hostile.xlsx", c.Data, nil)
			err := in.Err
			var d *xlsxreader.DamagedError
			switch c.Outcome {
			case hostile.Damaged:
				if !errors.As(err, &d) || !errors.Is(err, xlsxreader.ErrDamaged) || d.Part != c.Part {
					t.Fatalf("err = %v, want damage in %s", err, c.Part)
				}
			case hostile.TooLarge:
				if !errors.Is(err, xlsxreader.ErrTooLarge) {
					t.Fatalf("err = %v, want ErrTooLarge", err)
				}
			case hostile.Read, hostile.Findings:
				if err != nil {
					t.Fatal(err)
				}
				findings := in.Findings
				if c.Rule != "" && !slices.ContainsFunc(findings, func(f check.Finding) bool { return f.Rule == c.Rule }) {
					t.Errorf("no %s among %d findings: %v", c.Rule, len(findings), findings)
				}
				sameAsChecked(t, in, c.Data)
			}
		})
	}
}

// TestAnnotateUnannotatable: a workbook that reads but that the workbook library cannot edit
// (down to a panic in it) is ErrCannotAnnotate of the file, not a crash nor an internal error.
func TestAnnotateUnannotatable(t *testing.T) {
	for _, c := range hostile.Unannotatable(hostile.Base()) {
		t.Run(c.Name, func(t *testing.T) {
			in := Inspect(context.Background(), "hostile.xlsx", c.Data, nil)
			if in.Err != nil {
				t.Fatal(in.Err)
			}
			_, err := Annotate(context.Background(), "hostile.xlsx", c.Data, in.Findings, in.Groups)
			var ferr *xlsxreader.FileError
			if !errors.Is(err, xlsxreader.ErrCannotAnnotate) || !errors.As(err, &ferr) || ferr.Path != "hostile.xlsx" {
				t.Fatalf("err = %v, want ErrCannotAnnotate of hostile.xlsx", err)
			}
		})
	}
}

// TestAnnotateTooLargeToCopy: a workbook that reads but that the workbook library would take
// gigabytes to copy is refused for the annotated copy with ErrTooLargeToCopy.
func TestAnnotateTooLargeToCopy(t *testing.T) {
	for _, c := range hostile.TooLargeToCopy(hostile.Base()) {
		t.Run(c.Name, func(t *testing.T) {
			in := Inspect(context.Background(), "hostile.xlsx", c.Data, nil)
			if in.Err != nil {
				t.Fatal(in.Err)
			}
			if _, err := Annotate(context.Background(), "hostile.xlsx", c.Data, in.Findings, in.Groups); !errors.Is(err, xlsxreader.ErrTooLargeToCopy) {
				t.Fatalf("err = %v, want ErrTooLargeToCopy", err)
			}
		})
	}
}

// TestAnnotateLongestProse: a workbook with every prose field at the longest the reader
// keeps is within the bounds of the annotated copy.
func TestAnnotateLongestProse(t *testing.T) {
	r := samplereport.Example2021()
	for _, p := range r.Edition.Parts {
		for _, f := range p.Prose {
			r.Prose[f.Key] = model.Field{Text: strings.Repeat("年报", 10000)}
		}
	}
	data := workbookData(t, r)
	in := Inspect(context.Background(), "long.xlsx", data, nil)
	if in.Err != nil {
		t.Fatal(in.Err)
	}
	if _, err := Annotate(context.Background(), "long.xlsx", data, in.Findings, in.Groups); err != nil {
		t.Fatal(err)
	}
}

// sameAsChecked annotates a workbook that was read and reads the copy again: every value cell
// holds what was checked, so the copy returned to a bureau is the workbook that was checked.
func sameAsChecked(t *testing.T, in Inspection, data []byte) {
	t.Helper()
	copied, err := Annotate(context.Background(), "hostile.xlsx", data, in.Findings, in.Groups)
	if err != nil {
		return // refused for a copy: the tests of Unannotatable and TooLargeToCopy
	}
	again := Inspect(context.Background(), "copy.xlsx", copied, nil)
	if again.Err != nil {
		t.Fatalf("the annotated copy does not read: %v", again.Err)
	}
	for key, v := range in.Report.Values {
		if w := again.Report.Values[key]; w.State != v.State || w.Raw != v.Raw {
			t.Errorf("%s: checked %q, annotated copy %q", key, v.Raw, w.Raw)
		}
	}
}
