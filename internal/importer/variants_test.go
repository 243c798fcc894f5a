package importer

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/model"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Variants of a report's tables as real reports print them, built by code: 「1、」 for 「1.」,
// long labels over two lines, blank and 「/」 cells, and table 三 split in two with its header
// repeated.

var numberedDot = regexp.MustCompile(`^(\d)\.`)

// variant marks the cells of report r as real reports do and returns the report as expected
// back: the first row of 二、上年结转 blank, 1.属于国家秘密 printed 「/」.
func variant(r *model.Report) *model.Report {
	v := *r
	v.Values = map[string]model.Value{}
	for k, x := range r.Values {
		v.Values[k] = x
	}
	for _, c := range r.Edition.Cells() {
		switch {
		case strings.HasPrefix(c.Key, "t3.carried_in.") && c.Column.Key == "person":
			v.Values[c.Key] = model.Value{}
		case strings.HasPrefix(c.Key, "t3.denied_secret."):
			v.Values[c.Key] = model.Value{State: model.NotApplicable, Raw: "/"}
		}
	}
	return &v
}

// variantTables lays out the document's tables as Word tables with the variants' labels,
// table 三 split after its tenth data row with the header repeated.
func variantTables(d *document.Document) [][][]wordCell {
	var out [][][]wordCell
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind != document.TableBlock {
				continue
			}
			for _, g := range b.Table.Grids {
				rows := wordGrid(g)
				for _, row := range rows {
					for i := range row {
						c := &row[i]
						if valueLike(c.text) {
							continue
						}
						c.text = numberedDot.ReplaceAllString(c.text, "$1、")
						if r := []rune(c.text); len(r) > 10 {
							c.lines = []string{string(r[:len(r)/2]), string(r[len(r)/2:])}
						}
					}
				}
				if b.Table.Number == "三" {
					cut := g.HeaderRows + 10
					second := append(append([][]wordCell{}, rows[:g.HeaderRows]...), rows[cut:]...)
					for i := range second[g.HeaderRows] {
						if second[g.HeaderRows][i].vmerge == "continue" {
							second[g.HeaderRows][i].vmerge = "restart"
						}
					}
					out = append(out, rows[:cut], second)
					continue
				}
				out = append(out, rows)
			}
		}
	}
	return out
}

func variantDOCX(t *testing.T, d *document.Document) []byte {
	var w wordDoc
	w.para(d.Title.Text())
	for _, p := range d.Intro {
		w.para(p)
	}
	tables := variantTables(d)
	ti := 0
	for _, s := range d.Sections {
		w.para(s.Heading)
		for _, b := range s.Blocks {
			if b.Kind != document.TableBlock {
				w.para(b.Text)
				continue
			}
			n := len(b.Table.Grids)
			if b.Table.Number == "三" {
				n++
			}
			for ; n > 0; n-- {
				w.table(tables[ti], 0)
				ti++
			}
		}
	}
	w.para(d.Signature.Agency)
	w.para(d.Signature.Date)
	return w.bytes(t)
}

// variantHTML is the same as a web page: rowspan for Word's vertical merges, <p> inside cells,
// encoded in GBK as many portals still serve.
func variantHTML(t *testing.T, d *document.Document) []byte {
	var b strings.Builder
	b.WriteString(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>x</title><style>td{border:1px}</style></head><body><div class="frame"><table><tr><td>`)
	p := func(s string) { fmt.Fprintf(&b, "<p style=\"text-indent:2em\">%s</p>\n", esc(s)) }
	p(d.Title.Text())
	for _, x := range d.Intro {
		p(x)
	}
	tables := variantTables(d)
	ti := 0
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "<p><strong>%s</strong></p>", esc(s.Heading))
		for _, blk := range s.Blocks {
			if blk.Kind != document.TableBlock {
				p(blk.Text)
				continue
			}
			n := len(blk.Table.Grids)
			if blk.Table.Number == "三" {
				n++
			}
			for ; n > 0; n-- {
				htmlTable(&b, tables[ti])
				ti++
			}
		}
	}
	p(d.Signature.Agency)
	p(d.Signature.Date)
	b.WriteString(`</td></tr></table></div></body></html>`)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return []byte(gbk)
}

func htmlTable(b *strings.Builder, rows [][]wordCell) {
	b.WriteString("<table border=\"1\">\n")
	for i, row := range rows {
		b.WriteString("<tr>")
		col := 0
		for _, c := range row {
			if c.vmerge == "continue" {
				col += max(c.span, 1)
				continue
			}
			rowspan := 1
			if c.vmerge == "restart" {
				for j := i + 1; j < len(rows); j++ {
					if k := cellAtCol(rows[j], col); k < 0 || rows[j][k].vmerge != "continue" {
						break
					}
					rowspan++
				}
			}
			fmt.Fprintf(b, `<td colspan="%d" rowspan="%d">`, max(c.span, 1), rowspan)
			lines := c.lines
			if lines == nil {
				lines = []string{c.text}
			}
			for _, l := range lines {
				fmt.Fprintf(b, "<p>%s</p>", esc(l))
			}
			b.WriteString("</td>")
			col += max(c.span, 1)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n")
}

// cellAtCol is the index of the cell of a row that starts at grid column col, or -1.
func cellAtCol(row []wordCell, col int) int {
	c := 0
	for i, x := range row {
		if c == col {
			return i
		}
		c += max(x.span, 1)
	}
	return -1
}

func TestVariants(t *testing.T) {
	for _, r := range samples(t) {
		want := variant(r)
		d := document.Build(want)
		for name, data := range map[string][]byte{"variant.docx": variantDOCX(t, d), "variant.html": variantHTML(t, d)} {
			res, err := Import(context.Background(), name, data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !res.Complete() {
				t.Errorf("%s %s: not complete: %s", r.Agency(), name, res.Summary())
			}
			sameReport(t, r.Agency()+" "+name, want, res.Report)
		}
	}
}

// A portal's page prints its name and the path to the page before the report's title, which
// is not part of the agency's name.
func TestTitleAfterPortalText(t *testing.T) {
	page := `<html><body><div>示例市人民政府门户网站</div><div>首页 > 政务公开 > 年度报告</div>
<h1>示例市交通运输局</h1><h2>2024年政府信息公开工作年度报告</h2><p>发布时间：2025-01-20</p>
<p>一、总体情况</p><p>本年度依法公开。</p></body></html>`
	res, err := Import(context.Background(), "page.html", []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Report; r.Agency() != "示例市交通运输局" || r.Year() != 2024 || r.Edition.ID != "2021" {
		t.Errorf("agency %q year %d edition %s", r.Agency(), r.Year(), r.Edition.ID)
	}
}

// A page's encoding: declared after a long head, or not at all (UTF-8, or GBK as old portals
// serve it), is never read as windows-1252.
func TestPageEncodings(t *testing.T) {
	body := `<p>示例县教育局2024年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本年度依法公开。</p>`
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(body)
	for name, page := range map[string]string{
		"late meta": "<html><head>" + strings.Repeat("<!-- padding -->", 200) + `<meta charset="gbk"></head><body>` + gbk + "</body></html>",
		"utf-8":     "<html><body>" + body + "</body></html>",
		"gbk, bare": "<html><body>" + gbk + "</body></html>",
	} {
		res, err := Import(context.Background(), "page.html", []byte(page), Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Report.Agency() != "示例县教育局" {
			t.Errorf("%s: agency %q", name, res.Report.Agency())
		}
	}
}
