package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/rivo/uniseg"
	"github.com/xuri/excelize/v2"
)

// States of a row of the status table besides the outcomes of check.Outcome.
const (
	StateMissing   = "未提交"
	StateDuplicate = "重复提交"
	// StateRefused is a workbook that is not the report of an agency of the list, or not of
	// the year expected: it counts for no agency, as the desk refuses it from a link.
	StateRefused = "已拒收"
)

// StatusRow is one line of the overview: a workbook, or an agency of the list.
type StatusRow struct {
	File     string
	Agency   string
	Year     int
	Edition  string
	Errors   int
	Warnings int
	Counted  bool   // Errors and Warnings are meaningful (the workbook was read)
	State    string // an outcome (检查通过 …) or StateMissing, StateDuplicate, StateRefused
	Note     string
}

// StatusStates are the states of rows, in the order a count by state lists them.
var StatusStates = []string{check.Pass.String(), check.Warnings.String(), check.Errors.String(),
	check.Unreadable.String(), StateRefused, StateMissing, StateDuplicate}

// StatusOptions are the choices of a status run.
type StatusOptions struct {
	Agencies []Agency // the agencies expected to send a workbook; optional
	Year     int      // the report year expected; 0 for any
	Output   string   // the status workbook, checked before any work and never read as an input
	Force    bool     // replace an existing status workbook
	// LastYear are last year's workbooks, for the cross-year checks (ReadLastYear); optional.
	LastYear *LastYear
	// LeftOut hears of nianbao's own earlier outputs found in the folder and not read; optional.
	LeftOut func(error)
}

// Progress hears how a long run over many files goes.
type Progress interface {
	Start(total int)
	Add()
	Done()
}

// Status reads and checks the workbooks under dir on every core and lays out the rows:
// workbooks in the order found, unsupported files, then the agencies of the list that sent
// none or more than one. Nothing is written; SaveStatus writes the rows.
func Status(ctx context.Context, dir string, opts StatusOptions, progress Progress) ([]StatusRow, error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, message.Inputf("目录不存在或不是目录：%s。", dir)
	}
	if err := checkOutput(opts.Output, opts.Force); err != nil {
		return nil, err
	}
	files, err := findInputs([]string{dir}, []string{opts.Output}, opts.LeftOut, "")
	if err != nil {
		return nil, err
	}
	rows := StatusRows(ctx, files, opts.Agencies, opts.Year, opts.LastYear, progress)
	if err := ctx.Err(); err != nil {
		return nil, err // stopped: the workbooks not read are not "未提交"
	}
	return rows, nil
}

// StatusRows are the rows of the workbooks found, against the list of agencies and the year
// expected (see Status).
func StatusRows(ctx context.Context, files batch.Files, list []Agency, year int, last *LastYear, progress Progress) []StatusRow {
	rows := make([]StatusRow, 0, len(files.Workbooks)+len(files.Unsupported))
	progress.Start(len(files.Workbooks))
	batch.Map(ctx, files.Workbooks, func(path string) StatusRow {
		return workbookRow(path, InspectFile(ctx, path, last)) // the report is dropped here: memory stays flat
	}, func(path string, cause any) StatusRow {
		return unreadableRow(path, &xlsxreader.InternalError{Path: path, Cause: cause})
	}, func(_ int, row StatusRow) {
		rows = append(rows, row)
		progress.Add()
	})
	progress.Done()
	for _, p := range files.Unsupported {
		rows = append(rows, unreadableRow(p, &batch.UnsupportedError{Path: p}))
	}
	for _, e := range files.Unreadable {
		rows = append(rows, unreadableRow(e.Path, e.Err))
	}
	refuseYear(rows, year)
	return append(rows, agencyRows(rows, list)...)
}

// refuseYear refuses the workbooks of another year than the one expected.
func refuseYear(rows []StatusRow, year int) {
	for i := range rows {
		r := &rows[i]
		if r.State == check.Unreadable.String() {
			continue
		}
		if why := check.YearProblem(year, r.Year); why != "" {
			r.State, r.Note = StateRefused, strings.TrimPrefix(r.Note+"；"+why, "；")
		}
	}
}

func workbookRow(path string, in Inspection) StatusRow {
	if in.Err != nil {
		return unreadableRow(path, in.Err)
	}
	// Counted as a clerk reads them: a run of blank cells is one warning.
	n := check.CountGroups(in.Groups)
	row := StatusRow{File: path, Agency: in.Report.Agency(), Year: in.Report.Year(), Edition: in.Report.Edition.ID,
		Errors: n.Errors, Warnings: n.Warnings, Counted: true, State: in.Outcome().String()}
	var notes []string
	if row.Agency == "" {
		notes = append(notes, "未填写机关名称")
	}
	if n.Explained > 0 {
		notes = append(notes, fmt.Sprintf("%d 个警告已说明（%s）", n.Explained, explanations(in.Groups)))
	}
	if in.Note != "" {
		notes = append(notes, in.Note)
	}
	row.Note = strings.Join(notes, "；")
	return row
}

// explainedShown is how much of each explanation the overview quotes.
const explainedShown = 40

// explanations quotes the bureau's explanations of its explained warnings for the overview:
// Y1 表三!J6：本年开展专项清理…
func explanations(groups []check.Group) string {
	var out []string
	for _, g := range groups {
		if !g.Explained() {
			continue
		}
		text := []rune(g.Explanation)
		if len(text) > explainedShown {
			text = append(text[:explainedShown], '…')
		}
		out = append(out, strings.TrimSpace(g.Rule+" "+g.Place)+"："+string(text))
	}
	return strings.Join(out, "；")
}

func unreadableRow(path string, err error) StatusRow {
	return StatusRow{File: path, State: check.Unreadable.String(), Note: message.Text(err)}
}

// agencyRows compares the workbooks' agencies with the list: one row per agency that sent no
// workbook or more than one. A workbook counts for the listed agency whose name it states, as
// check.MatchAgency compares names (width, spaces and parenthetical parts do not matter);
// with a list, a workbook of no agency on it is refused (StateRefused), saying which listed
// name comes near. Without a list only agencies that sent several are reported.
func agencyRows(rows []StatusRow, list []Agency) []StatusRow {
	owner := func(name string) string { // the key a workbook's agency counts under
		for _, a := range list {
			if check.MatchAgency(a.Name, name) == check.Same {
				return aggregate.AgencyKey(a.Name)
			}
		}
		return aggregate.AgencyKey(name)
	}
	if list != nil {
		for i := range rows {
			r := &rows[i]
			if r.State == check.Unreadable.String() || listedMatch(list, r.Agency) {
				continue
			}
			why := "机关名称未填写，不是名单中任何单位的报告"
			if r.Agency != "" {
				why = fmt.Sprintf("这是“%s”的报告，名单中没有这个单位", r.Agency)
				if near := nearest(list, r.Agency); near != "" {
					why += fmt.Sprintf("；与名单中的“%s”相近，如确是该单位，请把工作簿中的机关名称改为名单中的名称", near)
				}
			}
			r.State, r.Note = StateRefused, strings.TrimPrefix(r.Note+"；"+why, "；")
		}
	}
	byAgency := map[string][]string{}
	var order []string
	for _, r := range rows {
		if r.State == check.Unreadable.String() || r.State == StateRefused || r.Agency == "" {
			continue
		}
		k := owner(r.Agency)
		if byAgency[k] == nil {
			order = append(order, r.Agency)
		}
		byAgency[k] = append(byAgency[k], r.File)
	}
	var out []StatusRow
	for _, a := range list {
		if len(byAgency[aggregate.AgencyKey(a.Name)]) == 0 {
			out = append(out, StatusRow{Agency: a.Name, State: StateMissing, Note: "名单中的机关尚未提交工作簿"})
		}
	}
	for _, name := range order {
		if files := byAgency[owner(name)]; len(files) > 1 {
			out = append(out, StatusRow{File: strings.Join(files, "、"), Agency: name, State: StateDuplicate,
				Note: fmt.Sprintf("提交了 %d 份工作簿，请确认以哪一份为准", len(files))})
		}
	}
	return out
}

// listedMatch reports whether name is the Same as an agency of the list.
func listedMatch(list []Agency, name string) bool {
	for _, a := range list {
		if check.MatchAgency(a.Name, name) == check.Same {
			return true
		}
	}
	return false
}

// nearest is the first agency of the list whose name is Near name, or "".
func nearest(list []Agency, name string) string {
	for _, a := range list {
		if check.MatchAgency(a.Name, name) == check.Near {
			return a.Name
		}
	}
	return ""
}

// StatusHeader are the columns of the overview, on screen and in the workbook.
var StatusHeader = []string{"文件", "机关名称", "年度", "格式版本", "错误", "警告", "状态", "说明"}

// Cells is a row as text, in the order of StatusHeader.
func (r StatusRow) Cells() []string {
	year, errs, warns := "", "", ""
	if r.Year != 0 {
		year = strconv.Itoa(r.Year)
	}
	if r.Counted {
		errs, warns = strconv.Itoa(r.Errors), strconv.Itoa(r.Warnings)
	}
	return []string{r.File, r.Agency, year, r.Edition, errs, warns, r.State, r.Note}
}

// SaveStatus writes the rows as the status workbook at path, completely or not at all.
func SaveStatus(path string, force bool, rows []StatusRow) error {
	return outfile.Write(path, force, func(w io.Writer) error { return WriteStatus(w, rows) })
}

// stateColours are the fill colours of the state cells in the workbook.
var stateColours = map[string]string{
	check.Pass.String(): "C6EFCE", check.Warnings.String(): "FFEB9C", check.Errors.String(): "FFC7CE",
	check.Unreadable.String(): "D9D9D9", StateRefused: "F8CBAD", StateMissing: "F8CBAD", StateDuplicate: "F8CBAD",
}

// StatusSheet is the one sheet of the status workbook.
const StatusSheet = "检查结果"

// WriteStatus writes the rows as a workbook: a header row that stays in view, an
// autofilter, columns wide enough for their text and the state cells coloured. Every text
// is written as a string, so that nothing from a bureau's workbook can become a formula.
func WriteStatus(w io.Writer, rows []StatusRow) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", StatusSheet); err != nil {
		return fmt.Errorf("status workbook: %w", err)
	}
	s := StatusSheet
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return fmt.Errorf("status workbook: %w", err)
	}
	states := map[string]int{}
	for state, colour := range stateColours {
		if states[state], err = f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}},
			Alignment: &excelize.Alignment{Horizontal: "center"}}); err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	widths := make([]int, len(StatusHeader))
	set := func(col, row int, s string) error {
		widths[col] = max(widths[col], uniseg.StringWidth(s))
		return f.SetCellStr(StatusSheet, cellRef(col, row), s)
	}
	for i, h := range StatusHeader {
		if err := set(i, 1, h); err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	for n, r := range rows {
		row := n + 2
		for i, text := range r.Cells() {
			var err error
			switch {
			case i == 2 && r.Year != 0:
				err = f.SetCellInt(s, cellRef(i, row), int64(r.Year))
			case i == 4 && r.Counted:
				err = f.SetCellInt(s, cellRef(i, row), int64(r.Errors))
			case i == 5 && r.Counted:
				err = f.SetCellInt(s, cellRef(i, row), int64(r.Warnings))
			default:
				err = set(i, row, text)
			}
			if err != nil {
				return fmt.Errorf("status workbook: %w", err)
			}
		}
		if err := f.SetCellStyle(s, cellRef(6, row), cellRef(6, row), states[r.State]); err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	last := cellRef(len(StatusHeader)-1, len(rows)+1)
	steps := []error{
		f.SetCellStyle(s, "A1", cellRef(len(StatusHeader)-1, 1), header),
		f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}),
		f.AutoFilter(s, "A1:"+last, nil),
		f.SetCustomProps(excelize.CustomProperty{Name: workbook.PropOutput, Value: workbook.OutputStatus}),
		f.SetCustomProps(excelize.CustomProperty{Name: workbook.PropVersion, Value: version.Version}),
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		steps = append(steps, f.SetColWidth(s, col, col, float64(min(max(wd, 6)+2, 80))))
	}
	for _, err := range steps {
		if err != nil {
			return fmt.Errorf("status workbook: %w", err)
		}
	}
	return f.Write(w)
}

// cellRef is the A1 reference of a zero-based column and a one-based row.
func cellRef(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col+1, row)
	return ref
}
