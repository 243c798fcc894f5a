// Package xlsxreader reads filled workbooks back into the report model: nianbao's own
// template however Excel, WPS or LibreOffice saved it, and the official tables pasted into a
// bureau's own workbook. It recognises the template by its document properties, then its
// hidden sheet, then the official labels; reads cells by their defined names and falls back
// to the labels' positions when names are lost or no longer sit next to their labels;
// classifies every value (number, blank, "not applicable", text) and parses numbers typed as
// text. What it notices on the way (amounts converted from 元, cells read by label) comes
// back as Notes of its own, with file, sheet and cell; the reader knows nothing of checks.
//
// Inputs are never modified, and nothing a file says is evaluated: a 总计 the edition
// defines as a sum is computed from its terms by template's definition (a cached result that
// disagrees is reported), and any other formula in a value cell is reported, its cached
// number used. Parts are read by a bounded streaming parser (book.go, sheetxml.go): at most
// maxXMLRead bytes of XML, maxRows × maxCols cells a sheet, maxSharedStrings strings,
// maxCellText characters a cell, maxTextRead bytes of cell text in all (a shared string counts
// once per cell that refers to it; it is normalised once) and maxProseText a part of the prose, so that any file within
// MaxFileSize is answered in well under two seconds and 200 MB. Wrong files (legacy .xls,
// encrypted, .ods, truncated, empty, random bytes, zip bombs) are refused before any part is
// parsed, each with its own error; a part that does not parse (XML errors, control
// characters, a DTD, forged sizes) is a *DamagedError naming it, never a finding. A panic
// becomes an *InternalError naming the file.
package xlsxreader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// Read reads the workbook at path. The notes are what was noticed while reading; the
// checks of the report itself are package check's. Errors are *FileError (wrapping one of
// the Err* sentinels), *InternalError, or the *fs.PathError of opening the file.
func Read(path string) (*model.Report, []Note, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, nil, err
	}
	return Decode(path, data)
}

// Decode reads a workbook from its contents; name is the file name used in locations and
// errors.
func Decode(name string, data []byte) (*model.Report, []Note, error) {
	return DecodeContext(context.Background(), name, data)
}

// DecodeContext is Decode that stops, with ctx's error, soon after ctx is done: every part
// is read through a reader that checks it (a desk's time limit, Ctrl+C).
func DecodeContext(ctx context.Context, name string, data []byte) (rep *model.Report, notes []Note, err error) {
	defer func() {
		if p := recover(); p != nil {
			rep, notes, err = nil, nil, &InternalError{Path: name, Cause: p}
		}
	}()
	data, err = unwrap(data)
	if err != nil {
		return nil, nil, fileError(name, err, "")
	}
	b, err := openBook(data)
	if err != nil {
		return nil, nil, fileError(name, err, "")
	}
	b.ctx = ctx
	return newReader(name, b).read()
}

// Load reads the file at path with Read's limits, for a caller that works on the bytes
// (Decode, OpenData).
func Load(path string) ([]byte, error) { return readFile(path) }

// OpenData opens a workbook from its contents for a caller that writes a modified copy
// (annotations); name is used in errors. The workbook library it uses loads whole sheets, so
// a workbook whose sheets hold more than any report (content far past the tables, which
// Decode does not read) is refused with ErrTooLarge: copying it would take minutes and
// gigabytes. The caller closes the file.
func OpenData(name string, data []byte) (f *excelize.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, &InternalError{Path: name, Cause: p}
		}
	}()
	return open(name, data)
}

// readFile reads a whole regular file, refusing one above MaxFileSize without reading it
// all, and a directory, FIFO or device without opening it (infile.ErrNotRegular).
func readFile(path string) ([]byte, error) {
	data, err := infile.ReadFile(path, MaxFileSize)
	if errors.Is(err, infile.ErrTooLarge) {
		return nil, fileError(path, ErrTooLarge, "%v", err)
	}
	return data, err
}

func open(name string, data []byte) (*excelize.File, error) {
	data, err := unwrap(data)
	if err != nil {
		return nil, fileError(name, err, "")
	}
	if err := copyable(data); err != nil {
		return nil, fileError(name, err, "")
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: maxCopySize, UnzipXMLSizeLimit: maxCopySize,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, fileError(name, ErrTooLarge, "%v", err)
		}
		return nil, fileError(name, ErrDamaged, "%v", err)
	}
	return f, nil
}

// reader reads one open workbook.
type reader struct {
	name   string
	book   *book
	err    error             // the first part found damaged or too large
	sheets map[string]*sheet // loaded on demand, by exact sheet name
	names  map[string]string // defined names, lower-cased → refers-to
	marked bool              // carries nianbao's template marks
	notes  []Note
	rep    *model.Report
	totals []pendingTotal // 总计 cells with a formula, computed after the tables are read
}

func newReader(name string, b *book) *reader {
	rd := &reader{name: name, book: b, sheets: map[string]*sheet{}, names: map[string]string{}}
	for _, dn := range b.names {
		key := strings.ToLower(dn.name)
		if _, dup := rd.names[key]; !dup || !dn.local {
			rd.names[key] = dn.refersTo
		}
	}
	return rd
}

// fail records the first error that makes the whole file unreadable.
func (rd *reader) fail(err error) {
	if rd.err == nil {
		rd.err = err
	}
}

func (rd *reader) read() (*model.Report, []Note, error) {
	e, meta, err := rd.identify()
	if rd.err != nil {
		return nil, nil, fileError(rd.name, rd.err, "")
	}
	if err != nil {
		return nil, nil, fileError(rd.name, err, "")
	}
	rd.rep = model.New(e)
	rd.rep.Source = rd.name
	rd.rep.Meta = meta
	for _, t := range e.Tables() {
		rd.readTable(t)
	}
	rd.computeTotals()
	rd.readInfo()
	rd.readProse()
	rd.readExplanations()
	if rd.err != nil {
		return nil, nil, fileError(rd.name, rd.err, "")
	}
	return rd.rep, rd.notes, nil
}

// identify finds the edition: from the document properties, else from the hidden sheet,
// else from the official labels (a bureau's own workbook, read with a warning).
func (rd *reader) identify() (*template.Edition, map[string]string, error) {
	meta, how := rd.customProps(), "properties"
	if meta[workbook.PropGenerator] != "nianbao" {
		meta, how = rd.metaSheet(), "sheet"
	}
	if meta[workbook.PropGenerator] == "nianbao" {
		rd.marked = true
		meta["identified_by"] = how
		layout, err := strconv.Atoi(strings.TrimSpace(meta[workbook.PropLayout]))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: layout %q", ErrForeignTemplate, meta[workbook.PropLayout])
		}
		if layout > workbook.LayoutVersion {
			return nil, nil, fmt.Errorf("%w: layout %d, this version reads up to %d", ErrNewerLayout, layout, workbook.LayoutVersion)
		}
		e, err := template.Lookup(strings.TrimSpace(meta[workbook.PropEdition]))
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", ErrForeignTemplate, err)
		}
		return e, meta, nil
	}
	e := rd.editionByLabels()
	if e == nil {
		return nil, nil, ErrNotReport
	}
	rd.note(ReadByLabel, fmt.Sprintf("未找到 nianbao 模板标记，已按表格标签识别为%s年版格式并读取；请核对读取结果，今后请使用统一下发的模板填报", e.ID))
	return e, map[string]string{workbook.PropEdition: e.ID, "identified_by": "labels"}, nil
}

func (rd *reader) customProps() map[string]string {
	out := map[string]string{}
	for k, v := range rd.book.props {
		out[k] = v
	}
	return out
}

// metaSheet reads the hidden sheet's name/value pairs (columns A and B).
func (rd *reader) metaSheet() map[string]string {
	out := map[string]string{}
	s := rd.sheet(workbook.SheetMeta)
	if s == nil {
		return out
	}
	for _, row := range s.rows {
		if len(row) >= 2 {
			out[strings.TrimSpace(row[0].text)] = strings.TrimSpace(row[1].text)
		}
	}
	return out
}

// editionByLabels picks the edition most of whose table labels the workbook carries.
func (rd *reader) editionByLabels() *template.Edition {
	var best *template.Edition
	bestScore := 0
	for _, e := range template.Editions() {
		score := 0
		for label := range editionLabels(e) {
			for _, name := range rd.book.sheetNames()[:min(len(rd.book.sheets), maxSheets)] {
				if s := rd.sheet(name); s != nil && len(s.labels[label]) > 0 {
					score++
					break
				}
			}
		}
		if score > bestScore {
			best, bestScore = e, score
		}
	}
	if bestScore < minLabels {
		return nil
	}
	return best
}

// minLabels is how many official labels a workbook must carry to be read as a report: more
// than a stray heading, fewer than table 三 alone has.
const minLabels = 12

// editionLabels are the normalised labels of an edition's value rows and columns.
func editionLabels(e *template.Edition) map[string]bool {
	out := map[string]bool{}
	for _, t := range e.Tables() {
		for _, b := range t.Blocks {
			for _, n := range append(template.Leaves(b.Rows), template.Leaves(b.Columns)...) {
				if n.Label != "" {
					out[normalize(n.Label)] = true
				}
			}
		}
	}
	return out
}

func (rd *reader) location(at cellRef) model.Location {
	return model.Location{File: rd.name, Sheet: at.sheet, Cell: at.ref()}
}

// readTable reads the value cells of a table: by defined name where the named cell still
// sits next to its labels, else by the labels' positions.
func (rd *reader) readTable(t *template.Table) {
	var byLabel map[string]cellRef
	tried, located := false, false
	var moved []NoteCell
	var firstMove string
	var missingRows []string
	for _, c := range t.Cells() {
		named, hasName := rd.named(workbook.ValueName(c.Key))
		if hasName && rd.nextToLabels(named, c) {
			rd.storeValue(c, named)
			continue
		}
		if !tried {
			byLabel, located = rd.locateTable(t)
			tried = true
		}
		at, found := byLabel[c.Key]
		switch {
		case !located:
			continue
		case !found:
			if !slices.Contains(missingRows, c.Row.Label) {
				missingRows = append(missingRows, c.Row.Label)
			}
			continue
		}
		rd.storeValue(c, at)
		if !rd.marked {
			continue // a bureau's own workbook has no names to lose; R2 said so
		}
		if firstMove == "" {
			how := "已丢失"
			if hasName {
				how = "指向 " + named.sheet + "!" + named.ref() + "，但该格不在其标签旁"
			}
			firstMove = c.Name() + "的名称" + how + "，已按标签读取 " + at.sheet + "!" + at.ref()
		}
		moved = append(moved, rd.cellNote(c))
	}
	if len(missingRows) > 0 {
		rd.note(NotFound, fmt.Sprintf("表%s中找不到「%s」行（可能已被删除或改名），该行按未填写处理；请使用统一下发的模板，不要增删行",
			t.Number, strings.Join(missingRows, "」「")))
	}
	switch {
	case tried && !located:
		rd.note(NotFound, fmt.Sprintf("工作簿中找不到表%s（%s）：既没有单元格名称，也找不到表格标签；请使用统一下发的模板填报", t.Number, t.Heading))
	case len(moved) == 1:
		rd.note(NameMoved, firstMove+"；可能插入或删除了行，请核对", moved...)
	case len(moved) > 1:
		rd.note(NameMoved, fmt.Sprintf("表%s有 %d 个单元格的名称丢失或与标签错位（如%s）；可能插入或删除了行，已全部按标签位置读取，请核对", t.Number, len(moved), firstMove), moved...)
	}
}

// storeValue reads and classifies a value cell. A formula is never evaluated: a 总计 that
// the edition defines as a sum is computed from its terms once every table is read
// (computeTotals); any other formula is reported, and its cached number used when the
// file has one.
func (rd *reader) storeValue(c template.Cell, at cellRef) {
	raw, formula, hasFormula := "", "", false
	if s := rd.sheet(at.sheet); s != nil {
		raw = s.cell(at.row, at.col)
		formula, hasFormula = s.formulas[pos{at.row, at.col}]
	}
	if _, total := rd.rep.Edition.Computed(c.Key); total && hasFormula {
		rd.totals = append(rd.totals, pendingTotal{cell: c, at: at, cached: raw})
		return
	}
	v, converted := parseValue(raw, c.Kind())
	v.Where = rd.location(at)
	if hasFormula && raw == "" {
		v = model.Value{State: model.Text, Raw: "=" + formula, Where: v.Where} // no result to use: not a number
	}
	rd.rep.Values[c.Key] = v
	if hasFormula && v.State == model.Number {
		rd.note(Formula, fmt.Sprintf("%s填写的是公式“=%s”，已按文件中保存的计算结果 %s 读取；请直接填写数字", c.Name(), formula,
			strconv.FormatFloat(v.Number, 'f', -1, 64)), rd.cellNote(c))
	}
	if converted {
		rd.note(UnitConverted, fmt.Sprintf("%s填写“%s”，已按 %s 万元读取", c.Name(), v.Raw,
			strconv.FormatFloat(v.Number, 'f', -1, 64)), rd.cellNote(c))
	}
}

// pendingTotal is a 总计 cell holding a formula, computed once every table is read.
type pendingTotal struct {
	cell   template.Cell
	at     cellRef
	cached string // the result the file saved with the formula; "" when none
}

// computeTotals sets every 总计 cell that holds a formula to the sum of its terms, by the
// edition's definition (blank and text terms count 0, as in a spreadsheet), and reports a
// cached result that disagrees: a formula changed, or a file saved without recalculating.
func (rd *reader) computeTotals() {
	pending := map[string]pendingTotal{}
	for _, p := range rd.totals {
		pending[p.cell.Key] = p
	}
	var sum func(key string, depth int) float64
	sum = func(key string, depth int) float64 {
		p, ok := pending[key]
		if !ok {
			n, _ := rd.rep.Number(key) // a number beyond MaxValue counts 0: never +Inf
			return n
		}
		if v, done := rd.rep.Values[key]; done && v.State == model.Number {
			n, _ := rd.rep.Number(key)
			return n
		}
		terms, _ := rd.rep.Edition.Computed(key)
		total := 0.0
		if depth < 8 {
			for _, t := range terms {
				total += sum(t, depth+1)
			}
		}
		total = math.Round(total*1e6) / 1e6
		v := model.Value{State: model.Number, Number: total, Raw: strconv.FormatFloat(total, 'f', -1, 64), Where: rd.location(p.at)}
		rd.rep.Values[key] = v
		// A term beyond the range (V6) counted 0: the sum says nothing about the cached result.
		if cached, _ := parseValue(p.cached, p.cell.Kind()); cached.State == model.Number && math.Abs(cached.Number-total) > 1e-6 && !rd.rep.OutOfRange(key) {
			rd.note(CachedTotal, fmt.Sprintf("%s在文件中保存的结果为 %s，与各项之和 %s 不一致（公式可能被改动，或文件保存时未重新计算），已按各项之和读取",
				p.cell.Name(), p.cached, v.Raw), rd.cellNote(p.cell))
		}
		return total
	}
	for _, p := range rd.totals {
		sum(p.cell.Key, 0)
	}
}

// readInfo reads the basic-information fields: label in one cell, value to its right.
func (rd *reader) readInfo() {
	var fields []textField
	for _, fld := range rd.rep.Edition.Info {
		fields = append(fields, textField{name: workbook.InfoName(fld.Key), label: fld.Label, hint: fld.Hint,
			what: "基本信息「" + fld.Label + "」"})
	}
	for i, f := range rd.readTexts(workbook.SheetInfo, fields) {
		fld := rd.rep.Edition.Info[i]
		if fld.Kind == template.Date {
			f.Text = dateText(f.Text)
		}
		rd.rep.Info[fld.Key] = f
	}
}

// readProse reads the prose fields: each is labelled by its sub-heading, or by its part's
// heading when it has none. A field is a column of paragraph cells (layout 2), or one cell
// with line breaks (layout 1); its paragraphs are joined in order, blank cells skipped.
func (rd *reader) readProse() {
	var fields []textField
	var keys []string
	for _, p := range rd.rep.Edition.Parts {
		for _, pf := range p.Prose {
			label := pf.Heading
			if label == "" {
				label = p.Heading
			}
			fields = append(fields, textField{name: workbook.ProseName(pf.Key), label: label, hint: pf.Hint,
				what: "正文「" + p.Heading + pf.Heading + "」", paragraphs: true})
			keys = append(keys, pf.Key)
		}
	}
	for i, f := range rd.readTexts(workbook.SheetProse, fields) {
		if n := utf8.RuneCountInString(f.Text); n > maxProseText {
			f.Text = truncate(f.Text, maxProseText)
			rd.note(TextTooLong, fmt.Sprintf("%s有 %d 字，超过每部分 %d 字的上限，只读取了前 %d 字；请精简后重新填写",
				fields[i].what, n, maxProseText, maxProseText), NoteCell{Key: fields[i].name, Label: fields[i].what,
				Value: model.Value{State: model.Text, Where: f.Where}})
		}
		rd.rep.Prose[keys[i]] = f
	}
}

// maxProseText bounds each part of the prose, in characters: several times the longest
// part of a real report, and far below what would make a PDF of thousands of pages.
const maxProseText = 20000

// textField is a basic-information or prose field as the workbook labels it.
type textField struct {
	name        string // defined name
	label, hint string // the label left of the input cell, and the template's hint right of it
	what        string // how messages name it
	paragraphs  bool   // a column of paragraph cells from the labelled one down
}

// readTexts reads text fields from a sheet, each by its defined name when the named cell
// still has its label to the left in the same row, else right of its label; fields read
// by label in a marked workbook are reported together.
func (rd *reader) readTexts(sheetName string, fields []textField) []model.Field {
	out := make([]model.Field, len(fields))
	labels := map[string]bool{}
	for _, f := range fields {
		labels[normalize(f.label)] = true
	}
	var moved []NoteCell
	for i, f := range fields {
		at, last, named := rd.namedColumn(f.name)
		if !named || !f.paragraphs && last != at.row || !rd.labelLeft(at, f.label) {
			var found bool
			if at, found = rd.rightOfLabel(f.label, f.hint, sheetName); !found {
				out[i] = model.Field{Where: model.Location{File: rd.name}}
				continue
			}
			if last = at.row; f.paragraphs {
				last = rd.fieldEnd(at, labels)
			}
			if rd.marked {
				moved = append(moved, NoteCell{Key: f.name, Label: f.what,
					Value: model.Value{State: model.Text, Where: rd.location(at)}})
			}
		}
		out[i] = model.Field{Text: rd.paragraphs(at, last), Where: rd.location(at)}
	}
	if len(moved) > 0 {
		first := moved[0]
		rd.note(NameMoved, fmt.Sprintf("“%s”工作表有 %d 个栏目的单元格名称丢失或与标签错位（如%s），已按标签位置读取（%s!%s 等），请核对",
			sheetName, len(moved), first.Label, first.Value.Where.Sheet, first.Value.Where.Cell), moved...)
	}
	return out
}

// paragraphs joins the texts of the cells from at down to row last with line breaks,
// skipping blank cells.
func (rd *reader) paragraphs(at cellRef, last int) string {
	s := rd.sheet(at.sheet)
	var out []string
	for r := at.row; r <= last; r++ {
		if p := cleanText(s.cell(r, at.col)); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// cleanText normalises line ends: spreadsheets store a paragraph break as \r\n or \n.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "_x000D_", "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", "\n"))
}

// dateText turns a date stored as a spreadsheet serial number into 2021年1月20日; text is
// kept as typed.
func dateText(s string) string {
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 20000 || n > 80000 {
		return s
	}
	t, err := excelize.ExcelDateToTime(n, false)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}
