package htmlwriter

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func samples() map[string]*document.Document {
	return map[string]*document.Document{
		"taicang2020": document.Build(samplereport.Taicang2020()),
		"example2021": document.Build(samplereport.Example2021()),
	}
}

func render(t testing.TB, d *document.Document, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func parse(t testing.TB, page []byte) *html.Node {
	t.Helper()
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// find returns the elements under n with the given tag, in document order.
func find(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

// visibleTexts lists the text of every text block of the body (heading, paragraph, table
// cell) in document order, leaving out visually hidden captions.
func visibleTexts(root *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "head" || strings.Contains(attr(n, "class"), "visually-hidden"):
				return
			case textBlocks[n.Data]:
				if s := text(n); s != "" {
					out = append(out, s)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

var textBlocks = map[string]bool{"h1": true, "h2": true, "h3": true, "p": true, "th": true, "td": true}

// expectedTexts is everything the PDF prints, in reading order: title, introduction,
// every heading and paragraph, every table cell row by row, and the signature.
func expectedTexts(d *document.Document) []string {
	out := append([]string{d.Title.Text()}, d.Intro...)
	for _, s := range d.Sections {
		out = append(out, s.Heading)
		for _, b := range s.Blocks {
			if b.Kind != document.TableBlock {
				out = append(out, b.Text)
				continue
			}
			for _, g := range b.Table.Grids {
				for _, i := range readingOrder(g) {
					if t := strings.TrimSpace(g.Texts[i]); t != "" {
						out = append(out, t)
					}
				}
			}
		}
	}
	for _, s := range []string{d.Signature.Agency, d.Signature.Date} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func readingOrder(g *document.Grid) []int {
	order := make([]int, len(g.Cells))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ca, cb := g.Cells[order[a]], g.Cells[order[b]]
		return ca.Row < cb.Row || ca.Row == cb.Row && ca.Col < cb.Col
	})
	return order
}

// checkTextsInOrder fails unless every expected text is a text node of the page, in order
// and with nothing but page furniture (such as the draft banner) in between.
func checkTextsInOrder(t *testing.T, got, want []string) {
	t.Helper()
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("page text has %d of %d expected texts in order; first missing: %q", i, len(want), want[i])
	}
	if len(got) != len(want) {
		t.Errorf("page has %d text nodes, the document %d", len(got), len(want))
	}
}

func TestEveryTextAndNumberInOrder(t *testing.T) {
	for name, d := range samples() {
		t.Run(name, func(t *testing.T) {
			checkTextsInOrder(t, visibleTexts(parse(t, render(t, d, Options{}))), expectedTexts(d))
		})
	}
}

// slots lays a parsed <table> out as the HTML table model does: each cell takes the first
// free slot of its row and covers rowspan × colspan slots. It returns every cell's anchor.
func slots(t *testing.T, table *html.Node) map[*html.Node][2]int {
	t.Helper()
	taken := map[[2]int]bool{}
	anchors := map[*html.Node][2]int{}
	for r, tr := range find(table, "tr") {
		c := 0
		for cell := tr.FirstChild; cell != nil; cell = cell.NextSibling {
			if cell.Type != html.ElementNode {
				continue
			}
			for taken[[2]int{r, c}] {
				c++
			}
			rs, cs := span(cell, "rowspan"), span(cell, "colspan")
			anchors[cell] = [2]int{r, c}
			for i := range rs {
				for j := range cs {
					if taken[[2]int{r + i, c + j}] {
						t.Errorf("cell %q overlaps another at row %d col %d", text(cell), r+i, c+j)
					}
					taken[[2]int{r + i, c + j}] = true
				}
			}
			c += cs
		}
	}
	return anchors
}

func span(n *html.Node, key string) int {
	if v := attr(n, key); v != "" {
		n, _ := strconv.Atoi(v)
		return n
	}
	return 1
}

// gridTables pairs every table grid of d with its <table> in the page.
func gridTables(t *testing.T, d *document.Document, root *html.Node) map[*document.Grid]*html.Node {
	t.Helper()
	tables := find(root, "table")
	out := map[*document.Grid]*html.Node{}
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			if b.Kind != document.TableBlock {
				continue
			}
			for _, g := range b.Table.Grids {
				if len(tables) == 0 {
					t.Fatal("fewer <table>s than grids")
				}
				out[g], tables = tables[0], tables[1:]
			}
		}
	}
	if len(tables) > 0 {
		t.Fatalf("%d <table>s more than grids", len(tables))
	}
	return out
}

// Every cell sits where the grid puts it, with the grid's spans, as th or td by role.
func TestTablesHaveTheGridsSpans(t *testing.T) {
	for name, d := range samples() {
		t.Run(name, func(t *testing.T) {
			for g, table := range gridTables(t, d, parse(t, render(t, d, Options{}))) {
				anchors := slots(t, table)
				cells := map[[2]int]*html.Node{}
				for n, at := range anchors {
					cells[at] = n
				}
				if len(anchors) != len(g.Cells) {
					t.Errorf("table %q has %d cells, grid %d", text(find(table, "caption")[0]), len(anchors), len(g.Cells))
				}
				for i, c := range g.Cells {
					n := cells[[2]int{c.Row, c.Col}]
					if n == nil {
						t.Errorf("no cell at row %d col %d (%q)", c.Row, c.Col, g.Texts[i])
						continue
					}
					wantTag := "th"
					if c.Role == document.RoleValue {
						wantTag = "td"
					}
					if n.Data != wantTag || span(n, "rowspan") != c.RowSpan || span(n, "colspan") != c.ColSpan || text(n) != strings.TrimSpace(g.Texts[i]) {
						t.Errorf("row %d col %d: <%s rowspan=%d colspan=%d>%s, want <%s rowspan=%d colspan=%d>%s",
							c.Row, c.Col, n.Data, span(n, "rowspan"), span(n, "colspan"), text(n),
							wantTag, c.RowSpan, c.ColSpan, g.Texts[i])
					}
				}
				if rows := find(find(table, "thead")[0], "tr"); len(rows) != g.HeaderRows {
					t.Errorf("thead has %d rows, grid %d header rows", len(rows), g.HeaderRows)
				}
			}
		})
	}
}

// The spans of table 三 as the official form prints them, by hand.
func TestTable3Spans(t *testing.T) {
	for name, want := range map[string]int{"taicang2020": 20, "example2021": 22} {
		t.Run(name, func(t *testing.T) {
			root := parse(t, render(t, samples()[name], Options{}))
			th := map[string]*html.Node{}
			for _, n := range find(find(root, "section")[2], "th") {
				th[text(n)] = n
			}
			check := func(label string, rowspan, colspan int, scope string) {
				t.Helper()
				n := th[label]
				if n == nil {
					t.Fatalf("no <th>%s", label)
				}
				if span(n, "rowspan") != rowspan || span(n, "colspan") != colspan || attr(n, "scope") != scope {
					t.Errorf("%s: rowspan %d colspan %d scope %q, want %d %d %q", label,
						span(n, "rowspan"), span(n, "colspan"), attr(n, "scope"), rowspan, colspan, scope)
				}
			}
			check("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, "colgroup")
			check("申请人情况", 1, 7, "colgroup")
			check("法人或其他组织", 1, 5, "colgroup")
			check("自然人", 2, 1, "col")
			check("总计", 2, 1, "col")
			check("一、本年新收政府信息公开申请数量", 1, 3, "row")
			check("三、本年度办理结果", want, 1, "rowgroup")
			check("（三）不予公开", 8, 1, "rowgroup")
			check("1.属于国家秘密", 1, 1, "row")
			check("（七）总计", 1, 2, "row")
		})
	}
}

// Every value cell names its headers explicitly, and they are the right ones.
func TestHeadersAttributes(t *testing.T) {
	d := samples()["example2021"]
	root := parse(t, render(t, d, Options{}))
	ids := map[string]*html.Node{}
	for _, n := range find(root, "th") {
		id := attr(n, "id")
		if id == "" || ids[id] != nil {
			t.Errorf("th %q: id %q missing or not unique", text(n), id)
		}
		ids[id] = n
		switch attr(n, "scope") {
		case "col", "colgroup", "row", "rowgroup":
		default:
			t.Errorf("th %q: scope %q", text(n), attr(n, "scope"))
		}
	}
	for _, td := range find(root, "td") {
		if attr(td, "headers") == "" {
			t.Errorf("td without headers")
		}
		for _, id := range strings.Fields(attr(td, "headers")) {
			if ids[id] == nil {
				t.Errorf("td headers name unknown id %q", id)
			}
		}
	}
	// The value of 表三 （三）不予公开 1.属于国家秘密 for 商业企业: its headers read, in order,
	// 申请人情况 法人或其他组织 商业企业 三、本年度办理结果 （三）不予公开 1.属于国家秘密.
	table3 := find(find(root, "section")[2], "table")[0]
	var row *html.Node
	for _, tr := range find(table3, "tr") {
		if strings.Contains(text(tr), "1.属于国家秘密") {
			row = tr
		}
	}
	var names []string
	for _, id := range strings.Fields(attr(find(row, "td")[1], "headers")) {
		names = append(names, text(ids[id]))
	}
	if got := strings.Join(names, " "); got != "申请人情况 法人或其他组织 商业企业 三、本年度办理结果 （三）不予公开 1.属于国家秘密" {
		t.Errorf("headers of 国家秘密/商业企业: %s", got)
	}
	// Table 二: one table per block, each headed by its own title row.
	tables2 := find(find(root, "section")[1], "table")
	if len(tables2) != 4 {
		t.Fatalf("table 二 has %d <table>s, want one per block", len(tables2))
	}
	for _, table := range tables2 {
		title := find(find(table, "thead")[0], "th")[0]
		if !strings.HasPrefix(text(title), "第二十条") || attr(title, "scope") != "colgroup" || span(title, "colspan") != 4 {
			t.Errorf("block title %q scope %q colspan %d", text(title), attr(title, "scope"), span(title, "colspan"))
		}
		if c := text(find(table, "caption")[0]); c != "表二 主动公开政府信息情况："+text(title) {
			t.Errorf("caption %q", c)
		}
	}
}

// checkNoHandlers fails if any element has an event handler attribute.
func checkNoHandlers(t *testing.T, root *html.Node) {
	t.Helper()
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
}

func TestPageStructure(t *testing.T) {
	d := samples()["example2021"]
	page := render(t, d, Options{})
	root := parse(t, page)
	if h := find(root, "html")[0]; attr(h, "lang") != "zh-CN" {
		t.Errorf("lang %q", attr(h, "lang"))
	}
	meta := map[string]string{}
	charset := false
	for _, m := range find(root, "meta") {
		if attr(m, "charset") == "utf-8" {
			charset = true
		}
		meta[attr(m, "name")] = attr(m, "content")
	}
	if !charset || meta["viewport"] == "" || meta["author"] != d.Meta.Author ||
		meta["keywords"] != d.Meta.Keywords || meta["description"] != d.Meta.Subject || meta["generator"] != "nianbao dev" {
		t.Errorf("charset %v, meta %v", charset, meta)
	}
	if _, ok := meta["robots"]; ok {
		t.Error("a final page asks not to be indexed")
	}
	if got := text(find(root, "title")[0]); got != d.Title.Text() {
		t.Errorf("title %q", got)
	}
	mains := find(root, "main")
	if len(mains) != 1 || len(find(mains[0], "h1")) != 1 || text(find(mains[0], "h1")[0]) != d.Title.Text() {
		t.Error("want one <main> with one <h1> title")
	}
	sections := find(root, "section")
	if len(sections) != 6 {
		t.Fatalf("%d sections", len(sections))
	}
	for i, s := range sections {
		h2 := find(s, "h2")
		if len(h2) != 1 || attr(h2[0], "id") != attr(s, "aria-labelledby") || text(h2[0]) != d.Sections[i].Heading {
			t.Errorf("section %d not labelled by its <h2>", i)
		}
	}
	if got := len(find(sections[0], "h3")); got != 5 {
		t.Errorf("%d sub-headings in 一", got)
	}
	for _, region := range find(root, "div") {
		if attr(region, "class") == "table-scroll" && (attr(region, "role") != "region" || attr(region, "aria-label") == "" || attr(region, "tabindex") != "0") {
			t.Errorf("scrolling table region %q is not a labelled, focusable region", attr(region, "id"))
		}
	}
	sig := find(root, "time")
	if len(sig) != 1 || attr(sig[0], "datetime") != "2026-01-20" || text(sig[0]) != "2026年1月20日" {
		t.Errorf("signature date not a <time datetime=2026-01-20>")
	}
	// Standalone: nothing is loaded from anywhere, nothing runs.
	lower := strings.ToLower(string(page))
	checkNoHandlers(t, root)
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(", "javascript:"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, css := range []string{"text-indent: 2em", "text-align: justify", "border-collapse: collapse", "overflow-x: auto",
		"@media print", "size: A4", "margin: 37mm 26mm 35mm 28mm", "display: table-header-group", "break-inside: avoid", `"FangSong"`} {
		if !strings.Contains(string(page), css) {
			t.Errorf("style sheet lacks %q", css)
		}
	}
}

// Text from a workbook is text, wherever it lands.
func TestWorkbookTextNeverBecomesMarkup(t *testing.T) {
	const evil = `<script>alert(1)</script>`
	const attrEvil = `" onmouseover="alert(1)`
	d := samples()["example2021"]
	d.Title = document.Title{Agency: evil}
	d.Meta.Author = attrEvil
	d.Meta.Keywords = evil
	d.Intro = []string{evil}
	d.Sections[0].Blocks = append(d.Sections[0].Blocks,
		document.Block{Kind: document.Subheading, Text: evil},
		document.Block{Kind: document.Paragraph, Text: "甲" + evil + "乙"})
	g := d.Sections[2].Blocks[0].Table.Grids[0]
	g.Texts = append([]string(nil), g.Texts...)
	for i, c := range g.Cells {
		if c.Role == document.RoleValue {
			g.Texts[i] = evil
			break
		}
	}
	d.Signature.Agency = attrEvil
	page := render(t, d, Options{Draft: true})
	if bytes.Contains(bytes.ToLower(page), []byte("<script")) {
		t.Fatalf("workbook text became markup:\n%s", page)
	}
	root := parse(t, page)
	checkNoHandlers(t, root)
	if len(find(root, "script")) != 0 {
		t.Error("a <script> element")
	}
	texts := strings.Join(visibleTexts(root), "\n")
	for _, want := range []string{evil, "甲" + evil + "乙", attrEvil} {
		if !strings.Contains(texts, want) {
			t.Errorf("%q is not shown as text", want)
		}
	}
	if got := text(find(root, "title")[0]); got != "【草稿】"+evil+document.Subject {
		t.Errorf("title %q", got)
	}
	for _, m := range find(root, "meta") {
		if attr(m, "name") == "author" && attr(m, "content") != attrEvil {
			t.Errorf("author %q", attr(m, "content"))
		}
	}
}

func TestDraftBanner(t *testing.T) {
	d := samples()["taicang2020"]
	for _, draft := range []bool{false, true} {
		root := parse(t, render(t, d, Options{Draft: draft}))
		var banner *html.Node
		for _, p := range find(root, "p") {
			if attr(p, "class") == "draft-banner" {
				banner = p
			}
		}
		if draft != (banner != nil) {
			t.Errorf("draft %v: banner %v", draft, banner != nil)
		}
		if banner != nil && !strings.HasPrefix(text(banner), "草稿") {
			t.Errorf("banner says %q", text(banner))
		}
		// The report's own text is unchanged by the banner.
		var report []string
		for _, s := range visibleTexts(root) {
			if banner == nil || !strings.Contains(text(banner), s) {
				report = append(report, s)
			}
		}
		checkTextsInOrder(t, report, expectedTexts(d))
	}
}

func TestSignatureLeavesOutEmptyFields(t *testing.T) {
	d := samples()["taicang2020"] // no publication date
	root := parse(t, render(t, d, Options{}))
	var sig *html.Node
	for _, div := range find(root, "div") {
		if attr(div, "class") == "signature" {
			sig = div
		}
	}
	if sig == nil || len(find(sig, "p")) != 1 || text(sig) != "太仓市科学技术局" {
		t.Errorf("signature %v", sig)
	}
}

// The title is set in pieces that a line never breaks inside (each an inline block): around
// a bracket, after an organisation word, before the year and before the report's name.
func TestTitleBreaksOnlyBetweenItsWords(t *testing.T) {
	d := samples()["taicang2020"]
	d.Title.Agency = "中共太仓市委机构编制委员会办公室（太仓市事业单位登记管理局）"
	root := parse(t, render(t, d, Options{}))
	var words []string
	for _, span := range find(find(root, "h1")[0], "span") {
		words = append(words, text(span))
	}
	if strings.Join(words, "|") != "中共太仓市委|机构编制委员会办公室|（太仓市事业单位登记管理局）|2020年|政府信息公开工作年度报告" {
		t.Errorf("title words %q", words)
	}
}

// The pages bundled in samples/ are what the writer writes now.
func TestBundledSamplesAreCurrent(t *testing.T) {
	for _, d := range samples() {
		path := filepath.Join("..", "..", "samples", d.Title.Text()+".html")
		bundled, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run: go run ./cmd/mksamples)", err)
		}
		if !bytes.Equal(bundled, render(t, d, Options{})) {
			t.Errorf("%s is out of date: run go run ./cmd/mksamples", path)
		}
	}
}

func TestIsoDate(t *testing.T) {
	for in, want := range map[string]string{"2026年1月20日": "2026-01-20", "2021年12月5日": "2021-12-05", "2021年1月": "", "": ""} {
		if got := isoDate(in); got != want {
			t.Errorf("isoDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// Pages of a batch are written concurrently; each is the same as when written alone.
func TestConcurrentWritesAreIndependent(t *testing.T) {
	d := samples()["example2021"]
	want := render(t, d, Options{})
	got := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() {
			var b bytes.Buffer
			if err := Write(&b, d, Options{}); err == nil {
				got[i] = b.Bytes()
			}
		})
	}
	wg.Wait()
	for i, g := range got {
		if !bytes.Equal(g, want) {
			t.Errorf("page %d written concurrently differs", i)
		}
	}
}

// BenchmarkWrite writes one page and a batch of 200 pages (a county's bureaus), the
// documents built beforehand; the batch once on one goroutine and once on every core.
func BenchmarkWrite(b *testing.B) {
	d := samples()["example2021"]
	write := func(b *testing.B, pages int) {
		for range pages {
			if err := Write(io.Discard, d, Options{}); err != nil {
				b.Error(err)
				return
			}
		}
	}
	for _, pages := range []int{1, 200} {
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			for b.Loop() {
				write(b, pages)
			}
		})
	}
	b.Run("pages=200/cores", func(b *testing.B) {
		workers := runtime.GOMAXPROCS(0)
		for b.Loop() {
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() { write(b, 200/workers+min(1, max(0, 200%workers-w))) })
			}
			wg.Wait()
		}
	})
}
