// Package aggregate sums the statistical tables 二, 三 and 四 of many bureaus' reports into
// one county-level report of the same year and edition. It works on reports only; reading
// the workbooks and writing the result are the callers' job.
package aggregate

import (
	"errors"
	"fmt"
	"math"
	"slices"
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

// Sum adds up the value cells of the inputs into a new report for agency: a Summer fed the
// inputs in order.
func Sum(inputs []Input, agency string) (*Result, error) {
	s := NewSummer(agency)
	for _, in := range inputs {
		s.Add(in)
	}
	return s.Result()
}

// Summer adds up reports one at a time, keeping only running sums, what each source was and
// the cells counted as 0: a province's thousands of workbooks take the memory of a few, and
// each report can be dropped as soon as it is added. All inputs must have the same report
// year and edition and come from different agencies; Result says so when they do not. Cells
// that hold no number (blank, "/", text) or one beyond model.MaxValue count as 0 and are
// listed in Result.Zeroed, so that a sum is always finite. Totals that the edition defines as
// sums (总计) are computed from the summed parts, so the result satisfies those identities
// whatever the inputs' totals said. Prose is left empty.
type Summer struct {
	agency  string
	sources []Source
	kinds   []kind            // of each source
	sums    map[kind]*partial // by year and edition: one, unless the inputs are mixed
}

// kind is what inputs must share to be summed.
type kind struct {
	year    int
	edition string
}

// partial is the running sums of the inputs of one kind.
type partial struct {
	edition *template.Edition
	values  map[string]float64 // input cells by key
	zeroed  []Zeroed
}

// NewSummer starts a sum for agency.
func NewSummer(agency string) *Summer {
	return &Summer{agency: agency, sums: map[kind]*partial{}}
}

// Add adds one report's input cells to the sum of its year and edition.
func (s *Summer) Add(in Input) {
	src := Source{Agency: in.Report.Agency(), File: in.File, Year: in.Report.Year()}
	e := in.Report.Edition
	k := kind{src.Year, e.ID}
	s.sources, s.kinds = append(s.sources, src), append(s.kinds, k)
	p := s.sums[k]
	if p == nil {
		p = &partial{edition: e, values: map[string]float64{}}
		s.sums[k] = p
	}
	for _, c := range e.Cells() {
		if _, computed := e.Computed(c.Key); computed {
			continue
		}
		v := in.Report.Values[c.Key]
		if !v.Sane() { // no number, or one beyond any report's (never +Inf)
			p.zeroed = append(p.zeroed, Zeroed{Source: src, Cell: c, Value: v})
			continue
		}
		p.values[c.Key] += v.Number
	}
}

// Result is the summed report, or why the inputs cannot be summed: none (ErrNoInputs), of
// several years or editions (*MixedError), an agency twice (*DuplicateError).
func (s *Summer) Result() (*Result, error) {
	if len(s.sources) == 0 {
		return nil, ErrNoInputs
	}
	if err := sameYearAndEdition(s.kinds, s.sources); err != nil {
		return nil, err
	}
	if err := distinctAgencies(s.sources); err != nil {
		return nil, err
	}
	p := s.sums[s.kinds[0]]
	e := p.edition
	out := model.New(e)
	out.SetAgency(s.agency)
	out.SetYear(s.kinds[0].year)
	cells := e.Cells()
	order := make(map[string]int, len(cells))
	for i, c := range cells {
		order[c.Key] = i
		if _, computed := e.Computed(c.Key); !computed {
			out.Values[c.Key] = model.Num(exact(p.values[c.Key]))
		}
	}
	for _, c := range cells {
		if _, computed := e.Computed(c.Key); computed {
			out.Values[c.Key] = model.Num(exact(out.Total(c.Key)))
		}
	}
	// Zeroed cells are listed in the edition's cell order, then the inputs' order.
	zeroed := slices.Clone(p.zeroed)
	slices.SortStableFunc(zeroed, func(a, b Zeroed) int { return order[a.Cell.Key] - order[b.Cell.Key] })
	return &Result{Report: out, Sources: s.sources, Zeroed: zeroed}, nil
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
func sameYearAndEdition(kinds []kind, sources []Source) error {
	count := map[kind]int{}
	var order []kind
	for _, k := range kinds {
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
	for i, k := range kinds {
		if k != best || k.year == 0 {
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
