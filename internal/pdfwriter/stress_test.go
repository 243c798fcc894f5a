package pdfwriter

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// Agencies of the stress corpus: the one whose title broke inside words (issue 11, defect 6)
// and one longer than a line of body text, whose signature ran off the page (defect 1).
const (
	longAgency     = "中共太仓市委机构编制委员会办公室（太仓市事业单位登记管理局）"
	overlongAgency = "中共江苏省苏州市太仓市委员会机构编制委员会办公室（江苏省苏州市太仓市事业单位登记管理局、太仓市机构编制电子政务中心）"
)

// stressProse is real report prose of one to six lines, from the seed and the samples.
var stressProse = []string{
	"全年未收到政府信息公开申请。",
	"市科技局深入贯彻落实《2020年政务公开工作要点》等决策部署，坚持以公开促落实、促规范、促服务。",
	"2020年以来，及时调整信息公开分管领导、专职信息员、各科室兼职信息员，制定发布《局政府信息公开责任追究制度》，推动政府信息公开工作不断向标准化规范化方向发展。",
	"做好相关栏目政务信息发布及本部门信息更新，加强政府信息公开力度。全年运用各类媒体，大力宣贯科技政策、宣传科技成果。依托政府门户网站主动公开信息67条，在《国际人才交流杂志》《苏州日报》《中国青年报》《江苏公共·新闻》等苏州市级以上刊物和媒体刊播新闻报道13篇。",
	"《太仓日报》发表头版头条22篇、专版7篇、日常报道125篇，太仓发布、太仓融媒发布等各类新媒体稿件近20篇，“太仓科技”微信公众号推送信息293篇，涉及人事调整、政策解读、项目申报、立项公示、工作动态等多项内容，局领导参加在线访谈、《相逢》节目录制和新闻发布会各一次。全年未收到政府信息公开申请、行政复议和行政诉讼等情况。",
}

// stressCorpus is the samples and reports built to be hard on the page: long agencies, and
// paragraphs of one to five lines shifted line by line, so that page breaks fall at every
// place of a paragraph, before and after every heading, and before the signature.
func stressCorpus() map[string]*document.Document {
	out := samples()
	for _, agency := range []string{longAgency, overlongAgency} {
		d := document.Build(samplereport.Taicang2020())
		d.Title.Agency, d.Signature.Agency, d.Signature.Date = agency, agency, "2021年1月15日"
		out[fmt.Sprintf("agency%d", len([]rune(agency)))] = d
	}
	for shift := range 15 {
		d := document.Build(samplereport.Example2021())
		var extra []document.Block
		for i := range shift {
			extra = append(extra, document.Block{Kind: document.Paragraph, Text: stressProse[i%2]})
		}
		d.Sections[0].Blocks = append(extra, d.Sections[0].Blocks...)
		for i, s := range d.Sections {
			if s.Blocks[0].Kind == document.TableBlock {
				continue
			}
			for j := range stressProse {
				p := stressProse[(i+j+shift)%len(stressProse)]
				d.Sections[i].Blocks = append(d.Sections[i].Blocks, document.Block{Kind: document.Paragraph, Text: p})
			}
		}
		out[fmt.Sprintf("shift%d", shift)] = d
	}
	return out
}

// stressPDF renders each document of the corpus once for all the tests that read it.
var stressPDF = sync.OnceValue(func() map[string][]byte {
	set, err := fonts.Default()
	if err != nil {
		panic(err)
	}
	out := map[string][]byte{}
	for name, d := range stressCorpus() {
		var buf bytes.Buffer
		if err := Write(&buf, d, Options{Fonts: set}); err != nil {
			panic(fmt.Sprintf("%s: %v", name, err))
		}
		out[name] = buf.Bytes()
	}
	return out
})
