package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/nianbao/nianbao/template"
)

// CheckYear refuses a report year no template can be made for: before the first edition
// applies, or later than the year of now. The desk and the command line validate years here,
// each with its own clock (a test's is fixed), so that a year one accepts the other can use.
func CheckYear(year int, now time.Time) error {
	first, this := template.Editions()[0].FirstYear, now.Year()
	switch {
	case year < first:
		return message.Inputf("报告年度 %d 早于 %d 年：年度报告格式最早自%d年度起适用。", year, first, first)
	case year > this:
		return message.Inputf("报告年度 %d 是将来的年份（今年是 %d 年）。", year, this)
	}
	return nil
}

// TemplateEdition is the edition asked for by id, or the one that applies to the year when
// id is empty; the year must pass CheckYear at now.
func TemplateEdition(id string, year int, now time.Time) (*template.Edition, error) {
	if err := CheckYear(year, now); err != nil {
		return nil, err
	}
	if id == "" {
		return template.ForYear(year)
	}
	return template.Lookup(id)
}

// TemplateFileName is the default file name of a template: the agency (made safe, and cut
// to fit with the year kept) and the year.
func TemplateFileName(agency string, year int) string {
	if agency == "" {
		return fmt.Sprintf("%d年政府信息公开工作年度报告填报模板.xlsx", year)
	}
	return outfile.Name(agency, fmt.Sprintf("%d年政府信息公开工作年度报告", year), ".xlsx")
}

// WriteTemplate writes at path the template of edition e for the agency (blank when "") and
// the year: empty but for those, the statistical period and what last year's report of the
// agency carries over (see TemplateReport). The note says what was carried over, or why not.
func WriteTemplate(path string, force bool, e *template.Edition, agency string, year int, last *LastYear) (note string, err error) {
	r, note := TemplateReport(e, agency, year, last)
	return note, outfile.Write(path, force, func(w io.Writer) error { return xlsxwriter.Write(w, r) })
}

// TemplateReport is the report a template is written from: the agency, the year and its
// statistical period, and the figures carried over (CarryOver) from last year's report of
// the agency, when that is of the year before. The note says how many figures were carried
// over, or why none were; it is empty without last year's reports.
func TemplateReport(e *template.Edition, agency string, year int, last *LastYear) (*model.Report, string) {
	r := model.New(e)
	r.SetAgency(agency)
	r.SetYear(year)
	prev, why := last.For(agency)
	if prev != nil {
		why = prevMismatch(r, prev)
	}
	if why != "" {
		return r, "未带入上年数据：" + why
	}
	if prev == nil {
		return r, ""
	}
	n := CarryOver(r, prev)
	from := "上年工作簿"
	if isPublished(prev.Source) {
		from = "上年发布的年报"
	}
	if n == 0 {
		return r, "未带入上年数据：" + from + "中没有可结转的数字"
	}
	return r, fmt.Sprintf("已从%s带入 %d 个上年结转数（单元格附批注），请核对", from, n)
}

// TemplateBatch is one prefilled template per agency of a list, in one directory.
type TemplateBatch struct {
	Dir   string
	Files []TemplateFile
	Notes []string // agencies skipped because their file names would be the same
}

// TemplateFile is one template of a batch.
type TemplateFile struct{ Agency, Path string }

// PlanTemplates names the template of every agency in dir (default: the current directory).
func PlanTemplates(agencies []Agency, year int, dir string) (TemplateBatch, error) {
	if dir == "" {
		dir = "."
	}
	b := TemplateBatch{Dir: filepath.Clean(dir)}
	byPath := map[string]Agency{}
	for _, a := range agencies {
		p := filepath.Join(b.Dir, TemplateFileName(a.Name, year))
		if filepath.Dir(p) != b.Dir { // SafeName keeps separators out; make sure of it
			return b, fmt.Errorf("template: file name %q escapes %s", p, b.Dir)
		}
		if prev, clash := byPath[p]; clash {
			b.Notes = append(b.Notes, fmt.Sprintf("第%d行“%s”与第%d行“%s”生成的文件名相同，已跳过", a.Line, a.Name, prev.Line, prev.Name))
			continue
		}
		byPath[p] = a
		b.Files = append(b.Files, TemplateFile{a.Name, p})
	}
	return b, nil
}

// Write writes the batch's templates, with what last year's report of each agency carries
// over (last may be nil), handing each path written and its note (see WriteTemplate) to
// done. Nothing is written unless every file can be: existing files stop the batch before
// the first write when force is not set.
func (b TemplateBatch) Write(e *template.Edition, year int, force bool, last *LastYear, done func(path, note string)) error {
	if err := makeOutputDir(b.Dir, "输出目录"); err != nil {
		return err
	}
	if !force {
		var existing []string
		for _, f := range b.Files {
			if _, err := os.Lstat(f.Path); err == nil {
				existing = append(existing, f.Path)
			}
		}
		if len(existing) > 0 {
			return message.Inputf("输出目录中已有 %d 个同名文件（如 %s），未生成任何模板。如需覆盖，请加 --force。", len(existing), existing[0])
		}
	}
	for _, f := range b.Files {
		note, err := WriteTemplate(f.Path, force, e, f.Agency, year, last)
		if err != nil {
			return err
		}
		done(f.Path, note)
	}
	return nil
}
