package document

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/template"
)

// The introduction composed from 基本信息 is, word for word, the seed's first two paragraphs.
func TestIntroIsTheSeeds(t *testing.T) {
	d := Build(samplereport.Taicang2020())
	want := []string{
		"本年报根据《中华人民共和国政府信息公开条例》规定和苏州市政府办公室《关于做好2020年政府信息公开年度报告编制发布工作的通知》、太仓市人民政府办公室《关于做好2020年信息公开年度报告编制工作的通知》要求，由太仓市科学技术局编制。",
		"本年报由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、政府信息公开工作存在的主要问题及改进情况、其他需要报告的事项六个部分组成，所列数据的统计期限自2020年1月1日起至2020年12月31日止。如对年报有任何疑问，请与市科技局办公室联系（地址：县府东街99号6号楼B座20楼6B2002室，电话：0512-53537775）。",
	}
	for i, w := range want {
		if d.Intro[i] != w {
			t.Errorf("intro %d:\n got %s\nwant %s", i, d.Intro[i], w)
		}
	}
	if d.Title.Text() != "太仓市科学技术局2020年政府信息公开工作年度报告" || d.Title.Lead() != "太仓市科学技术局2020年" || !d.Title.Complete() {
		t.Errorf("title %+v", d.Title)
	}
	seed, err := os.ReadFile("../../../shared/seed/taicang-keji-2020.txt")
	if err != nil {
		realtest.Missing(t, fmt.Sprint("shared/seed not found beside the repository; the intro was not compared with the published report: ", err))
	}
	for _, w := range want {
		if !strings.Contains(string(seed), w) {
			t.Errorf("expected intro not in the seed: %.30s…", w)
		}
	}
}

func TestSectionsFollowTheEdition(t *testing.T) {
	d := Build(samplereport.Example2021())
	if len(d.Sections) != 6 {
		t.Fatalf("%d sections", len(d.Sections))
	}
	for i, p := range template.Edition2021.Parts {
		if d.Sections[i].Heading != p.Heading {
			t.Errorf("section %d heading %q, want %q", i, d.Sections[i].Heading, p.Heading)
		}
	}
	// 一 has the overview paragraph and then the five sub-headings in order.
	var subs []string
	for _, b := range d.Sections[0].Blocks {
		if b.Kind == Subheading {
			subs = append(subs, b.Text)
		}
	}
	if strings.Join(subs, "|") != "（一）主动公开|（二）依申请公开|（三）政府信息管理|（四）政府信息公开平台建设|（五）监督保障" {
		t.Errorf("subheadings %v", subs)
	}
	if b := d.Sections[1].Blocks; len(b) != 1 || b[0].Kind != TableBlock || len(b[0].Table.Grids) != 4 {
		t.Errorf("table 二: %+v", b)
	}
	for i, want := range []string{"表二 主动公开政府信息情况", "表三 收到和处理政府信息公开申请情况", "表四 政府信息公开行政复议、行政诉讼情况"} {
		if tb := d.Sections[i+1].Blocks[0].Table; tb.Label != want || tb.Number != template.Edition2021.Parts[i+1].Number {
			t.Errorf("table %d: %s %q, want %q", i+2, tb.Number, tb.Label, want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	amount := &template.Node{Label: "采购总金额", Kind: template.Amount}
	labelled := &template.Node{Label: "本年收费金额（单位：万元）", Kind: template.Amount}
	signed := &template.Node{Label: "本年增/减", Kind: template.SignedCount}
	count := &template.Node{Label: "规章"}
	cases := []struct {
		v    model.Value
		col  *template.Node
		want string
	}{
		{model.Num(0), amount, "0万元"},
		{model.Num(25.1), amount, "25.1万元"},
		{model.Num(3.25), labelled, "3.25"},
		{model.Num(3), signed, "+3"},
		{model.Num(-8), signed, "-8"},
		{model.Num(0), signed, "0"},
		{model.Num(1260), count, "1260"},
		{model.Value{State: model.Blank}, count, ""},
		{model.Value{State: model.NotApplicable, Raw: " / "}, count, "/"},
	}
	for _, c := range cases {
		if got := FormatValue(c.v, c.col); got != c.want {
			t.Errorf("FormatValue(%v, %s) = %q, want %q", c.v, c.col.Label, got, c.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := Paragraphs("\u3000\u3000第一段。\r\n\n  第二段。 \n")
	if strings.Join(got, "|") != "第一段。|第二段。" {
		t.Errorf("%q", got)
	}
}

// A title breaks around a bracketed part of the agency, after organisation words (never
// inside one, nor between two), before the year and before the report's name.
func TestTitleWords(t *testing.T) {
	cases := map[string]string{
		"中共太仓市委机构编制委员会办公室（太仓市事业单位登记管理局）": "中共太仓市委|~机构编制委员会办公室|（太仓市事业单位登记管理局）|2025年|政府信息公开工作年度报告",
		"太仓市科学技术局":          "太仓市科学技术局|2025年|政府信息公开工作年度报告",
		"太仓市人民政府办公室":        "太仓市人民政府办公室|2025年|政府信息公开工作年度报告",
		"太仓市城厢镇人民政府（街道）":    "太仓市城厢镇人民政府|（街道）|2025年|政府信息公开工作年度报告",
		"太仓市科学技术局、太仓市知识产权局": "太仓市科学技术局、|太仓市知识产权局|2025年|政府信息公开工作年度报告",
	}
	for agency, want := range cases {
		var got []string
		for _, w := range (Title{Agency: agency, Year: "2025"}).Words() {
			if w.Weak {
				w.Text = "~" + w.Text
			}
			got = append(got, w.Text)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("%s: %s, want %s", agency, strings.Join(got, "|"), want)
		}
	}
	if got := (Title{}).Words(); len(got) != 1 || got[0].Text != Subject {
		t.Errorf("an empty title: %v", got)
	}
}
