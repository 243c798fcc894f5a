package app

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/hostile"
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
