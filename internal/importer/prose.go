package importer

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// The prose of a report: the title and introduction before 一、, the six parts under their
// headings (part 一 split into its five aspects where the report heads them so), and the
// signature after 六.

// proseReader splits the paragraphs of a layout into the parts of an edition.
type proseReader struct {
	e       *template.Edition
	front   []string // title and introduction, before the first part
	fields  map[string][]string
	where   map[string]string
	part    int // index in e.Parts of the current part, -1 before the first
	field   string
	found   map[int]bool // parts whose heading was found
	skipped int          // paragraphs inside the table parts, not kept
	tail    []string     // paragraphs after 六 that look like the signature
}

func newProseReader(e *template.Edition) *proseReader {
	return &proseReader{e: e, fields: map[string][]string{}, where: map[string]string{}, part: -1, found: map[int]bool{}}
}

// paragraph files one paragraph.
func (pr *proseReader) paragraph(text, place string) {
	t := strings.TrimSpace(text)
	if i := pr.heading(t); i >= 0 {
		pr.part, pr.found[i] = i, true
		pr.field = ""
		if prose := pr.e.Parts[i].Prose; len(prose) > 0 {
			pr.field = prose[0].Key
		}
		return
	}
	if pr.part < 0 {
		pr.front = append(pr.front, t)
		return
	}
	p := pr.e.Parts[pr.part]
	if p.Table != nil {
		pr.skipped++
		return
	}
	if pr.part == len(pr.e.Parts)-1 && signatureLine(t) {
		// The signature: the agency's name on the line above the date.
		if paras := pr.fields[pr.field]; len(paras) > 0 && signatureName(paras[len(paras)-1]) {
			pr.fields[pr.field] = paras[:len(paras)-1]
		}
		pr.tail = append(pr.tail, t)
		return
	}
	if key, rest, ok := pr.subsection(p, t); ok {
		pr.field = key
		if t = rest; t == "" {
			return
		}
	}
	if pr.where[pr.field] == "" {
		pr.where[pr.field] = place
	}
	pr.fields[pr.field] = append(pr.fields[pr.field], t)
}

// heading is the index of the part a paragraph heads, or -1: its numbering is a later part's,
// and the rest reads as that part's heading or name.
func (pr *proseReader) heading(text string) int {
	if runeLen(text) > 40 {
		return -1
	}
	num, rest := numbering(norm(text))
	rest = strings.TrimRight(rest, ".：:")
	for i := pr.part + 1; i < len(pr.e.Parts); i++ {
		p := pr.e.Parts[i]
		if num == "" {
			// Numbered by the word processor's list numbering, which is not in the text:
			// the heading's words exactly, of the next part.
			if _, h := numbering(norm(p.Heading)); i == pr.part+1 && (rest == h || rest == norm(p.Name)) {
				return i
			}
			continue
		}
		if num != p.Number+"、" {
			continue
		}
		_, h := numbering(norm(p.Heading))
		if dice(rest, h) >= 0.6 || dice(rest, norm(p.Name)) >= 0.6 || strings.Contains(rest, core(h)) {
			return i
		}
	}
	return -1
}

// subsection finds a heading of a sub-section at the start of a paragraph of part p:
// 「（一）主动公开」 alone, or run in as 「（一）主动公开情况。主要通过……」. The heading must name the
// aspect of the format; a report's own （一） on another subject stays in the text.
func (pr *proseReader) subsection(p template.Part, text string) (key, rest string, ok bool) {
	num, _ := numbering(norm(text))
	if num == "" || !strings.HasPrefix(num, "（") {
		return "", "", false
	}
	lead, rest := text, ""
	if i := strings.IndexAny(text, "。：:"); i >= 0 && runeLen(text[:i]) <= 24 {
		lead, rest = text[:i], strings.TrimSpace(text[i+len(string([]rune(text[i:])[0])):])
	} else if runeLen(text) > 24 {
		return "", "", false
	}
	for _, f := range p.Prose {
		if f.Heading == "" {
			continue
		}
		fn, fh := numbering(norm(f.Heading))
		ln, lh := numbering(norm(lead))
		if fn == ln && (strings.Contains(lh, fh) || dice(lh, fh) >= 0.7) {
			return f.Key, rest, true
		}
	}
	return "", "", false
}

var (
	datePattern = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	// chineseDate is a date in Chinese numerals: 二〇二四年一月二十日.
	chineseDate = regexp.MustCompile(`^[〇零一二三四五六七八九○Ｏ０O]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日$`)
)

// signatureLine says whether a paragraph is the date of the signature.
func signatureLine(t string) bool {
	t = strings.Join(strings.Fields(t), "")
	return datePattern.MatchString(t) || chineseDate.MatchString(t)
}

// signatureName says whether a paragraph may be the agency's name signing the report: short,
// and not a sentence.
func signatureName(t string) bool {
	return runeLen(t) <= 40 && !strings.ContainsAny(t, "。；：，！？;:,")
}

// store puts the prose into the report; it returns the parts found and the paragraphs kept.
func (pr *proseReader) store(r *model.Report, file string) (parts, paragraphs int) {
	// A signature without a date: the agency's name as the last paragraph.
	if last := pr.e.Parts[len(pr.e.Parts)-1]; len(last.Prose) > 0 && len(pr.tail) == 0 {
		key := last.Prose[len(last.Prose)-1].Key
		if paras := pr.fields[key]; len(paras) > 0 {
			p := strings.Join(strings.Fields(paras[len(paras)-1]), "")
			if a := r.Agency(); a != "" && signatureName(p) && strings.HasSuffix(a, p) {
				pr.fields[key] = paras[:len(paras)-1]
			}
		}
	}
	for _, p := range pr.e.Parts {
		for _, f := range p.Prose {
			if paras := pr.fields[f.Key]; len(paras) > 0 {
				r.Prose[f.Key] = model.Field{Text: strings.Join(paras, "\n"), Where: model.Location{File: file, Sheet: pr.where[f.Key]}}
				paragraphs += len(paras)
			}
		}
	}
	if len(pr.tail) > 0 {
		date := strings.Join(strings.Fields(pr.tail[len(pr.tail)-1]), "")
		r.Info[template.InfoPublishDate] = model.Field{Text: date}
	}
	return len(pr.found), paragraphs
}

// Basic information from the title and the introduction.

var (
	titlePattern = regexp.MustCompile(`^(.*?)(\d{4})\s*年\s*度?\s*(政府)?信息公开(工作)?年度?报告$`)
	officeRe     = regexp.MustCompile(`请?与([^，。（(]{2,40}?)联系`)
	addressRe    = regexp.MustCompile(`地址[：:]\s*([^，,；;。）)]{2,80})`)
	phoneRe      = regexp.MustCompile(`电话[：:]\s*([0-9０-９\-－—（）()、/ ]{5,40}[0-9０-９])`)
	websiteRe    = regexp.MustCompile(`电子版可在(.{2,80}?)查阅`)
	basisRe      = regexp.MustCompile(`规定和(.{2,400})要求，由`)
	placeBefore  = regexp.MustCompile(`(?:^|[由与、，。（(\s])((?:\p{Han}{2,4}省)?\p{Han}{2,5}[市州盟])$`)
)

// info reads the agency, year and contact details from the paragraphs before the first part.
// The title may be printed over two lines (the agency, then 「2023年政府信息公开工作年度报告」).
func info(r *model.Report, front []string) {
	intro := ""
	// The title is the first paragraph, or two or three in a row (the agency on one line,
	// the rest on the next), that read as one; what a portal prints before it (its name, the
	// path to the page) is not part of it.
title:
	for i := range front {
		for j := i; j >= 0 && j >= i-2; j-- {
			joined := strings.Join(strings.Fields(strings.Join(front[j:i+1], "")), "")
			if m := titlePattern.FindStringSubmatch(joined); m != nil && m[1] != "" && runeLen(m[1]) <= 60 {
				year, _ := strconv.Atoi(m[2])
				r.SetYear(year)
				r.SetAgency(strings.TrimSpace(m[1]))
				intro = strings.Join(front[i+1:], "\n")
				break title
			}
		}
	}
	if intro == "" {
		intro = strings.Join(front, "\n")
	}
	flat := strings.Join(strings.Fields(intro), "")
	if a := r.Agency(); a != "" {
		// A title may leave out the city the report's text names: 洪泽区人民政府 for
		// 淮安市洪泽区人民政府.
		if i := strings.Index(flat, a); i > 0 {
			if m := placeBefore.FindStringSubmatch(flat[:i]); m != nil {
				r.SetAgency(m[1] + a)
			}
		}
	}
	// A people's government (人民政府) reports as one; any other agency, its offices
	// included (人民政府办公室), as a department.
	if a := r.Agency(); a != "" {
		for _, f := range r.Edition.Info {
			for _, c := range f.Choices {
				if f.Key == "agency_type" && strings.HasSuffix(a, "人民政府") == strings.HasSuffix(c, "地方人民政府") {
					r.Info[f.Key] = model.Field{Text: c}
				}
			}
		}
	}
	set := func(key string, re *regexp.Regexp) {
		if m := re.FindStringSubmatch(flat); m != nil {
			r.Info[key] = model.Field{Text: strings.TrimSpace(m[1])}
		}
	}
	set(template.InfoContactOffice, officeRe)
	set(template.InfoAddress, addressRe)
	set(template.InfoPhone, phoneRe)
	set(template.InfoWebsite, websiteRe)
	if m := basisRe.FindStringSubmatch(flat); m != nil {
		r.Info[template.InfoBasis] = model.Field{Text: strings.ReplaceAll(m[1], "、", "\n")}
	}
}
