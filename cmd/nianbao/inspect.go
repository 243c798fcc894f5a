package main

import (
	"slices"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// checkedFile is what reading and checking one workbook found. Report is nil when the file
// could not be read.
type checkedFile struct {
	Report   *model.Report
	Findings []check.Finding // the reader's notes and the checks' findings, errors first
	Errors   int
	Warnings int
	Note     string // why last year's report was not used, if it was given
	Err      error
}

// inspect reads a workbook and checks it — against last year's report when prev is that of
// the same agency and the year before. Every command that reads workbooks goes through here,
// so check, render, status and aggregate agree on what is wrong. A bug met on one file is
// reported as an internal error with that file; a batch goes on with the others.
func inspect(path string, prev *model.Report) (out checkedFile) {
	defer func() {
		if p := recover(); p != nil {
			out = checkedFile{Err: &xlsxreader.InternalError{Path: path, Cause: p}}
		}
	}()
	r, notes, err := xlsxreader.Read(path)
	if err != nil {
		return checkedFile{Err: err}
	}
	out.Report = r
	if prev != nil {
		if why := prevMismatch(r, prev); why != "" {
			out.Note = "未做跨年度检查：" + why
			prev = nil
		}
	}
	out.Findings = append(notes, check.Check(r, prev)...)
	// Errors first: they are what stops publication.
	slices.SortStableFunc(out.Findings, func(a, b check.Finding) int { return int(b.Severity) - int(a.Severity) })
	for _, f := range out.Findings {
		if f.Severity == check.Error {
			out.Errors++
		} else {
			out.Warnings++
		}
	}
	return out
}
