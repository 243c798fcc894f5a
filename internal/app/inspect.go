package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"sync"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// Inspection is what reading and checking one workbook found. Report is nil when the file
// could not be read, and Err says why.
type Inspection struct {
	Report   *model.Report
	Findings []check.Finding // the reader's notes and the checks' findings, errors first, explained warnings last
	Groups   []check.Group   // the findings as a clerk reads them (check.Groups)
	Note     string          // why last year's report was not used, if one was given
	// SHA256 is the workbook's hash (hex), which outputs record so that a document coming
	// back can be matched to its workbook.
	SHA256 string
	Err    error
}

// Outcome is the verdict on the workbook.
func (in Inspection) Outcome() check.Outcome { return check.OutcomeOf(in.Findings, in.Err) }

// panicked is the inspection of a file whose reading panicked outside Inspect's own recover,
// for batch.Map.
func panicked(path string, cause any) Inspection {
	return Inspection{Err: &xlsxreader.InternalError{Path: path, Cause: cause}}
}

// Inspect reads a workbook from its contents and checks it — against last year's report of
// the agency (see LastYear.For) when that is of the year before. Every use case that reads workbooks
// goes through here, so that check, render, status and roll-up agree on what is wrong. name
// is the file name used in locations and errors. A bug met on one file is returned as an
// internal error with that file, so that a batch goes on with the others.
func Inspect(ctx context.Context, name string, data []byte, last *LastYear) Inspection {
	return InspectAs(ctx, name, data, last, check.Expect{})
}

// InspectAs is Inspect of a workbook expected to be a given agency's report of a given year
// (the desk's link and year, check --expect-agency/--expect-year): a workbook that is
// another's, or of another year, has an error (check.Identity, rules A1 and A2).
func InspectAs(ctx context.Context, name string, data []byte, last *LastYear, want check.Expect) (out Inspection) {
	defer func() {
		if p := recover(); p != nil {
			out = panicked(name, p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return Inspection{Err: err}
	}
	r, notes, err := xlsxreader.DecodeContext(ctx, name, data)
	if err != nil {
		return Inspection{Err: err}
	}
	out = inspectReport(r, ReaderFindings(notes), last, want)
	out.SHA256 = fmt.Sprintf("%x", sha256.Sum256(data))
	return out
}

// inspectReport checks a report read with the reader's findings, as Inspect does.
func inspectReport(r *model.Report, read []check.Finding, last *LastYear, want check.Expect) (out Inspection) {
	out.Report = r
	prev, why := last.For(r.Agency())
	if why != "" {
		out.Note = "未做跨年度检查：" + why
	}
	if prev != nil {
		if why := prevMismatch(r, prev); why != "" {
			out.Note = "未做跨年度检查：" + why
			prev = nil
		}
	}
	found := append(read, check.Identity(r, want)...)
	found = append(found, check.Check(r, prev)...)
	found = append(found, check.Unprintable(r, printable)...) // what render would refuse
	found = append(found, check.FormatControls(r)...)
	out.Findings = check.Explain(found, r.Explanations)
	// Errors first: they are what stops publication; explained warnings last.
	slices.SortStableFunc(out.Findings, func(a, b check.Finding) int { return rank(a) - rank(b) })
	out.Groups = check.Groups(out.Findings, r)
	return out
}

// defaultFonts are the faces render uses unless told otherwise (its fallbacks always), whose
// coverage says which characters check reports as unprintable.
var defaultFonts = sync.OnceValues(fonts.Default)

// printable reports whether render can print r with the default faces: a character within
// the Basic Multilingual Plane that the body face or a fallback has.
func printable(r rune) bool {
	set, err := defaultFonts()
	return err != nil || r <= 0xFFFF && set.FaceFor(fonts.Body, r) != nil
}

// blankTables reports whether no input cell of the report's tables holds anything (its 总计
// formulas give 0): a blank template, which compared with this year's report would give
// nothing but false cross-year errors.
func blankTables(r *model.Report) bool {
	for _, c := range r.Edition.Cells() {
		if _, total := r.Edition.Computed(c.Key); !total && r.Values[c.Key].State != model.Blank {
			return false
		}
	}
	return true
}

// rank orders findings for reading: errors, open warnings, explained warnings.
func rank(f check.Finding) int {
	switch {
	case f.Severity == check.Error:
		return 0
	case f.Explained():
		return 2
	}
	return 1
}

// InspectFile is Inspect of the file at path, read with the reader's limits.
func InspectFile(ctx context.Context, path string, last *LastYear) Inspection {
	data, err := xlsxreader.Load(path)
	if err != nil {
		return Inspection{Err: err}
	}
	return Inspect(ctx, path, data, last)
}

// prevMismatch says why last year's report does not go with this one, or "".
func prevMismatch(rep, prev *model.Report) string {
	what := "上年工作簿"
	if isPublished(prev.Source) {
		what = "上年年报"
	}
	if blankTables(prev) {
		return what + "的统计表是空白的（一个数也没有填），不能用作比较"
	}
	if a, b := rep.Agency(), prev.Agency(); a != "" && b != "" && aggregate.AgencyKey(a) != aggregate.AgencyKey(b) {
		return fmt.Sprintf("%s是%s的，本工作簿是%s的", what, b, a)
	}
	if y, p := rep.Year(), prev.Year(); y != 0 && p != 0 && p != y-1 {
		return fmt.Sprintf("%s的报告年度是%d年，不是%d年", what, p, y-1)
	}
	return ""
}
