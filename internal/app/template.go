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

// TemplateEdition is the edition asked for by id, or the one that applies to the year when
// id is empty; the year must be one that a report can be made for.
func TemplateEdition(id string, year int) (*template.Edition, error) {
	first, now := template.Editions()[0].FirstYear, time.Now().Year()
	switch {
	case year < first:
		return nil, message.Inputf("报告年度 %d 早于 %d 年：年度报告格式最早自%d年度起适用。", year, first, first)
	case year > now:
		return nil, message.Inputf("报告年度 %d 是将来的年份（今年是 %d 年）。", year, now)
	}
	if id == "" {
		return template.ForYear(year)
	}
	return template.Lookup(id)
}

// TemplateFileName is the default file name of a template: the agency (made safe) and the
// year.
func TemplateFileName(agency string, year int) string {
	if agency == "" {
		return fmt.Sprintf("%d年政府信息公开工作年度报告填报模板.xlsx", year)
	}
	return outfile.SafeName(agency) + fmt.Sprintf("%d年政府信息公开工作年度报告.xlsx", year)
}

// WriteTemplate writes at path the template of edition e for the agency (blank when "") and
// the year: empty but for those and the statistical period.
func WriteTemplate(path string, force bool, e *template.Edition, agency string, year int) error {
	r := model.New(e)
	r.Info["agency"] = model.Field{Text: agency}
	r.SetYear(year)
	return outfile.Write(path, force, func(w io.Writer) error { return xlsxwriter.Write(w, r) })
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

// Write writes the batch's templates, handing each path written to done. Nothing is written
// unless every file can be: existing files stop the batch before the first write when force
// is not set.
func (b TemplateBatch) Write(e *template.Edition, year int, force bool, done func(path string)) error {
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
		if err := WriteTemplate(f.Path, force, e, f.Agency, year); err != nil {
			return err
		}
		done(f.Path)
	}
	return nil
}
