package xlsxreader

import (
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

func TestParseValue(t *testing.T) {
	cases := []struct {
		raw       string
		kind      template.Kind
		state     model.State
		number    float64
		converted bool
	}{
		{"", template.Count, model.Blank, 0, false},
		{"   ", template.Count, model.Blank, 0, false},
		{"12", template.Count, model.Number, 12, false},
		{"１２", template.Count, model.Number, 12, false},
		{" 5 ", template.Count, model.Number, 5, false},
		{"+3", template.SignedCount, model.Number, 3, false},
		{"＋3", template.SignedCount, model.Number, 3, false},
		{"-8", template.SignedCount, model.Number, -8, false},
		{"－8", template.SignedCount, model.Number, -8, false},
		{"1,234", template.Count, model.Number, 1234, false},
		{"1，234", template.Count, model.Number, 1234, false},
		{"1 234", template.Count, model.Number, 1234, false},
		{"12件", template.Count, model.Number, 12, false},
		{"67条", template.Count, model.Number, 67, false},
		{"3个", template.Count, model.Number, 3, false},
		{"0万元", template.Amount, model.Number, 0, false},
		{"3.25万元", template.Amount, model.Number, 3.25, false},
		{"251000元", template.Amount, model.Number, 25.1, true},
		{"1,200元", template.Amount, model.Number, 0.12, true},
		{"0.5", template.Amount, model.Number, 0.5, false},
		{"1.5E+1", template.Count, model.Number, 15, false},
		{"-0", template.Count, model.Number, 0, false},
		{"/", template.Count, model.NotApplicable, 0, false},
		{"／", template.Count, model.NotApplicable, 0, false},
		{"-", template.Count, model.NotApplicable, 0, false},
		{"—", template.Count, model.NotApplicable, 0, false},
		{"——", template.Count, model.NotApplicable, 0, false},
		{"无", template.Count, model.NotApplicable, 0, false},
		{"不适用", template.Count, model.NotApplicable, 0, false},
		{"约5件", template.Count, model.Text, 0, false},
		{"5元", template.Count, model.Text, 0, false},
		{"12,34", template.Count, model.Text, 0, false},
		{"0x10", template.Count, model.Text, 0, false},
		{"NaN", template.Count, model.Text, 0, false},
		{"Inf", template.Count, model.Text, 0, false},
		{"1e999", template.Count, model.Text, 0, false},
		{"TRUE", template.Count, model.Text, 0, false},
		{"=SUM(D7:I7)", template.Count, model.Text, 0, false},
	}
	for _, c := range cases {
		v, converted := parseValue(c.raw, c.kind)
		if v.State != c.state || v.Number != c.number || converted != c.converted || v.Raw != c.raw {
			t.Errorf("parseValue(%q) = %v %v %v raw %q; want %v %v %v", c.raw, v.State, v.Number, converted, v.Raw, c.state, c.number, c.converted)
		}
	}
}

func TestNormalize(t *testing.T) {
	for a, b := range map[string]string{
		"（二）部分公开\n（区分处理的，只计这一情形，不计其他情形）":    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
		"1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
		"(一)予以公开": "（一）予以公开",
		"自 然 人":   "自然人",
	} {
		if normalize(a) != normalize(b) {
			t.Errorf("normalize(%q) = %q, normalize(%q) = %q", a, normalize(a), b, normalize(b))
		}
	}
}
