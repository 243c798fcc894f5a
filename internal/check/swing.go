package check

import (
	"fmt"
	"math"
	"strconv"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/template"
)

// Thresholds of Y1: a key figure that grew or shrank by more than swingRatio times, with at
// least swingFloor on one side, is a typo or something the report must explain.
const (
	swingRatio = 5
	swingFloor = 20
)

// swings is Y1: key figures against last year's, where both years have the cell as a number.
func (c *checker) swings() {
	if c.prev == nil || c.prev.Edition == nil {
		return
	}
	// The key figures of tables 三 and 四: applications received, results in all, and the
	// three totals of reviews and suits; then table 二's counts.
	refs := c.r.Edition.Refs
	keys := append([]string{refs.NewRequests, refs.AllResults, refs.Reviews}, refs.Suits...)
	for _, t := range c.r.Edition.Tables() {
		if t.Number != "二" {
			continue
		}
		for _, cell := range t.Cells() {
			if cell.Kind() == template.Count {
				keys = append(keys, cell.Key)
			}
		}
	}
	prevCells := cellIndex(c.prev.Edition)
	for _, k := range keys {
		if _, ok := prevCells[k]; !ok {
			continue
		}
		cur, last := c.r.Values[k], c.prev.Values[k]
		if cur.State != model.Number || last.State != model.Number || c.r.OutOfRange(k) || c.prev.OutOfRange(k) {
			continue
		}
		msg, ok := swing(cur.Number, last.Number)
		if !ok {
			continue
		}
		prev := CellOperand(c.prev.Edition, k, last)
		prev.Prev = true
		f := New(rule.YearSwing, c.cells[k].name+"为 "+formatNumber(cur.Number)+"，"+msg+"，请核实或在说明中解释", c.cell(k))
		f.Right, f.Difference, f.Compared = []Operand{prev}, cur.Number-last.Number, true
		c.add(f)
	}
}

// swing says how much a figure changed from last year's when that is more than swingRatio
// times either way with at least swingFloor on one side: 较上年（12）增长 24 倍.
func swing(cur, last float64) (string, bool) {
	hi, lo := math.Max(cur, last), math.Min(cur, last)
	if hi < swingFloor || lo < 0 || hi <= lo*swingRatio {
		return "", false
	}
	if last == 0 {
		return "上年为 0", true
	}
	if cur > last {
		return fmt.Sprintf("较上年（%s）增长 %s 倍", formatNumber(last), strconv.FormatFloat(math.Round((cur-last)/last*10)/10, 'f', -1, 64)), true
	}
	return fmt.Sprintf("较上年（%s）减少 %s%%", formatNumber(last), formatNumber(math.Round((last-cur)/last*100))), true
}
