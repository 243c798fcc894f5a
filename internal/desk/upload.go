package desk

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/importer"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/nianbao/nianbao/internal/visible"
)

// upload receives a bureau's workbook, checks it, and keeps it when it can be read. The
// answer is sent only once the submission is durably stored.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, a Agency) {
	refuse := func(status int, text string) {
		v, err := s.bureauView(r, a)
		if err != nil {
			s.failure(w, r, err)
			return
		}
		v.Problem = text
		s.render(w, r, status, "bureau", v)
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload+64<<10)
	tooLarge := fmt.Sprintf("文件过大：超过 %d MB，未接收。年度报告工作簿通常不到 1 MB，请确认选择的是本单位的填报模板。", s.opt.MaxUpload>>20)
	mr, err := r.MultipartReader()
	if err != nil {
		refuse(http.StatusBadRequest, "请选择要上传的工作簿。")
		return
	}
	var (
		in   Incoming
		name string
	)
	for {
		part, err := mr.NextPart()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				refuse(http.StatusRequestEntityTooLarge, tooLarge)
				return
			}
			refuse(http.StatusBadRequest, "请选择要上传的工作簿。")
			return
		}
		if part.FormName() != "file" {
			continue
		}
		name = uploadName(part.FileName())
		if name == "" {
			refuse(http.StatusBadRequest, "请选择要上传的工作簿。")
			return
		}
		in, err = s.store.Receive(part, name, s.opt.MaxUpload)
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, ErrTooLarge), errors.As(err, &mbe):
			refuse(http.StatusRequestEntityTooLarge, tooLarge)
			return
		case err != nil:
			s.failure(w, r, err)
			return
		}
		break
	}
	if in.Size == 0 {
		s.store.Discard(in)
		refuse(http.StatusUnprocessableEntity, name+"：文件是空的，未接收。")
		return
	}
	st, err := s.settings()
	if err != nil {
		s.store.Discard(in)
		s.failure(w, r, err)
		return
	}
	// A Word report is imported into a workbook of the template, which is then checked and
	// kept as the submission like any workbook; the document itself is kept too.
	imported := ""
	var asRead Inspection // a Word report's inspection as read, printed totals as printed
	if zipKind(in.Path) == wordKind {
		converted, line, read, problem, err := s.importWord(r.Context(), in, name)
		switch {
		case err != nil:
			s.store.Discard(in)
			s.failure(w, r, err)
			return
		case problem != "":
			s.store.Discard(in)
			refuse(http.StatusUnprocessableEntity, problem+" 文件未接收，请改正后重新上传。")
			return
		}
		in, imported, asRead = converted, line, read
	}
	insp, err := run(s, r.Context(), s.opt.QueueWait, s.opt.CheckTimeout, func(ctx context.Context) (Inspection, error) {
		insp := s.opt.Engine.Inspect(ctx, in.Path, name)
		if ctx.Err() != nil {
			// The reader stopped inside the workbook at the time limit: what it says is not
			// the file's problem, and nothing of it is kept.
			return Inspection{}, errTimeout
		}
		return insp, nil
	})
	if imported != "" && err == nil && insp.Problem == "" && asRead.Problem == "" {
		// The workbook computes each 总计 again; the document as printed is what the bureau
		// publishes, so a printed 总计 that disagrees is an error (I4), not the workbook's R6.
		insp = asRead
	}
	insp.Imported = imported
	if err != nil {
		s.store.Discard(in)
		s.failure(w, r, err)
		return
	}
	if insp.Problem != "" {
		problem := insp.Problem + " 文件未接收，请改正后重新上传。"
		if kind := fileKind(in.Path); kind != "" {
			problem = fmt.Sprintf("“%s”是%s，不是 Excel 工作簿（.xlsx），未接收。请下载本单位的填报模板，在模板中填写后上传。", name, kind)
		}
		s.store.Discard(in)
		refuse(http.StatusUnprocessableEntity, problem)
		return
	}
	// Identity blocks: another agency's or another year's report is kept in the history as
	// refused, and does not replace the current submission.
	var why []string
	agencyWhy := check.AgencyProblem(a.Name, insp.Agency)
	for _, w := range []string{agencyWhy, check.YearProblem(st.Year, insp.Year)} {
		if w != "" {
			why = append(why, w)
		}
	}
	if len(why) > 0 {
		acceptable := len(why) == 1 && agencyWhy != "" && check.MatchAgency(a.Name, insp.Agency) == check.Near
		if _, err := s.store.Refuse(a.ID, in, name, insp, strings.Join(why, "；"), acceptable, s.opt.Now()); err != nil {
			s.failure(w, r, err)
			return
		}
		seeOther(w, r, bureauBase(r)+"/")
		return
	}
	if _, err := s.store.Accept(a.ID, in, name, insp, s.opt.Now()); err != nil {
		s.failure(w, r, err)
		return
	}
	seeOther(w, r, bureauBase(r)+"/")
}

// fileKind names what an uploaded file is when it is a known kind of document other than an
// .xlsx workbook, by its contents (a name can lie): 「Word 文档（.docx）」; "" otherwise.
func fileKind(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return "PDF 文件（.pdf）"
	case olefile.IsCompound(head):
		return oleKind(path)
	case bytes.HasPrefix(head, []byte("PK")):
		return zipKind(path)
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}), bytes.HasPrefix(head, []byte("\x89PNG")):
		return "图片"
	}
	return ""
}

// zipKind names an Office Open XML document other than a workbook, an OpenDocument file or a
// plain zip archive.
func zipKind(path string) string {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return ""
	}
	defer zr.Close()
	has := map[string]bool{}
	for i, f := range zr.File {
		if i > 10000 {
			break
		}
		has[strings.ToLower(f.Name)] = true
	}
	switch {
	case has["xl/workbook.xml"]:
		return ""
	case has["word/document.xml"]:
		return wordKind
	case has["ppt/presentation.xml"]:
		return "PowerPoint 演示文稿（.pptx）"
	case has["mimetype"] && has["content.xml"]:
		return "OpenDocument 文件（.ods、.odt 等）"
	}
	return "zip 压缩包"
}

// wordKind is what zipKind calls a Word document, which the desk imports.
const wordKind = "Word 文档（.docx）"

// importWord imports an uploaded Word report (in the worker pool, within the check's time)
// into a workbook of the template, received as a new file; the document is kept under its
// hash beside the uploads. read is the report checked as read (its printed totals as
// printed); problem says, in the user's words, why it could not be imported.
func (s *Server) importWord(ctx context.Context, in Incoming, name string) (converted Incoming, line string, read Inspection, problem string, err error) {
	type result struct {
		book    []byte
		line    string
		read    Inspection
		problem string
	}
	res, err := run(s, ctx, s.opt.QueueWait, s.opt.CheckTimeout, func(ctx context.Context) (result, error) {
		data, err := os.ReadFile(in.Path)
		if err != nil {
			return result{}, err
		}
		imp, err := importer.Import(ctx, name, data, importer.Options{})
		if err != nil {
			return result{problem: message.Text(err)}, nil
		}
		book, err := app.ImportedWorkbook(imp)
		if err != nil {
			return result{}, err
		}
		return result{book: book, line: "本次上传的是 Word 文档，已导入为工作簿后检查：" + imp.Summary() + "。",
			read: inspectionOf(app.InspectImported(imp))}, nil
	})
	if err != nil || res.problem != "" {
		return Incoming{}, "", Inspection{}, res.problem, err
	}
	if err := s.store.KeepOriginal(in); err != nil {
		return Incoming{}, "", Inspection{}, "", err
	}
	converted, err = s.store.Receive(bytes.NewReader(res.book), name, s.opt.MaxUpload)
	return converted, res.line, res.read, "", err
}

// oleKind names a legacy Office or WPS file by its streams, as the reader does.
func oleKind(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	return message.CompoundKind(olefile.Classify(f))
}

// uploadName is the base of the file name the browser sent, as valid, bounded text; only
// shown and used in messages, never as a path.
func uploadName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = visible.Escape(name) // shown as [U+202E], never reversing the line it is on
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	// Trimmed after the cut, which can leave a space at the end.
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return ""
	}
	if filepath.Ext(name) == "" {
		name += ".xlsx"
	}
	return name
}

// bureauTemplate is the agency's prefilled template of the year.
func (s *Server) bureauTemplate(w http.ResponseWriter, r *http.Request, a Agency) {
	st, err := s.settings()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	path, err := s.template(r.Context(), a, st)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	sendPath(w, r, s, reportName(a.Name, st.Year, ".xlsx"), xlsxType, path)
}

// template is the agency's prefilled template of the year in the outputs, made on first
// request by a worker (so that downloads cannot run unbounded generations at once) and then
// reused: the outputs are cleared each time the desk starts.
func (s *Server) template(ctx context.Context, a Agency, st Settings) (string, error) {
	path := s.store.OutputPath(fmt.Sprintf("template-%d-%d-%s", a.ID, st.Year, st.Edition), "xlsx")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	return run(s, ctx, s.opt.QueueWait, s.opt.OutputTimeout, func(ctx context.Context) (string, error) {
		return path, s.opt.Engine.Template(ctx, path, a.Name, st.Year, st.Edition)
	})
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendFile sends a download made in full.
func sendFile(w http.ResponseWriter, name, ctype string, body io.Reader) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", disposition(false, name))
	io.Copy(w, body)
}

// sendPath sends a file of the folder as a download.
func sendPath(w http.ResponseWriter, r *http.Request, s *Server, name, ctype, path string) {
	f, err := os.Open(path)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	defer f.Close()
	sendFile(w, name, ctype, f)
}
