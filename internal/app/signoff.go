package app

// Sign-off (审签): the Word document a leader marked up, read back through the import reader
// and set against the workbook it was made from: which paragraphs and cells changed, and the
// report as signed off checked again, each changed number against every identity it is in.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/docxwriter"
	"github.com/nianbao/nianbao/internal/importer"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
)

// SignOff is a signed-off document set against its workbook.
type SignOff struct {
	Document, Workbook string
	Kind               importer.Kind
	// Read says what the import read: 表二 10/10 格 … (importer.Result.Summary), which ends
	// by saying so when tracked changes were pending and read as if all were accepted.
	Read    string
	Pending bool
	// Foreign says why the document may not be this workbook's: it records the hash of
	// another one. Empty when it records this one's, or none (a document not made by nianbao).
	Foreign    string
	Paragraphs []TextChange
	Cells      []CellChange
	// Checked is the report as signed off, checked as read (printed totals as printed).
	Checked CheckedFile
}

// Changed says whether the document says anything other than the workbook.
func (s SignOff) Changed() bool { return len(s.Paragraphs)+len(s.Cells) > 0 }

// TextChange is a paragraph (or heading, title, signature line) changed, added (Old empty)
// or removed (New empty).
type TextChange struct {
	Where    string // 一、总体情况第2段, 引言第1段, 标题, 落款
	Old, New string
}

// CellChange is a value cell whose value the document changed.
type CellChange struct {
	Key, Name string // t3.new.person, 表三「一、本年新收政府信息公开申请数量」行「自然人」列
	Old, New  string // as printed: 480, 空白, “/”
	// Rechecks are the identities the cell is in and whether each holds in the report as
	// signed off, then any other finding about the cell.
	Rechecks []Recheck
}

// Recheck is one check of a changed cell: an identity it is in, or another finding about it.
type Recheck struct {
	Rule  string // I1
	What  string // the identity in words with its scope, or the finding's message
	Holds bool   // the identity holds
	// Finding marks a finding about the cell other than an identity's (a fraction of a
	// count, text in a number cell …).
	Finding bool
}

// maxCustomProps bounds the document properties read for the workbook's hash.
const maxCustomProps = 64 << 10

// SignOffOptions are the choices of a sign-off comparison, as of a check.
type SignOffOptions struct {
	LastYear *LastYear    // last year's reports, for the cross-year checks; optional
	Expect   check.Expect // the agency and year the report must be (A1, A2); optional
}

// CompareSignOff reads the signed-off document doc (a .docx, or a PDF or web page) through
// the import reader, by the edition of the workbook, and sets it against the workbook: what
// changed, and the report as signed off checked again, as check would with opts.
func CompareSignOff(ctx context.Context, doc, workbook string, opts SignOffOptions) (SignOff, error) {
	out := SignOff{Document: doc, Workbook: workbook}
	if strings.EqualFold(filepath.Ext(doc), ".xlsx") {
		return out, message.Inputf("%s 是工作簿：--against 之前应是审签后交回的 Word 文档，之后是生成它的原工作簿，如：nianbao check 审签稿.docx --against 原工作簿.xlsx。", message.Name(doc))
	}
	bookData, err := xlsxreader.Load(workbook)
	if err != nil {
		return out, err
	}
	orig := Inspect(ctx, workbook, bookData, nil)
	if orig.Err != nil {
		return out, orig.Err
	}
	// No document is made from the unfilled template: every paragraph and cell would be
	// listed as changed.
	if slices.ContainsFunc(orig.Findings, func(f check.Finding) bool { return f.Rule == rule.Unfilled }) {
		return out, message.Inputf("%s 是未填写的模板，不是生成审签稿的原工作簿：--against 之后应是用 render 生成审签稿时所用的工作簿。", message.Name(workbook))
	}
	docData, err := readPublished(doc)
	if err != nil {
		return out, err
	}
	res, err := importer.Import(ctx, doc, docData, importer.Options{Edition: orig.Report.Edition})
	if err != nil {
		return out, err
	}
	// Another agency's or year's report is refused, unless the document says it was made
	// from this very workbook: then the leader changed the name or the year, which is listed.
	h := recordedWorkbook(docData)
	if why := otherReport(res.Report, orig.Report); why != "" && h != orig.SHA256 {
		return out, message.Inputf("%s 与 %s 不是同一份报告：%s，无法对照。", message.Name(doc), message.Name(workbook), why)
	}
	out.Kind, out.Read, out.Pending = res.Kind, res.Summary(), res.Pending
	if h != "" && h != orig.SHA256 {
		out.Foreign = "审签稿是由另一份工作簿（或此工作簿修改之前的版本）生成的，所列改动包括两份工作簿之间的差别。"
	}
	out.Paragraphs = textChanges(document.Build(orig.Report), document.Build(res.Report))
	// The report is checked as read, each printed 总计 as printed: a workbook written from it
	// would compute its totals again and hide a number corrected without its total.
	in := inspectReport(res.Report, nil, opts.LastYear, opts.Expect)
	out.Checked = CheckedFile{Path: doc, Err: in.Err, Findings: in.Findings, Groups: in.Groups, Note: in.Note}
	if in.Report != nil {
		out.Checked.Facts = Facts{Agency: in.Report.Agency(), Year: in.Report.Year(), Edition: in.Report.Edition.ID}
	}
	out.Cells = cellChanges(orig.Report, res, in.Findings)
	return out, nil
}

// otherReport says why the document read is not a version of the workbook's report (another
// agency's, another year's), or "".
func otherReport(doc, book *model.Report) string {
	if a, b := doc.Agency(), book.Agency(); a != "" && b != "" && aggregate.AgencyKey(a) != aggregate.AgencyKey(b) {
		return fmt.Sprintf("审签稿是%s的，工作簿是%s的", message.Agency(a), message.Agency(b))
	}
	if a, b := doc.Year(), book.Year(); a != 0 && b != 0 && a != b {
		return fmt.Sprintf("审签稿是%d年度的，工作簿是%d年度的", a, b)
	}
	return ""
}

// recordedWorkbook is the workbook hash a document written by nianbao records, or "".
func recordedWorkbook(data []byte) string {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range z.File {
		if f.Name != "docProps/custom.xml" || f.UncompressedSize64 > maxCustomProps {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return ""
		}
		body, err := io.ReadAll(io.LimitReader(rc, maxCustomProps))
		rc.Close()
		if err != nil {
			return ""
		}
		var props struct {
			Property []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"lpwstr"`
			} `xml:"property"`
		}
		if xml.Unmarshal(body, &props) != nil {
			return ""
		}
		for _, p := range props.Property {
			if p.Name == docxwriter.PropWorkbook {
				return strings.TrimSpace(p.Value)
			}
		}
	}
	return ""
}

// textChanges lists the paragraphs of b that differ from a's, part by part.
func textChanges(a, b *document.Document) []TextChange {
	var out []TextChange
	out = append(out, diffTexts("标题", []string{a.Title.Text()}, []string{b.Title.Text()})...)
	out = append(out, diffTexts("引言", a.Intro, b.Intro)...)
	for i, s := range a.Sections {
		var other document.Section
		if i < len(b.Sections) {
			other = b.Sections[i]
		}
		ta, tb := sectionTexts(s), sectionTexts(other)
		out = append(out, diffTexts(s.Heading, ta, tb)...)
	}
	sig := func(d *document.Document) []string {
		var lines []string
		for _, s := range []string{d.Signature.Agency, d.Signature.Date} {
			if s != "" {
				lines = append(lines, s)
			}
		}
		return lines
	}
	out = append(out, diffTexts("落款", sig(a), sig(b))...)
	return out
}

// sectionTexts are the headings and paragraphs of a part, in order.
func sectionTexts(s document.Section) []string {
	var out []string
	for _, b := range s.Blocks {
		if b.Kind == document.Paragraph || b.Kind == document.Subheading {
			out = append(out, b.Text)
		}
	}
	return out
}

// diffTexts lists how the paragraphs b differ from a: paragraphs in both are matched as the
// longest common subsequence; between two matches, removed and added paragraphs are paired
// as changed ones, the rest listed as removed or added. Places are counted in a.
func diffTexts(part string, a, b []string) []TextChange {
	var out []TextChange
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	where := func(i int) string {
		if part == "标题" {
			return part
		}
		return part + "第" + strconv.Itoa(i+1) + "段"
	}
	var removed, added []int
	flush := func() {
		for k := 0; k < max(len(removed), len(added)); k++ {
			switch {
			case k < len(removed) && k < len(added):
				out = append(out, TextChange{Where: where(removed[k]), Old: a[removed[k]], New: b[added[k]]})
			case k < len(removed):
				out = append(out, TextChange{Where: where(removed[k]), Old: a[removed[k]]})
			default:
				// An added paragraph is placed after the paragraph of a before it.
				at := len(a)
				if len(removed) > 0 {
					at = removed[len(removed)-1] + 1
				}
				out = append(out, TextChange{Where: part + "新增段落（第" + strconv.Itoa(at) + "段之后）", New: b[added[k]]})
			}
		}
		removed, added = removed[:0], added[:0]
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			flush()
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			added = append(added, j)
			j++
		default:
			removed = append(removed, i)
			i++
		}
	}
	flush()
	return out
}

// cellChanges lists the cells whose value the document changed, each rechecked against the
// findings on the report as signed off.
func cellChanges(orig *model.Report, res *importer.Result, findings []check.Finding) []CellChange {
	var out []CellChange
	e := orig.Edition
	for _, c := range e.Cells() {
		a, b := orig.Values[c.Key], res.Report.Values[c.Key]
		if sameValue(a, b) {
			continue
		}
		ch := CellChange{Key: c.Key, Name: c.Name(), Old: shownValue(a), New: shownValue(b)}
		if _, read := res.Sources[c.Key]; !read {
			ch.New = "未读到"
		}
		for _, id := range e.Identities {
			if id.CrossYear {
				continue
			}
			for _, eq := range id.Equations {
				if !hasTerm(eq.Left, c.Key) && !hasTerm(eq.Right, c.Key) {
					continue
				}
				what := id.Text
				if eq.Scope != "" {
					what += "（" + eq.Scope + "）"
				}
				ch.Rechecks = append(ch.Rechecks, Recheck{Rule: id.ID, What: what, Holds: !failed(findings, id.ID, eq)})
			}
		}
		for _, f := range findings {
			if isIdentity(e.Identities, f.Rule) || !about(f, c.Key) {
				continue
			}
			ch.Rechecks = append(ch.Rechecks, Recheck{Rule: f.Rule, What: f.Message, Finding: true})
		}
		out = append(out, ch)
	}
	return out
}

func sameValue(a, b model.Value) bool {
	if a.State != b.State {
		return false
	}
	if a.State == model.Number {
		return a.Number == b.Number
	}
	return strings.TrimSpace(a.Raw) == strings.TrimSpace(b.Raw)
}

// shownValue is a value as the change list shows it: the number, 空白, or the text quoted.
func shownValue(v model.Value) string {
	switch v.State {
	case model.Number:
		return strconv.FormatFloat(v.Number, 'f', -1, 64)
	case model.Blank:
		return "空白"
	}
	return "“" + strings.TrimSpace(v.Raw) + "”"
}

func hasTerm(terms []template.Term, key string) bool {
	for _, t := range terms {
		if !t.Prev && t.Key == key {
			return true
		}
	}
	return false
}

// failed reports whether a finding of rule is about the equation: it names one of its cells
// of this year.
func failed(findings []check.Finding, rule string, eq template.Equation) bool {
	for _, f := range findings {
		if f.Rule != rule {
			continue
		}
		for _, t := range append(append([]template.Term(nil), eq.Left...), eq.Right...) {
			if !t.Prev && about(f, t.Key) {
				return true
			}
		}
	}
	return false
}

func about(f check.Finding, key string) bool {
	for _, o := range f.Operands() {
		if !o.Prev && o.Key == key {
			return true
		}
	}
	return false
}

func isIdentity(ids []template.Identity, rule string) bool {
	for _, id := range ids {
		if id.ID == rule {
			return true
		}
	}
	return false
}
