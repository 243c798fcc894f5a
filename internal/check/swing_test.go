package check

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func TestSwing(t *testing.T) {
	for _, tc := range []struct {
		cur, last float64
		want      string // "" for no finding
	}{
		{300, 12, "较上年（12）增长 24 倍"},
		{100, 15, "较上年（15）增长 5.7 倍"},
		{12, 300, "较上年（300）减少 96%"},
		{25, 0, "上年为 0"},
		{0, 20, "较上年（20）减少 100%"},
		{60, 12, ""}, // exactly 5 times: not more
		{19, 1, ""},  // under 20 on both sides
		{58, 49, ""}, // an ordinary year
		{0, 0, ""},   // nothing either year
		{-3, 30, ""}, // negative: I5's business
	} {
		got, ok := swing(tc.cur, tc.last)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("swing(%v, %v) = %q, %v; want %q", tc.cur, tc.last, got, ok, tc.want)
		}
	}
}

func TestYearSwings(t *testing.T) {
	prev, cur := samplereport.Example2021(), samplereport.Example2021()
	if got := findingsOf(Check(cur, prev), rule.YearSwing); len(got) != 0 {
		t.Fatalf("Y1 on the same figures: %v", got)
	}
	if got := findingsOf(Check(cur, nil), rule.YearSwing); len(got) != 0 {
		t.Fatalf("Y1 without last year: %v", got)
	}
	prev.Values["t3.new.total"] = model.Num(2)
	prev.Values["t2.licensing.decisions"] = model.Num(0)
	cur.Values["t2.licensing.decisions"] = model.Num(25)
	got := findingsOf(Check(cur, prev), rule.YearSwing)
	if len(got) != 2 {
		t.Fatalf("Y1 findings %d, want 2: %v", len(got), got)
	}
	if got[0].Severity != Warning || got[0].Message !=
		"表三「一、本年新收政府信息公开申请数量」行「总计」列为 58，较上年（2）增长 28 倍，请核实或在说明中解释" {
		t.Errorf("Y1: %s %s", got[0].Severity, got[0].Message)
	}
	if len(got[0].Right) != 1 || !got[0].Right[0].Prev || got[0].Difference != 56 {
		t.Errorf("Y1 operands: %+v", got[0])
	}
	if got[1].Left[0].Key != "t2.licensing.decisions" {
		t.Errorf("second Y1 about %s, want t2.licensing.decisions", got[1].Left[0].Key)
	}

	// Across editions only the cells both have are compared: the 2020 sample had no
	// applications and no decisions, and no 本年制发件数 (a 2021 column) to compare.
	old := samplereport.Taicang2020()
	var keys []string
	for _, f := range findingsOf(Check(samplereport.Example2021(), old), rule.YearSwing) {
		keys = append(keys, f.Left[0].Key)
	}
	if want := "t3.new.total t3.total.total t2.licensing.decisions t2.penalty.decisions"; strings.Join(keys, " ") != want {
		t.Errorf("Y1 across editions about %v, want %s", keys, want)
	}
}
