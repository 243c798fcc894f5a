// Package checkjson is the JSON output of nianbao check --format json, for programs that
// collect the results (a dashboard, a spreadsheet macro). The schema is stable: fields are only ever added, and
// the schema string changes if a field changes meaning. docs/check-json.md documents it with
// an example.
//
//	{
//	  "schema": "nianbao.check/1",
//	  "generator": "nianbao v1.2.0",  // the program and its version (dev: not a release)
//	  "files": [                       // in the order checked; unsupported files last
//	    {
//	      "file": "收到/某局.xlsx",       // the path as found
//	      "status": "errors",           // "pass" | "warnings" | "errors" | "unreadable"
//	      "message": "…",               // why it could not be read (status "unreadable"), else absent
//	      "agency": "某局", "year": 2025, "edition": "2021",   // absent when unknown
//	      "note": "…",                  // e.g. why the cross-year checks were skipped; optional
//	      "annotated": "批注/某局（检查结果）.xlsx",              // with --annotate; optional
//	      "annotate_error": "…",        // why the annotated copy was not written; optional
//	      "errors": 1, "warnings": 0,  // findings: errors, open warnings
//	      "explained": 0,              // warnings the bureau explained (说明 sheet)
//	      "findings": [
//	        {
//	          "rule": "I1",             // a rule id of the catalogue (docs/check-json.md)
//	          "severity": "error",      // "error" | "warning"
//	          "severity_text": "错误",   // "错误" | "警告"
//	          "message": "表三 自然人列：…，相差 1",
//	          "left":  [operand, …],    // operands of the left side, or the cells concerned
//	          "right": [operand, …],    // operands of the right side; may be empty
//	          "difference": 1,          // sum(left) − sum(right); only for comparisons
//	          "explanation": "…"        // the bureau's explanation of a warning; optional
//	        }
//	      ],
//	      "groups": [                   // the findings as a clerk reads them, in order
//	        {"rule": "V1", "severity": "warning", "severity_text": "警告",
//	         "message": "表三 第7–28行 D–I 列共 113 格未填写；…", "place": "表三!D7:I28",
//	         "findings": [0, 1, …],     // indexes into findings; each finding in one group
//	         "explanation": "…"}        // when every member is explained; optional
//	      ]
//	    }
//	  ],
//	  "summary": {"files": 1, "passed": 0, "with_warnings": 0, "with_errors": 1,
//	              "unreadable": 0, "errors": 1, "warnings": 0, "explained": 0}
//	}
//
// An operand is
//
//	{"key": "t3.new.person", "label": "表三「一、…」行「自然人」列", "prev": false,
//	 "file": "收到/某局.xlsx", "sheet": "表三", "cell": "D7",
//	 "state": "number", "value": 5, "raw": "5"}
//
// key is a cell key of the edition, info.<field> or prose.<field>; prev marks last year's
// workbook; state is "number" | "blank" | "not_applicable" | "text"; value is present only
// for numbers; file, sheet and cell are absent when unknown.
package checkjson

import (
	"encoding/json"
	"io"
	"math"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/version"
)

// Schema names this version of the document.
const Schema = "nianbao.check/1"

// Document is the whole output of a run.
type Document struct {
	Schema string `json:"schema"`
	// Generator is the program and version that checked: "nianbao v1.2.0" (version.Generator).
	Generator string  `json:"generator"`
	Files     []File  `json:"files"`
	Summary   Summary `json:"summary"`
}

// Summary counts the files and findings of a run.
type Summary struct {
	Files        int `json:"files"`
	Passed       int `json:"passed"`
	WithWarnings int `json:"with_warnings"`
	WithErrors   int `json:"with_errors"`
	Unreadable   int `json:"unreadable"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Explained    int `json:"explained"`
}

// File is one file of a run.
type File struct {
	File          string    `json:"file"`
	Status        string    `json:"status"`
	Message       string    `json:"message,omitempty"`
	Agency        string    `json:"agency,omitempty"`
	Year          int       `json:"year,omitempty"`
	Edition       string    `json:"edition,omitempty"`
	Note          string    `json:"note,omitempty"`
	Annotated     string    `json:"annotated,omitempty"`
	AnnotateError string    `json:"annotate_error,omitempty"`
	Errors        int       `json:"errors"`
	Warnings      int       `json:"warnings"`
	Explained     int       `json:"explained"`
	Findings      []Finding `json:"findings"`
	Groups        []Group   `json:"groups"`
}

// Group is findings as a clerk reads them (check.Groups): one, or a run of one rule's
// findings on cells of one sheet in consecutive rows.
type Group struct {
	Rule         string `json:"rule"`
	Severity     string `json:"severity"`
	SeverityText string `json:"severity_text"`
	Message      string `json:"message"`
	Place        string `json:"place,omitempty"`
	Findings     []int  `json:"findings"` // indexes into File.Findings
	Explanation  string `json:"explanation,omitempty"`
}

// Finding is one finding about a file.
type Finding struct {
	Rule         string    `json:"rule"`
	Severity     string    `json:"severity"`
	SeverityText string    `json:"severity_text"`
	Message      string    `json:"message"`
	Left         []Operand `json:"left"`
	Right        []Operand `json:"right"`
	Difference   *float64  `json:"difference,omitempty"`
	Explanation  string    `json:"explanation,omitempty"`
}

// Operand is one cell or field a finding is about.
type Operand struct {
	Key   string   `json:"key"`
	Label string   `json:"label"`
	Prev  bool     `json:"prev"`
	File  string   `json:"file,omitempty"`
	Sheet string   `json:"sheet,omitempty"`
	Cell  string   `json:"cell,omitempty"`
	State string   `json:"state"`
	Value *float64 `json:"value,omitempty"`
	Raw   string   `json:"raw"`
}

var stateNames = map[model.State]string{
	model.Number: "number", model.Blank: "blank", model.NotApplicable: "not_applicable", model.Text: "text",
}

// New makes the document of a run from its files' results, in the order reported.
func New(files []app.CheckedFile) Document {
	doc := Document{Schema: Schema, Generator: version.Generator(), Files: []File{}}
	var t app.CheckTotal
	for _, c := range files {
		t.Add(c)
		doc.Files = append(doc.Files, newFile(c))
	}
	doc.Summary = Summary{Files: t.Files, Passed: t.Passed, WithWarnings: t.WithWarnings, WithErrors: t.WithErrors,
		Unreadable: t.Unreadable, Errors: t.Errors, Warnings: t.Warnings, Explained: t.Explained}
	return doc
}

// Encode writes the document, indented, with Chinese text as it is.
func (d Document) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

func newFile(c app.CheckedFile) File {
	out := File{File: c.Path, Status: c.Outcome().Code(), Note: c.Note, Annotated: c.Annotated, Findings: []Finding{},
		Groups: []Group{}, Agency: c.Facts.Agency, Year: c.Facts.Year, Edition: c.Facts.Edition}
	out.Errors, out.Warnings = check.Count(c.Findings)
	out.Explained = check.CountExplained(c.Findings)
	if c.Err != nil {
		out.Message = message.Text(c.Err)
	}
	if c.Unwritten != nil {
		out.AnnotateError = message.Text(c.Unwritten)
	}
	for _, f := range c.Findings {
		jf := Finding{Rule: f.Rule, Severity: f.Severity.Code(), SeverityText: f.Severity.String(),
			Message: f.Message, Left: operands(f.Left), Right: operands(f.Right), Explanation: f.Explanation}
		if f.Compared {
			if d := f.Difference; !math.IsInf(d, 0) && !math.IsNaN(d) {
				jf.Difference = &d
			}
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, g := range c.Groups {
		out.Groups = append(out.Groups, Group{Rule: g.Rule, Severity: g.Severity.Code(), SeverityText: g.Severity.String(),
			Message: g.Message, Place: g.Place, Findings: g.Members, Explanation: g.Explanation})
	}
	return out
}

func operands(ops []check.Operand) []Operand {
	out := []Operand{}
	for _, o := range ops {
		j := Operand{Key: o.Key, Label: o.Label, Prev: o.Prev, File: o.Value.Where.File,
			Sheet: o.Value.Where.Sheet, Cell: o.Value.Where.Cell, State: stateNames[o.Value.State], Raw: o.Value.Raw}
		if n := o.Value.Number; o.Value.State == model.Number && !math.IsInf(n, 0) && !math.IsNaN(n) {
			j.Value = &n // JSON has no +Inf; every finite number is written, 1e308 too
		}
		out = append(out, j)
	}
	return out
}
