// Package desk is the web desk of nianbao serve: bureaus hand in their workbooks through
// personal links, and the coordinator watches progress and publishes.
//
// The year's folder is the record. Every accepted upload is kept unchanged under its content
// hash in .desk/uploads, the current workbook of each agency is copied to 已提交/ (so that the
// command-line tools work on the same folder), and outputs (annotated copies, PDFs, web pages)
// are regenerated on demand. Agencies, token hashes, the submission log and the
// coordinator's notes live in an embedded bbolt database, .desk/desk.db.
//
// The desk reads, checks, annotates and renders nothing itself: it asks an Engine, which
// runs the same code as the command line.
package desk

import (
	"context"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
)

// Engine is what the desk asks of the application layer (internal/app): the use cases the
// command line runs, on files of the year's folder. Every output is written completely or
// not at all. NewEngine is the real one; tests may stand in another.
type Engine interface {
	// Template writes to dst the template of the year and edition ("" for the one that
	// applies to the year), prefilled with the agency's name.
	Template(ctx context.Context, dst, agency string, year int, edition string) error
	// Inspect reads and checks the workbook at path; messages call the file name.
	Inspect(ctx context.Context, path, name string) Inspection
	// Annotate writes to dst the copy of the workbook src with its findings marked.
	Annotate(ctx context.Context, src, dst string) error
	// Render typesets the workbook src into dst, a PDF or a web page by dst's extension
	// (.pdf, .html); a workbook with errors gives a draft.
	Render(ctx context.Context, src, dst string) error
	// RenderRollup typesets the roll-up workbook src into the PDF dst, with the agencies left
	// out and why ("机关：原因" a line, as Rollup's sheet) listed after the report.
	RenderRollup(ctx context.Context, src, dst string, leftOut []string) error
	// Overview writes to dst the workbook of the progress table's rows (汇总检查结果.xlsx).
	Overview(ctx context.Context, dst string, rows []app.StatusRow) error
	// Rollup writes to dst the workbook summing the given agencies' workbooks, in the name
	// of owner, with a sheet listing the agencies left out and why; messages name agencies,
	// not files.
	Rollup(ctx context.Context, dst string, inputs []RollupInput, owner string, leftOut []string) error
}

// RollupInput is one agency's workbook to sum.
type RollupInput struct {
	Path   string
	Agency string // the listed agency it is the submission of
	Seq    int    // which of its submissions
}

// Inspection is what reading and checking one workbook found.
type Inspection struct {
	// Problem says in one Chinese sentence why the file could not be read; empty when it
	// was read.
	Problem string
	// Imported says what was read of a Word document uploaded in place of a workbook (the
	// import's line: 表二 10/10 格，……); empty for a workbook.
	Imported string
	State    State // the outcome, when the file was read
	Agency   string
	Year     int
	Findings []Finding // as a clerk reads them, errors first
	Errors   int
	Warnings int // open warnings: those the bureau did not explain
}

// Finding is one finding, or a group of them, as the desk shows it.
type Finding struct {
	Error       bool // an error, which stops publication; otherwise a warning
	Rule        string
	Message     string
	Place       string // the cells it is about: 表三!C12、表三!C20
	Explanation string // the bureau's explanation of a warning, from its 说明 sheet
}

// State is what the machine found of an agency's latest upload: not submitted, refused as
// another agency's or another year's report, or the outcome of the checks. What a person
// decided (待审核 / 已审核 / 退回修改) is kept apart, in the agency's Review.
type State string

// The machine's states, in the command line's words (check.Outcome, app's states). A file
// that cannot be read is not kept at all.
var (
	StateMissing  = State(app.StateMissing)
	StateRefused  = State(app.StateRefused)
	StateErrors   = State(check.Errors.String())
	StateWarnings = State(check.Warnings.String())
	StatePass     = State(check.Pass.String())
)

// outcomeState is the desk's state of an outcome of the checks.
func outcomeState(o check.Outcome) State { return State(o.String()) }

// Refusal is an Engine's error about the user's files rather than the desk: one Chinese
// sentence the page shows as it is.
type Refusal string

func (r Refusal) Error() string { return string(r) }
