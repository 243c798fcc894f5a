package docxwriter

// The parts around the document: content types, relationships, properties, settings.

import (
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
)

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// Namespaces of WordprocessingML and the package.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsVT  = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
	relOD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

func contentTypes(draft bool) string {
	const wml = "application/vnd.openxmlformats-officedocument.wordprocessingml."
	var b strings.Builder
	b.WriteString(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	override := func(name, ctype string) {
		b.WriteString(`<Override PartName="` + name + `" ContentType="` + ctype + `"/>`)
	}
	override("/word/document.xml", wml+"document.main+xml")
	override("/word/styles.xml", wml+"styles+xml")
	override("/word/settings.xml", wml+"settings+xml")
	override("/word/fontTable.xml", wml+"fontTable+xml")
	override("/word/footer1.xml", wml+"footer+xml")
	override("/word/footer2.xml", wml+"footer+xml")
	if draft {
		override("/word/header1.xml", wml+"header+xml")
	}
	override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
	override("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")
	override("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
	b.WriteString(`</Types>`)
	return b.String()
}

const packageRels = xmlHeader + `<Relationships xmlns="` + nsRel + `">` +
	`<Relationship Id="rId1" Type="` + relOD + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + relOD + `extended-properties" Target="docProps/app.xml"/>` +
	`<Relationship Id="rId4" Type="` + relOD + `custom-properties" Target="docProps/custom.xml"/>` +
	`</Relationships>`

// Relationship ids of the document's parts.
const (
	idFooterOdd  = "rIdFooterOdd"
	idFooterEven = "rIdFooterEven"
	idHeader     = "rIdHeader"
)

func documentRels(draft bool) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Relationships xmlns="` + nsRel + `">`)
	rel := func(id, kind, target string) {
		b.WriteString(`<Relationship Id="` + id + `" Type="` + relOD + kind + `" Target="` + target + `"/>`)
	}
	rel("rIdStyles", "styles", "styles.xml")
	rel("rIdSettings", "settings", "settings.xml")
	rel("rIdFontTable", "fontTable", "fontTable.xml")
	rel(idFooterOdd, "footer", "footer1.xml")
	rel(idFooterEven, "footer", "footer2.xml")
	if draft {
		rel(idHeader, "header", "header1.xml")
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

// coreProps are the title, the author (the agency) and the dates.
func coreProps(d *document.Document, created time.Time, draft bool) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	elem := func(name, text string) {
		if text != "" {
			b.WriteString("<" + name + ">" + escape(text) + "</" + name + ">")
		}
	}
	elem("dc:title", d.Meta.Title)
	elem("dc:subject", d.Meta.Subject)
	elem("dc:creator", d.Meta.Author)
	elem("cp:keywords", d.Meta.Keywords)
	elem("dc:language", "zh-CN")
	if draft {
		elem("cp:contentStatus", "草稿")
	}
	date := created.UTC().Format("2006-01-02T15:04:05Z")
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + date + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + date + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

func appProps() string {
	return xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"` +
		` xmlns:vt="` + nsVT + `"><Application>` + escape(version.Generator()) + `</Application></Properties>`
}

// Names of the custom properties, which the import reader and check --against read back.
const (
	// PropWorkbook holds the SHA-256 (hex) of the workbook the document was made from.
	PropWorkbook = "nianbao.workbook.sha256"
	// PropVersion holds the version of nianbao that wrote the document, as workbooks
	// record it (workbook.PropVersion).
	PropVersion = workbook.PropVersion
)

// customProps hold the workbook's hash and the version of nianbao.
func customProps(d *document.Document) string {
	var b strings.Builder
	b.WriteString(xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="` + nsVT + `">`)
	pid := 2 // ids 0 and 1 are reserved
	prop := func(name, value string) {
		if value == "" {
			return
		}
		b.WriteString(`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="` + itoa(pid) + `" name="` + escape(name) + `"><vt:lpwstr>` + escape(value) + `</vt:lpwstr></property>`)
		pid++
	}
	prop(PropWorkbook, d.Meta.Workbook)
	prop(PropVersion, version.Version)
	b.WriteString(`</Properties>`)
	return b.String()
}

// settings: odd and even footers differ (page numbers at the outside edges), Chinese
// punctuation is compressed as clreq asks, and Word lays the document out as Word 2013 on.
const settings = xmlHeader + `<w:settings xmlns:w="` + nsW + `" xmlns:r="` + nsR + `">` +
	`<w:zoom w:percent="100"/>` +
	`<w:defaultTabStop w:val="420"/>` +
	`<w:evenAndOddHeaders/>` +
	`<w:characterSpacingControl w:val="compressPunctuation"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>` +
	`<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
	`</w:settings>`
