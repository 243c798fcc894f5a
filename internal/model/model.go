// Package model is the one document model of nianbao: a Report is what the xlsx reader
// produces, what the checks inspect and what the xlsx, PDF and HTML writers consume.
package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/template"
)

// Location is where a piece of a report was read from, for messages and annotations.
// It is empty for a report built in code.
type Location struct {
	File  string
	Sheet string
	Cell  string // A1 reference
}

// State tells a real zero from a blank and from text that is not a number.
type State int

const (
	// Blank is an empty cell.
	Blank State = iota
	// Number is a number (possibly parsed from text such as "１２件").
	Number
	// NotApplicable is an explicit "not applicable" entry: /, -, —, 无.
	NotApplicable
	// Text is anything else that is not a number.
	Text
)

// Value is one value cell of a statistical table.
type Value struct {
	State  State
	Number float64 // valid when State is Number; amounts are in 万元
	Raw    string  // the cell's content as typed, for messages
	Where  Location
}

// MaxValue bounds the counts and amounts of a report: a number beyond it (a billion cases, a
// billion 万元) is a typing or a forged file, reported and never summed.
const MaxValue = 1e9

// Sane reports whether v is a number within MaxValue.
func (v Value) Sane() bool { return v.State == Number && math.Abs(v.Number) <= MaxValue }

// Num returns a number value.
func Num(n float64) Value {
	return Value{State: Number, Number: n, Raw: strconv.FormatFloat(n, 'f', -1, 64)}
}

// Field is a basic-information field or a prose field.
type Field struct {
	Text  string
	Where Location
}

// Report is one 政府信息公开工作年度报告: its edition, basic facts, prose and table values, all
// keyed by the stable keys of the edition's definition.
type Report struct {
	Edition *template.Edition
	Source  string            // the file it was read from, if any
	Info    map[string]Field  // by template.InfoField key
	Prose   map[string]Field  // by template.ProseField key
	Values  map[string]Value  // by cell key
	Meta    map[string]string // template metadata as found (edition, version …)
	// Explanations are what the bureau wrote on its 说明 sheet against findings.
	Explanations []Explanation
	// Carried marks the cells of a new template filled from last year's report, by cell
	// key, with a note saying where the figure came from.
	Carried map[string]string
	// Imported marks the cells of a report read from a published report (PDF, Word, web
	// page), by cell key, with where each was read: the file and the page or table row. A
	// 总计 imported keeps the printed figure, even one that disagrees with its parts.
	Imported map[string]string
}

// Explanation is a bureau's word on a finding it holds to be right: the rule, the place
// (表三!D7, a range 表三!D7:I28, or a key such as t3.new.total) and why.
type Explanation struct {
	Rule  string
	Place string
	Text  string
	Where Location // the row of the 说明 sheet it was read from
}

// New returns an empty report of the edition.
func New(e *template.Edition) *Report {
	return &Report{Edition: e, Info: map[string]Field{}, Prose: map[string]Field{},
		Values: map[string]Value{}, Meta: map[string]string{}}
}

// InfoText returns a basic-information field, trimmed.
func (r *Report) InfoText(key string) string { return strings.TrimSpace(r.Info[key].Text) }

// ProseText returns a prose field, trimmed.
func (r *Report) ProseText(key string) string { return strings.TrimSpace(r.Prose[key].Text) }

// Agency is the name of the agency that compiled the report.
func (r *Report) Agency() string { return r.InfoText(template.InfoAgency) }

// SetAgency sets the name of the agency.
func (r *Report) SetAgency(name string) { r.Info[template.InfoAgency] = Field{Text: name} }

// Year is the report year, or 0 when it is missing or not a year.
func (r *Report) Year() int {
	y, err := strconv.Atoi(r.InfoText(template.InfoYear))
	if err != nil {
		return 0
	}
	return y
}

// SetYear sets the report year and, as reports of a calendar year state it, the statistical
// period: 2025年1月1日至2025年12月31日.
func (r *Report) SetYear(year int) {
	y := strconv.Itoa(year)
	r.Info[template.InfoYear] = Field{Text: y}
	r.Info[template.InfoPeriod] = Field{Text: y + "年1月1日至" + y + "年12月31日"}
}

// Total is a value cell as the template computes it: an input as a number (blank and text
// count as 0, as in the workbook's SUM), a 总计 as the sum of its terms.
func (r *Report) Total(key string) float64 {
	return r.Edition.Total(key, func(k string) float64 { n, _ := r.Number(k); return n })
}

// Number returns a value cell as a number; blank and non-numeric cells, and a number beyond
// MaxValue (which takes part in no sum: 1e308 twice is +Inf), count as 0 and ok is false.
func (r *Report) Number(key string) (n float64, ok bool) {
	v := r.Values[key]
	if !v.Sane() {
		return 0, false
	}
	return v.Number, true
}

// OutOfRange reports whether a value cell holds a number beyond MaxValue, or is a 总计 one of
// whose terms does: such a cell takes part in no identity, swing or sum, and its number is
// reported once, where it was typed.
func (r *Report) OutOfRange(key string) bool {
	if v := r.Values[key]; v.State == Number && !v.Sane() {
		return true
	}
	terms, _ := r.Edition.Computed(key)
	for _, t := range terms {
		if r.OutOfRange(t) {
			return true
		}
	}
	return false
}
