package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/template"
)

// wordDoc builds a .docx by code: body XML made of paragraphs and tables.
type wordDoc struct{ body strings.Builder }

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (w *wordDoc) para(text string) {
	fmt.Fprintf(&w.body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, esc(text))
}

// raw adds body XML as is.
func (w *wordDoc) raw(s string) { w.body.WriteString(s) }

// wordCell is a cell of a table built by code.
type wordCell struct {
	text    string
	span    int
	vmerge  string // "", "restart", "continue"
	lines   []string
	tracked string // XML of runs placed after the text (w:ins, w:del)
}

func (w *wordDoc) table(rows [][]wordCell, headerRows int) {
	w.body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
	for i, row := range rows {
		w.body.WriteString(`<w:tr>`)
		if i < headerRows {
			w.body.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for _, c := range row {
			w.body.WriteString(`<w:tc><w:tcPr>`)
			if c.span > 1 {
				fmt.Fprintf(&w.body, `<w:gridSpan w:val="%d"/>`, c.span)
			}
			switch c.vmerge {
			case "restart":
				w.body.WriteString(`<w:vMerge w:val="restart"/>`)
			case "continue":
				w.body.WriteString(`<w:vMerge/>`)
			}
			w.body.WriteString(`</w:tcPr>`)
			lines := c.lines
			if lines == nil {
				lines = []string{c.text}
			}
			for _, l := range lines {
				fmt.Fprintf(&w.body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r>%s</w:p>`, esc(l), c.tracked)
			}
			w.body.WriteString(`</w:tc>`)
		}
		w.body.WriteString(`</w:tr>`)
	}
	w.body.WriteString(`</w:tbl>`)
}

func (w *wordDoc) bytes(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, content string) {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(content))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)
	add("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+w.body.String()+`</w:body></w:document>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxOf lays out a composed document as Word does: title, paragraphs, and each table's
// grids as real Word tables with gridSpan and vMerge (one Word table per grid, as our own
// renderers print table 二's blocks one under the other).
func docxOf(t testing.TB, d *document.Document) []byte {
	var w wordDoc
	w.para(d.Title.Text())
	for _, p := range d.Intro {
		w.para(p)
	}
	for _, s := range d.Sections {
		w.para(s.Heading)
		for _, b := range s.Blocks {
			switch b.Kind {
			case document.TableBlock:
				for _, g := range b.Table.Grids {
					w.table(wordGrid(g), g.HeaderRows)
				}
			default:
				w.para(b.Text)
			}
		}
	}
	w.para(d.Signature.Agency)
	w.para(d.Signature.Date)
	return w.bytes(t)
}

// wordGrid turns a template grid into Word rows: a cell spanning rows starts a vertical
// merge that the rows below continue.
func wordGrid(g *document.Grid) [][]wordCell {
	type at struct{ r, c int }
	origin := map[at]int{}
	for i, c := range g.Cells {
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			origin[at{r, c.Col}] = i
		}
	}
	var rows [][]wordCell
	for r := 0; r < g.Rows; r++ {
		var row []wordCell
		for c := 0; c < g.Cols; {
			i, ok := origin[at{r, c}]
			if !ok {
				row = append(row, wordCell{span: 1})
				c++
				continue
			}
			gc := g.Cells[i]
			wc := wordCell{span: gc.ColSpan}
			switch {
			case gc.Row == r && gc.RowSpan > 1:
				wc.vmerge, wc.text = "restart", g.Texts[i]
			case gc.Row == r:
				wc.text = g.Texts[i]
			default:
				wc.vmerge = "continue"
			}
			row = append(row, wc)
			c += gc.ColSpan
		}
		rows = append(rows, row)
	}
	return rows
}

func TestDOCXTrackedChanges(t *testing.T) {
	var w wordDoc
	w.para("示例县教育局2024年政府信息公开工作年度报告")
	w.para("一、总体情况")
	w.raw(`<w:p><w:r><w:t>本年度</w:t></w:r><w:ins w:id="1" w:author="领导"><w:r><w:t>认真</w:t></w:r></w:ins><w:del w:id="2" w:author="领导"><w:r><w:delText>草率</w:delText></w:r></w:del><w:r><w:t>推进公开。</w:t></w:r></w:p>`)
	res, err := Import(context.Background(), "草稿.docx", w.bytes(t), Options{Edition: template.Edition2021})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Pending {
		t.Error("tracked changes not flagged")
	}
	if got := res.Report.ProseText("overview"); got != "本年度认真推进公开。" {
		t.Errorf("overview = %q", got)
	}
	if !strings.Contains(res.Summary(), "未处理的修订") {
		t.Errorf("summary %q does not say the changes were pending", res.Summary())
	}
}

// A title in a text box is read, and headings numbered by Word's list numbering (一、 not in
// the text) still head their parts.
func TestDOCXTextBoxAndListNumbering(t *testing.T) {
	var w wordDoc
	w.raw(`<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><wp:anchor xmlns:wp="x"><a:graphic xmlns:a="y"><a:graphicData><wps:wsp xmlns:wps="z"><wps:txbx><w:txbxContent><w:p><w:r><w:t>示例县教育局2024年政府信息公开工作年度报告</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><w:p><w:r><w:t>示例县教育局2024年政府信息公开工作年度报告</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`)
	for _, h := range []string{"总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"} {
		w.raw(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>` + h + `</w:t></w:r></w:p>`)
		w.para(h + "的正文。")
	}
	res, err := Import(context.Background(), "草稿.docx", w.bytes(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	if r.Agency() != "示例县教育局" || r.Year() != 2024 || res.Parts != 6 {
		t.Errorf("agency %q year %d parts %d", r.Agency(), r.Year(), res.Parts)
	}
	if r.ProseText("problems") != "存在的主要问题及改进情况的正文。" {
		t.Errorf("problems %q", r.ProseText("problems"))
	}
}
