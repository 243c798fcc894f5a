// Package htmlwriter writes a report as one standalone, accessible HTML page for a
// government portal: semantic headings, every statistical table as a real <table> with the
// official row and column spans and explicit header associations, no scripts and no
// external resources, and an inline style sheet that reads well on a phone or a desktop and
// prints like an official document on A4. The page says exactly what the PDF says: both lay
// out a document.Document.
package htmlwriter

import (
	"bufio"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strconv"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/version"
)

// Options change how the page is written: Draft marks it as a draft (a visible 草稿 banner,
// 【草稿】 in the window title, and a request to search engines not to index it). The page
// names no font files and carries no date, so Fonts and Created are not used.
type Options = document.WriteOptions

// Write writes d as an HTML page.
func Write(w io.Writer, d *document.Document, o Options) error {
	// The template writes many small pieces; buffer them into few writes.
	b := bufio.NewWriterSize(w, 64<<10)
	if err := page.Execute(b, view(d, o)); err != nil {
		return fmt.Errorf("write HTML page: %w", err)
	}
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write HTML page: %w", err)
	}
	return nil
}

//go:embed page.html.tmpl
var pageTemplate string

//go:embed style.css
var styleSheet string

// page is parsed once; html/template escapes every value by its context, so text from a
// workbook can never become markup.
var page = template.Must(template.New("page").Parse(pageTemplate))

type pageView struct {
	Draft bool
	Title string
	// TitleWords are the pieces of the title that a narrow page or the printed page breaks
	// between, and never inside (document.Title.Words).
	TitleWords []string
	Meta       document.Meta
	Generator  string // version.Generator(): which build wrote the page
	Style      template.CSS
	Intro      []string
	Sections   []sectionView
	Signature  signatureView
}

type sectionView struct {
	ID, HeadingID, Heading string
	Items                  []itemView
}

// itemView is one item of a part: a paragraph, a sub-heading or a table.
type itemView struct {
	Paragraph  string
	Subheading string
	Table      *tableView
}

type signatureView struct {
	Agency, Date string
	DateTime     string // ISO form of Date for <time>, empty if Date is not a full date
}

func view(d *document.Document, o Options) pageView {
	v := pageView{
		Draft:      o.Draft,
		Title:      d.Title.Text(),
		TitleWords: titleWords(d.Title),
		Meta:       d.Meta,
		Generator:  version.Generator(),
		Style:      template.CSS(styleSheet),
		Intro:      d.Intro,
		Signature:  signatureView{Agency: d.Signature.Agency, Date: d.Signature.Date, DateTime: isoDate(d.Signature.Date)},
	}
	for si, s := range d.Sections {
		sv := sectionView{ID: fmt.Sprintf("part-%d", si+1), Heading: s.Heading}
		sv.HeadingID = sv.ID + "-heading"
		for _, b := range s.Blocks {
			switch b.Kind {
			case document.Paragraph:
				sv.Items = append(sv.Items, itemView{Paragraph: b.Text})
			case document.Subheading:
				sv.Items = append(sv.Items, itemView{Subheading: b.Text})
			case document.TableBlock:
				t := layoutTable(fmt.Sprintf("p%dt%d", si+1, len(sv.Items)+1), b.Table)
				sv.Items = append(sv.Items, itemView{Table: &t})
			}
		}
		v.Sections = append(v.Sections, sv)
	}
	return v
}

// titleWords is the text of the title's words.
func titleWords(t document.Title) []string {
	var out []string
	for _, w := range t.Words() {
		out = append(out, w.Text)
	}
	return out
}

var chineseDate = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日$`)

// isoDate turns 2026年1月20日 into 2026-01-20.
func isoDate(s string) string {
	m := chineseDate.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	return fmt.Sprintf("%s-%02d-%02d", m[1], month, day)
}
