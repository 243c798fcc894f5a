package check

import "slices"

// Outcome is the verdict on one workbook: what decides whether it can be published.
type Outcome int

const (
	Pass       Outcome = iota // no findings, or only warnings the bureau explained
	Warnings                  // warnings only: to be looked at, not stopping publication
	Errors                    // at least one error: not to be published
	Unreadable                // the file could not be read
)

// OutcomeOf is the verdict on a workbook with these findings, or Unreadable when reading it
// failed with readErr.
func OutcomeOf(findings []Finding, readErr error) Outcome {
	if readErr != nil {
		return Unreadable
	}
	errs, warns := Count(findings)
	switch {
	case errs > 0:
		return Errors
	case warns > 0:
		return Warnings
	}
	return Pass
}

// Count counts the errors and the open warnings among findings; a warning the bureau
// explained (see Explain) is not open and is not counted, nor is a hint.
func Count(findings []Finding) (errors, warnings int) {
	for _, f := range findings {
		switch {
		case f.Severity == Error:
			errors++
		case f.Severity == Hint: // what the format does not require
		case !f.Explained():
			warnings++
		}
	}
	return errors, warnings
}

// CountExplained counts the warnings the bureau explained.
func CountExplained(findings []Finding) int {
	n := 0
	for _, f := range findings {
		if f.Explained() {
			n++
		}
	}
	return n
}

// Counts are what a clerk reads of a report: its groups (see Groups) of errors, of open
// warnings and of explained warnings.
type Counts struct{ Errors, Warnings, Explained int }

// CountGroups counts groups as a clerk reads them.
func CountGroups(groups []Group) Counts {
	var c Counts
	for _, g := range groups {
		switch {
		case g.Severity == Error:
			c.Errors++
		case g.Severity == Hint:
		case g.Explained():
			c.Explained++
		default:
			c.Warnings++
		}
	}
	return c
}

// Add adds other's counts to c.
func (c *Counts) Add(other Counts) {
	c.Errors, c.Warnings, c.Explained = c.Errors+other.Errors, c.Warnings+other.Warnings, c.Explained+other.Explained
}

// Code is the outcome's stable name in machine-readable output: pass, warnings, errors,
// unreadable.
func (o Outcome) Code() string {
	return [...]string{"pass", "warnings", "errors", "unreadable"}[o]
}

// String is how every front end names the outcome (the command line's check and status,
// their workbooks, the desk): 检查通过, 有警告, 有错误, 无法读取. 检查通过 says what the machine
// found, never that a person approved the report.
func (o Outcome) String() string {
	return [...]string{"检查通过", "有警告", "有错误", "无法读取"}[o]
}

// Places lists the cells a finding is about, once each, last year's marked as such:
// 表三!D8, 上年表三!D30.
func (f Finding) Places() []string {
	var at []string
	for _, o := range f.Operands() {
		w := o.Value.Where
		if w.Cell == "" {
			continue
		}
		p := w.Sheet + "!" + w.Cell
		if o.Prev {
			p = "上年" + p
		}
		if !slices.Contains(at, p) {
			at = append(at, p)
		}
	}
	return at
}
