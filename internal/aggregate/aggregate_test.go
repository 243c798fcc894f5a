package aggregate

import (
	"errors"
	"math"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func TestSumByHand(t *testing.T) {
	a, b, c := samplereport.Example2021As("甲局", 1), samplereport.Example2021As("乙局", 2), samplereport.Example2021As("丙局", 3)
	a.Values["t2.fees.fee_amount"] = model.Num(0.1)
	b.Values["t2.fees.fee_amount"] = model.Num(0.2)
	c.Values["t2.fees.fee_amount"] = model.Value{State: model.NotApplicable, Raw: "/"}
	b.Values["t3.new.person"] = model.Value{State: model.Text, Raw: "约十件"}
	res, err := Sum([]Input{{"a.xlsx", a}, {"b.xlsx", b}, {"c.xlsx", c}}, "示例市")
	if err != nil {
		t.Fatal(err)
	}
	got := res.Report
	if n, _ := got.Number("t2.fees.fee_amount"); n != 0.3 {
		t.Errorf("fee amount = %v, want exactly 0.3", n)
	}
	// 48 自然人 new requests in the example: 48 + (text → 0) + 3×48.
	if n, _ := got.Number("t3.new.person"); n != 48+3*48 {
		t.Errorf("t3.new.person = %v, want %v", n, 48+3*48)
	}
	for _, key := range []string{"t2.licensing.decisions", "t3.granted.person", "t4.review_upheld", "t3.carried_out.total"} {
		want, _ := samplereport.Example2021().Number(key)
		if n, _ := got.Number(key); n != 6*want {
			t.Errorf("%s = %v, want %v", key, n, 6*want)
		}
	}
	// Zeroed cells come in the edition's cell order.
	if len(res.Zeroed) != 2 || res.Zeroed[0].Source.Agency != "丙局" || res.Zeroed[0].Value.Raw != "/" ||
		res.Zeroed[1].Source.File != "b.xlsx" || res.Zeroed[1].Cell.Key != "t3.new.person" {
		t.Errorf("zeroed = %+v", res.Zeroed)
	}
	if got.Agency() != "示例市" || got.Year() != 2025 || got.Edition != a.Edition || len(got.Prose) != 0 {
		t.Errorf("agency %q year %d edition %s prose %d", got.Agency(), got.Year(), got.Edition.ID, len(got.Prose))
	}
	if want := []Source{{"甲局", "a.xlsx", 2025}, {"乙局", "b.xlsx", 2025}, {"丙局", "c.xlsx", 2025}}; len(res.Sources) != 3 ||
		res.Sources[0] != want[0] || res.Sources[1] != want[1] || res.Sources[2] != want[2] {
		t.Errorf("sources = %+v", res.Sources)
	}
}

func TestTotalsFromParts(t *testing.T) {
	a, b := samplereport.Example2021As("甲局", 1), samplereport.Example2021As("乙局", 1)
	b.Values["t3.new.total"] = model.Num(999) // a wrong 总计 does not spread into the sum
	res, err := Sum([]Input{{"a", a}, {"b", b}}, "汇总")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := a.Number("t3.new.total")
	if n, _ := res.Report.Number("t3.new.total"); n != 2*want {
		t.Errorf("t3.new.total = %v, want %v", n, 2*want)
	}
	for _, f := range check.Check(res.Report, nil) {
		if f.Rule[0] == 'I' {
			t.Errorf("identity finding on the sum: %s %s", f.Rule, f.Message)
		}
	}
}

func TestMixedRefused(t *testing.T) {
	a, b, c, d := samplereport.Example2021As("甲局", 1), samplereport.Example2021As("乙局", 1), samplereport.Example2021As("丙局", 1), samplereport.Taicang2020()
	c.Info["year"] = model.Field{Text: "2024"}
	_, err := Sum([]Input{{"a", a}, {"b", b}, {"c", c}, {"d", d}}, "汇总")
	var mixed *MixedError
	if !errors.As(err, &mixed) {
		t.Fatalf("err = %v, want MixedError", err)
	}
	if mixed.Year != 2025 || mixed.Edition != "2021" || len(mixed.Offenders) != 2 ||
		mixed.Offenders[0].Source.File != "c" || mixed.Offenders[0].Source.Year != 2024 ||
		mixed.Offenders[1].Source.File != "d" || mixed.Offenders[1].Edition != "2019" || mixed.Offenders[1].Source.Year != 2020 {
		t.Errorf("mixed = %+v", mixed)
	}
}

func TestDuplicateAgencyRefused(t *testing.T) {
	_, err := Sum([]Input{{"a", samplereport.Example2021As("甲局", 1)}, {"b", samplereport.Example2021As("乙局", 1)}, {"c", samplereport.Example2021As(" 甲　局", 2)}}, "汇总")
	var dup *DuplicateError
	if !errors.As(err, &dup) {
		t.Fatalf("err = %v, want DuplicateError", err)
	}
	if len(dup.Duplicates) != 1 || dup.Duplicates[0].Agency != "甲局" || len(dup.Duplicates[0].Files) != 2 ||
		dup.Duplicates[0].Files[0] != "a" || dup.Duplicates[0].Files[1] != "c" {
		t.Errorf("duplicates = %+v", dup.Duplicates)
	}
}

func TestNoInputs(t *testing.T) {
	if _, err := Sum(nil, "汇总"); !errors.Is(err, ErrNoInputs) {
		t.Errorf("err = %v", err)
	}
}

// A number beyond model.MaxValue (1e308 typed or forged) is never summed: it is zeroed and
// listed, and no sum is infinite or NaN.
func TestSumNeverInfinite(t *testing.T) {
	a, b := samplereport.Example2021As("甲局", 1), samplereport.Example2021As("乙局", 1)
	a.Values["t3.new.person"] = model.Num(1e308)
	b.Values["t3.new.person"] = model.Num(1e308)
	res, err := Sum([]Input{{"a.xlsx", a}, {"b.xlsx", b}}, "示例市")
	if err != nil {
		t.Fatal(err)
	}
	for key, v := range res.Report.Values {
		if math.IsInf(v.Number, 0) || math.IsNaN(v.Number) || math.Abs(v.Number) > model.MaxValue {
			t.Errorf("%s = %v", key, v.Number)
		}
	}
	if len(res.Zeroed) != 2 || res.Zeroed[0].Cell.Key != "t3.new.person" {
		t.Errorf("zeroed = %+v", res.Zeroed)
	}
}
