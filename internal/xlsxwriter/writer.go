// Package xlsxwriter is the xlsx writer: it turns a report (empty for a blank template, or
// filled) into the Excel workbook that bureaus fill in. The layout is computed from the
// edition's definition in package template; the names of sheets, the defined names of input
// cells and the document properties follow the contract in package workbook, so that the
// reader can find every input cell again.
package xlsxwriter

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// Write writes the workbook for r: the blank template when r holds no values, a filled
// workbook otherwise. Formula cells carry the values they compute to as written (for
// readers that do not recalculate); the workbook also asks the spreadsheet application to
// recalculate when it is opened.
func Write(w io.Writer, r *model.Report) error {
	if r == nil || r.Edition == nil {
		return fmt.Errorf("xlsxwriter: report without edition")
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &builder{f: f, r: r, e: r.Edition}
	if err := b.build(); err != nil {
		return fmt.Errorf("xlsxwriter: %w", err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return fmt.Errorf("xlsxwriter: write workbook: %w", err)
	}
	pkg, err := finish(buf.Bytes(), b.cache, b.fitted)
	if err != nil {
		return fmt.Errorf("xlsxwriter: %w", err)
	}
	if _, err := w.Write(pkg); err != nil {
		return fmt.Errorf("xlsxwriter: write workbook: %w", err)
	}
	return nil
}

// created is the creation time recorded in the document properties: SOURCE_DATE_EPOCH when
// set (reproducible builds of the samples), else now.
func created() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now().UTC()
}

// builder carries the state of one workbook being written. Errors are collected in err so
// that the many small excelize calls read as a layout rather than as error handling.
type builder struct {
	f   *excelize.File
	r   *model.Report
	e   *template.Edition
	st  styles
	err error
	// at records where every value cell was put, for formulas and checks: key → sheet, cell.
	at map[string]place
	// cells are the edition's value cells by key (Edition.Cell searches a fresh list).
	cells map[string]template.Cell
	// cache holds the value of every formula cell as written, by sheet and cell.
	cache map[string]map[string]cached
	// fitted are rows whose height is an estimate for the text written into them, to be kept
	// fitting as the text is edited (by sheet, row).
	fitted map[string]map[int]bool
	// prose and statuses are what the summary on the first sheet sums up: where each prose
	// field was put, and each table's status line.
	prose    []proseField
	statuses map[*template.Table]expr
}

// place is a cell of the workbook.
type place struct {
	sheet string
	col   int
	row   int
}

func (p place) ref() string { return cellName(p.col, p.row) }

// absRef is the cell as an absolute reference within its sheet: $D$7.
func (p place) absRef() string { return "$" + colName(p.col) + "$" + strconv.Itoa(p.row) }

// qualified is the cell as a workbook-wide absolute reference: '表三'!$D$7.
func (p place) qualified() string { return quoteSheet(p.sheet) + "!" + p.absRef() }

func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func cellName(col, row int) string { return colName(col) + strconv.Itoa(row) }

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

func (b *builder) check(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

func (b *builder) build() error {
	b.at = map[string]place{}
	b.cache = map[string]map[string]cached{}
	b.statuses = map[*template.Table]expr{}
	b.fitted = map[string]map[int]bool{}
	b.cells = map[string]template.Cell{}
	for _, c := range b.e.Cells() {
		b.cells[c.Key] = c
	}
	b.st = b.newStyles()
	if b.err != nil {
		return b.err
	}
	// The first sheet of a new file is renamed rather than deleted: a workbook needs one.
	b.check(b.f.SetSheetName("Sheet1", workbook.SheetGuide))
	b.infoSheet()
	b.proseSheet()
	for _, t := range b.e.Tables() {
		b.tableSheet(t)
	}
	b.explanationsSheet()
	// The guide is the first sheet (Sheet1 renamed above); it is written last, since its
	// summary refers to the status lines of the others.
	b.guideSheet()
	b.metaSheet()
	// Sheets cannot be inserted, deleted, moved or renamed (no password, as for the sheets).
	b.check(b.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}))
	b.f.SetActiveSheet(0)
	when := created().Format(time.RFC3339)
	b.check(b.f.SetDocProps(&excelize.DocProperties{Creator: "nianbao", LastModifiedBy: "nianbao",
		Created: when, Modified: when, Title: "政府信息公开工作年度报告"}))
	true_ := true
	b.check(b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &true_}))
	return b.err
}

// properties are the document properties that identify the workbook (workbook.Prop*).
func (b *builder) properties() [][2]string {
	year := ""
	if y := b.r.Year(); y != 0 {
		year = strconv.Itoa(y)
	}
	return [][2]string{
		{workbook.PropGenerator, "nianbao"},
		{workbook.PropEdition, b.e.ID},
		{workbook.PropLayout, strconv.Itoa(workbook.LayoutVersion)},
		{workbook.PropAgency, cleanText(b.r.Agency())},
		{workbook.PropYear, year},
		{workbook.PropVersion, version.Version},
	}
}

// metaSheet writes the properties twice: as custom document properties, and on a very
// hidden sheet for applications that drop custom properties.
func (b *builder) metaSheet() {
	s := workbook.SheetMeta
	_, err := b.f.NewSheet(s)
	b.check(err)
	for i, p := range b.properties() {
		// Office keeps at most 255 characters of a custom property; the sheet keeps all.
		b.check(b.f.SetCustomProps(excelize.CustomProperty{Name: p[0], Value: clip(p[1], 255)}))
		b.check(b.f.SetCellStr(s, cellName(1, i+1), p[0]))
		b.check(b.f.SetCellStr(s, cellName(2, i+1), p[1]))
	}
	b.check(b.f.SetColWidth(s, "A", "B", 24))
	b.protect(s)
	b.check(b.f.SetSheetVisible(s, false, true))
}

// name gives a cell a workbook-scope defined name.
func (b *builder) name(name string, p place) {
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: p.qualified()}))
}

// text writes user or label text as a string, never as a formula or a number: excelize's
// SetCellStr stores it as a literal whatever its first character.
func (b *builder) text(sheet string, col, row int, s string) {
	b.check(b.f.SetCellStr(sheet, cellName(col, row), cleanText(s)))
}

// cleanText drops the characters that XML 1.0 cannot carry (control characters other
// than tab and line feed, U+FFFE, U+FFFF) and normalises line ends to "\n".
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r':
			return '\n'
		case unicode.IsControl(r), r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// box writes a label into a rectangle of cells, merging it when it is larger than a cell,
// and gives every cell of the rectangle the style (so that borders run all round).
func (b *builder) box(sheet string, c1, r1, c2, r2 int, s string, style int) {
	if c2 > c1 || r2 > r1 {
		b.check(b.f.MergeCell(sheet, cellName(c1, r1), cellName(c2, r2)))
	}
	b.check(b.f.SetCellStyle(sheet, cellName(c1, r1), cellName(c2, r2), style))
	if s != "" {
		b.text(sheet, c1, r1, s)
	}
}

// protect locks every cell that is not styled as an input; no password, so that a bureau
// that really must change the layout can, and every application can open it.
func (b *builder) protect(sheet string) {
	b.check(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatRows: true, FormatColumns: true,
	}))
}

// printable sets A4 portrait, fit to one page wide, centred across the page, page numbers in the footer and, when
// titleRows > 0, rows 1..titleRows repeated on every printed page.
func (b *builder) printable(sheet string, titleRows int) {
	size, portrait, one, any := 9, "portrait", 1, 0
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &portrait, FitToWidth: &one, FitToHeight: &any}))
	fit := true
	b.check(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	margin, edge := 0.6, 0.3
	b.check(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge,
		Horizontally: &fit}))
	b.check(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: "&C第 &P 页，共 &N 页"}))
	if titleRows > 0 {
		b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: quoteSheet(sheet) + "!$1:$" + strconv.Itoa(titleRows), Scope: sheet}))
	}
}

// landscape turns a sheet's printed page across (after printable).
func (b *builder) landscape(sheet string) {
	across := "landscape"
	b.check(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &across}))
}

// fittedRow gives a row the height its text needs as written, and leaves it to the
// spreadsheet to fit it again when the text changes: the height is stored but not marked
// custom. (LibreOffice does not fit a row on opening; a custom height would not grow.)
func (b *builder) fittedRow(sheet string, row int, height float64) {
	b.check(b.f.SetRowHeight(sheet, row, min(height, 409)))
	if b.fitted[sheet] == nil {
		b.fitted[sheet] = map[int]bool{}
	}
	b.fitted[sheet][row] = true
}

// printArea limits what is printed of a sheet (the hint columns are for the screen).
func (b *builder) printArea(sheet, area string) {
	b.check(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: quoteSheet(sheet) + "!" + absArea(area), Scope: sheet}))
}

// absArea makes A1:B9 absolute: $A$1:$B$9.
func absArea(area string) string {
	var out []string
	for _, ref := range strings.Split(area, ":") {
		col, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			return area
		}
		out = append(out, place{col: col, row: row}.absRef())
	}
	return strings.Join(out, ":")
}

// width is the display width of s in spreadsheet column units: a Chinese character takes
// about two.
func width(s string) int {
	w := 0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || r >= 0x2E80) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// lines estimates how many lines s takes when wrapped in a cell colWidth units wide.
func lines(s string, colWidth float64) int {
	n := 0
	for _, para := range strings.Split(s, "\n") {
		w := float64(width(para))
		l := int((w + colWidth - 2) / (colWidth - 1))
		if l < 1 {
			l = 1
		}
		n += l
	}
	return n
}

// lineHeight is the height in points of one line of 11-point text.
const lineHeight = 15.0
