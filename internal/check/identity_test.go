package check

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func TestMatchAgency(t *testing.T) {
	for _, c := range []struct {
		listed, stated string
		want           Match
	}{
		{"太仓市财政局", "太仓市财政局", Same},
		{"太仓市财政局", " 太仓市 财政局\u3000", Same},                 // spaces, also full-width
		{"ＡＢＣ市财政局", "ABC市财政局", Same},                       // width
		{"太仓市财政局（太仓市国有资产监督管理办公室）", "太仓市财政局", Same},         // the list's parenthetical
		{"太仓市财政局", "太仓市财政局(太仓市国有资产监督管理办公室)", Same},         // the workbook's, half-width
		{"太仓市财政局（太仓市国有资产监督管理办公室）", "太仓市国有资产监督管理办公室", Same}, // the other name of the same office
		{"太仓市财政局", "太仓市财\u202e政局", Same},                   // a format control hides nothing
		{"财政局", "太仓市财政局", Near},                            // one holds the other
		{"太仓市科学技术局", "太仓市科技局", Near},                       // two characters apart
		{"太仓市财政局", "示例市生态环境局", Different},
		{"太仓市财政局", "", Different},
		{"编办", "太仓市科学技术局", Different},
	} {
		if got := MatchAgency(c.listed, c.stated); got != c.want {
			t.Errorf("MatchAgency(%q, %q) = %d, want %d", c.listed, c.stated, got, c.want)
		}
	}
}

// A1 and A2 fail on another agency's and another year's report and pass on the expected one.
func TestIdentity(t *testing.T) {
	r := samplereport.Example2021() // 示例市生态环境局, 2025
	if got := Identity(r, Expect{Agency: "示例市生态环境局", Year: 2025}); len(got) != 0 {
		t.Errorf("the expected report: %+v", got)
	}
	if got := Identity(r, Expect{}); len(got) != 0 {
		t.Errorf("nothing expected: %+v", got)
	}
	got := Identity(r, Expect{Agency: "太仓市财政局", Year: 2020})
	if len(got) != 2 || got[0].Rule != rule.AgencyMismatch || got[1].Rule != rule.YearMismatch ||
		got[0].Severity != Error || got[1].Severity != Error {
		t.Fatalf("findings %+v", got)
	}
	if got[0].Message != "这是“示例市生态环境局”的报告，不是本单位（太仓市财政局）的" || got[1].Message != "这是2025年度的报告，本次报送2020年度" {
		t.Errorf("messages %q, %q", got[0].Message, got[1].Message)
	}
	if !strings.Contains(AgencyProblem("太仓市财政局", ""), "没有填写机关名称") || !strings.Contains(YearProblem(2025, 0), "没有填写报告年度") {
		t.Error("a workbook without a name or a year is not refused")
	}
}

// T2 names the format controls of a cell, escaped, and passes on plain text.
func TestFormatControls(t *testing.T) {
	r := samplereport.Example2021()
	if got := FormatControls(r); len(got) != 0 {
		t.Errorf("plain report: %+v", got)
	}
	r.Prose["other"] = model.Field{Text: "无\u202e事项"}
	got := FormatControls(r)
	if len(got) != 1 || got[0].Rule != rule.FormatControl || !strings.Contains(got[0].Message, "U+202E") ||
		strings.ContainsRune(got[0].Message, '\u202e') || strings.ContainsRune(got[0].Left[0].Value.Raw, '\u202e') {
		t.Errorf("findings %+v", got)
	}
	if u := Unprintable(r, func(rune) bool { return false }); len(u) > 0 && strings.ContainsRune(u[len(u)-1].Message, '\u202e') {
		t.Error("T1 repeats the format control")
	}
}
