package app

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/docxwriter"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/htmlwriter"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// Format is an output format of the writer registry. Every writer has the one signature of
// Write, and every place that lists formats (render --help, the desk's links, downloads and
// zips) reads this registry, so that adding a format is one writer and one entry here.
type Format struct {
	Name  string // as users name it: pdf
	Ext   string // of the file written: .pdf
	MIME  string // the media type it is served as
	Label string // what it is called on a page and in help: PDF
	Help  string // what it is for, one line of render --help
	// Inline says whether a browser shows it (a preview in a new tab) rather than saving it.
	Inline bool
	Write  func(w io.Writer, d *document.Document, o document.WriteOptions) error
}

// Formats is the writer registry, in the order formats are offered.
var Formats = []Format{
	{Name: "pdf", Ext: ".pdf", MIME: "application/pdf", Label: "PDF", Inline: true, Write: pdfwriter.Write,
		Help: "供发布的 PDF，按 GB/T 9704 排版：A4 纸，标题二号，正文三号，表格五号，页码“— N —”单页居右、双页居左，字体嵌入"},
	{Name: "html", Ext: ".html", MIME: "text/html; charset=utf-8", Label: "网页", Inline: true, Write: htmlwriter.Write,
		Help: "供政府网站发布的网页（单个 .html 文件，无脚本，可打印），与 PDF 内容相同"},
	{Name: "docx", Ext: ".docx", MIME: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		Label: "Word 文档", Write: docxwriter.Write,
		Help: "供领导审签的 Word 文档：公文版式，标题、正文、各级标题和表格用命名样式，可修订后交回核对"},
}

// FormatNamed is the registered format called name, if any.
func FormatNamed(name string) (Format, bool) {
	i := slices.IndexFunc(Formats, func(f Format) bool { return f.Name == name })
	if i < 0 {
		return Format{}, false
	}
	return Formats[i], true
}

// ParseFormats reads a list of format names separated by commas (pdf,html), each once.
func ParseFormats(s string) ([]Format, error) {
	var out []Format
	for _, name := range strings.Split(s, ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		f, ok := FormatNamed(name)
		if !ok {
			var names []string
			for _, f := range Formats {
				names = append(names, f.Name)
			}
			return nil, message.Inputf("不支持的输出格式：%s。可选：%s，或 %s。", name, strings.Join(names, "、"), strings.Join(names, ","))
		}
		if !slices.ContainsFunc(out, func(f Format) bool { return f.Name == name }) {
			out = append(out, f)
		}
	}
	return out, nil
}

// FormatsForOutput settles the formats of a render into the file out (-o) with the extension
// it names: out ending in a format's extension asks for that format when none was chosen
// (-o 报告.docx is the Word document; .htm is the web page's too), and is refused when another
// single format was chosen, as a Word document called .pdf would be published as a broken PDF.
// Several formats each take their own extension, and a name ending in no format's extension
// is taken as given.
func FormatsForOutput(out string, formats []Format, chosen bool) ([]Format, error) {
	ext := filepath.Ext(out)
	if strings.EqualFold(ext, ".htm") {
		ext = ".html" // as Windows names web pages
	}
	i := slices.IndexFunc(Formats, func(f Format) bool { return strings.EqualFold(f.Ext, ext) })
	switch {
	case out == "" || i < 0:
		return formats, nil
	case !chosen:
		return Formats[i : i+1], nil
	case len(formats) == 1 && formats[0].Name != Formats[i].Name:
		f := formats[0]
		return nil, message.Inputf("%s，或用 --format %s。", message.WrongExtension(out, f.Name, f.Label, f.Ext), Formats[i].Name)
	}
	return formats, nil
}

// RenderOptions are the choices of a render run.
type RenderOptions struct {
	Formats []Format
	Fonts   *fonts.Set
	Force   bool // render despite errors, as a draft, and replace existing files
	// LeftOut hears of nianbao's own earlier outputs found in a folder and not rendered; optional.
	LeftOut func(error)
	// Annex is printed after the report in a PDF (document.Document.Annex): the desk's
	// roll-up preview lists there the agencies left out (LeftOutSection).
	Annex []document.Section
	// inputs are every input of the run, which no output may be.
	inputs []string
}

// Rendered is what became of one workbook.
type Rendered struct {
	In       string
	Written  []string // the files written, one per format
	Findings []check.Finding
	Groups   []check.Group // the findings as a clerk reads them
	Draft    bool
	Err      error // message.ErrFindings when errors stopped it
	// Clashes are the files this workbook's report replaced, written earlier in the same run
	// from another workbook of the same agency and year.
	Clashes []Clash
}

// Clash is a file written twice in one run.
type Clash struct{ Path, Other string }

// RenderFile reads and checks the workbook in and typesets it into out, or into dir under
// the default name when out is empty. With one format, out is used exactly as given; with
// several, each gets its extension.
func RenderFile(ctx context.Context, in, out, dir string, opts RenderOptions) Rendered {
	res := Rendered{In: in}
	if opts.inputs == nil {
		opts.inputs = []string{in}
	}
	if out != "" {
		if err := outfile.Distinct(out, opts.inputs); err != nil {
			res.Err = err
			return res
		}
	}
	insp := InspectFile(ctx, in, nil)
	if insp.Err != nil {
		res.Err = insp.Err
		return res
	}
	res.Findings, res.Groups = insp.Findings, insp.Groups
	blocked := insp.Outcome() == check.Errors
	if blocked && !opts.Force {
		res.Err = message.ErrFindings
		return res
	}
	d := document.Build(insp.Report)
	d.Meta.Workbook = insp.SHA256
	d.Annex = opts.Annex
	res.Draft = blocked
	for _, f := range opts.Formats {
		path := filepath.Join(dir, reportName(d, in, f.Ext))
		if out != "" {
			path = strings.TrimSuffix(out, filepath.Ext(out)) + f.Ext
			if len(opts.Formats) == 1 {
				path = out // exactly as asked, whatever its extension
			}
		}
		wo := document.WriteOptions{Fonts: opts.Fonts, Draft: res.Draft, Context: ctx}
		err := outfile.Distinct(path, opts.inputs)
		if err == nil {
			err = outfile.Write(path, opts.Force, func(w io.Writer) error { return f.Write(w, d, wo) })
		}
		if err != nil {
			res.Err = err
			return res
		}
		res.Written = append(res.Written, path)
	}
	return res
}

// reportName is {机关名称}{年度}年政府信息公开工作年度报告 with the extension, or the
// workbook's name when the report does not say which agency and year it is for. However
// long the agency's name, the year and the extension are kept, and two agencies never get
// one name.
func reportName(d *document.Document, in, ext string) string {
	if d.Title.Complete() {
		return outfile.Name(d.Title.Agency, strings.TrimPrefix(d.Title.Text(), d.Title.Agency), ext)
	}
	return outfile.Name(strings.TrimSuffix(filepath.Base(in), filepath.Ext(in)), "", ext)
}

// RenderTotal counts the workbooks of a directory rendered.
type RenderTotal struct{ Files, Written, Blocked, Failed int }

// Err is the outcome of the run: an input error when a workbook could not be processed,
// message.ErrFindings when errors stopped one, nil otherwise.
func (t RenderTotal) Err() error {
	switch {
	case t.Failed > 0:
		return message.Inputf("有 %d 个工作簿无法处理，原因见上。", t.Failed)
	case t.Blocked > 0:
		return message.ErrFindings
	}
	return nil
}

// RenderDir renders every workbook under dir into outDir (default: the current directory),
// one per core, and hands each result to each: unsupported files first, then the workbooks
// in file name order.
func RenderDir(ctx context.Context, dir, outDir string, opts RenderOptions, each func(Rendered)) (RenderTotal, error) {
	var t RenderTotal
	if outDir == "" {
		outDir = "."
	}
	if err := makeOutputDir(outDir, "输出目录"); err != nil {
		return t, err
	}
	files, err := findInputs([]string{dir}, nil, opts.LeftOut, "")
	if err != nil {
		return t, err
	}
	opts.inputs = files.Inputs()
	if len(files.Workbooks)+len(files.Unsupported)+len(files.Unreadable) == 0 {
		return t, message.Inputf("目录中没有 .xlsx 工作簿：%s。", dir)
	}
	names := map[string]string{} // two workbooks of one agency and year give one file name
	count := func(res Rendered) {
		t.Files++
		switch {
		case res.Err == nil:
			t.Written++
			for _, path := range res.Written {
				if other, clash := names[path]; clash {
					res.Clashes = append(res.Clashes, Clash{Path: path, Other: other})
				}
				names[path] = res.In
			}
		case errors.Is(res.Err, message.ErrFindings):
			t.Blocked++
		default:
			t.Failed++
		}
		each(res)
	}
	for _, in := range files.Unsupported {
		count(Rendered{In: in, Err: &batch.UnsupportedError{Path: in}})
	}
	for _, e := range files.Unreadable {
		count(Rendered{In: e.Path, Err: e.Err})
	}
	batch.Map(ctx, files.Workbooks, func(in string) Rendered { return RenderFile(ctx, in, "", outDir, opts) },
		func(in string, cause any) Rendered {
			return Rendered{In: in, Err: &xlsxreader.InternalError{Path: in, Cause: cause}}
		},
		func(_ int, res Rendered) { count(res) })
	if err := ctx.Err(); err != nil {
		return t, err
	}
	return t, nil
}
