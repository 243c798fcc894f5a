package check

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/template"
)

// Severity is a finding's severity, which is its rule's.
type Severity = rule.Severity

// The severities, named here too since callers compare findings with them.
const (
	Warning = rule.Warning
	Error   = rule.Error
	Hint    = rule.Hint
)

// Operand is one cell or field a finding is about, with what it held.
type Operand struct {
	// Key is the stable key: a cell key (t3.new.person), info.<key> or prose.<key>.
	Key string
	// Label names it in the domain's words: 表三「一、本年新收政府信息公开申请数量」行「自然人」列.
	Label string
	// Prev marks an operand from last year's report.
	Prev bool
	// Value is what the cell held and where it was read from; for a text field, Raw is the
	// part of the text the finding is about.
	Value model.Value
}

// Finding is one thing wrong with a report.
type Finding struct {
	Rule     string
	Severity Severity
	// Message is one Chinese sentence in the domain's words.
	Message string
	// Left and Right are the operands of both sides of a comparison; a finding about single
	// cells lists them in Left.
	Left, Right []Operand
	// Difference is the sum of Left minus the sum of Right when Compared is set.
	Difference float64
	Compared   bool
	// Explanation is the bureau's explanation of a warning from its 说明 sheet (see Explain).
	Explanation string
}

// New makes a finding of a catalogue rule about the given cells; the severity is the
// rule's. The reader uses it for what it notices while reading.
func New(id, message string, at ...Operand) Finding {
	return Finding{Rule: id, Severity: severity(id), Message: message, Left: at}
}

// severity is the catalogue severity of a rule; an id missing from the catalogue is a bug.
func severity(id string) Severity {
	r, ok := rule.Lookup(id)
	if !ok {
		panic("check: rule not in catalogue: " + id)
	}
	return r.Severity
}

// Operands lists both sides' operands.
func (f Finding) Operands() []Operand {
	return append(append([]Operand(nil), f.Left...), f.Right...)
}

// CellOperand describes a value cell of edition e.
func CellOperand(e *template.Edition, key string, v model.Value) Operand {
	label := key
	if c, ok := cellIndex(e)[key]; ok {
		label = c.name
	}
	return Operand{Key: key, Label: label, Value: v}
}

// indexedCell is a value cell of an edition with the short labels used inside sentences.
type indexedCell struct {
	template.Cell
	name               string // as in messages: template.Cell.Name, cached
	shortRow, shortCol string
	computed           bool // a 总计 that the template computes with a formula
}

var indexes sync.Map // *template.Edition → map[string]indexedCell

// cellIndex maps the cell keys of an edition to their cells, built once per edition.
func cellIndex(e *template.Edition) map[string]indexedCell {
	if m, ok := indexes.Load(e); ok {
		return m.(map[string]indexedCell)
	}
	m := map[string]indexedCell{}
	for _, t := range e.Tables() {
		groupOf := map[*template.Node]string{}
		for _, b := range t.Blocks {
			markGroups(b.Rows, "", groupOf)
		}
		for _, c := range t.Cells() {
			name := c.Name()
			_, computed := e.Computed(c.Key)
			m[c.Key] = indexedCell{Cell: c, name: name, shortRow: groupOf[c.Row] + shorten(c.Row.Label),
				shortCol: shorten(c.Column.Label), computed: computed}
		}
	}
	indexes.Store(e, m)
	return m
}

// markGroups records for each numbered leaf (1.属于国家秘密) the marker of its group
// (（三）), so that a sentence can say （三）1.属于国家秘密.
func markGroups(nodes []*template.Node, marker string, out map[*template.Node]string) {
	for _, n := range nodes {
		if len(n.Children) > 0 {
			m := ""
			if strings.HasPrefix(n.Label, "（") {
				if i := strings.Index(n.Label, "）"); i > 0 {
					m = n.Label[:i+len("）")]
				}
			}
			markGroups(n.Children, m, out)
			continue
		}
		if n.Label != "" && n.Label[0] >= '0' && n.Label[0] <= '9' {
			out[n] = marker
		}
	}
}

// shorten drops what a sentence does not need from a label: the trailing
// 政府信息公开申请数量 of table 三's first rows and a trailing explanation in brackets.
func shorten(label string) string {
	label = strings.TrimSuffix(label, "政府信息公开申请数量")
	if strings.HasSuffix(label, "）") {
		if i := strings.LastIndex(label, "（"); i > 0 {
			label = label[:i]
		}
	}
	return label
}

// formatNumber prints a number the way a report does: no exponent, no trailing zeros. A
// number past any report's (beyond model.MaxValue, reported by V6) is printed with an
// exponent, 1e+308, never as 309 digits.
func formatNumber(n float64) string {
	switch {
	case math.Abs(n) > model.MaxValue:
		return strconv.FormatFloat(n, 'g', 6, 64)
	case n == math.Trunc(n):
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// shown is a value as quoted in a sentence.
func shown(v model.Value) string {
	switch v.State {
	case model.Number:
		return formatNumber(v.Number)
	case model.Blank:
		return "空白"
	}
	return "“" + v.Raw + "”"
}
