package app

// Import of published reports (PDF, Word, web page) into workbooks of the template, checked
// as any workbook is.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/importer"
	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/nianbao/nianbao/template"
)

// ImportOptions are the choices of an import run.
type ImportOptions struct {
	Edition *template.Edition // read the tables by this edition; recognised when nil
	Out     string            // the workbook to write, for one input file
	OutDir  string            // where workbooks go; beside each input when empty
	Force   bool              // replace existing workbooks
}

// ImportedFile is what became of one file of an import run.
type ImportedFile struct {
	Path    string
	Out     string           // the workbook written; "" when none
	Result  *importer.Result // nil when the file could not be read
	Checked Inspection       // the report as read, each printed 总计 as printed, checked
	// Recomputed are the 总计 cells printed otherwise than their items add up to: the
	// workbook keeps the printed figure as the saved result of the cell's formula, which Excel
	// and WPS replace by the sum on opening.
	Recomputed []string
	Err        error // why the file could not be read
	Unwritten  error // why the workbook could not be written
}

// importExt are the extensions of files an import reads from a directory; .doc is listed to
// be named as a file to save again as .docx.
var importExt = map[string]bool{".pdf": true, ".docx": true, ".htm": true, ".html": true, ".doc": true}

// ImportFiles imports the published reports among paths (directories are searched, hidden
// entries and links to directories left out) and hands each result to each, in order.
func ImportFiles(ctx context.Context, paths []string, opts ImportOptions, each func(ImportedFile)) error {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		found, err := findReports(p)
		if err != nil {
			return err
		}
		files = append(files, found...)
	}
	if len(files) == 0 {
		return message.Inputf("没有找到可导入的年报（.pdf、.docx、.html）：%s。", strings.Join(paths, "、"))
	}
	if opts.Out != "" && len(files) > 1 {
		return message.Inputf("导入多个文件时不能用 -o 指定一个输出文件，请用 --out-dir 指定目录。")
	}
	// A workbook called 年报.pdf would be published, or opened, as a broken PDF.
	if opts.Out != "" && !strings.EqualFold(filepath.Ext(opts.Out), ".xlsx") {
		return message.Inputf("%s。", message.WrongExtension(opts.Out, "xlsx", "Excel 工作簿", ".xlsx"))
	}
	if opts.OutDir != "" {
		if err := makeOutputDir(opts.OutDir, "导入结果目录"); err != nil {
			return err
		}
	}
	used := map[string]bool{}
	for _, p := range files {
		out := opts.Out
		if out == "" {
			out = strings.TrimSuffix(p, filepath.Ext(p)) + ".xlsx"
			if opts.OutDir != "" {
				out = filepath.Join(opts.OutDir, filepath.Base(out))
			}
			// 年报.pdf and 年报.docx side by side: the second is not written over the first.
			if used[out] {
				out = strings.TrimSuffix(out, ".xlsx") + "（" + strings.TrimPrefix(filepath.Ext(p), ".") + "）.xlsx"
			}
			used[out] = true
		}
		each(ImportFile(ctx, p, out, opts))
	}
	return nil
}

// findReports lists the files of a directory that an import reads, sorted.
func findReports(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable entry is passed over
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && d.Type().IsRegular() && importExt[strings.ToLower(filepath.Ext(name))] {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// readPublished reads a published report within the importer's bound: a file past it is the
// importer's ErrTooLarge, said as a part past its bound is.
func readPublished(path string) ([]byte, error) {
	data, err := infile.ReadFile(path, importer.MaxFileSize)
	if errors.Is(err, infile.ErrTooLarge) {
		return nil, &importer.FileError{Path: path, Err: fmt.Errorf("%w: over %d bytes", importer.ErrTooLarge, importer.MaxFileSize)}
	}
	return data, err
}

// ImportFile imports one published report into the workbook out and checks the report as read.
func ImportFile(ctx context.Context, path, out string, opts ImportOptions) ImportedFile {
	res := ImportedFile{Path: path}
	data, err := readPublished(path)
	if err != nil {
		res.Err = err
		return res
	}
	r, err := importer.Import(ctx, path, data, importer.Options{Edition: opts.Edition})
	if err != nil {
		res.Err = err
		return res
	}
	res.Result = r
	book, err := ImportedWorkbook(r)
	if err != nil {
		res.Err = err
		return res
	}
	if err := outfile.Distinct(out, []string{path}); err != nil {
		res.Unwritten = err
	} else if err := outfile.Write(out, opts.Force, func(w io.Writer) error { _, err := w.Write(book); return err }); err != nil {
		res.Unwritten = err
	} else {
		res.Out = out
	}
	// The report is checked as read, as check --against checks a document: the workbook's
	// formulas would compute each 总计 again and hide a printed total that disagrees.
	res.Checked = InspectImported(r)
	for _, f := range Inspect(ctx, out, book, nil).Findings {
		if f.Rule == rule.CachedTotal {
			res.Recomputed = append(res.Recomputed, f.Places()...)
		}
	}
	return res
}

// InspectImported checks an imported report as read, each printed 总计 as printed: the
// workbook written of it would compute each 总计 again and hide one that disagrees.
func InspectImported(r *importer.Result) (out Inspection) {
	defer func() {
		if p := recover(); p != nil {
			out = panicked(r.Report.Source, p)
		}
	}()
	return inspectReport(r.Report, nil, nil, check.Expect{})
}

// ImportedWorkbook writes the workbook of an imported report: every imported cell with a
// comment naming its source, and each printed 总计 saved as printed.
func ImportedWorkbook(res *importer.Result) ([]byte, error) {
	r := res.Report
	file := filepath.Base(r.Source)
	r.Imported = map[string]string{}
	for key, place := range res.Sources {
		r.Imported[key] = strings.TrimSpace(file + " " + place)
	}
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, r); err != nil {
		return nil, &xlsxreader.InternalError{Path: r.Source, Cause: err}
	}
	return buf.Bytes(), nil
}
