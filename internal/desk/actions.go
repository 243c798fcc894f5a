package desk

// The coordinator's downloads: the link list, every template, every report, the check
// results and the roll-up.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/xuri/excelize/v2"
)

// linksWorkbook is 链接清单.xlsx: one row per agency, for mail merge; on a desk that answers
// only on this computer, a first line says that the links open nowhere else.
func (s *Server) linksWorkbook(w http.ResponseWriter, r *http.Request) {
	links, err := s.links()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "链接清单"
	f.SetSheetName("Sheet1", sheet)
	var rows [][]any
	if warn := s.loopbackWarning(); warn != "" {
		rows = append(rows, []any{"注意", warn})
	}
	rows = append(rows, []any{"序号", "单位名称", "专用链接"})
	for _, l := range links {
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

// reportName is the file name of an agency's report in a zip, with the extension: the same
// Windows-safe rules as the names in 已提交/ (no < > " : * ? | or path separators, no
// device names such as CON, no trailing dots, at most 255 bytes, distinct for distinct names).
func reportName(agency string, year int, ext string) string {
	return outfile.Name(agency, fmt.Sprintf("%d年政府信息公开工作年度报告", year), ext)
}

// templatesZip holds every agency's prefilled template.
func (s *Server) templatesZip(w http.ResponseWriter, r *http.Request) {
	st, err := s.settings()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	agencies, err := s.store.Agencies()
	if err != nil {
		s.failure(w, r, err)
		return
	}
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
			if err := zipFile(z, reportName(a.Name, st.Year, ".xlsx"), paths[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// leftOutText lists the agencies the publication rule leaves out, and why, one a line.
func leftOutText(published, left []entry) string {
	text := fmt.Sprintf("共 %d 份报告。", len(published))
	if len(left) > 0 {
		text += fmt.Sprintf("以下 %d 个单位未包括在内：\r\n%s", len(left), strings.Join(leftOutLines(left), "\r\n"))
	}
	return text + "\r\n"
}

// reportsZip holds every report the publication rule selects in every format of app.Formats,
// and 说明.txt listing the agencies left out and why. The outputs are made before the
// download starts, so that a busy desk answers with its message.
func (s *Server) reportsZip(w http.ResponseWriter, r *http.Request) {
	entries, st, err := s.selection()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	published, left := split(entries)
	// The rule decides which submissions; the format registry which files of each.
	paths := map[string]string{}
	for _, e := range published {
		for _, f := range app.Formats {
			path, err := s.output(r.Context(), e.Sub, f.Name)
			if err != nil {
				s.failure(w, r, err)
				return
			}
			paths[e.Sub.Hash+f.Name] = path
		}
	}
	zipDownload(w, fmt.Sprintf("%d年度政府信息公开工作年度报告.zip", st.Year), func(z *zip.Writer) error {
		for _, e := range published {
			for _, f := range app.Formats {
				if err := zipFile(z, reportName(e.Agency.Name, st.Year, f.Ext), paths[e.Sub.Hash+f.Name]); err != nil {
					return err
				}
			}
		}
		return zipEntry(z, "说明.txt", strings.NewReader(ruleText(st)+"\r\n"+leftOutText(published, left)))
	})
}

// resultsWorkbook is 汇总检查结果.xlsx: the progress table as a workbook, one row per listed
// agency from the same selection, with the decision and whether it is published.
func (s *Server) resultsWorkbook(w http.ResponseWriter, r *http.Request) {
	entries, _, err := s.selection()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	rows := make([]app.StatusRow, 0, len(entries))
	for _, e := range entries {
		row := app.StatusRow{Agency: e.Agency.Name, State: string(e.State)}
		var notes []string
		if e.Agency.Subs > 0 {
			in := e.Latest.Inspection
			row.File = fmt.Sprintf("第 %d 次上传：%s", e.Latest.Seq, e.Latest.Name)
			row.Year, row.Errors, row.Warnings, row.Counted = in.Year, in.Errors, in.Warnings, e.Latest.Refused == ""
			if e.Latest.Refused != "" {
				notes = append(notes, "拒收原因："+e.Latest.Refused)
			}
		}
		if e.Has {
			notes = append(notes, "审核："+decisionText(e.Decision))
		}
		if e.Publish {
			notes = append(notes, "纳入发布")
		} else {
			notes = append(notes, "不纳入发布："+e.Why)
		}
		row.Note = strings.Join(notes, "；")
		rows = append(rows, row)
	}
	path := s.store.OutputPath("results", "xlsx")
	_, err = run(s, r.Context(), time.Minute, s.opt.BatchTimeout, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.opt.Engine.Overview(ctx, path, rows)
	})
	if err != nil {
		s.failure(w, r, err)
		return
	}
	sendPath(w, r, s, "汇总检查结果.xlsx", xlsxType, path)
}

// rollup makes the workbook summing the statistics of the reports the publication rule
// selects, listing those left out.
func (s *Server) rollup(ctx context.Context) (path, name string, leftOut []string, err error) {
	entries, st, err := s.selection()
	if err != nil {
		return "", "", nil, err
	}
	published, left := split(entries)
	if len(published) == 0 {
		return "", "", nil, Refusal("还没有可以发布的报告，无法汇总。" + ruleText(st))
	}
	owner := st.Owner
	if owner == "" {
		owner = "汇总"
	}
	var inputs []RollupInput
	for _, e := range published {
		inputs = append(inputs, RollupInput{Path: s.store.UploadPath(e.Sub.Hash), Agency: e.Agency.Name, Seq: e.Sub.Seq})
	}
	leftOut = leftOutLines(left)
	path = s.store.OutputPath("rollup", "xlsx")
	_, err = run(s, ctx, time.Minute, s.opt.BatchTimeout, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.opt.Engine.Rollup(ctx, path, inputs, owner, leftOut)
	})
	return path, fmt.Sprintf("%s%d年政府信息公开工作年度报告（汇总）", owner, st.Year), leftOut, err
}

// rollupWorkbook is the roll-up workbook, to fill in its prose and publish.
func (s *Server) rollupWorkbook(w http.ResponseWriter, r *http.Request) {
	path, name, _, err := s.rollup(r.Context())
	if err != nil {
		s.failure(w, r, err)
		return
	}
	sendPath(w, r, s, outfile.Name(name, "", ".xlsx"), xlsxType, path)
}

// rollupPDF is the roll-up typeset, to look at the summed tables (its prose is still blank),
// with the agencies left out listed after it.
func (s *Server) rollupPDF(w http.ResponseWriter, r *http.Request) {
	src, name, leftOut, err := s.rollup(r.Context())
	if err != nil {
		s.failure(w, r, err)
		return
	}
	path := s.store.OutputPath("rollup", "pdf")
	_, err = run(s, r.Context(), time.Minute, s.opt.OutputTimeout, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.opt.Engine.RenderRollup(ctx, src, path, leftOut)
	})
	if err != nil {
		s.failure(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", disposition(true, outfile.Name(name, "", ".pdf")))
	w.Header().Set("Content-Type", "application/pdf")
	http.ServeFile(w, r, path)
}
