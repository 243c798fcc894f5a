package desk

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/visible"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// NewEngine is the Engine of the application layer, typesetting with the given faces.
// now is the clock years are validated with (nil: time.Now).
func NewEngine(set *fonts.Set, now func() time.Time) Engine {
	if now == nil {
		now = time.Now
	}
	return appEngine{set, now}
}

// appEngine runs the use cases of internal/app, exactly as the command line does.
type appEngine struct {
	fonts *fonts.Set
	now   func() time.Time
}

// refusal turns an error about the user's files into the sentence the desk shows; the
// desk's own failures (bugs, a full disk) stay errors.
func refusal(err error) error {
	if err == nil {
		return nil
	}
	msg, code := message.Describe(err)
	if code == message.ExitInput && msg != "" {
		return Refusal(msg)
	}
	return err
}

func (e appEngine) Template(ctx context.Context, dst, agency string, year int, edition string) error {
	ed, err := app.TemplateEdition(edition, year, e.now())
	if err != nil {
		return refusal(err)
	}
	_, err = app.WriteTemplate(dst, true, ed, agency, year, nil)
	return err
}

func (e appEngine) Inspect(ctx context.Context, path, name string) Inspection {
	data, err := xlsxreader.Load(path)
	if err != nil {
		return Inspection{Problem: strings.ReplaceAll(message.Text(err), path, name)}
	}
	return inspectionOf(app.Inspect(ctx, name, data, nil))
}

// inspectionOf is an inspection as the desk shows and keeps it.
func inspectionOf(in app.Inspection) Inspection {
	if in.Err != nil {
		return Inspection{Problem: message.Text(in.Err)}
	}
	out := Inspection{State: outcomeState(in.Outcome()), Agency: in.Report.Agency(), Year: in.Report.Year()}
	out.Errors, out.Warnings = check.Count(in.Findings)
	for _, g := range in.Groups {
		out.Findings = append(out.Findings, Finding{Error: g.Severity == check.Error, Rule: g.Rule, Message: g.Message,
			Place: strings.Join(g.Places(in.Findings), "、"), Explanation: g.Explanation})
	}
	return out
}

func (e appEngine) Annotate(ctx context.Context, src, dst string) error {
	data, err := xlsxreader.Load(src)
	if err != nil {
		return refusal(err)
	}
	name := filepath.Base(src)
	in := app.Inspect(ctx, name, data, nil)
	if in.Err != nil {
		return refusal(in.Err)
	}
	out, err := app.Annotate(ctx, name, data, in.Findings, in.Groups)
	if err != nil {
		return err
	}
	return writeDurably(dst, 0o644, func(w io.Writer) error { _, err := w.Write(out); return err })
}

func (e appEngine) Render(ctx context.Context, src, dst string) error {
	return e.render(ctx, src, dst, nil)
}

func (e appEngine) RenderRollup(ctx context.Context, src, dst string, leftOut []string) error {
	var annex []document.Section
	if len(leftOut) > 0 {
		annex = append(annex, app.LeftOutSection(leftOut))
	}
	return e.render(ctx, src, dst, annex)
}

// render typesets src into dst by dst's extension, with annex after the report.
func (e appEngine) render(ctx context.Context, src, dst string, annex []document.Section) error {
	formats, err := app.ParseFormats(strings.TrimPrefix(filepath.Ext(dst), "."))
	if err != nil {
		return err
	}
	res := app.RenderFile(ctx, src, dst, "", app.RenderOptions{Formats: formats, Fonts: e.fonts, Force: true, Annex: annex})
	var glyph *pdfwriter.MissingGlyphError
	if errors.As(res.Err, &glyph) {
		return glyphRefusal(glyph)
	}
	return refusal(res.Err)
}

// glyphRefusal says in a bureau's words, without the command line's options, that a
// character of the report cannot be typeset: what to change in the workbook.
func glyphRefusal(e *pdfwriter.MissingGlyphError) Refusal {
	return Refusal(fmt.Sprintf("报告中的字符“%s”（U+%04X，位于%s：“%s”）无法排版，未能生成预览。"+
		"请在工作簿中把它改为通用规范汉字或常用字符后重新上传；检查结果中的 T1 警告列出了所有这样的字符。",
		visible.Escape(string(e.Char)), e.Char, e.Where, visible.Escape(e.Context)))
}

func (e appEngine) Overview(ctx context.Context, dst string, rows []app.StatusRow) error {
	return app.SaveStatus(dst, true, rows)
}

func (e appEngine) Rollup(ctx context.Context, dst string, inputs []RollupInput, owner string, leftOut []string) error {
	// The workbooks are linked under their agencies' names, so that the roll-up's sources
	// and its messages name agencies, not the hashes of the uploads.
	dir, err := os.MkdirTemp(filepath.Dir(dst), ".rollup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var paths []string
	label := map[string]string{}
	for _, in := range inputs {
		p := filepath.Join(dir, outfile.Name(in.Agency, fmt.Sprintf("（第%d次提交）", in.Seq), ".xlsx"))
		if err := os.Link(in.Path, p); err != nil {
			if err := copyPath(in.Path, p); err != nil {
				return err
			}
		}
		paths = append(paths, p)
		label[p] = fmt.Sprintf("%s（第%d次提交）", in.Agency, in.Seq)
	}
	res, err := app.RollUp(ctx, paths, app.RollupOptions{Agency: owner, Output: dst, Force: true}, noProgress{})
	var dup *aggregate.DuplicateError
	switch {
	case errors.As(err, &dup):
		var lines []string
		for _, d := range dup.Duplicates {
			var whose []string
			for _, f := range d.Files {
				whose = append(whose, cmp.Or(label[f], filepath.Base(f)))
			}
			lines = append(lines, fmt.Sprintf("工作簿中的机关名称都是“%s”：%s", d.Agency, strings.Join(whose, "、")))
		}
		return Refusal("几个单位交的是同一个机关的报告，未汇总。" + strings.Join(lines, "；") +
			"。请在报送进度中打开这些单位，查看各自所交的工作簿，把不是本单位的提交“退回修改”，然后重新下载汇总工作簿。")
	case err != nil:
		var refused Refusal
		if errors.As(refusal(err), &refused) {
			msg := string(refused)
			for p, l := range label {
				msg = strings.ReplaceAll(msg, p, l)
			}
			return Refusal(strings.ReplaceAll(msg, dir+string(filepath.Separator), ""))
		}
		return err
	}
	return outfile.Write(dst, true, func(w io.Writer) error {
		return app.WriteRollupWithLeftOut(w, res.Result, leftOut)
	})
}

// copyPath copies a file where it cannot be linked (another file system).
func copyPath(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o600)
}

// noProgress hears nothing: the desk's pages show no progress bar.
type noProgress struct{}

func (noProgress) Start(int) {}
func (noProgress) Add()      {}
func (noProgress) Done()     {}
