package importer

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// The web page reader: a portal page as the browser saved it, in UTF-8 or GBK (the charset
// the page declares, or its byte order mark). Tables with colspan and rowspan and headers
// over several rows are read as tables; a table that holds other tables (the portal's frame
// around the article) is read as text. Scripts, styles and the head are left out.

// Bounds of a web page: a saved portal page is well under 1 MB.
const (
	maxHTMLSize  = 16 << 20
	maxHTMLTags  = 200000 // a long portal page has a few thousand
	maxHTMLDepth = 256
)

func readHTMLPage(ctx context.Context, data []byte) (*Layout, error) {
	if len(data) > maxHTMLSize {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, len(data))
	}
	if n := bytes.Count(data, []byte("<")); n > maxHTMLTags {
		return nil, fmt.Errorf("%w: %d tags", ErrTooLarge, n)
	}
	text, err := pageEncoding(data).NewDecoder().Bytes(data)
	if err != nil {
		text = data
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	h := &htmlReader{ctx: ctx, layout: &Layout{}}
	h.walk(doc, 0)
	h.flush()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return h.layout, nil
}

// declaredCharset finds a charset declared anywhere in a page's first 64 KB (a long head puts
// the <meta> past the 1 KB the standard's prescan looks at).
var declaredCharset = regexp.MustCompile(`(?i)charset\s*=\s*["']?([a-z0-9_\-]+)`)

// pageEncoding is a page's encoding: its byte order mark or declared charset; else UTF-8 when
// it is valid UTF-8, else GB18030 (a Chinese portal's page without a declaration is GBK, which
// GB18030 extends) — never the standard's default windows-1252, which garbles Chinese.
func pageEncoding(data []byte) encoding.Encoding {
	if e, _, certain := charset.DetermineEncoding(data[:min(len(data), 1024)], ""); certain {
		return e
	}
	if m := declaredCharset.FindSubmatch(data[:min(len(data), 64<<10)]); m != nil {
		if e, _ := charset.Lookup(string(m[1])); e != nil {
			return e
		}
	}
	if utf8.Valid(data) {
		return xunicode.UTF8
	}
	return simplifiedchinese.GB18030
}

type htmlReader struct {
	ctx    context.Context
	layout *Layout
	buf    strings.Builder
	nPara  int
	nTable int
	steps  int
}

// skipped are elements whose content is not the report's text.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Object: true, atom.Svg: true, atom.Math: true, atom.Select: true, atom.Button: true,
	atom.Nav: true,
}

// blocks are elements that start and end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Li: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Section: true,
	atom.Article: true, atom.Center: true, atom.Blockquote: true, atom.Pre: true, atom.Dd: true, atom.Dt: true,
	atom.Caption: true, atom.Header: true, atom.Footer: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
	atom.Hr: true, atom.Address: true, atom.Figcaption: true,
}

func (h *htmlReader) walk(n *html.Node, depth int) {
	if depth > maxHTMLDepth {
		return
	}
	if h.steps++; h.steps%4096 == 0 && h.ctx.Err() != nil {
		return
	}
	switch n.Type {
	case html.TextNode:
		h.buf.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipped[n.DataAtom] {
			return
		}
		if n.DataAtom == atom.Br {
			h.flush()
			return
		}
		if n.DataAtom == atom.Table && !hasTable(n, 0) {
			h.flush()
			h.table(n)
			return
		}
		if blocks[n.DataAtom] {
			h.flush()
			defer h.flush()
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		h.walk(c, depth+1)
	}
}

// flush ends the current paragraph.
func (h *htmlReader) flush() {
	text := cleanHTMLText(h.buf.String())
	h.buf.Reset()
	if text != "" {
		h.nPara++
		h.layout.paragraph(text, fmt.Sprintf("第%d段", h.nPara))
	}
}

func hasTable(n *html.Node, depth int) bool {
	if depth > maxHTMLDepth {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Table || hasTable(c, depth+1)) {
			return true
		}
	}
	return false
}

// table reads a table without tables inside: its caption as a paragraph, then its rows.
func (h *htmlReader) table(n *html.Node) {
	h.nTable++
	var rows [][]Cell
	var places []string
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth || len(rows) >= maxTableRows {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				h.walk(c, depth)
				h.flush()
			case atom.Tr:
				var row []Cell
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
						row = append(row, Cell{Text: cellText(td), Span: spanAttr(td, "colspan"), RowSpan: spanAttr(td, "rowspan")})
					}
				}
				rows = append(rows, row)
				places = append(places, fmt.Sprintf("第%d个表格第%d行", h.nTable, len(rows)))
			default:
				visit(c, depth+1)
			}
		}
	}
	visit(n, 0)
	h.layout.Blocks = append(h.layout.Blocks, Block{Table: rows, Place: fmt.Sprintf("第%d个表格", h.nTable), Rows: places})
}

// cellText is a cell's text, its paragraphs and line breaks as new lines.
func cellText(td *html.Node) string {
	var lines []string
	var b strings.Builder
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			return
		case n.Type != html.ElementNode || skipped[n.DataAtom]:
			return
		case n.DataAtom == atom.Br || blocks[n.DataAtom]:
			lines = append(lines, b.String())
			b.Reset()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c, depth+1)
		}
		if blocks[n.DataAtom] {
			lines = append(lines, b.String())
			b.Reset()
		}
	}
	for c := td.FirstChild; c != nil; c = c.NextSibling {
		visit(c, 0)
	}
	lines = append(lines, b.String())
	var out []string
	for _, l := range lines {
		if l = cleanHTMLText(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func spanAttr(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if a.Key == name {
			if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && v > 0 {
				return min(v, maxGridCols)
			}
		}
	}
	return 1
}

// cleanHTMLText collapses white space as a browser does, and drops a space between two
// Chinese characters, which is a line break of the page's source, not a space of the text.
func cleanHTMLText(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) })
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			prev := []rune(fields[i-1])
			next := []rune(f)
			if !(wide(prev[len(prev)-1]) && wide(next[0])) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}

// wide says whether a character is a Chinese character or full-width mark, which Chinese
// text runs together without spaces.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
