package check

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/template"
)

func findingsOf(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestSamplesHaveNoFindings(t *testing.T) {
	for name, r := range map[string]*model.Report{
		"Taicang2020": samplereport.Taicang2020(), "Example2021": samplereport.Example2021(),
	} {
		for _, f := range Check(r, nil) {
			t.Errorf("%s: unexpected finding %s %s: %s", name, f.Rule, f.Severity, f.Message)
		}
	}
}

// TestRules gives every rule a failing case: a sample report broken in one way must produce
// exactly the rule's finding (and the unbroken samples, above, produce none).
func TestRules(t *testing.T) {
	cases := []struct {
		name     string
		base     func() *model.Report
		breakIt  func(r *model.Report)
		rule     string
		severity Severity
		message  string // a part of the expected message
	}{
		{"I1", samplereport.Example2021, func(r *model.Report) {
			r.Values["t3.new.person"] = model.Num(49)
			r.Values["t3.new.total"] = model.Num(59)
		}, "I1", Error, "表三 自然人列：一、本年新收(49) + 二、上年结转(3) = 52，但（七）总计(49) + 四、结转下年度继续办理(2) = 51，相差 1"},
		{"I2", samplereport.Example2021, func(r *model.Report) {
			r.Values["t3.total.business"] = model.Num(7)
			r.Values["t3.carried_out.business"] = model.Num(0)
		}, "I2", Error, "表三 商业企业列：（七）总计(7)，但（一）予以公开(3) + （二）部分公开(1) + （四）1.本机关不掌握相关政府信息(1) + （四）2.没有现成信息需要另行制作(1)（其余各项为 0） = 6，相差 1"},
		{"I3", samplereport.Example2021, func(r *model.Report) {
			r.Values["t3.granted.total"] = model.Num(31)
		}, "I3", Error, "表三 （一）予以公开行：总计(31)，但自然人(25) + 商业企业(3) + 科研机构(1) + 法律服务机构(1)（其余各项为 0） = 30，相差 1"},
		{"I4", samplereport.Example2021, func(r *model.Report) {
			r.Values["t4.review_total"] = model.Num(5)
		}, "I4", Error, "表四 行政复议：总计(5)，但结果维持(2) + 结果纠正(1) + 其他结果(0) + 尚未审结(1) = 4，相差 1"},
		{"I5", samplereport.Example2021, func(r *model.Report) {
			r.Values["t2.penalty.decisions"] = model.Num(-1)
		}, "I5", Error, "表二第二十条第（六）项「行政处罚」行「本年处理决定数量」列为 -1，不能小于 0"},
		{"V1 blank cell", samplereport.Example2021, func(r *model.Report) {
			r.Values["t4.review_other"] = model.Value{}
		}, rule.BlankCell, Warning, "表四「行政复议」「其他结果」未填写"},
		{"V2 blank table", samplereport.Example2021, func(r *model.Report) {
			for _, c := range template.Edition2021.Tables()[2].Cells() {
				r.Values[c.Key] = model.Value{}
				if _, computed := template.Edition2021.Computed(c.Key); computed {
					r.Values[c.Key] = model.Num(0) // the template's 总计 formulas
				}
			}
		}, rule.BlankTable, Error, "四、政府信息公开行政复议、行政诉讼情况整张表未填写"},
		{"U1 unfilled", samplereport.Example2021, func(r *model.Report) {
			for _, c := range template.Edition2021.Cells() {
				r.Values[c.Key] = model.Value{}
				if _, computed := template.Edition2021.Computed(c.Key); computed {
					r.Values[c.Key] = model.Num(0)
				}
			}
			r.Prose = map[string]model.Field{}
		}, rule.Unfilled, Error, "报告未填写：3 张统计表和正文都是空的"},
		{"V3 not applicable", samplereport.Taicang2020, func(r *model.Report) {
			r.Values["t2.rules.made"] = model.Value{State: model.NotApplicable, Raw: "/"}
		}, rule.NotApplicable, Warning, "填写了“/”"},
		{"V4 text", samplereport.Taicang2020, func(r *model.Report) {
			r.Values["t2.rules.made"] = model.Value{State: model.Text, Raw: "约5件"}
		}, rule.TextValue, Error, "表二第二十条第（一）项「规章」行「本年新制作数量」列填写了“约5件”，不是数字"},
		{"V5 not whole", samplereport.Taicang2020, func(r *model.Report) {
			r.Values["t2.rules.made"] = model.Num(1.5)
			r.Values["t2.rules.published"] = model.Num(1.5)
		}, rule.NotWhole, Error, "件数应为整数"},
		{"E1 year edition", samplereport.Taicang2020, func(r *model.Report) {
			r.Info["year"] = model.Field{Text: "2022"}
			r.Info["period"] = model.Field{Text: "2022年1月1日至2022年12月31日"}
			r.Prose["overview"] = model.Field{Text: "2022年，市科技局……"}
		}, rule.YearEdition, Warning, "报告年度为2022年，应使用2021年版格式（国办公开办函〔2021〕30号），但本工作簿使用的是2019年版格式"},
		{"B1 missing", samplereport.Example2021, func(r *model.Report) {
			delete(r.Info, "agency")
		}, rule.InfoMissing, Warning, "基本信息「机关名称」未填写"},
		{"B1 year", samplereport.Example2021, func(r *model.Report) {
			r.Info["year"] = model.Field{Text: "二〇二五"}
		}, rule.InfoMissing, Warning, "应为四位数字年份"},
		{"B1 choice", samplereport.Example2021, func(r *model.Report) {
			r.Info["agency_type"] = model.Field{Text: "事业单位"}
		}, rule.InfoMissing, Warning, "应为“县级以上人民政府部门”或“县级以上地方人民政府”之一"},
		{"P1", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview"] = model.Field{Text: "  "}
		}, rule.ProseMissing, Warning, "正文「一、总体情况」未填写"},
		{"P2 empty", samplereport.Example2021, func(r *model.Report) {
			r.Prose["problems"] = model.Field{Text: "  "}
		}, rule.ProblemsThin, Warning, "正文「五、存在的主要问题及改进情况」未填写；格式要求如实写明本年度政府信息公开工作存在的主要问题和改进措施"},
		{"P2 无", samplereport.Example2021, func(r *model.Report) {
			r.Prose["problems"] = model.Field{Text: "无。"}
		}, rule.ProblemsThin, Warning, "正文「五、存在的主要问题及改进情况」只写了“无。”，不足一句完整的话"},
		{"P2 short", samplereport.Taicang2020, func(r *model.Report) {
			r.Prose["problems"] = model.Field{Text: "信息发布不够及时，下一步加强。"}
		}, rule.ProblemsThin, Warning, "只写了“信息发布不够及时，下一步加强。”"},
		{"C1 spaced digits", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview_request"] = model.Field{Text: "全年共收到政府信息公开申请 17 件。"}
		}, rule.ProseFigures, Warning, "写“收到政府信息公开申请 17 件”，但表三「一、本年新收政府信息公开申请数量」行「总计」列为 58，相差 41"},
		{"C1 full-width spaces", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview_request"] = model.Field{Text: "全年行政复议案件\u30005\u3000件。"}
		}, rule.ProseFigures, Warning, "表四「行政复议」「总计」为 4，相差 1"},
		{"C1 spaced 共", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview_request"] = model.Field{Text: "被提起行政诉讼 共 2 起。"}
		}, rule.ProseFigures, Warning, "= 3，相差 1"},
		{"C1 applications", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview_request"] = model.Field{Text: "全年共收到政府信息公开申请60件。"}
		}, rule.ProseFigures, Warning, "写“收到政府信息公开申请60件”，但表三「一、本年新收政府信息公开申请数量」行「总计」列为 58，相差 2"},
		{"C1 reviews in Chinese numerals", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview_request"] = model.Field{Text: "全年被申请行政复议三件。"}
		}, rule.ProseFigures, Warning, "表四「行政复议」「总计」为 4，相差 1"},
		{"C1 suits", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview_request"] = model.Field{Text: "被提起行政诉讼共2起。"}
		}, rule.ProseFigures, Warning, "= 3，相差 1"},
		{"C1 nothing received", samplereport.Taicang2020, func(r *model.Report) {
			r.Values["t3.new.person"] = model.Num(1)
			r.Values["t3.new.total"] = model.Num(1)
			r.Values["t3.carried_out.person"] = model.Num(1)
			r.Values["t3.carried_out.total"] = model.Num(1)
		}, rule.ProseFigures, Warning, "写“未收到政府信息公开申请、行政复议和行政诉讼等情况”，但表三「一、本年新收政府信息公开申请数量」行「总计」列为 1，相差 1"},
		{"C2 last year only", samplereport.Taicang2020, func(r *model.Report) {
			o := r.Prose["overview"]
			o.Text = strings.ReplaceAll(o.Text, "2020", "2019")
			r.Prose["overview"] = o
		}, rule.ProseYear, Warning, "写有“2019年”，而正文没有一处提到报告年度2020年"},
		{"C2 title", samplereport.Example2021, func(r *model.Report) {
			r.Prose["overview"] = model.Field{Text: "2025年，本局编制2024年政府信息公开工作年度报告。"}
		}, rule.ProseYear, Warning, "写“2024年政府信息公开工作年度报告”，但报告年度为2025年"},
		{"C2 period", samplereport.Example2021, func(r *model.Report) {
			r.Info["period"] = model.Field{Text: "2024年1月1日至2024年12月31日"}
		}, rule.ProseYear, Warning, "基本信息「统计期限」为“2024年1月1日至2024年12月31日”，与报告年度2025年不符"},
		{"C3 fee", samplereport.Example2021, func(r *model.Report) {
			r.Prose["other"] = model.Field{Text: "无。"}
		}, rule.FeeUnexplained, Hint, "正文「六、其他需要报告的事项」没有写明本年度是否收取政府信息公开信息处理费"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.base()
			if got := findingsOf(Check(r, nil), tc.rule); len(got) != 0 {
				t.Fatalf("the unbroken sample already has %s findings: %v", tc.rule, got)
			}
			tc.breakIt(r)
			got := findingsOf(Check(r, nil), tc.rule)
			if len(got) == 0 {
				t.Fatalf("no %s finding; all findings: %v", tc.rule, Check(r, nil))
			}
			f := got[0]
			if f.Severity != tc.severity {
				t.Errorf("severity %s, want %s", f.Severity, tc.severity)
			}
			if !strings.Contains(f.Message, tc.message) {
				t.Errorf("message\n%s\ndoes not contain\n%s", f.Message, tc.message)
			}
			if len(f.Left) == 0 || f.Left[0].Label == "" || f.Left[0].Key == "" {
				t.Errorf("finding has no named operand: %+v", f)
			}
		})
	}
}

func TestIdentityOperandsAndDifference(t *testing.T) {
	r := samplereport.Example2021()
	r.Values["t3.new.person"] = model.Value{State: model.Number, Number: 49, Raw: "49",
		Where: model.Location{File: "a.xlsx", Sheet: "表三", Cell: "D7"}}
	var i1 *Finding
	for _, f := range Check(r, nil) {
		if f.Rule == "I1" && strings.Contains(f.Message, "自然人列") {
			i1 = &f
		}
	}
	if i1 == nil {
		t.Fatal("no I1 finding for the 自然人 column")
	}
	if !i1.Compared || i1.Difference != 1 {
		t.Errorf("difference %v (compared %v), want 1", i1.Difference, i1.Compared)
	}
	if len(i1.Left) != 2 || len(i1.Right) != 2 {
		t.Fatalf("operands %d + %d, want 2 + 2", len(i1.Left), len(i1.Right))
	}
	if got := i1.Left[0]; got.Key != "t3.new.person" || got.Value.Where.Cell != "D7" || got.Value.Number != 49 ||
		got.Label != "表三「一、本年新收政府信息公开申请数量」行「自然人」列" {
		t.Errorf("left operand %+v", got)
	}
}

func TestTextCellSkipsItsEquations(t *testing.T) {
	r := samplereport.Example2021()
	r.Values["t4.review_upheld"] = model.Value{State: model.Text, Raw: "两件"}
	if got := findingsOf(Check(r, nil), "I4"); len(got) != 0 {
		t.Errorf("I4 reported on a text cell: %v", got)
	}
}

// TestTableNotFoundIsNotBlank: a table the reader did not find in the workbook it read (no
// cell has a location; the reader reports R4) is not also "left blank"; a table read from
// the workbook with every input blank is.
func TestTableNotFoundIsNotBlank(t *testing.T) {
	for _, found := range []bool{false, true} {
		r := samplereport.Example2021()
		r.Source = "某局.xlsx"
		for _, c := range template.Edition2021.Tables()[0].Cells() {
			v := model.Value{}
			if found {
				v.Where = model.Location{File: r.Source, Sheet: "表二", Cell: "B4"}
			}
			r.Values[c.Key] = v
		}
		fs := Check(r, nil)
		if n := len(findingsOf(fs, rule.BlankTable)); n != map[bool]int{false: 0, true: 1}[found] || len(fs) != n {
			t.Errorf("table 二 found=%v: findings %v", found, fs)
		}
	}
}

func TestBlankTotalWithNumbersIsAnError(t *testing.T) {
	r := samplereport.Example2021()
	r.Values["t4.review_total"] = model.Value{}
	fs := Check(r, nil)
	if len(findingsOf(fs, rule.BlankCell)) != 1 || len(findingsOf(fs, "I4")) != 1 {
		t.Errorf("want one V1 and one I4 finding, got %v", fs)
	}
}

func TestCrossYear(t *testing.T) {
	prev := samplereport.Taicang2020() // edition 2019
	cur := samplereport.Example2021()  // edition 2021
	fs := Check(cur, prev)
	i6 := findingsOf(fs, "I6")
	// 2025 carries in 3 自然人 and 1 商业企业 (and 4 in all); the 2020 sample carried out none.
	if len(i6) != 3 {
		t.Fatalf("I6 findings %d, want 3 (自然人, 商业企业, 总计): %v", len(i6), i6)
	}
	if i6[0].Severity != Error || i6[0].Message != "表三 自然人列：二、上年结转(3)，但上年四、结转下年度继续办理(0)，相差 3" {
		t.Errorf("I6: %s %s", i6[0].Severity, i6[0].Message)
	}
	if !i6[0].Right[0].Prev {
		t.Error("last year's operand not marked Prev")
	}
	if got := findingsOf(fs, "I8"); len(got) != 0 {
		t.Errorf("I8 checked although the 2019 edition has no 现行有效件数: %v", got)
	}

	// The same edition on both sides: I6 passes when carried over, I8 is a warning.
	last := samplereport.Example2021()
	for _, c := range template.Edition2021.Tables()[1].Cells() {
		if c.Row.Key == "carried_out" {
			key := "t3.carried_in." + c.Column.Key
			last.Values[c.Key] = cur.Values[key]
		}
	}
	last.Values["t2.normative.in_force"] = model.Num(35)
	fs = Check(cur, last)
	if got := findingsOf(fs, "I6"); len(got) != 0 {
		t.Errorf("I6 with matching carry-over: %v", got)
	}
	i8 := findingsOf(fs, "I8")
	if len(i8) != 1 || i8[0].Severity != Warning ||
		i8[0].Message != "表二 行政规范性文件：现行有效件数(38) + 本年废止件数(2) = 40，但上年现行有效件数(35) + 本年制发件数(5) = 40，相差 0" {
		// 38 = 35 + 5 − 2: holds; break it below.
		if len(i8) != 0 {
			t.Errorf("I8 on a balanced year: %v", i8)
		}
	}
	last.Values["t2.normative.in_force"] = model.Num(30)
	i8 = findingsOf(Check(cur, last), "I8")
	if len(i8) != 1 || i8[0].Severity != Warning ||
		i8[0].Message != "表二 行政规范性文件：现行有效件数(38) + 本年废止件数(2) = 40，但上年现行有效件数(30) + 本年制发件数(5) = 35，相差 5" {
		t.Errorf("I8: %v", i8)
	}
}

func TestI7(t *testing.T) {
	prev := samplereport.Taicang2020()
	cur := samplereport.Taicang2020()
	if got := findingsOf(Check(cur, prev), "I7"); len(got) != 0 {
		t.Errorf("I7 on balanced years: %v", got)
	}
	prev.Values["t2.licensing.change"] = model.Num(-2)
	prev.Values["t2.licensing.prev_items"] = model.Num(5)
	cur.Values["t2.licensing.prev_items"] = model.Num(4)
	got := findingsOf(Check(cur, prev), "I7")
	if len(got) != 1 || got[0].Severity != Warning ||
		got[0].Message != "表二 行政许可：上一年项目数量(4)，但上年上一年项目数量(5) + 上年本年增/减(-2) = 3，相差 1" {
		t.Errorf("I7: %v", got)
	}
}

func TestChineseCount(t *testing.T) {
	for s, want := range map[string]int{"3": 3, "三": 3, "十": 10, "十二": 12, "二十": 20, "两": 2, "一百零五": 105, "二十三": 23} {
		if got, ok := chineseCount(s); !ok || got != want {
			t.Errorf("chineseCount(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
}

// A number beyond the range (V6) takes part in no identity, swing or sum, also through the
// totals that add it up: the one finding is V6 where it was typed, and no message holds an
// infinity, not-a-number or 309 digits. Last year's report with such a number swings nothing.
func TestOutOfRangeTakesNoPart(t *testing.T) {
	r := samplereport.Example2021()
	r.Values["t3.new.person"] = model.Value{State: model.Number, Number: 1e308, Raw: "1E308"}
	r.Values["t3.new.research"] = model.Value{State: model.Number, Number: 1.7e308, Raw: "1.7E308"}
	for _, k := range []string{"t3.new.total", "t3.total.total"} {
		r.Values[k] = model.Num(r.Total(k)) // as the reader computes them
	}
	prev := samplereport.Example2021()
	prev.SetYear(r.Year() - 1)
	var baseline []string // the samples are not one bureau's two years: some cross-year findings
	for _, f := range Check(samplereport.Example2021(), prev) {
		baseline = append(baseline, f.Rule)
	}
	prev.Values["t3.new.total"] = model.Value{State: model.Number, Number: -1e308, Raw: "-1E308"}
	findings := Check(r, prev)
	var rules []string
	for _, f := range findings {
		rules = append(rules, f.Rule)
		if unreadable := regexp.MustCompile(`Inf|NaN|[0-9]{16,}`); unreadable.MatchString(f.Message) {
			t.Errorf("%s: %s", f.Rule, f.Message)
		}
		if math.IsInf(f.Difference, 0) || math.IsNaN(f.Difference) {
			t.Errorf("%s: difference %v", f.Rule, f.Difference)
		}
	}
	if want := append([]string{rule.OutOfRange, rule.OutOfRange}, baseline...); !slices.Equal(rules, want) {
		t.Errorf("rules %v, want V6 twice (the two cells typed) and the samples' own %v", rules, baseline)
	}
	if !strings.Contains(findings[0].Message, "1e+308") {
		t.Errorf("V6 shows the number as %q", findings[0].Message)
	}
}

// C3 asks part 六 about the 信息处理费 only: 表二's 行政事业性收费 (96,171.6 万元 in 淮安市人民政府's
// 2024 report) are other money and never named; "未收取" or "0元" is an answer; a hint is not
// counted as a warning.
func TestFeesAreTheProcessingFee(t *testing.T) {
	r := samplereport.Example2021()
	r.Values["t2.fees.fee_amount"] = model.Num(96171.6)
	r.Prose["other"] = model.Field{Text: "无。"}
	got := findingsOf(Check(r, nil), rule.FeeUnexplained)
	if len(got) != 1 || strings.Contains(got[0].Message, "96171.6") || strings.Contains(got[0].Message, "行政事业性收费") {
		t.Fatalf("C3: %v", got)
	}
	if errs, warns := Count(got); errs != 0 || warns != 0 {
		t.Errorf("a hint counted: %d errors, %d warnings", errs, warns)
	}
	for _, text := range []string{"本年度未收取信息处理费。", "收取信息处理费0元。"} {
		r.Prose["other"] = model.Field{Text: text}
		if got := findingsOf(Check(r, nil), rule.FeeUnexplained); len(got) != 0 {
			t.Errorf("%s: %v", text, got)
		}
	}
}
