package desk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// upload receives a bureau's workbook, checks it, and keeps it when it can be read. The
// answer is sent only once the submission is durably stored.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, a Agency) {
	refuse := func(status int, text string) {
		v := s.bureauView(r, a)
		v.Refused = text
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
	var insp Inspection
	err = s.run(r.Context(), s.opt.QueueWait, s.opt.CheckTimeout, func() { insp = s.opt.Engine.Inspect(r.Context(), in.Path, name) })
	if err != nil {
		s.store.Discard(in)
		s.failure(w, r, err)
		return
	}
	if insp.Problem != "" {
		s.store.Discard(in)
		refuse(http.StatusUnprocessableEntity, insp.Problem+" 文件未接收，请改正后重新上传。")
		return
	}
	if _, err := s.store.Accept(a.ID, in, name, insp, s.opt.Now()); err != nil {
		s.failure(w, r, err)
		return
	}
	seeOther(w, r, bureauBase(r)+"/")
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
	st := s.store.Settings()
	path, err := s.template(r.Context(), a, st)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	sendPath(w, r, s, fmt.Sprintf("%s%d年政府信息公开工作年度报告.xlsx", a.Name, st.Year), xlsxType, path)
}

// template is the agency's prefilled template of the year in the outputs, made on first
// request by a worker (so that downloads cannot run unbounded generations at once) and then
// reused: the outputs are cleared each time the desk starts.
func (s *Server) template(ctx context.Context, a Agency, st Settings) (string, error) {
	path := s.store.OutputPath(fmt.Sprintf("template-%d-%d-%s", a.ID, st.Year, st.Edition), "xlsx")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	var err error
	runErr := s.run(ctx, s.opt.QueueWait, 2*time.Minute, func() {
		err = s.opt.Engine.Template(ctx, path, a.Name, st.Year, st.Edition)
	})
	if runErr != nil {
		return "", runErr
	}
	return path, err
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
