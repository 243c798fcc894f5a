package template

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/realtest"
)

// formatSpec is shared/spec/format.md, the domain truth the definitions are copied from.
func formatSpec(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../shared/spec/format.md")
	if err != nil {
		realtest.Missing(t, fmt.Sprint("shared/spec/format.md not found beside the repository; labels not checked against the spec: ", err))
	}
	return string(b)
}

func labels(nodes []*Node) []string {
	var out []string
	for _, n := range nodes {
		out = append(out, n.Label)
		out = append(out, labels(n.Children)...)
	}
	return out
}

// Table 二: each block's title, columns and rows stand in format.md as "a · b · c", in order.
func TestActiveTableLabelsMatchSpec(t *testing.T) {
	spec := formatSpec(t)
	for _, e := range Editions() {
		tb := e.Tables()[0]
		for _, b := range tb.Blocks {
			row := "| " + b.Title + " | " + strings.Join(labels(b.Columns), " · ") + " | " + strings.Join(labels(b.Rows), " · ") + " |"
			if !strings.Contains(spec, row) {
				t.Errorf("edition %s: block not in format.md as %q", e.ID, row)
			}
			if b.Corner != "信息内容" {
				t.Errorf("edition %s %s: corner %q", e.ID, b.Title, b.Corner)
			}
		}
	}
}

// Table 三: the rows, in order and to the character, are the ones in format.md's row list,
// with （六） one row in 2019 and a group of three in 2021.
func TestRequestRowsMatchSpec(t *testing.T) {
	spec := formatSpec(t)
	start := strings.Index(spec, "一、本年新收政府信息公开申请数量\n")
	end := strings.Index(spec[start:], "```")
	var specRows []string
	for _, line := range strings.Split(spec[start:start+end], "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "edition 2021") {
			continue
		}
		// Strip the spec's annotations: "(group)" and "edition 2019: ONE data row".
		if i := strings.Index(line, "  "); i > 0 {
			line = line[:i]
		}
		specRows = append(specRows, line)
	}
	for _, e := range Editions() {
		got := labels(e.Tables()[1].Blocks[0].Rows)
		want := specRows
		if e.ID == "2019" { // the three （六） rows of 2021 follow （六） in the spec's list
			var w []string
			for _, r := range specRows {
				if strings.Contains(r, "行政机关不再处理") || r == "3.其他" {
					continue
				}
				w = append(w, r)
			}
			want = w
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("edition %s table 三 rows:\n got %q\nwant %q", e.ID, got, want)
		}
		if !strings.Contains(spec, "> "+e.Tables()[1].Blocks[0].Corner) {
			t.Errorf("edition %s: 勾稽 note not in the spec", e.ID)
		}
		cols := strings.Join(labels(Leaves(e.Tables()[1].Blocks[0].Columns)), " · ")
		if !strings.Contains(spec, "自然人 · 商业企业 · 科研机构 ·\n社会公益组织 · 法律服务机构 · 其他 · 总计") || cols != "自然人 · 商业企业 · 科研机构 · 社会公益组织 · 法律服务机构 · 其他 · 总计" {
			t.Errorf("edition %s table 三 columns %q", e.ID, cols)
		}
	}
}

func TestReviewHeadersMatchSpec(t *testing.T) {
	spec := formatSpec(t)
	for _, e := range Editions() {
		b := e.Tables()[2].Blocks[0]
		for _, l := range labels(b.Columns) {
			if !strings.Contains(spec, l) {
				t.Errorf("edition %s table 四 header %q not in the spec", e.ID, l)
			}
		}
		if got := strings.Join(labels(b.Columns), " "); got != "行政复议 结果维持 结果纠正 其他结果 尚未审结 总计 行政诉讼 未经复议直接起诉 结果维持 结果纠正 其他结果 尚未审结 总计 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计" {
			t.Errorf("edition %s table 四 headers %q", e.ID, got)
		}
	}
}

func TestPartHeadingsMatchSpec(t *testing.T) {
	spec := formatSpec(t)
	for _, e := range Editions() {
		if len(e.Parts) != 6 {
			t.Fatalf("edition %s has %d parts", e.ID, len(e.Parts))
		}
		for _, p := range e.Parts {
			if !strings.Contains(spec, "| "+p.Number+" | "+p.Heading+" |") {
				t.Errorf("edition %s part heading %q not in the spec", e.ID, p.Heading)
			}
		}
		for _, f := range e.Parts[0].Prose {
			if f.Heading != "" && !strings.Contains(spec, strings.TrimLeft(f.Heading, "（一二三四五）")) {
				t.Errorf("edition %s sub-heading %q not named in the spec", e.ID, f.Heading)
			}
		}
	}
}

// The numbers of value cells format.md gives: 10 / 22 in table 二, 175 / 161 in table 三, 15 in 四.
func TestCellCounts(t *testing.T) {
	want := map[string][3]int{"2019": {22, 161, 15}, "2021": {10, 175, 15}}
	for _, e := range Editions() {
		for i, tb := range e.Tables() {
			if n := len(tb.Cells()); n != want[e.ID][i] {
				t.Errorf("edition %s table %s: %d cells, want %d", e.ID, tb.Number, n, want[e.ID][i])
			}
		}
	}
}

var excelName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*$`)

func TestKeysUniqueAndUsable(t *testing.T) {
	for _, e := range Editions() {
		seen := map[string]bool{}
		for _, c := range e.Cells() {
			if seen[c.Key] {
				t.Errorf("edition %s: duplicate key %s", e.ID, c.Key)
			}
			seen[c.Key] = true
			if !excelName.MatchString(c.Key) {
				t.Errorf("edition %s: key %q is not usable in a defined name", e.ID, c.Key)
			}
			if c.Kind() == SignedCount && c.Column.Label != "本年增/减" {
				t.Errorf("edition %s: %s is signed", e.ID, c.Key)
			}
		}
		if got, ok := e.Cell("t3.new.person"); !ok || got.Name() != "表三「一、本年新收政府信息公开申请数量」行「自然人」列" {
			t.Errorf("edition %s: cell name %q", e.ID, got.Name())
		}
	}
}

// Every equation names cells that exist: this year's in this edition, last year's in some
// edition.
func TestIdentitiesNameRealCells(t *testing.T) {
	exists := func(e *Edition, key string) bool { _, ok := e.Cell(key); return ok }
	for _, e := range Editions() {
		ids := map[string]int{}
		for _, id := range e.Identities {
			ids[id.ID] = len(id.Equations)
			for _, eq := range id.Equations {
				for _, tm := range append(append([]Term{}, eq.Left...), eq.Right...) {
					ok := exists(e, tm.Key)
					if tm.Prev {
						ok = exists(Edition2019, tm.Key) || exists(Edition2021, tm.Key)
					}
					if !ok {
						t.Errorf("edition %s %s %s: no cell %s", e.ID, id.ID, eq.Scope, tm.Key)
					}
				}
			}
		}
		rows := map[string]int{"2019": 23, "2021": 25}[e.ID]
		want := map[string]int{"I1": 7, "I2": 7, "I3": rows, "I4": 3, "I5": 0, "I6": 7}
		for id, n := range want {
			if got, ok := ids[id]; !ok || got != n {
				t.Errorf("edition %s: %s has %d equations, want %d", e.ID, id, got, n)
			}
		}
	}
	// I2 for 自然人 sums the result rows: 19 in 2019, 21 in 2021.
	for e, n := range map[*Edition]int{Edition2019: 19, Edition2021: 21} {
		i2, _ := e.Identity("I2")
		if len(i2.Equations[0].Right) != n {
			t.Errorf("edition %s: I2 sums %d rows, want %d", e.ID, len(i2.Equations[0].Right), n)
		}
	}
}

func TestComputedTotals(t *testing.T) {
	for _, e := range Editions() {
		n := 0
		for _, c := range e.Cells() {
			if _, ok := e.Computed(c.Key); ok {
				n++
			}
		}
		// 总计 column of table 三 (every row), the （七）总计 row (6 more), 3 totals in table 四.
		rows := len(Leaves(e.Tables()[1].Blocks[0].Rows))
		if want := rows + 6 + 3; n != want {
			t.Errorf("edition %s: %d computed cells, want %d", e.ID, n, want)
		}
	}
}

func TestEditionForYear(t *testing.T) {
	for year, want := range map[int]string{2019: "2019", 2020: "2019", 2021: "2021", 2025: "2021"} {
		e, err := ForYear(year)
		if err != nil || e.ID != want {
			t.Errorf("ForYear(%d) = %v, %v; want %s", year, e, err, want)
		}
	}
	if _, err := ForYear(2018); err == nil {
		t.Error("ForYear(2018) found an edition")
	}
	if _, err := Lookup("2020"); err == nil {
		t.Error("Lookup(2020) found an edition")
	}
}

// A new edition takes over from the current one without a change to the current one's
// definition.
func TestLaterEditionTakesOver(t *testing.T) {
	next := *Edition2021
	next.ID, next.FirstYear = "2099", 2099
	register(&next)
	t.Cleanup(func() { delete(editions, next.ID) })
	for year, want := range map[int]*Edition{2098: Edition2021, 2099: &next, 2100: &next} {
		if e, err := ForYear(year); err != nil || e != want {
			t.Errorf("ForYear(%d) = %v, %v; want edition %s", year, e, err, want.ID)
		}
	}
	if Edition2021.AppliesTo(2099) || !Edition2021.AppliesTo(2098) {
		t.Error("edition 2021 still applies after edition 2099 took over, or not before")
	}
	if got := Edition2021.Through(); got != 2098 {
		t.Errorf("edition 2021 through %d, want 2098", got)
	}
	if got := next.Through(); got != 0 {
		t.Errorf("the newest edition through %d, want 0 (current)", got)
	}
	if got := Edition2019.Through(); got != 2020 {
		t.Errorf("edition 2019 through %d, want 2020", got)
	}
}

// Every position of every grid is covered by exactly one cell.
func TestGridsTileExactly(t *testing.T) {
	for _, e := range Editions() {
		for _, tb := range e.Tables() {
			values := 0
			for gi, g := range tb.Grids() {
				cover := make([][]int, g.Rows)
				for i := range cover {
					cover[i] = make([]int, g.Cols)
				}
				for _, c := range g.Cells {
					if c.Role == RoleValue {
						values++
					}
					for r := c.Row; r < c.Row+c.RowSpan; r++ {
						for col := c.Col; col < c.Col+c.ColSpan; col++ {
							cover[r][col]++
						}
					}
				}
				for r := range cover {
					for c, n := range cover[r] {
						if n != 1 {
							t.Errorf("edition %s table %s grid %d: position %d,%d covered %d times", e.ID, tb.Number, gi, r, c, n)
						}
					}
				}
			}
			if values != len(tb.Cells()) {
				t.Errorf("edition %s table %s: %d value cells in grids, want %d", e.ID, tb.Number, values, len(tb.Cells()))
			}
		}
	}
	g := Edition2021.Tables()[1].Grids()[0]
	if g.HeaderRows != 3 || g.LabelCols != 3 || g.Cols != 10 || g.Rows != 28 {
		t.Errorf("table 三 grid %d×%d header %d labels %d", g.Rows, g.Cols, g.HeaderRows, g.LabelCols)
	}
}

// TestCellNamesAreDistinct: every value cell of an edition has a name of its own, also in
// table 四, whose three groups of columns have the same five labels.
func TestCellNamesAreDistinct(t *testing.T) {
	for _, e := range Editions() {
		seen := map[string]string{}
		for _, c := range e.Cells() {
			if other, dup := seen[c.Name()]; dup {
				t.Errorf("edition %s: %s and %s are both named %s", e.ID, other, c.Key, c.Name())
			}
			seen[c.Name()] = c.Key
		}
	}
	if c, ok := Edition2021.Cell("t4.review_total"); !ok || c.Name() != "表四「行政复议」「总计」" {
		t.Errorf("t4.review_total: %v %+v", ok, c.Key)
	}
}

// TestTotal evaluates totals, nested ones too, the same as summing to a fixed point does.
func TestTotal(t *testing.T) {
	e := Edition2021
	four := map[string]float64{"t4.review_upheld": 1, "t4.review_corrected": 2, "t4.review_other": 4, "t4.review_pending": 8}
	if got := e.Total("t4.review_total", func(k string) float64 { return four[k] }); got != 15 {
		t.Errorf("t4.review_total = %v, want 15", got)
	}
	// Every input i holds i+1; totals are found by repeating sums until nothing changes.
	inputs, values := map[string]float64{}, map[string]float64{}
	for i, c := range e.Cells() {
		if _, computed := e.Computed(c.Key); !computed {
			inputs[c.Key] = float64(i + 1)
			values[c.Key] = float64(i + 1)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range e.Cells() {
			if terms, computed := e.Computed(c.Key); computed {
				sum := 0.0
				for _, k := range terms {
					sum += values[k]
				}
				changed = changed || values[c.Key] != sum
				values[c.Key] = sum
			}
		}
	}
	nested := 0
	for _, c := range e.Cells() {
		if got := e.Total(c.Key, func(k string) float64 { return inputs[k] }); got != values[c.Key] {
			t.Errorf("%s = %v, want %v", c.Key, got, values[c.Key])
		}
		if terms, _ := e.Computed(c.Key); slices.ContainsFunc(terms, func(k string) bool { _, n := e.Computed(k); return n }) {
			nested++
		}
	}
	if nested == 0 {
		t.Error("no total of totals: the nesting is not tested")
	}
}
