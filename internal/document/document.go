// Package document composes the text of a published report from a model.Report: the title,
// the introduction paragraph in the usual wording, the parts with their headings, paragraphs
// and tables, and the signature. The PDF and HTML writers both lay out a Document, so that
// the two always say the same thing.
package document

import (
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// Document is a report ready to be laid out.
type Document struct {
	Title    Title
	Intro    []string
	Sections []Section
	// Signature is printed right-aligned after the last part; empty fields are left out.
	Signature Signature
	// Annex is printed after the signature and is not part of the report: the desk's
	// roll-up preview lists there the agencies left out of the sum. Only the PDF writer
	// prints it; the report's own formats (web page, Word) have none.
	Annex []Section
	Meta  Meta
}

// Subject is the fixed name of the report that ends every title.
const Subject = "政府信息公开工作年度报告"

// Title is the report's title in its parts, {机关名称}{年度}年政府信息公开工作年度报告, so
// that writers can break it between them without parsing it back.
type Title struct {
	Agency string // 太仓市科学技术局
	Year   string // 2020; empty when the report does not say
}

// Text is the whole title.
func (t Title) Text() string { return t.Lead() + Subject }

// Lead is the part of the title before Subject: the agency and the year.
func (t Title) Lead() string {
	if t.Year == "" {
		return t.Agency
	}
	return t.Agency + t.Year + "年"
}

// Word is a piece of a title or a name that a line of a long one never breaks inside.
type Word struct {
	Text string
	// Weak marks a piece that starts inside an agency's name after an organisation word
	// (委员会, 办公室, 管理局 …), or inside a clause of a table label (LabelWords): a break
	// before it is taken only when a line needs it.
	Weak bool
}

// Words cuts the title where a line of a long title may break: inside the agency's name as
// NameWords says, between the agency and the year, and before the fixed name of the report.
func (t Title) Words() []Word {
	words := NameWords(t.Agency)
	if t.Year != "" {
		words = append(words, Word{Text: t.Year + "年"})
	}
	return append(words, Word{Text: Subject})
}

// NameWords cuts an agency's name where a line may break: before and after a bracketed part,
// after a 、 between two names, and (weakly) after an organisation word.
func NameWords(name string) []Word {
	var words []Word
	runes := []rune(name)
	start, weak := 0, false
	cut := func(end int, nextWeak bool) {
		if end > start {
			words = append(words, Word{Text: string(runes[start:end]), Weak: weak})
			start, weak = end, nextWeak
		}
	}
	for i := 0; i < len(runes); {
		switch runes[i] {
		case '（', '(':
			cut(i, false)
		case '）', ')', '、':
			cut(i+1, false)
			i++
			continue
		}
		if n := organisationWord(runes[i:]); n > 0 {
			i += n
			// A further organisation word stays with it (…委员会办公室), and so does a mark;
			// a bracket is a break of its own.
			if i < len(runes) && !strings.ContainsRune("（()）、，", runes[i]) && organisationWord(runes[i:]) == 0 {
				cut(i, true)
			}
			continue
		}
		i++
	}
	cut(len(runes), false)
	return words
}

// organisationWords end the name of an organisation or of one of its offices; the longest
// that starts a text is the one that counts, so 委员会 is not cut after 委.
var organisationWords = []string{
	"人民代表大会常务委员会", "管理委员会", "人民政府", "委员会", "办公室", "办公厅", "办事处",
	"管理局", "管理处", "管理所", "管理站", "中心", "政府", "党委", "局", "厅", "委", "署", "院", "部",
}

// organisationWord is the length in runes of the organisation word that text starts with, or 0.
func organisationWord(text []rune) int {
	best := 0
	for _, w := range organisationWords {
		n := len([]rune(w))
		if n > best && len(text) >= n && string(text[:n]) == w {
			best = n
		}
	}
	return best
}

// Complete says whether the title names both the agency and the year, as a report's file
// name should.
func (t Title) Complete() bool { return t.Agency != "" && t.Year != "" }

// Signature is the agency and the publication date at the end of the report.
type Signature struct {
	Agency string
	Date   string
}

// Meta is what goes into the document's properties.
type Meta struct {
	Title, Author, Subject, Keywords string
	// Workbook is the SHA-256 (hex) of the workbook the report was read from, when the caller
	// knows it, so that a document coming back can be matched to its workbook.
	Workbook string
}

// Section is one of the six parts.
type Section struct {
	Heading string // 一、总体情况
	Blocks  []Block
}

// BlockKind says what a Block is.
type BlockKind int

const (
	// Paragraph is one paragraph of body text.
	Paragraph BlockKind = iota
	// Subheading is a （一）-level heading inside a part.
	Subheading
	// TableBlock is a statistical table.
	TableBlock
)

// Block is one item of a section.
type Block struct {
	Kind  BlockKind
	Text  string // Paragraph and Subheading
	Table *Table // TableBlock
}

// Table is one of the statistical tables 二, 三 and 四 with its cells filled in. Its grids
// (the blocks of table 二, or the one grid of the others) are printed one under the other
// without a gap, with the same columns.
type Table struct {
	Number string // 二
	Label  string // 表二 主动公开政府信息情况, as reports cite the table
	Grids  []*Grid
}

// Build composes the document of a report.
func Build(r *model.Report) *Document {
	year := r.InfoText(template.InfoYear)
	d := &Document{
		Title:     Title{Agency: r.Agency(), Year: year},
		Intro:     intro(r),
		Signature: Signature{Agency: r.Agency(), Date: r.InfoText(template.InfoPublishDate)},
	}
	d.Meta = Meta{
		Title:    d.Title.Text(),
		Author:   r.Agency(),
		Subject:  Subject,
		Keywords: strings.Join([]string{"政府信息公开", "年度报告", year, r.Agency()}, "，"),
	}
	for _, p := range r.Edition.Parts {
		s := Section{Heading: p.Heading}
		if p.Table != nil {
			s.Blocks = append(s.Blocks, Block{Kind: TableBlock, Table: fillTable(r, p.Table)})
		}
		for _, f := range p.Prose {
			text := r.ProseText(f.Key)
			if text == "" {
				continue
			}
			if f.Heading != "" {
				s.Blocks = append(s.Blocks, Block{Kind: Subheading, Text: f.Heading})
			}
			for _, para := range Paragraphs(text) {
				s.Blocks = append(s.Blocks, Block{Kind: Paragraph, Text: para})
			}
		}
		d.Sections = append(d.Sections, s)
	}
	return d
}

// Paragraphs splits prose at line breaks, dropping empty lines and surrounding spaces
// (including the full-width spaces people type as an indent).
func Paragraphs(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.Trim(line, " \t\u3000\r"); line != "" {
			out = append(out, line)
		}
	}
	return out
}

func intro(r *model.Report) []string {
	first := "本年报根据《中华人民共和国政府信息公开条例》规定"
	if basis := Paragraphs(r.InfoText(template.InfoBasis)); len(basis) > 0 {
		first += "和" + strings.Join(basis, "、") + "要求"
	}
	first += "，由" + r.Agency() + "编制。"

	var names []string
	for _, p := range r.Edition.Parts {
		names = append(names, p.Name)
	}
	last := r.Edition.Parts[len(r.Edition.Parts)-1].Number // parts are numbered 一 to 六: the count
	second := "本年报由" + strings.Join(names, "、") + last + "个部分组成，所列数据的统计期限" + period(r) + "。"
	if site := r.InfoText(template.InfoWebsite); site != "" {
		second += "本年报电子版可在" + site + "查阅或下载。"
	}
	if office := r.InfoText(template.InfoContactOffice); office != "" {
		second += "如对年报有任何疑问，请与" + office + "联系"
		var contact []string
		if a := r.InfoText(template.InfoAddress); a != "" {
			contact = append(contact, "地址："+a)
		}
		if p := r.InfoText(template.InfoPhone); p != "" {
			contact = append(contact, "电话："+p)
		}
		if len(contact) > 0 {
			second += "（" + strings.Join(contact, "，") + "）"
		}
		second += "。"
	}
	return []string{first, second}
}

// period words the statistical period as 自2020年1月1日起至2020年12月31日止.
func period(r *model.Report) string {
	p := r.InfoText(template.InfoPeriod)
	if from, to, ok := strings.Cut(p, "至"); ok && from != "" && to != "" {
		return "自" + strings.TrimPrefix(from, "自") + "起至" + strings.TrimSuffix(to, "止") + "止"
	}
	if y := r.InfoText(template.InfoYear); y != "" {
		return "自" + y + "年1月1日起至" + y + "年12月31日止"
	}
	return "为本年度"
}

// fillTable fills in the grids of table tb and names it as reports cite it.
func fillTable(r *model.Report, tb *template.Table) *Table {
	out := &Table{Number: tb.Number, Label: "表" + tb.Number + " " + strings.TrimPrefix(tb.Heading, tb.Number+"、")}
	for _, g := range tb.Grids() {
		out.Grids = append(out.Grids, fillGrid(r, g))
	}
	return out
}

func fillGrid(r *model.Report, g template.Grid) *Grid {
	out := &Grid{Rows: g.Rows, Cols: g.Cols, HeaderRows: g.HeaderRows, LabelCols: g.LabelCols,
		Cells: make([]Cell, len(g.Cells)), Texts: make([]string, len(g.Cells))}
	for i, c := range g.Cells {
		out.Cells[i] = Cell{Row: c.Row, Col: c.Col, RowSpan: c.RowSpan, ColSpan: c.ColSpan,
			Text: c.Text, Key: c.Key, Role: roles[c.Role]}
		if c.Role == template.RoleValue {
			out.Texts[i] = FormatValue(r.Values[c.Key], c.Column)
		} else {
			out.Texts[i] = c.Text
		}
	}
	return out
}

// FormatValue prints a value as a published table shows it: a blank stays blank and text
// such as "/" stays as entered; numbers are printed plainly, an increase of 本年增/减 with
// "+", and an amount with its unit unless the column's label already names it.
func FormatValue(v model.Value, column *template.Node) string {
	if !v.Sane() { // text, or a number beyond any report's as it was typed (1E308)
		return strings.TrimSpace(v.Raw)
	}
	k := column.Kind
	s := strconv.FormatFloat(v.Number, 'f', -1, 64)
	if k == template.Amount {
		s = strconv.FormatFloat(v.Number, 'f', 4, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if !strings.Contains(column.Label, k.Unit()) {
			s += k.Unit()
		}
	}
	if k == template.SignedCount && v.Number > 0 {
		s = "+" + s
	}
	return s
}
