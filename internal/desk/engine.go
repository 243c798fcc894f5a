package desk

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// NewEngine is the Engine of the application layer, typesetting with the given faces.
func NewEngine(set *fonts.Set) Engine { return appEngine{set} }

// appEngine runs the use cases of internal/app, exactly as the command line does.
type appEngine struct{ fonts *fonts.Set }

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
	ed, err := app.TemplateEdition(edition, year)
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
	in := app.Inspect(ctx, name, data, nil)
	if in.Err != nil {
		return Inspection{Problem: message.Text(in.Err)}
	}
	out := Inspection{State: State(in.Outcome().String()), Agency: in.Report.Agency(), Year: in.Report.Year()}
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
	formats, err := app.ParseFormats(strings.TrimPrefix(filepath.Ext(dst), "."))
	if err != nil {
		return err
	}
	res := app.RenderFile(ctx, src, dst, "", app.RenderOptions{Formats: formats, Fonts: e.fonts, Force: true})
	return refusal(res.Err)
}

func (e appEngine) Overview(ctx context.Context, dst, dir string, agencies []string) error {
	files, err := batch.Find([]string{dir}, nil)
	if err != nil {
		return err
	}
	var list []app.Agency
	for i, a := range agencies {
		list = append(list, app.Agency{Name: a, Line: i + 1})
	}
	return app.SaveStatus(dst, true, app.StatusRows(ctx, files, list, nil, noProgress{}))
}

func (e appEngine) Rollup(ctx context.Context, dst string, paths []string, agency string) error {
	res, err := app.RollUp(ctx, paths, app.RollupOptions{Agency: agency, Output: dst, Force: true}, noProgress{})
	if err != nil {
		return refusal(err)
	}
	return app.SaveRollup(dst, true, res.Result)
}

// noProgress hears nothing: the desk's pages show no progress bar.
type noProgress struct{}

func (noProgress) Start(int) {}
func (noProgress) Add()      {}
func (noProgress) Done()     {}
