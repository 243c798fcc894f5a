package xlsxwriter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// cached is the value a formula cell carries in the file, so that readers and previews that
// do not recalculate (mail and phone previews, pandas) see what the spreadsheet would show.
type cached struct {
	text   string
	number float64
	isText bool
}

func (c cached) String() string {
	if c.isText {
		return c.text
	}
	return formatNumber(c.number)
}

// formatNumber writes a number as a spreadsheet shows it in General format, and as
// CONCATENATE turns it into text: 12, 0.5, -3.25.
// Fifteen significant digits, as spreadsheets keep: 0.1+0.2 is 0.3.
func formatNumber(n float64) string { return strconv.FormatFloat(n, 'g', 15, 64) }

// formula writes a formula with the value it computes to on the workbook as written; the
// value is attached to the cell when the package is finished.
func (b *builder) formula(at place, e expr) {
	b.check(b.f.SetCellFormula(at.sheet, at.ref(), e.f))
	c := cached{number: e.num()}
	if s, ok := e.v.(string); ok {
		c = cached{text: s, isText: true}
	}
	if b.cache[at.sheet] == nil {
		b.cache[at.sheet] = map[string]cached{}
	}
	b.cache[at.sheet][at.ref()] = c
}

// cellPattern matches a cell as excelize writes it, with its formula when it has one.
var cellPattern = regexp.MustCompile(`<c r="([A-Z]+)([0-9]+)"([^>]*?)(/>|>(<f>[^<]*</f>)?)`)

// rowPattern matches a row's start tag as excelize writes it.
var rowPattern = regexp.MustCompile(`<row r="([0-9]+)"[^>]*>`)

// dimensionPattern matches the dimension element excelize writes (A1 whatever the cells).
var dimensionPattern = regexp.MustCompile(`<dimension ref="[^"]*"\s*(/>|></dimension>)`)

// finish rewrites the package excelize wrote: every formula cell gets its cached value
// (<v>, typed as a number or a string), every worksheet the dimension of its cells rather
// than A1, which streaming readers take for the whole sheet, and the fitted rows heights that
// are not custom.
func finish(pkg []byte, cache map[string]map[string]cached, fitted map[string]map[int]bool) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return nil, err
	}
	sheets, err := worksheetPaths(zr)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		data, err := readEntry(zf)
		if err != nil {
			return nil, err
		}
		if name, ok := sheets[zf.Name]; ok {
			if data, err = finishSheet(data, cache[name], fitted[name]); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		h := zf.FileHeader
		h.CompressedSize64, h.UncompressedSize64, h.CRC32 = 0, 0, 0
		w, err := zw.CreateHeader(&h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func readEntry(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// finishSheet attaches the cached values and the dimension to one worksheet's XML, and
// takes the custom mark off the heights of the fitted rows.
func finishSheet(data []byte, cache map[string]cached, fitted map[int]bool) ([]byte, error) {
	data = rowPattern.ReplaceAllFunc(data, func(m []byte) []byte {
		row, _ := strconv.Atoi(string(rowPattern.FindSubmatch(m)[1]))
		if !fitted[row] {
			return m
		}
		return bytes.Replace(m, []byte(` customHeight="true"`), nil, 1)
	})
	maxCol, maxRow, formulas := 1, 1, 0
	var failed error
	data = cellPattern.ReplaceAllFunc(data, func(m []byte) []byte {
		g := cellPattern.FindSubmatch(m)
		col, _ := excelize.ColumnNameToNumber(string(g[1]))
		row, _ := strconv.Atoi(string(g[2]))
		maxCol, maxRow = max(maxCol, col), max(maxRow, row)
		if len(g[5]) == 0 {
			return m
		}
		formulas++
		ref := string(g[1]) + string(g[2])
		c, ok := cache[ref]
		if !ok {
			failed = fmt.Errorf("formula in %s without a cached value", ref)
			return m
		}
		attrs := strings.Replace(string(g[3]), ` t="str"`, "", 1)
		var v bytes.Buffer
		if c.isText {
			attrs += ` t="str"`
			_ = xml.EscapeText(&v, []byte(c.text))
		} else {
			v.WriteString(formatNumber(c.number))
		}
		// The cell's closing tag follows the formula; the value goes in between.
		return []byte(`<c r="` + ref + `"` + attrs + `>` + string(g[5]) + `<v>` + v.String() + `</v>`)
	})
	if failed != nil {
		return nil, failed
	}
	if formulas != len(cache) {
		return nil, fmt.Errorf("%d cached values for %d formulas", len(cache), formulas)
	}
	dim := []byte(`<dimension ref="A1:` + colName(maxCol) + strconv.Itoa(maxRow) + `"/>`)
	if loc := dimensionPattern.FindIndex(data); loc != nil {
		return slices.Concat(data[:loc[0]], dim, data[loc[1]:]), nil
	}
	return nil, fmt.Errorf("no dimension element")
}

// worksheetPaths maps the package paths of the worksheets to their sheet names, from the
// workbook part and its relationships.
func worksheetPaths(zr *zip.Reader) (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, part := range []struct {
		name string
		into any
	}{{"xl/workbook.xml", &wb}, {"xl/_rels/workbook.xml.rels", &rels}} {
		zf, err := zr.Open(part.name)
		if err != nil {
			return nil, err
		}
		err = xml.NewDecoder(zf).Decode(part.into)
		zf.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", part.name, err)
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		target[r.ID] = r.Target
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		t := target[s.RID]
		if !strings.HasPrefix(t, "/") {
			t = path.Join("xl", t)
		}
		out[strings.TrimPrefix(t, "/")] = s.Name
	}
	return out, nil
}
