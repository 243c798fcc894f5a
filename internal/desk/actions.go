package desk

// The coordinator's downloads: the link list, every template, every report, the check
// results and the roll-up.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"github.com/nianbao/nianbao/internal/app"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// linksWorkbook is 链接清单.xlsx: one row per agency, for mail merge.
func (s *Server) linksWorkbook(w http.ResponseWriter, r *http.Request) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "链接清单"
	f.SetSheetName("Sheet1", sheet)
	rows := [][]any{{"序号", "单位名称", "专用链接"}}
	for _, l := range s.links() {
		u := l.URL
		if u == "" {
			u = "（已停用）"
		}
		rows = append(rows, []any{l.Agency.ID, l.Agency.Name, u})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			s.failure(w, r, err)
			return
		}
	}
	f.SetColWidth(sheet, "A", "A", 6)
	f.SetColWidth(sheet, "B", "B", 36)
	f.SetColWidth(sheet, "C", "C", 80)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		s.failure(w, r, err)
		return
	}
	sendFile(w, "链接清单.xlsx", xlsxType, &buf)
}

// zipDownload streams a zip; when making it fails half way the connection is cut, so that
// the browser reports a failed download instead of keeping a truncated file.
func zipDownload(w http.ResponseWriter, name string, fill func(z *zip.Writer) error) {
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", disposition(false, name))
	z := zip.NewWriter(w)
	if err := fill(z); err != nil {
		panic(http.ErrAbortHandler)
	}
	if err := z.Close(); err != nil {
		panic(http.ErrAbortHandler)
	}
}

func zipEntry(z *zip.Writer, name string, body io.Reader) error {
	zw, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return err
	}
	_, err = io.Copy(zw, body)
	return err
}

func zipFile(z *zip.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return zipEntry(z, name, f)
}

// reportBase is the name of an agency's report files without extension.
func reportBase(agency string, year int) string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", safeZipName(agency), year)
}

// safeZipName keeps an agency name from making a path inside a zip.
func safeZipName(s string) string {
	return strings.NewReplacer("/", "_", `\`, "_", "..", "_").Replace(s)
}

// templatesZip holds every agency's prefilled template.
func (s *Server) templatesZip(w http.ResponseWriter, r *http.Request) {
	st := s.store.Settings()
	agencies := s.store.Agencies()
	// The templates are made before the download starts, so that a busy desk answers with
	// its message rather than a cut connection.
	paths := make([]string, len(agencies))
	for i, a := range agencies {
		path, err := s.template(r.Context(), a, st)
		if err != nil {
			s.failure(w, r, err)
			return
		}
		paths[i] = path
	}
	zipDownload(w, fmt.Sprintf("%d年度填报模板.zip", st.Year), func(z *zip.Writer) error {
		for i, a := range agencies {
			if err := zipFile(z, reportBase(a.Name, st.Year)+".xlsx", paths[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// publishable are the agencies' current submissions without errors; the rest are listed
// with why they are left out.
func (s *Server) publishable() (subs []Submission, names []string, left []string) {
	for _, a := range s.store.Agencies() {
		sub, ok := s.store.Current(a)
		switch {
		case !ok:
			left = append(left, a.Name+"：未提交")
		case sub.State() == StateErrors:
			left = append(left, fmt.Sprintf("%s：第 %d 次提交检查有错误", a.Name, sub.Seq))
		default:
			subs, names = append(subs, sub), append(names, a.Name)
		}
	}
	return subs, names, left
}

// reportsZip holds the report of every submission without errors in every format (PDF,
// web page, Word document), and a list of the agencies left out.
func (s *Server) reportsZip(w http.ResponseWriter, r *http.Request) {
	st := s.store.Settings()
	subs, names, left := s.publishable()
	zipDownload(w, fmt.Sprintf("%d年度政府信息公开工作年度报告.zip", st.Year), func(z *zip.Writer) error {
		for i, sub := range subs {
			for _, f := range app.Formats {
				path, err := s.output(r.Context(), sub, f.Name)
				if err != nil {
					return err
				}
				if err := zipFile(z, reportBase(names[i], st.Year)+f.Ext, path); err != nil {
					return err
				}
			}
		}
		text := fmt.Sprintf("共 %d 份报告。", len(subs))
		if len(left) > 0 {
			text += fmt.Sprintf("以下 %d 个单位未包括在内：\r\n%s", len(left), strings.Join(left, "\r\n"))
		}
		return zipEntry(z, "说明.txt", strings.NewReader(text+"\r\n"))
	})
}

// resultsWorkbook is 汇总检查结果.xlsx: nianbao status on 已提交/ against the list.
func (s *Server) resultsWorkbook(w http.ResponseWriter, r *http.Request) {
	var names []string
	for _, a := range s.store.Agencies() {
		names = append(names, a.Name)
	}
	path := s.store.OutputPath("results", "xlsx")
	var err error
	runErr := s.run(r.Context(), time.Minute, 10*time.Minute, func() {
		err = s.opt.Engine.Overview(r.Context(), path, filepath.Join(s.store.Dir(), SubmittedDir), names)
	})
	if runErr != nil {
		err = runErr
	}
	if err != nil {
		s.failure(w, r, err)
		return
	}
	sendPath(w, r, s, "汇总检查结果.xlsx", xlsxType, path)
}

// rollup makes the workbook summing the statistics of every submission without errors.
func (s *Server) rollup(ctx context.Context) (path, name string, err error) {
	st := s.store.Settings()
	subs, _, _ := s.publishable()
	if len(subs) == 0 {
		return "", "", Refusal("还没有通过检查的工作簿，无法汇总。")
	}
	owner := st.Owner
	if owner == "" {
		owner = "汇总"
	}
	var paths []string
	for _, sub := range subs {
		paths = append(paths, s.store.UploadPath(sub.Hash))
	}
	path = s.store.OutputPath("rollup", "xlsx")
	runErr := s.run(ctx, time.Minute, 10*time.Minute, func() { err = s.opt.Engine.Rollup(ctx, path, paths, owner) })
	if runErr != nil {
		err = runErr
	}
	return path, fmt.Sprintf("%s%d年政府信息公开工作年度报告（汇总）", owner, st.Year), err
}

// rollupWorkbook is the roll-up workbook, to fill in its prose and publish.
func (s *Server) rollupWorkbook(w http.ResponseWriter, r *http.Request) {
	path, name, err := s.rollup(r.Context())
	if err != nil {
		s.failure(w, r, err)
		return
	}
	sendPath(w, r, s, name+".xlsx", xlsxType, path)
}

// rollupPDF is the roll-up typeset, to look at the summed tables (its prose is still blank).
func (s *Server) rollupPDF(w http.ResponseWriter, r *http.Request) {
	src, name, err := s.rollup(r.Context())
	if err != nil {
		s.failure(w, r, err)
		return
	}
	path := s.store.OutputPath("rollup", "pdf")
	runErr := s.run(r.Context(), time.Minute, 2*time.Minute, func() { err = s.opt.Engine.Render(r.Context(), src, path) })
	if runErr != nil {
		err = runErr
	}
	if err != nil {
		s.failure(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", disposition(true, name+".pdf"))
	w.Header().Set("Content-Type", "application/pdf")
	http.ServeFile(w, r, path)
}
