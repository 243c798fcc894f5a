package app

// Last year's reports: for the cross-year checks of check and status (--prev), and for the
// figures a new template carries over from last year (template --prev).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/importer"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// LastYear is last year's reports: one workbook given for every report, or a directory of
// them matched to this year's reports by agency name. A nil *LastYear has none.
type LastYear struct {
	single   *model.Report
	byAgency map[string]*model.Report // by aggregate.AgencyKey
	dir      string
	// Notes say which workbooks of the directory were not used: unreadable, without an
	// agency name, or a second one of an agency.
	Notes []string
}

// LastYearOf is the one report given as last year's for every report.
func LastYearOf(r *model.Report) *LastYear {
	if r == nil {
		return nil
	}
	return &LastYear{single: r}
}

// ReadLastYear reads last year's workbook at path, or every workbook in the directory path.
// A published report (PDF, Word document, web page) stands for a workbook, imported: a
// county's first year with the tool has last year's reports only as its offices published
// them.
func ReadLastYear(ctx context.Context, path string) (*LastYear, error) {
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		if isPublished(path) {
			r, err := importPublished(ctx, path)
			if err != nil {
				return nil, fmt.Errorf("last year's report: %w", err)
			}
			return LastYearOf(r), nil
		}
		r, _, err := xlsxreader.Read(path)
		if err != nil {
			return nil, fmt.Errorf("last year's workbook: %w", err)
		}
		return LastYearOf(r), nil
	}
	files, err := batch.Find([]string{path}, nil)
	if err != nil {
		return nil, fmt.Errorf("last year's directory: %w", err)
	}
	l := &LastYear{byAgency: map[string]*model.Report{}, dir: path}
	first := map[string]string{}
	batch.Map(ctx, files.Workbooks, func(p string) Inspection { return InspectFile(ctx, p, nil) }, panicked, func(i int, in Inspection) {
		p := files.Workbooks[i]
		switch {
		case in.Err != nil:
			l.Notes = append(l.Notes, fmt.Sprintf("上年工作簿无法读取，未使用：%s", message.Text(in.Err)))
		case in.Report.Agency() == "":
			l.Notes = append(l.Notes, fmt.Sprintf("上年工作簿未填写机关名称，未使用：%s", p))
		default:
			k := aggregate.AgencyKey(in.Report.Agency())
			if f, dup := first[k]; dup {
				l.Notes = append(l.Notes, fmt.Sprintf("上年目录中%s有两份工作簿，只使用 %s，未使用 %s", in.Report.Agency(), f, p))
				return
			}
			first[k] = p
			l.byAgency[k] = in.Report
		}
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	reports, err := findReports(path)
	if err != nil {
		return nil, fmt.Errorf("last year's directory: %w", err)
	}
	for _, p := range reports {
		r, err := importPublished(ctx, p)
		switch {
		case err != nil:
			l.Notes = append(l.Notes, fmt.Sprintf("上年年报无法读取，未使用：%s", message.Text(err)))
		case r.Agency() == "":
			l.Notes = append(l.Notes, fmt.Sprintf("上年年报的标题中没有机关名称，未使用：%s", p))
		default:
			k := aggregate.AgencyKey(r.Agency())
			if f, dup := first[k]; dup {
				l.Notes = append(l.Notes, fmt.Sprintf("上年目录中%s有两份年报，只使用 %s，未使用 %s", r.Agency(), f, p))
				continue
			}
			first[k] = p
			l.byAgency[k] = r
		}
	}
	return l, nil
}

// isPublished says whether a file is a published report to import rather than a workbook.
func isPublished(path string) bool {
	return importExt[strings.ToLower(filepath.Ext(path))]
}

// importPublished imports a published report as last year's.
func importPublished(ctx context.Context, path string) (*model.Report, error) {
	data, err := readPublished(path)
	if err != nil {
		return nil, err
	}
	res, err := importer.Import(ctx, path, data, importer.Options{})
	if err != nil {
		return nil, err
	}
	res.Report.Source = path
	return res.Report, nil
}

// For is last year's report for this year's report of agency, or nil and why there is none
// (nothing when no last year was given at all).
func (l *LastYear) For(agency string) (*model.Report, string) {
	switch {
	case l == nil:
		return nil, ""
	case l.single != nil:
		return l.single, ""
	case strings.TrimSpace(agency) == "":
		return nil, "未填写机关名称，无法在上年目录中找到本机关的工作簿或年报"
	}
	if r, ok := l.byAgency[aggregate.AgencyKey(agency)]; ok {
		return r, ""
	}
	return nil, fmt.Sprintf("上年目录 %s 中没有%s的工作簿或年报", l.dir, agency)
}

// CarryOver prefills r, a new report, with the figures last year's report fixes: every cell
// that a cross-year identity of r's edition equates with last year's cells alone —
// 表三「二、上年结转」 is last year's 「四、结转下年度继续办理」 (I6); the 2019 edition's
// 上一年项目数量 is last year's 上一年项目数量 plus 本年增/减 (I7) — where last year's cells are
// numbers. r.Carried says, per cell filled, where the figure came from. It returns the
// number of input cells filled; 总计 cells, which the template computes, are filled too.
func CarryOver(r, prev *model.Report) int {
	if prev == nil || prev.Edition == nil {
		return 0
	}
	file := filepath.Base(prev.Source)
	n := 0
	for _, id := range r.Edition.Identities {
		if !id.CrossYear {
			continue
		}
		for _, eq := range id.Equations {
			if len(eq.Left) != 1 || eq.Left[0].Prev {
				continue
			}
			sum, from, ok := 0.0, []string{}, true
			for _, t := range eq.Right {
				v := prev.Values[t.Key]
				if !t.Prev || !v.Sane() {
					ok = false
					break
				}
				sum += v.Number
				switch w := v.Where; {
				case w.Cell != "":
					from = append(from, w.Sheet+"!"+w.Cell)
				case w.Sheet != "": // a published report's page or table row
					from = append(from, w.Sheet)
				}
			}
			if !ok {
				continue
			}
			if r.Carried == nil {
				r.Carried = map[string]string{}
			}
			key := eq.Left[0].Key
			r.Values[key] = model.Num(sum)
			source := "上年年报"
			if file != "." && file != "" {
				source += "“" + file + "”"
			}
			if len(from) > 0 {
				source += strings.Join(from, " + ")
			}
			r.Carried[key] = "自" + source + "结转，请核对；如有更正请直接修改"
			if _, computed := r.Edition.Computed(key); !computed {
				n++
			}
		}
	}
	return n
}
