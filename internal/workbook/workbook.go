// Package workbook is the contract between the template writer and the reader: the names of
// the sheets, the defined names of the input cells, the document properties that identify a
// nianbao workbook and the layout version. Both sides import it so that they cannot drift.
package workbook

import (
	"strings"

	"github.com/nianbao/nianbao/template"
)

// LayoutVersion is the version of the workbook layout written by this program. A reader
// refuses a workbook with a newer layout version than it knows, and reads every older one:
//
//  1. a prose field is one cell, paragraphs separated by line breaks inside it;
//  2. a prose field is a column of paragraph cells, one paragraph a cell, and its defined
//     name refers to the whole column (ProseName).
const LayoutVersion = 2

// Sheet names.
const (
	SheetGuide = "填报说明"
	SheetInfo  = "基本信息"
	SheetProse = "正文"
	// SheetMeta is a hidden sheet repeating the document properties, for applications that
	// drop custom properties. Column A holds the property name, column B its value.
	SheetMeta = "_nianbao"
)

// TableSheet is the sheet that holds a statistical table: 表二, 表三, 表四.
func TableSheet(t *template.Table) string { return "表" + t.Number }

// Custom document properties (and rows of SheetMeta) that identify a nianbao workbook.
const (
	PropGenerator = "nianbao"         // value: "nianbao"; its presence marks our workbook
	PropEdition   = "nianbao.edition" // template.Edition.ID
	PropLayout    = "nianbao.layout"  // LayoutVersion
	PropAgency    = "nianbao.agency"
	PropYear      = "nianbao.year"
	// PropSources lists the agencies summed into an aggregated workbook, separated by "、"
	// (abridged with 等N个单位 where it would pass the 255 characters that Office keeps).
	PropSources = "nianbao.sources"
	// PropVersion is the version of nianbao that wrote the workbook (version.Version).
	PropVersion = "nianbao.version"
)

// SheetExplanations is the sheet on which a bureau explains findings it holds to be right:
// under a header row of ExplanationColumns, one finding per row — its rule id, its place
// (表三!D7, a range, or a key) and the problem as the check put it, which the annotated copy
// fills in — and the bureau's explanation in the last column.
const SheetExplanations = "说明"

// ExplanationColumns are the header labels of SheetExplanations, in order.
var ExplanationColumns = []string{ColumnRule, ColumnPlace, ColumnProblem, ColumnExplanation}

// The columns of SheetExplanations.
const (
	ColumnRule        = "规则"
	ColumnPlace       = "位置"
	ColumnProblem     = "问题"
	ColumnExplanation = "说明"
)

// PropOutput marks a workbook that nianbao wrote as the result of a run rather than as a
// template: its value is one of the Output* kinds. A later run that finds such a file among
// its inputs leaves it out instead of reading it as a bureau's workbook.
const PropOutput = "nianbao.output"

// Kinds of output workbooks (values of PropOutput).
const (
	OutputAggregate = "aggregate" // nianbao aggregate's roll-up
	OutputStatus    = "status"    // nianbao status's overview
	OutputAnnotated = "annotated" // nianbao check --annotate's copy of a bureau's workbook
)

// SheetSources is the sheet of an aggregated workbook that lists the workbooks summed:
// agency, file and report year, one per row under a header row.
const SheetSources = "汇总来源"

// prefix keeps defined names clear of anything that looks like a cell reference (T2, R1C1).
const prefix = "nb_"

func name(kind, key string) string {
	return prefix + kind + strings.NewReplacer(".", "_").Replace(key)
}

// ValueName is the workbook-level defined name of a value cell, from its stable key:
// t3.new.person → nb_t3_new_person.
func ValueName(key string) string { return name("", key) }

// InfoName is the defined name of a basic-information input cell.
func InfoName(key string) string { return name("info_", key) }

// ProseName is the defined name of a prose field: its column of paragraph cells (one cell in
// layout 1).
func ProseName(key string) string { return name("prose_", key) }
