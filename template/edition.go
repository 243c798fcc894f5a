// Package template holds the declarative definitions of the national format of the
// 政府信息公开工作年度报告, one per edition. Everything else — the xlsx template writer, the
// reader, the checks and the renderers — is driven by these definitions, so adding an edition
// means adding one file here that builds an *Edition and registering it in Editions.
//
// Labels are copied character for character from shared/spec/format.md (full-width
// punctuation). Every value cell has a stable key (see Table.CellKey) that is used for defined
// names in workbooks, for JSON output and in messages.
package template

import (
	"fmt"
	"sort"
	"strings"
)

// Kind is what a value cell may hold.
type Kind int

const (
	// Count is a whole number ≥ 0 (件, 条, 个).
	Count Kind = iota
	// SignedCount is a whole number that may be negative: 本年增/减 of edition 2019.
	SignedCount
	// Amount is a non-negative amount in 万元 that may have decimals.
	Amount
)

// Unit is the unit in which a value of this kind is entered and printed.
func (k Kind) Unit() string {
	if k == Amount {
		return "万元"
	}
	return ""
}

// AllowsNegative reports whether a value of this kind may be below zero (identity I5).
func (k Kind) AllowsNegative() bool { return k == SignedCount }

// Whole reports whether a value of this kind must be a whole number.
func (k Kind) Whole() bool { return k != Amount }

// Node is one header of a table: a column header or a row label. Leaves are value columns
// or value rows and carry a Key; inner nodes are group headers (申请人情况, 三、本年度办理结果 …)
// and carry no values.
type Node struct {
	Key      string
	Label    string
	Kind     Kind // for column leaves: what the column's cells hold
	Children []*Node
}

// Leaves returns the value columns or rows under the given nodes, in order.
func Leaves(nodes []*Node) []*Node {
	var out []*Node
	for _, n := range nodes {
		if len(n.Children) == 0 {
			out = append(out, n)
			continue
		}
		out = append(out, Leaves(n.Children)...)
	}
	return out
}

// Depth is the number of header levels under the given nodes (1 for a flat list).
func Depth(nodes []*Node) int {
	d := 0
	for _, n := range nodes {
		if c := 1 + Depth(n.Children); c > d {
			d = c
		}
	}
	return d
}

// Block is one grid of a table: an optional title row spanning all columns, header rows
// built from the Columns tree with Corner in the top-left header cell, and one data row per
// leaf of the Rows tree. Table 二 is a stack of blocks; tables 三 and 四 are one block each.
// Table 四 has no row labels: its Rows is a single leaf with an empty Key and Label.
type Block struct {
	Title   string
	Corner  string
	Columns []*Node
	Rows    []*Node
}

// Table is one of the statistical tables 二, 三, 四.
type Table struct {
	Number  string // 二, 三, 四
	Key     string // t2, t3, t4: the prefix of every cell key of the table
	Heading string // the part heading, e.g. 二、主动公开政府信息情况
	Blocks  []Block
}

// CellKey is the stable key of the value cell in the given row and column of t.
func (t *Table) CellKey(row, col *Node) string {
	parts := []string{t.Key}
	if row.Key != "" {
		parts = append(parts, row.Key)
	}
	return strings.Join(append(parts, col.Key), ".")
}

// Cell is one value cell of a table, as the definition sees it.
type Cell struct {
	Key    string
	Table  *Table
	Block  int
	Row    *Node
	Column *Node
}

// Kind is what the cell holds.
func (c Cell) Kind() Kind { return c.Column.Kind }

// Name is how messages name the cell, distinct for every cell of an edition:
// 表三「一、本年新收政府信息公开申请数量」行「自然人」列. A table without row labels (表四,
// whose three groups of columns each end in 总计) names the column's group too:
// 表四「行政复议」「总计」.
func (c Cell) Name() string {
	var b strings.Builder
	b.WriteString("表" + c.Table.Number)
	if t := c.Table.Blocks[c.Block].Title; t != "" && len(c.Table.Blocks) > 1 {
		b.WriteString(t)
	}
	if c.Row.Label != "" {
		b.WriteString("「" + c.Row.Label + "」行「" + c.Column.Label + "」列")
		return b.String()
	}
	if g := groupOf(c.Table.Blocks[c.Block].Columns, c.Column, ""); g != "" {
		b.WriteString("「" + g + "」")
	}
	b.WriteString("「" + c.Column.Label + "」")
	return b.String()
}

// groupOf is the label of the group right above leaf among nodes, "" at the top.
func groupOf(nodes []*Node, leaf *Node, parent string) string {
	for _, n := range nodes {
		if n == leaf {
			return parent
		}
		if g := groupOf(n.Children, leaf, n.Label); g != "" {
			return g
		}
	}
	return ""
}

// Cells lists the value cells of t in reading order (block by block, row by row).
func (t *Table) Cells() []Cell {
	var out []Cell
	for bi, b := range t.Blocks {
		for _, r := range Leaves(b.Rows) {
			for _, c := range Leaves(b.Columns) {
				out = append(out, Cell{Key: t.CellKey(r, c), Table: t, Block: bi, Row: r, Column: c})
			}
		}
	}
	return out
}

// ProseField is a place for prose in a part: the part's own text, or an optional
// sub-section with its own sub-heading.
type ProseField struct {
	Key      string
	Heading  string // sub-heading printed before the text, e.g. （一）主动公开; empty for none
	Hint     string // what to write, shown in the template
	Optional bool
}

// Part is one of the six parts of the report. Parts 二, 三 and 四 are tables; 一, 五 and 六
// are prose.
type Part struct {
	Number  string
	Heading string
	// Name is how the report's introduction names the part: 政府信息公开行政复议和行政诉讼情况.
	Name  string
	Table *Table
	Prose []ProseField
}

// InfoKind is what a basic-information field holds.
type InfoKind int

const (
	// Text is one line of text.
	Text InfoKind = iota
	// LongText may hold several lines (a paragraph break is Alt+Enter in a spreadsheet).
	LongText
	// Year is a four-digit year.
	Year
	// Date is a calendar date.
	Date
	// Choice is one of Choices.
	Choice
)

// InfoField is one of the basic facts of the report, from which the introduction paragraph
// and the signature are composed.
type InfoField struct {
	Key      string
	Label    string
	Hint     string
	Kind     InfoKind
	Choices  []string
	Optional bool
}

// Term is one operand of an equation: a value cell of this year's report, or of last year's
// when Prev is set.
type Term struct {
	Key  string
	Prev bool
}

// Equation is one instance of an identity: the sum of Left equals the sum of Right.
// Scope says in the domain's words where it applies (自然人列, 行政复议 …).
type Equation struct {
	Scope       string
	Left, Right []Term
}

// Identity is one of the arithmetic relations that hold in the format (format.md I1–I8).
type Identity struct {
	ID   string
	Text string // the rule in plain Chinese words
	// Total marks identities whose Left is one 总计 cell defined as the sum of Right; the
	// template computes such cells with a formula.
	Total bool
	// Plausibility marks identities that usually but not always hold (a warning, not an error).
	Plausibility bool
	// CrossYear marks identities between this year's report and last year's.
	CrossYear bool
	// Equations are the instances; an identity about the kinds of cells (I5) has none.
	Equations []Equation
}

// Edition is one edition of the national format.
type Edition struct {
	ID        string // "2019", "2021"
	Name      string // the format's title
	Issuer    string // the notice that issued it
	FirstYear int    // the first report year it applies to
	LastYear  int    // the last report year it applies to; 0 until a later edition replaces it (see Through)
	Info      []InfoField
	Parts     []Part
	// Identities are checked on one report; CrossYear ones need last year's report too.
	Identities []Identity
	// Refs name the cells and parts that checks rely on.
	Refs References
}

// AppliesTo reports whether the edition is the one that applies to the report year.
func (e *Edition) AppliesTo(year int) bool {
	f, err := ForYear(year)
	return err == nil && f == e
}

// Through is the last report year the edition applies to: LastYear when set, else the year
// before a later edition takes over, else 0 (it is current). A new edition therefore needs
// no change to the one it replaces.
func (e *Edition) Through() int {
	if e.LastYear != 0 {
		return e.LastYear
	}
	for _, next := range Editions() {
		if next.FirstYear > e.FirstYear {
			return next.FirstYear - 1
		}
	}
	return 0
}

// Tables lists the statistical tables in part order.
func (e *Edition) Tables() []*Table {
	var out []*Table
	for _, p := range e.Parts {
		if p.Table != nil {
			out = append(out, p.Table)
		}
	}
	return out
}

// Cells lists every value cell of the edition in reading order.
func (e *Edition) Cells() []Cell {
	var out []Cell
	for _, t := range e.Tables() {
		out = append(out, t.Cells()...)
	}
	return out
}

// Cell finds a value cell by its key.
func (e *Edition) Cell(key string) (Cell, bool) {
	for _, c := range e.Cells() {
		if c.Key == key {
			return c, true
		}
	}
	return Cell{}, false
}

// Identity finds an identity by its id.
func (e *Edition) Identity(id string) (Identity, bool) {
	for _, i := range e.Identities {
		if i.ID == id {
			return i, true
		}
	}
	return Identity{}, false
}

// Computed reports whether the cell is a 总计 defined as a sum (a formula in the template),
// and if so the keys it sums.
func (e *Edition) Computed(key string) ([]string, bool) {
	for _, id := range e.Identities {
		if !id.Total {
			continue
		}
		for _, eq := range id.Equations {
			if len(eq.Left) == 1 && eq.Left[0].Key == key {
				keys := make([]string, len(eq.Right))
				for i, t := range eq.Right {
					keys[i] = t.Key
				}
				return keys, true
			}
		}
	}
	return nil, false
}

// Total evaluates a cell as the template computes it: an input cell is its value, a 总计
// is the sum of its terms, themselves evaluated (a 总计 may add up other 总计 cells, as in the
// corner of table 三), whatever the order of the cells. It is the one evaluator of totals:
// the writer's formulas compute the same, and the reader, roll-up, samples and tests use it.
func (e *Edition) Total(key string, value func(key string) float64) float64 {
	terms, computed := e.Computed(key)
	if !computed {
		return value(key)
	}
	sum := 0.0
	for _, k := range terms {
		sum += e.Total(k, value)
	}
	return sum
}

var editions = map[string]*Edition{}

func register(e *Edition) *Edition {
	if _, dup := editions[e.ID]; dup {
		panic("template: edition registered twice: " + e.ID)
	}
	editions[e.ID] = e
	return e
}

// Editions lists the known editions, oldest first.
func Editions() []*Edition {
	out := make([]*Edition, 0, len(editions))
	for _, e := range editions {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FirstYear < out[j].FirstYear })
	return out
}

// ErrUnknownEdition is returned for an edition id that is not defined.
var ErrUnknownEdition = fmt.Errorf("unknown edition")

// ErrNoEdition is returned for a report year no edition applies to.
var ErrNoEdition = fmt.Errorf("no edition applies to the year")

// Lookup returns the edition with the given id.
func Lookup(id string) (*Edition, error) {
	if e, ok := editions[id]; ok {
		return e, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownEdition, id)
}

// ForYear returns the edition that applies to a report year: the newest one in force by
// then, unless its LastYear has passed.
func ForYear(year int) (*Edition, error) {
	all := Editions()
	for i := len(all) - 1; i >= 0; i-- {
		if e := all[i]; year >= e.FirstYear {
			if e.LastYear != 0 && year > e.LastYear {
				break
			}
			return e, nil
		}
	}
	return nil, fmt.Errorf("%w: %d", ErrNoEdition, year)
}
