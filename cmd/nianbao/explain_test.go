package main

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/checkjson"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/xuri/excelize/v2"
)

// TestExplanationLoop: the annotated copy lists the open warnings on its 说明 sheet; the
// bureau writes why one is right and sends the copy back; the next check reports that
// warning as 已说明 with the text, in the text, the annotated copy and the JSON, and no longer
// counts it — while an error written on the sheet stays an error.
func TestExplanationLoop(t *testing.T) {
	dir := t.TempDir()
	r := samplereport.Example2021()
	delete(r.Values, "t4.review_other")          // V1, a warning
	r.Prose["problems"] = model.Field{Text: "无"} // P2, a warning
	sent := writeWorkbook(t, filepath.Join(dir, "某局.xlsx"), r)
	notes := filepath.Join(dir, "批注")
	if code, out, _ := checkCLI(t, "--annotate", notes, sent); code != 0 || !strings.Contains(out, "2 个警告") {
		t.Fatalf("first check: exit %d\n%s", code, out)
	}
	copyPath := filepath.Join(notes, "某局（检查结果）.xlsx")
	f, err := excelize.OpenFile(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(workbook.SheetExplanations)
	// The template's sheet: a title, a note, the header, then a row per open warning.
	if err != nil || len(rows) != 5 || strings.Join(rows[2], "|") != "规则|位置|问题|说明" {
		t.Fatalf("说明 sheet: %q %v", rows, err)
	}
	var v1 int
	for i, row := range rows {
		if row[0] == "V1" {
			v1 = i + 1
		}
	}
	if v1 == 0 || !strings.HasPrefix(rows[v1-1][1], "表四!") {
		t.Fatalf("no V1 row on the 说明 sheet: %q", rows)
	}
	// The bureau explains the blank cell, and tries to explain an error away.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellStr(workbook.SheetExplanations, "D"+strconv.Itoa(v1), "本年无此类复议结果，已与复议机关核对"))
	must(f.SetSheetRow(workbook.SheetExplanations, "A10", &[]string{"I1", "表三!D5", "", "我们认为是对的"}))
	back := filepath.Join(dir, "某局（已说明）.xlsx")
	must(f.SaveAs(back))
	f.Close()

	code, out, _ := checkCLI(t, back)
	for _, want := range []string{"已说明 V1 ", "    说明：本年无此类复议结果，已与复议机关核对", "没有错误，1 个警告，请核对（另有 1 个警告已说明）"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("second check lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	code, out, _ = checkCLI(t, "--format", "json", back)
	var doc checkjson.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("json: exit %d %v\n%s", code, err, out)
	}
	file := doc.Files[0]
	if file.Warnings != 1 || file.Explained != 1 || doc.Summary.Explained != 1 {
		t.Errorf("json counts: warnings %d explained %d summary %+v", file.Warnings, file.Explained, doc.Summary)
	}
	explained := 0
	for _, fd := range file.Findings {
		if fd.Explanation != "" {
			explained++
		}
	}
	if explained != 1 {
		t.Errorf("json findings explained: %d, want 1", explained)
	}

	// An error stays one: a broken identity explained on the sheet is still reported.
	broken := samplereport.Example2021()
	broken.Values["t3.new.person"] = model.Num(49)
	broken.Values["t3.new.total"] = model.Num(59)
	bad := writeWorkbook(t, filepath.Join(dir, "错.xlsx"), broken)
	g, err := excelize.OpenFile(bad)
	must(err)
	_, err = g.NewSheet(workbook.SheetExplanations)
	must(err)
	must(g.SetSheetRow(workbook.SheetExplanations, "A1", &workbook.ExplanationColumns))
	must(g.SetSheetRow(workbook.SheetExplanations, "A2", &[]string{"I1", "表三!D5", "", "我们认为是对的"}))
	must(g.Save())
	g.Close()
	if code, out, _ := checkCLI(t, bad); code != exitFindings || strings.Contains(out, "已说明") || !strings.Contains(out, "错误 I1") {
		t.Errorf("an explained error: exit %d\n%s", code, out)
	}
}

// TestGroupedOutput: blank cells in a run of rows read as one line in the terminal and one
// row of the annotated copy's list, while the JSON still lists every cell.
func TestGroupedOutput(t *testing.T) {
	dir := t.TempDir()
	r := samplereport.Example2021()
	blank := 0
	for _, c := range r.Edition.Cells() {
		if c.Table.Number == "三" && (c.Column.Key == "research" || c.Column.Key == "nonprofit") && r.Values[c.Key].Number == 0 {
			delete(r.Values, c.Key)
			if _, computed := r.Edition.Computed(c.Key); !computed { // a 总计 formula fills in itself
				blank++
			}
		}
	}
	path := writeWorkbook(t, filepath.Join(dir, "空格.xlsx"), r)
	code, out, _ := checkCLI(t, path)
	if code != 0 || strings.Count(out, "警告 V1") > 3 || !strings.Contains(out, "表三 第") || !strings.Contains(out, "格未填写") {
		t.Errorf("text: exit %d\n%s", code, out)
	}
	_, out, _ = checkCLI(t, "--format", "json", path)
	var doc checkjson.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	file := doc.Files[0]
	if len(file.Findings) != blank || file.Warnings != blank || len(file.Groups) > 3 {
		t.Errorf("json: %d findings (%d warnings) in %d groups, want %d in at most 3", len(file.Findings), file.Warnings, len(file.Groups), blank)
	}
	seen := map[int]bool{}
	for _, g := range file.Groups {
		for _, i := range g.Findings {
			seen[i] = true
		}
	}
	if len(seen) != len(file.Findings) {
		t.Errorf("groups cover %d of %d findings", len(seen), len(file.Findings))
	}
}
