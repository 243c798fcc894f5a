// Package aggregate sums the statistical tables 二, 三 and 四 of many bureaus' reports into
// one county-level report of the same year and edition. It works on reports only; reading
// the workbooks and writing the result are the callers' job.
package aggregate

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// Input is one bureau's report and the file it was read from.
type Input struct {
	File   string
	Report *model.Report
}

// Source is one report that went into the sum.
type Source struct {
	Agency string
	File   string
	Year   int
}

// Zeroed is a value cell of an input that held no number and was counted as 0.
type Zeroed struct {
	Source Source
	Cell   template.Cell
	Value  model.Value
}

// Result is the summed report, where it came from and what was counted as 0.
type Result struct {
	Report  *model.Report
	Sources []Source
	Zeroed  []Zeroed
}

// ErrNoInputs is a sum over no reports.
var ErrNoInputs = errors.New("no reports to aggregate")

// Offender is an input whose year or edition differs from the rest.
type Offender struct {
	Source  Source
	Edition string
}

// MixedError refuses inputs of more than one report year or edition. Year and Edition are
// what most inputs have; Offenders are the others.
type MixedError struct {
	Year      int
	Edition   string
	Offenders []Offender
}

func (e *MixedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "reports of different years or editions (most are %d/%s):", e.Year, e.Edition)
	for _, o := range e.Offenders {
		fmt.Fprintf(&b, " %s → %d/%s;", o.Source.File, o.Source.Year, o.Edition)
	}
	return strings.TrimSuffix(b.String(), ";")
}

// Duplicate is one agency that appears in more than one input.
type Duplicate struct {
	Agency string
	Files  []string
}

// DuplicateError refuses an agency counted twice.
type DuplicateError struct{ Duplicates []Duplicate }

func (e *DuplicateError) Error() string {
	var parts []string
	for _, d := range e.Duplicates {
		parts = append(parts, fmt.Sprintf("%s in %s", d.Agency, strings.Join(d.Files, ", ")))
	}
	return "agency appears more than once: " + strings.Join(parts, "; ")
}

// AgencyKey is the form in which agency names are compared: without any white space, so that
// "太仓市 科学技术局" and "太仓市科学技术局　" (a full-width space) are the same agency.
func AgencyKey(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, name)
}

// Sum adds up the value cells of the inputs into a new report for agency. All inputs must
// have the same report year and edition and come from different agencies. Cells that hold
// no number (blank, "/", text) or one beyond model.MaxValue count as 0 and are listed in
// Result.Zeroed, so that a sum is always finite. Totals that the
// edition defines as sums (总计) are computed from the summed parts, so the result satisfies
// those identities whatever the inputs' totals said. Prose is left empty.
func Sum(inputs []Input, agency string) (*Result, error) {
	if len(inputs) == 0 {
		return nil, ErrNoInputs
	}
	sources := make([]Source, len(inputs))
	for i, in := range inputs {
		sources[i] = Source{Agency: in.Report.Agency(), File: in.File, Year: in.Report.Year()}
	}
	if err := sameYearAndEdition(inputs, sources); err != nil {
		return nil, err
	}
	if err := distinctAgencies(sources); err != nil {
		return nil, err
	}
	e, year := inputs[0].Report.Edition, sources[0].Year
	out := model.New(e)
	out.SetAgency(agency)
	out.SetYear(year)
	res := &Result{Report: out, Sources: sources}
	cells := e.Cells()
	for _, c := range cells {
		if _, computed := e.Computed(c.Key); computed {
			continue
		}
		sum := 0.0
		for i, in := range inputs {
			v := in.Report.Values[c.Key]
			if !v.Sane() { // no number, or one beyond any report's (never +Inf)
				res.Zeroed = append(res.Zeroed, Zeroed{Source: sources[i], Cell: c, Value: v})
				continue
			}
			sum += v.Number
		}
		out.Values[c.Key] = model.Num(exact(sum))
	}
	for _, c := range cells {
		if _, computed := e.Computed(c.Key); computed {
			out.Values[c.Key] = model.Num(exact(out.Total(c.Key)))
		}
	}
	return res, nil
}

// exact removes the binary noise of adding decimal amounts (0.1+0.2): amounts in 万元 are
// entered with at most a few decimals, so six are exact to well below one yuan.
func exact(x float64) float64 {
	r := math.Round(x*1e6) / 1e6
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// sameYearAndEdition refuses inputs that do not share the year and edition most of them have.
func sameYearAndEdition(inputs []Input, sources []Source) error {
	type kind struct {
		year    int
		edition string
	}
	count := map[kind]int{}
	var order []kind
	for i, in := range inputs {
		k := kind{sources[i].Year, in.Report.Edition.ID}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
	}
	if len(order) == 1 && order[0].year != 0 {
		return nil
	}
	// The most common kind is taken as the intended one; ties go to the first seen.
	best := order[0]
	for _, k := range order {
		if count[k] > count[best] || best.year == 0 && k.year != 0 {
			best = k
		}
	}
	err := &MixedError{Year: best.year, Edition: best.edition}
	for i, in := range inputs {
		if k := (kind{sources[i].Year, in.Report.Edition.ID}); k != best || k.year == 0 {
			err.Offenders = append(err.Offenders, Offender{Source: sources[i], Edition: k.edition})
		}
	}
	return err
}

// distinctAgencies refuses an agency that appears twice, naming all its files.
func distinctAgencies(sources []Source) error {
	files := map[string][]string{}
	var order []string
	for _, s := range sources {
		k := AgencyKey(s.Agency)
		if len(files[k]) == 0 {
			order = append(order, k)
		}
		files[k] = append(files[k], s.File)
	}
	var err DuplicateError
	for _, k := range order {
		if len(files[k]) > 1 {
			err.Duplicates = append(err.Duplicates, Duplicate{Agency: k, Files: files[k]})
		}
	}
	if len(err.Duplicates) == 0 {
		return nil
	}
	return &err
}
