package docxwriter

// The styles, the fonts they name, the footers with the page numbers and the draft header.

import (
	"strings"

	"github.com/nianbao/nianbao/internal/fonts"
)

// Page geometry of GB/T 9704 in twentieths of a point (twips): A4, margins 37 mm at the top,
// 35 at the bottom, 28 at the left (binding) and 26 at the right, a type area of 156 × 225 mm
// holding 22 lines of 28 characters of 三号.
const (
	twipsPerMM   = 1440 / 25.4
	pageW        = 11906
	pageH        = 16838
	marginTop    = 2098 // 37 mm
	marginBottom = 1984 // 35 mm
	marginLeft   = 1587 // 28 mm
	marginRight  = 1474 // 26 mm
	areaW        = pageW - marginLeft - marginRight
	// linePitch is 225 mm / 22 lines, the body's exact line spacing and the grid's.
	linePitch = 579
	// charSpace makes the grid's character pitch 156 mm / 28: the pitch less the 16 pt of
	// the default size, in 4096ths of a point, as Word counts it. Word's page setup then
	// shows the 22 × 28 grid; the text itself does not snap to it (see styles).
	charSpace = -842
	// footerDistance puts the page number's dash line 7 mm below the type area.
	footerDistance = 1417 // 25 mm from the page's foot to the footer's
	headerDistance = 851  // 15 mm
)

// Sizes in half points: 二号 title, 三号 body and headings, 四号 page numbers, 五号 tables.
const (
	sizeTitle      = 44
	sizeBody       = 32
	sizePageNumber = 28
	sizeTable      = 21
)

// em is the width of one character of the body, in twips.
const em = sizeBody * 10

// Style ids (ASCII, as Word writes them) and the names an office sees and restyles.
const (
	styleBody      = "nbBody"      // 正文
	styleTitle     = "nbTitle"     // 标题
	styleHeading   = "nbHeading1"  // 一级标题
	styleSubhead   = "nbHeading2"  // 二级标题
	styleTable     = "nbTable"     // 表格: headers and numbers, centred
	styleRowLabel  = "nbRowLabel"  // 表格项目: row labels, from the left
	styleSignature = "nbSignature" // 落款
	styleFooter    = "nbFooter"    // 页码
	styleDraft     = "nbDraft"     // 草稿标记
	styleGrid      = "nbGrid"      // 表格线: the table style, ruled
)

// fontName is how a face is named in the document, and the name Word tries when the first is
// not installed.
type fontName struct{ name, alt string }

// officialFonts are the faces GB/T 9704 asks for, by role, as the PDF chooses them (body and
// tables in 仿宋, page numbers in 宋体), under the names offices have them installed.
var officialFonts = map[fonts.Role]fontName{
	fonts.Body:       {"仿宋_GB2312", "FangSong"},
	fonts.Table:      {"仿宋_GB2312", "FangSong"},
	fonts.Title:      {"方正小标宋简体", "FZXiaoBiaoSong-B05S"},
	fonts.Heading:    {"黑体", "SimHei"},
	fonts.Subheading: {"楷体_GB2312", "KaiTi"},
	fonts.PageNumber: {"宋体", "SimSun"},
}

// roleFonts names a face for every role as --fonts chose it: the official name where the
// PDF would use an embedded stand-in (a Word document carries no fonts: the reader's computer
// has the official ones), and the face's own name where it is an installed official face or
// a file given with --font-ROLE, with the official name as the alternative.
func roleFonts(set *fonts.Set) map[fonts.Role]fontName {
	out := map[fonts.Role]fontName{}
	for r, f := range officialFonts {
		out[r] = f
		if set == nil {
			continue
		}
		if face := set.Faces[r]; face != nil && !face.Embedded() && face.Name != "" && face.Name != f.name {
			out[r] = fontName{face.Name, f.name}
		}
	}
	return out
}

// runFonts is the rFonts element naming a face for every script.
func runFonts(f fontName) string {
	n := escape(f.name)
	return `<w:rFonts w:ascii="` + n + `" w:eastAsia="` + n + `" w:hAnsi="` + n + `" w:cs="` + n + `"/>`
}

func sizes(halfPoints int) string {
	return `<w:sz w:val="` + itoa(halfPoints) + `"/><w:szCs w:val="` + itoa(halfPoints) + `"/>`
}

// exactly is line spacing of exactly twips, with space before and after.
func exactly(twips, before, after int) string {
	return `<w:spacing w:before="` + itoa(before) + `" w:after="` + itoa(after) + `" w:line="` + itoa(twips) + `" w:lineRule="exact"/>`
}

// condensed spaces the body's characters 156 mm / 28 apart: 16 pt less 0.25.
const condensed = `<w:spacing w:val="-5"/>`

// noIndent cancels the body's first-line indent.
const noIndent = `<w:ind w:firstLineChars="0" w:firstLine="0"/>`

// styles is styles.xml: the body is the default paragraph style, so that text an office adds
// is body text.
func styles(faces map[fonts.Role]fontName) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:styles xmlns:w="` + nsW + `">`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr>` + runFonts(faces[fonts.Body]) + sizes(sizeBody) +
		`<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>`)
	style := func(id, name, based, next string, def bool, pPr, rPr string) {
		b.WriteString(`<w:style w:type="paragraph"`)
		if def {
			b.WriteString(` w:default="1"`)
		}
		b.WriteString(` w:styleId="` + id + `"><w:name w:val="` + name + `"/>`)
		if based != "" {
			b.WriteString(`<w:basedOn w:val="` + based + `"/>`)
		}
		if next != "" {
			b.WriteString(`<w:next w:val="` + next + `"/>`)
		}
		b.WriteString(`<w:qFormat/><w:pPr>` + pPr + `</w:pPr><w:rPr>` + rPr + `</w:rPr></w:style>`)
	}
	// The body sets 28 characters a line by spacing them 0.25 pt closer rather than by
	// snapping them to the grid's characters: LibreOffice cannot squeeze a character into a
	// grid cell narrower than it, and gives a character two cells instead (14 a line).
	style(styleBody, "正文", "", "", true,
		`<w:widowControl/><w:snapToGrid w:val="0"/>`+exactly(linePitch, 0, 0)+`<w:ind w:firstLineChars="200" w:firstLine="`+itoa(2*em)+`"/><w:jc w:val="both"/>`,
		runFonts(faces[fonts.Body])+condensed+sizes(sizeBody))
	style(styleTitle, "标题", styleBody, styleBody, false,
		`<w:keepNext/><w:keepLines/>`+exactly(720, 0, linePitch)+noIndent+`<w:jc w:val="center"/>`,
		runFonts(faces[fonts.Title])+`<w:spacing w:val="0"/>`+sizes(sizeTitle))
	style(styleHeading, "一级标题", styleBody, styleBody, false,
		`<w:keepNext/><w:keepLines/><w:outlineLvl w:val="0"/>`,
		runFonts(faces[fonts.Heading]))
	style(styleSubhead, "二级标题", styleBody, styleBody, false,
		`<w:keepNext/><w:keepLines/><w:outlineLvl w:val="1"/>`,
		runFonts(faces[fonts.Subheading]))
	style(styleTable, "表格", styleBody, "", false,
		`<w:widowControl w:val="0"/>`+exactly(270, 0, 0)+noIndent+`<w:jc w:val="center"/>`,
		runFonts(faces[fonts.Table])+`<w:spacing w:val="0"/>`+sizes(sizeTable))
	style(styleRowLabel, "表格项目", styleTable, "", false, `<w:jc w:val="left"/>`, "")
	style(styleSignature, "落款", styleBody, "", false, `<w:keepNext/><w:keepLines/>`+noIndent+`<w:jc w:val="right"/>`, "")
	style(styleFooter, "页码", styleBody, "", false,
		`<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`+noIndent,
		runFonts(faces[fonts.PageNumber])+`<w:spacing w:val="0"/>`+sizes(sizePageNumber))
	style(styleDraft, "草稿标记", styleFooter, "", false, `<w:jc w:val="right"/>`, runFonts(faces[fonts.Heading]))
	// The tables' rules: 0.5 pt lines all round, 3.5 pt of room left and right in the cells.
	b.WriteString(`<w:style w:type="table" w:styleId="` + styleGrid + `"><w:name w:val="表格线"/>` +
		`<w:tblPr><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="70" w:type="dxa"/>` +
		`<w:bottom w:w="40" w:type="dxa"/><w:right w:w="70" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// fontTable lists each face named, with its alternative name and the GB2312 character set.
func fontTable(faces map[fonts.Role]fontName) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<w:fonts xmlns:w="` + nsW + `">`)
	seen := map[string]bool{}
	for _, r := range fonts.Roles() {
		f := faces[r]
		if seen[f.name] {
			continue
		}
		seen[f.name] = true
		b.WriteString(`<w:font w:name="` + escape(f.name) + `"><w:altName w:val="` + escape(f.alt) + `"/>` +
			`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`)
	}
	b.WriteString(`</w:fonts>`)
	return b.String()
}

// footer is the page number 「— N —」 one character in from the outside edge: the right on
// odd pages, the left on even ones.
func footer(odd bool) string {
	ind, jc := `<w:ind w:left="`+itoa(sizePageNumber*10)+`" w:firstLine="0"/>`, "left"
	if odd {
		ind, jc = `<w:ind w:right="`+itoa(sizePageNumber*10)+`" w:firstLine="0"/>`, "right"
	}
	return xmlHeader + `<w:ftr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="` + styleFooter + `"/>` +
		ind + `<w:jc w:val="` + jc + `"/></w:pPr>` +
		`<w:r><w:t xml:space="preserve">— </w:t></w:r>` +
		`<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>` +
		`<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
}

// draftHeader marks every page of a draft above the type area's top right corner.
const draftHeader = xmlHeader + `<w:hdr xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:p><w:pPr><w:pStyle w:val="` + styleDraft + `"/></w:pPr>` +
	`<w:r><w:t>草稿</w:t></w:r></w:p></w:hdr>`
