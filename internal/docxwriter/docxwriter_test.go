package docxwriter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/samplereport"
)

// samples are the documents of both bundled samples, one of each edition.
func samples() map[string]*document.Document {
	return map[string]*document.Document{
		"taicang2020": document.Build(samplereport.Taicang2020()),
		"example2021": document.Build(samplereport.Example2021()),
	}
}

var fixedTime = time.Date(2026, 1, 20, 9, 30, 0, 0, time.UTC)

func render(t testing.TB, d *document.Document, o Options) []byte {
	t.Helper()
	if o.Created.IsZero() {
		o.Created = fixedTime
	}
	var b bytes.Buffer
	if err := Write(&b, d, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// parts reads every part of a package, in order.
func parts(t testing.TB, docx []byte) (names []string, body map[string]string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	body = map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
		body[f.Name] = string(b)
	}
	return names, body
}

// node is a parsed XML element, enough to walk WordprocessingML.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

func parse(t testing.TB, s string) *node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(s), &n); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	return &n
}

func (n *node) attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (n *node) child(local string) *node {
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			return c
		}
	}
	return nil
}

func (n *node) all(local string) []*node {
	var out []*node
	for _, c := range n.Nodes {
		if c.XMLName.Local == local {
			out = append(out, c)
		}
		out = append(out, c.all(local)...)
	}
	return out
}

// text is the text of the w:t elements under n, line breaks as "\n".
func (n *node) text() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(n *node) {
		switch n.XMLName.Local {
		case "t":
			b.WriteString(n.Text)
		case "br":
			b.WriteString("\n")
		}
		for _, c := range n.Nodes {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func (n *node) style() string {
	if p := n.child("pPr"); p != nil {
		if s := p.child("pStyle"); s != nil {
			return s.attr("val")
		}
	}
	return ""
}

// TestPage holds the page setup to GB/T 9704: A4, margins 37/35/28/26 mm, the 22 × 28 grid,
// odd and even footers.
func TestPage(t *testing.T) {
	_, p := parts(t, render(t, samples()["taicang2020"], Options{}))
	sect := parse(t, p["word/document.xml"]).child("body").child("sectPr")
	mm := func(twips string) float64 {
		n, _ := strconv.Atoi(twips)
		return float64(n) / twipsPerMM
	}
	sz, mar, grid := sect.child("pgSz"), sect.child("pgMar"), sect.child("docGrid")
	for _, c := range []struct {
		what string
		got  float64
		want float64
	}{
		{"width", mm(sz.attr("w")), 210}, {"height", mm(sz.attr("h")), 297},
		{"top", mm(mar.attr("top")), 37}, {"bottom", mm(mar.attr("bottom")), 35},
		{"left", mm(mar.attr("left")), 28}, {"right", mm(mar.attr("right")), 26},
		{"lines", 225 * twipsPerMM / mm2twips(grid.attr("linePitch")), 22},
	} {
		if c.got < c.want-0.1 || c.got > c.want+0.1 {
			t.Errorf("%s = %.2f, want %v", c.what, c.got, c.want)
		}
	}
	// 28 characters: 16 pt plus charSpace/4096 pt each fill the type area.
	cs, _ := strconv.Atoi(grid.attr("charSpace"))
	if pitch := 16 + float64(cs)/4096; int(float64(areaW)/20/pitch) != 28 || grid.attr("type") != "linesAndChars" {
		t.Errorf("docGrid %v: %.3f pt a character, not 28 a line", grid.Attrs, pitch)
	}
	refs := map[string]bool{}
	for _, f := range sect.all("footerReference") {
		refs[f.attr("type")] = true
	}
	if !refs["default"] || !refs["even"] || !strings.Contains(p["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Errorf("footers %v: want odd and even ones", refs)
	}
	for part, jc := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
		f := parse(t, p[part])
		if got := f.child("p").child("pPr").child("jc").attr("val"); got != jc {
			t.Errorf("%s aligned %s, want %s (the outside edge)", part, got, jc)
		}
		if got := f.text(); got != "— 1 —" || !strings.Contains(p[part], `w:instr=" PAGE "`) {
			t.Errorf("%s reads %q, want 「— 1 —」 with a PAGE field", part, got)
		}
	}
}

func mm2twips(s string) float64 { n, _ := strconv.Atoi(s); return float64(n) }

// TestStyles holds the named styles and their faces: every paragraph of the body is in one
// of them, with no direct run formatting.
func TestStyles(t *testing.T) {
	_, p := parts(t, render(t, samples()["example2021"], Options{}))
	st := parse(t, p["word/styles.xml"])
	face := map[string]string{}
	ids := map[string]string{}
	for _, s := range st.all("style") {
		name := s.child("name").attr("val")
		ids[s.attr("styleId")] = name
		if r := s.child("rPr"); r != nil && r.child("rFonts") != nil {
			face[name] = r.child("rFonts").attr("eastAsia")
		}
	}
	for name, want := range map[string]string{"正文": "仿宋_GB2312", "标题": "方正小标宋简体", "一级标题": "黑体",
		"二级标题": "楷体_GB2312", "表格": "仿宋_GB2312", "页码": "宋体"} {
		if face[name] != want {
			t.Errorf("style %s in %q, want %q", name, face[name], want)
		}
	}
	if !strings.Contains(p["word/fontTable.xml"], `<w:font w:name="仿宋_GB2312"><w:altName w:val="FangSong"/>`) {
		t.Errorf("fontTable lacks 仿宋_GB2312 with FangSong as its alternative:\n%s", p["word/fontTable.xml"])
	}
	doc := parse(t, p["word/document.xml"])
	used := map[string]int{}
	for _, para := range doc.all("p") {
		used[ids[para.style()]]++
	}
	for _, name := range []string{"标题", "正文", "一级标题", "二级标题", "表格", "表格项目", "落款"} {
		if used[name] == 0 {
			t.Errorf("no paragraph in style %s (%v)", name, used)
		}
	}
	if used[""] > 0 {
		t.Errorf("%d paragraphs in no named style", used[""])
	}
	if n := len(doc.all("rPr")); n > 0 {
		t.Errorf("%d runs formatted directly; styles should do it", n)
	}
}

// TestText holds the body to the document: the title's lines, every paragraph and heading in
// order in its style, and the signature.
func TestText(t *testing.T) {
	for name, d := range samples() {
		_, p := parts(t, render(t, d, Options{}))
		doc := parse(t, p["word/document.xml"])
		var got []string
		for _, para := range doc.child("body").all("p") {
			if para.style() != styleTable && para.style() != styleRowLabel && para.text() != "" {
				got = append(got, para.style()+":"+para.text())
			}
		}
		want := []string{}
		title := strings.ReplaceAll(got[0], "\n", "")
		if title != styleTitle+":"+d.Title.Text() || !strings.Contains(got[0], "\n") {
			t.Errorf("%s: title %q, want %q on two lines", name, got[0], d.Title.Text())
		}
		for _, s := range d.Intro {
			want = append(want, styleBody+":"+s)
		}
		for _, s := range d.Sections {
			want = append(want, styleHeading+":"+s.Heading)
			for _, b := range s.Blocks {
				switch b.Kind {
				case document.Paragraph:
					want = append(want, styleBody+":"+b.Text)
				case document.Subheading:
					want = append(want, styleSubhead+":"+b.Text)
				}
			}
		}
		want = append(want, styleSignature+":"+d.Signature.Agency)
		if d.Signature.Date != "" {
			want = append(want, styleSignature+":"+d.Signature.Date)
		}
		if strings.Join(got[1:], "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: paragraphs\n%s\nwant\n%s", name, strings.Join(got[1:], "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestTables holds each table to its grids: merged cells as gridSpan and vMerge, the header
// repeated, no row split, the columns filling the type area, numbers centred.
func TestTables(t *testing.T) {
	for name, d := range samples() {
		_, p := parts(t, render(t, d, Options{}))
		tbls := parse(t, p["word/document.xml"]).all("tbl")
		var tables []*document.Table
		for _, s := range d.Sections {
			for _, b := range s.Blocks {
				if b.Kind == document.TableBlock {
					tables = append(tables, b.Table)
				}
			}
		}
		if len(tbls) != len(tables) {
			t.Fatalf("%s: %d tables, want %d", name, len(tbls), len(tables))
		}
		for k, tb := range tables {
			tbl := tbls[k]
			total := 0
			for _, c := range tbl.child("tblGrid").all("gridCol") {
				w, _ := strconv.Atoi(c.attr("w"))
				total += w
			}
			if c := tbl.child("tblPr").child("tblCaption"); c == nil || c.attr("val") != tb.Label {
				t.Errorf("%s %s: no caption for screen readers", name, tb.Label)
			}
			if total != areaW {
				t.Errorf("%s %s: columns %d twips wide, type area %d", name, tb.Label, total, areaW)
			}
			rows := tbl.all("tr")
			at := 0
			for _, g := range tb.Grids {
				for r := 0; r < g.Rows; r++ {
					tr := rows[at+r]
					pr := tr.child("trPr")
					if pr == nil || pr.child("cantSplit") == nil {
						t.Errorf("%s %s row %d may split across pages", name, tb.Label, at+r)
					}
					header := pr != nil && pr.child("tblHeader") != nil
					if want := len(tb.Grids) == 1 && r < g.HeaderRows; header != want {
						t.Errorf("%s %s row %d: repeated header %v, want %v", name, tb.Label, at+r, header, want)
					}
					checkRow(t, name+" "+tb.Label, g, r, tr)
				}
				at += g.Rows
			}
			if at != len(rows) {
				t.Errorf("%s %s: %d rows, want %d", name, tb.Label, len(rows), at)
			}
		}
	}
}

// checkRow compares a table row with row r of the grid: each cell starting in it with its
// span, text and style, each cell continuing down into it as a vMerge.
func checkRow(t *testing.T, where string, g *document.Grid, r int, tr *node) {
	t.Helper()
	type want struct {
		span        int
		merge, text string
		style       string
	}
	var wants []want
	for col := 0; col < g.Cols; {
		found := false
		for i, c := range g.Cells {
			if c.Col != col || r < c.Row || r >= c.Row+c.RowSpan {
				continue
			}
			w := want{span: c.ColSpan, text: g.Texts[i], style: styleTable}
			if c.Role == document.RoleRowHeader && c.RowSpan == 1 {
				w.style = styleRowLabel
			}
			switch {
			case c.Row < r:
				w.merge, w.text = "continue", ""
			case c.RowSpan > 1:
				w.merge = "restart"
			}
			wants = append(wants, w)
			col += c.ColSpan
			found = true
			break
		}
		if !found {
			t.Fatalf("%s: no cell at row %d column %d", where, r, col)
		}
	}
	tcs := tr.all("tc")
	if len(tcs) != len(wants) {
		t.Fatalf("%s row %d: %d cells, want %d", where, r, len(tcs), len(wants))
	}
	for i, tc := range tcs {
		pr := tc.child("tcPr")
		span := 1
		if s := pr.child("gridSpan"); s != nil {
			span, _ = strconv.Atoi(s.attr("val"))
		}
		merge := ""
		if m := pr.child("vMerge"); m != nil {
			merge = m.attr("val")
			if merge == "" {
				merge = "continue"
			}
		}
		got := want{span, merge, tc.text(), tc.child("p").style()}
		if got != wants[i] {
			t.Errorf("%s row %d cell %d: %+v, want %+v", where, r, i, got, wants[i])
		}
	}
}

// TestProperties holds core.xml's title and author and the custom properties that match a
// returned document to its workbook.
func TestProperties(t *testing.T) {
	d := samples()["taicang2020"]
	d.Meta.Workbook = strings.Repeat("ab", 32)
	_, p := parts(t, render(t, d, Options{}))
	core := p["docProps/core.xml"]
	for _, want := range []string{"<dc:title>太仓市科学技术局2020年政府信息公开工作年度报告</dc:title>",
		"<dc:creator>太仓市科学技术局</dc:creator>", ">2026-01-20T09:30:00Z</dcterms:created>"} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s:\n%s", want, core)
		}
	}
	custom := p["docProps/custom.xml"]
	if !strings.Contains(custom, `name="nianbao.workbook.sha256"><vt:lpwstr>`+d.Meta.Workbook+`<`) ||
		!strings.Contains(custom, `name="nianbao.version"><vt:lpwstr>`) {
		t.Errorf("custom.xml lacks the workbook's hash or the version:\n%s", custom)
	}
}

// TestDeterministic: the same document and date give the same bytes, with the parts in a
// fixed order; SOURCE_DATE_EPOCH sets the date when none is given.
func TestDeterministic(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1768901400") // 2026-01-20T09:30:00Z
	d := samples()["example2021"]
	a := render(t, d, Options{Created: time.Time{}})
	time.Sleep(1100 * time.Millisecond) // a writer that used the clock would differ now
	var b bytes.Buffer
	if err := Write(&b, d, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b.Bytes()) {
		t.Error("two writes of one document under SOURCE_DATE_EPOCH differ")
	}
	names, p := parts(t, a)
	if names[0] != "[Content_Types].xml" || names[len(names)-1] != "word/footer2.xml" {
		t.Errorf("parts in order %v", names)
	}
	if !strings.Contains(p["docProps/core.xml"], "2026-01-20T09:30:00Z") {
		t.Errorf("core.xml ignores SOURCE_DATE_EPOCH:\n%s", p["docProps/core.xml"])
	}
	z, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	for _, f := range z.File {
		if !f.Modified.Equal(fixedTime) {
			t.Errorf("%s dated %v in the zip, want %v", f.Name, f.Modified, fixedTime)
		}
	}
	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	if err := Write(io.Discard, d, Options{}); err == nil {
		t.Error("a malformed SOURCE_DATE_EPOCH was taken")
	}
}

// TestDraft marks every page of a draft in its header and says so in the properties.
func TestDraft(t *testing.T) {
	names, p := parts(t, render(t, samples()["example2021"], Options{Draft: true}))
	if !strings.Contains(strings.Join(names, " "), "word/header1.xml") || parse(t, p["word/header1.xml"]).text() != "草稿" {
		t.Errorf("no 草稿 header: %v", names)
	}
	if !strings.Contains(p["docProps/core.xml"], "<cp:contentStatus>草稿</cp:contentStatus>") {
		t.Error("core.xml does not say 草稿")
	}
	names, _ = parts(t, render(t, samples()["example2021"], Options{}))
	if strings.Contains(strings.Join(names, " "), "header") {
		t.Errorf("a final document has a header: %v", names)
	}
}

// TestHostileText: what a workbook's cells may hold (XML's special characters, control
// characters, characters XML cannot hold, a name that looks like markup) comes out as
// well-formed XML with the text intact.
func TestHostileText(t *testing.T) {
	d := samples()["example2021"]
	evil := `<w:p>&amp; "引号" 'x' ]]> a` + "\x00\x01\x0b\ufffe\u200b\t" + `b 𠀀`
	d.Title.Agency = evil
	d.Signature.Agency = evil
	d.Meta.Author = evil
	d.Sections[0].Blocks[0].Text = evil
	_, p := parts(t, render(t, d, Options{}))
	for name, body := range p {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			parse(t, body)
		}
	}
	doc := parse(t, p["word/document.xml"])
	want := `<w:p>&amp; "引号" 'x' ]]> a` + "    " + `b 𠀀`
	if !strings.Contains(doc.text(), want) {
		t.Errorf("the text did not survive: want %q in\n%s", want, doc.text())
	}
}

// TestFontsFollowRoles: a role set in an installed or given face is named by it, with the
// official face as its alternative; the embedded stand-ins are never named.
func TestFontsFollowRoles(t *testing.T) {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	faces := roleFonts(set)
	if faces[fonts.Body].name != "仿宋_GB2312" || faces[fonts.Title].name != "方正小标宋简体" {
		t.Errorf("embedded set named %v", faces)
	}
	given, err := fonts.Load("../fonts/data/NianbaoKai-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	set.Faces[fonts.Subheading] = given
	_, p := parts(t, render(t, samples()["example2021"], Options{Fonts: set}))
	want := regexp.MustCompile(`<w:name w:val="二级标题"/>.*?w:eastAsia="` + regexp.QuoteMeta(escape(given.Name)) + `"`)
	if !want.MatchString(p["word/styles.xml"]) {
		t.Errorf("二级标题 not in the given face %q", given.Name)
	}
	if !strings.Contains(p["word/fontTable.xml"], `<w:altName w:val="楷体_GB2312"/>`) {
		t.Errorf("the given face lacks the official one as its alternative:\n%s", p["word/fontTable.xml"])
	}
}

// FuzzWrite: whatever text a workbook holds, in any place of the report, every part of the
// document is well-formed XML and the text of the body is the text given, cleaned.
func FuzzWrite(f *testing.F) {
	f.Add("示例市生态环境局", "一是部分业务科室……", "2026年1月20日")
	f.Add("<w:p>&amp;", "\x00\x01\ufffe\uffff\u200b", "]]>")
	f.Fuzz(func(t *testing.T, agency, paragraph, date string) {
		d := document.Build(samplereport.Example2021())
		d.Title.Agency, d.Signature.Agency, d.Signature.Date, d.Meta.Title = agency, agency, date, agency
		d.Sections[0].Blocks[0].Text = paragraph
		_, p := parts(t, render(t, d, Options{}))
		for name, body := range p {
			var v node
			if err := xml.Unmarshal([]byte(body), &v); err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
		}
		if want := clean(paragraph); !strings.Contains(parse(t, p["word/document.xml"]).text(), want) {
			t.Errorf("paragraph %q lost", want)
		}
	})
}
