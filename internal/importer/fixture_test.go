package importer

import (
	"context"
	"encoding/json"
	"github.com/nianbao/nianbao/internal/realtest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// fixtureDir holds a real published report and its values transcribed by hand.
const fixtureDir = "../../../shared/fixtures/published"

// fixture is the transcription of a published report.
type fixture struct {
	File    string
	Agency  string
	Year    int
	Edition string
	Table2  map[string]map[string]map[string]any
	Table3  struct {
		Columns []string
		Rows    map[string][]any
	}
	Table4 map[string]map[string]any
}

func loadFixture(t testing.TB) (fixture, []byte) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(fixtureDir, "*.json"))
	if len(paths) == 0 {
		realtest.Missing(t, "SHARED FIXTURES MISSING: "+fixtureDir+" not found; the published report was NOT read")
	}
	var f fixture
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	pdf, err := os.ReadFile(filepath.Join(fixtureDir, f.File))
	if err != nil {
		t.Fatal(err)
	}
	return f, pdf
}

// expected lists the fixture's values by cell key, finding each label in template/.
func (f fixture) expected(t *testing.T, e *template.Edition) map[string]any {
	out := map[string]any{}
	find := func(table *template.Table, row, col, group string) string {
		for _, c := range table.Cells() {
			if (c.Row.Label == row || row == "") && c.Column.Label == col && (group == "" || strings.Contains(c.Name(), "「"+group+"」")) {
				return c.Key
			}
		}
		t.Fatalf("no cell %s/%s/%s in 表%s", row, col, group, table.Number)
		return ""
	}
	tables := e.Tables()
	for _, block := range f.Table2 {
		for row, cols := range block {
			for col, v := range cols {
				out[find(tables[0], row, col, "")] = v
			}
		}
	}
	for row, vals := range f.Table3.Rows {
		if row == "（六）其他处理" && e.ID == "2021" {
			// Printed as one row of 0s; each of its three rows is 0.
			for _, sub := range []string{"1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
				"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"} {
				for i, col := range f.Table3.Columns {
					out[find(tables[1], sub, col, "")] = vals[i]
				}
			}
			continue
		}
		for i, col := range f.Table3.Columns {
			out[find(tables[1], row, col, "")] = vals[i]
		}
	}
	for group, cols := range f.Table4 {
		for col, v := range cols {
			out[find(tables[2], "", col, group)] = v
		}
	}
	return out
}

// The real published report reads cell for cell, its edition, agency and year with it; its
// 表四 总计 printed 0 against parts of 11 and 5 stays 0.
func TestPublishedFixture(t *testing.T) {
	f, data := loadFixture(t)
	res, err := Import(context.Background(), f.File, data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Report
	t.Log(res.Summary())
	if r.Edition.ID != f.Edition || r.Agency() != f.Agency || r.Year() != f.Year {
		t.Errorf("edition %s agency %q year %d, want %s %q %d", r.Edition.ID, r.Agency(), r.Year(), f.Edition, f.Agency, f.Year)
	}
	want := f.expected(t, r.Edition)
	if len(want) != len(r.Edition.Cells()) {
		t.Fatalf("the transcription names %d cells, the edition has %d", len(want), len(r.Edition.Cells()))
	}
	for key, w := range want {
		v := r.Values[key]
		switch w := w.(type) {
		case float64:
			if v.State != model.Number || v.Number != w {
				t.Errorf("%s = %v %q, want %v", key, v.State, v.Raw, w)
			}
		case string:
			if v.State != model.Blank {
				t.Errorf("%s = %v %q, want blank", key, v.State, v.Raw)
			}
		}
		if res.Sources[key] == "" {
			t.Errorf("%s has no source", key)
		}
	}
	if !res.Complete() || res.Parts != 6 {
		t.Errorf("summary %s", res.Summary())
	}
	for key, p := range map[string]string{"overview_active": "主要通过政府门户网站", "overview_management": "加强区政府门户网站", "problems": "仍存在一定差距", "other": "信息处理费0元"} {
		if !strings.Contains(r.ProseText(key), p) {
			t.Errorf("prose %s = %q, want it to hold %q", key, r.ProseText(key), p)
		}
	}
	if got := r.InfoText("phone"); got != "0517-87222589" {
		t.Errorf("phone %q", got)
	}
}
