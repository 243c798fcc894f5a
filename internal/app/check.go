package app

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// CheckOptions are the choices of a check run.
type CheckOptions struct {
	// LastYear are last year's workbooks, for the cross-year checks (ReadLastYear); optional.
	LastYear *LastYear
	// Expect is whose report of which year every workbook should be (check.Identity); a
	// zero field expects nothing.
	Expect      check.Expect
	AnnotateDir string // where annotated copies go; none are written when empty
	Force       bool   // replace existing annotated copies
	// LeftOut hears of nianbao's own earlier outputs found in a folder and not checked
	// (annotated copies, status overviews); optional.
	LeftOut func(error)
}

// Facts are the few facts about a report that are shown with its findings; the report itself
// is dropped once checked, so that memory stays flat however many files are checked.
type Facts struct {
	Agency  string
	Year    int
	Edition string // "" when the file could not be read
}

// CheckedFile is what became of one file of a check run.
type CheckedFile struct {
	Path      string
	Facts     Facts
	Findings  []check.Finding
	Groups    []check.Group // the findings as a clerk reads them
	Note      string        // said about the file besides its findings (cross-year check skipped …)
	Annotated string        // the annotated copy, when one was written
	Err       error         // why the file could not be read
	Unwritten error         // why the annotated copy could not be written
}

// Outcome is the verdict on the file.
func (c CheckedFile) Outcome() check.Outcome { return check.OutcomeOf(c.Findings, c.Err) }

// Check reads and checks the workbooks among paths (directories are searched), writing an
// annotated copy of each when asked, and hands each result to each in the order found,
// unsupported files last. The error is one of the run as a whole (bad options, nothing
// to check); what happens to each file is in its result.
func Check(ctx context.Context, paths []string, opts CheckOptions, each func(CheckedFile)) error {
	if len(paths) == 0 {
		return message.Inputf("没有指定要检查的工作簿。")
	}
	prev := opts.LastYear
	dir := opts.AnnotateDir
	if dir != "" {
		if err := makeOutputDir(dir, "批注副本目录"); err != nil {
			return err
		}
	}
	files, err := findInputs(paths, nil, opts.LeftOut, dir)
	if err != nil {
		return err
	}
	if len(files.Workbooks)+len(files.Unsupported)+len(files.Unreadable) == 0 {
		return message.Inputf("没有找到 .xlsx 工作簿：%s。", strings.Join(paths, "、"))
	}
	copies := annotatedNames(files.Workbooks, dir)
	inputs := files.Inputs()
	batch.Map(ctx, files.Workbooks, func(path string) CheckedFile {
		if err := outfile.Distinct(copies[path], inputs); err != nil {
			res := checkFile(ctx, path, prev, opts.Expect, "", opts.Force) // checked all the same, not copied
			res.Unwritten = err
			return res
		}
		return checkFile(ctx, path, prev, opts.Expect, copies[path], opts.Force)
	}, func(path string, cause any) CheckedFile {
		return CheckedFile{Path: path, Err: &xlsxreader.InternalError{Path: path, Cause: cause}}
	}, func(_ int, res CheckedFile) { each(res) })
	if err := ctx.Err(); err != nil {
		return err // stopped: the files not started are not reported as checked
	}
	for _, p := range files.Unsupported {
		each(CheckedFile{Path: p, Err: &batch.UnsupportedError{Path: p}})
	}
	for _, e := range files.Unreadable {
		each(CheckedFile{Path: e.Path, Err: e.Err})
	}
	return nil
}

// checkFile reads and checks one workbook and writes its annotated copy to annotated, if
// that is not empty.
func checkFile(ctx context.Context, path string, prev *LastYear, want check.Expect, annotated string, force bool) CheckedFile {
	data, err := xlsxreader.Load(path)
	if err != nil {
		return CheckedFile{Path: path, Err: err}
	}
	in := InspectAs(ctx, path, data, prev, want)
	res := CheckedFile{Path: path, Err: in.Err, Findings: in.Findings, Groups: in.Groups, Note: in.Note}
	if in.Report == nil {
		return res
	}
	res.Facts = Facts{Agency: in.Report.Agency(), Year: in.Report.Year(), Edition: in.Report.Edition.ID}
	if annotated == "" {
		return res
	}
	annotatedData, err := Annotate(ctx, path, data, in.Findings, in.Groups)
	if err == nil {
		err = outfile.Write(annotated, force, func(w io.Writer) error { _, err := w.Write(annotatedData); return err })
	}
	if err != nil {
		res.Unwritten = err
	} else {
		res.Annotated = annotated
	}
	return res
}

// annotatedNames gives every workbook the name of its annotated copy in dir: its own name
// with （检查结果）, numbered when two workbooks of the same name come from different
// directories. The copy never has the name of the original.
func annotatedNames(paths []string, dir string) map[string]string {
	out := map[string]string{}
	if dir == "" {
		return out
	}
	used := map[string]bool{}
	for _, p := range paths {
		base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p)) + "（检查结果）"
		name := base + ".xlsx"
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s%d.xlsx", base, i)
		}
		used[name] = true
		out[p] = filepath.Join(dir, name)
	}
	return out
}

// CheckTotal counts the results of a check run. Errors, Warnings and Explained count
// findings; Read counts them as a clerk reads them, in groups.
type CheckTotal struct {
	Files, Passed, WithWarnings, WithErrors, Unreadable, Errors, Warnings, Explained int
	Unwritten                                                                        int // annotated copies not written
	Read                                                                             check.Counts
}

// Add counts one file.
func (t *CheckTotal) Add(c CheckedFile) {
	t.Files++
	errs, warns := check.Count(c.Findings)
	t.Errors += errs
	t.Warnings += warns
	t.Explained += check.CountExplained(c.Findings)
	t.Read.Add(check.CountGroups(c.Groups))
	if c.Unwritten != nil {
		t.Unwritten++
	}
	switch c.Outcome() {
	case check.Unreadable:
		t.Unreadable++
	case check.Errors:
		t.WithErrors++
	case check.Warnings:
		t.WithWarnings++
	default:
		t.Passed++
	}
}

// Err is the outcome of the run: message.ErrReported when a file could not be checked (or
// its annotated copy written), message.ErrFindings when a file has errors, nil otherwise.
func (t CheckTotal) Err() error {
	switch {
	case t.Unreadable > 0 || t.Unwritten > 0:
		return message.ErrReported
	case t.WithErrors > 0:
		return message.ErrFindings
	}
	return nil
}
