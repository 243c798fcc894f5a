package desk

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/xuri/excelize/v2"
)

// Issue 17 replayed in Chromium at 1366×768: another agency's workbook, last year's, the
// template as downloaded and a good workbook the coordinator then returns. None of them is
// shown as 检查通过 and published; the zips and the roll-up hold only what the rule selects
// (here the one good, unreturned report); the progress table, 汇总检查结果.xlsx and the zips
// agree; a rename keeps the submissions; the links page warns on loopback.
func TestBrowserNothingWrongLeavesTheDesk(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium")
	}
	b := newBrowser(t)
	agencies := []string{"太仓市财政局", "编办", "示例市教育局", "示例市交通运输局", "示例市民政局"}
	_, srv, store := liveDesk(t, agencies...)
	st := must(store.Settings())
	st.Contact = "市政务公开办 张三 0512-12345678"
	if err := store.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	coordURL := srv.CoordinatorURL()
	links := map[string]string{}
	for _, a := range must(store.Agencies()) {
		links[a.Name], _ = srv.AgencyURL(a)
	}
	dir := t.TempDir()
	file := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lastYear := samplereport.Example2021As("编办", 1)
	lastYear.SetYear(2024)
	template, _ := fetch(t, links["示例市教育局"]+"template.xlsx")
	uploads := []struct{ agency, path, state string }{
		{"太仓市财政局", file("财政局年报.xlsx", workbook(t, "示例市生态环境局", false)), "p.state.s-refused"},
		{"编办", file("编办年报.xlsx", write(t, lastYear)), "p.state.s-refused"},
		{"示例市教育局", file("教育局年报.xlsx", []byte(template)), "p.state.s-errors"},
		{"示例市交通运输局", file("交通局年报.xlsx", workbook(t, "示例市交通运输局", false)), "p.state.s-pass"},
		{"示例市民政局", file("民政局年报.xlsx", workbook(t, "示例市民政局", false)), "p.state.s-pass"},
	}
	bureau := tab(t, b)
	for _, u := range uploads {
		do(t, bureau, "upload for "+u.agency,
			chromedp.Navigate(links[u.agency]),
			chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{u.path}),
			chromedp.Click(chromedp.CSS(`#upload button`)),
			chromedp.WaitVisible(chromedp.CSS(u.state)))
		switch u.agency {
		case "太仓市财政局":
			if got := text(t, bureau, `p.notice.error`); !strings.Contains(got, "这是“示例市生态环境局”的报告，不是本单位（太仓市财政局）的") {
				t.Errorf("another agency's workbook: %q", got)
			}
			screenshot(t, bureau, "desk-bureau-refused.png")
		case "编办":
			if got := text(t, bureau, `p.notice.error`); !strings.Contains(got, "这是2024年度的报告，本次报送2025年度") {
				t.Errorf("last year's workbook: %q", got)
			}
		case "示例市教育局":
			if got := text(t, bureau, `table.findings`); !strings.Contains(got, "U1") || !strings.Contains(got, "报告未填写") {
				t.Errorf("the unfilled template: %q", got)
			}
			screenshot(t, bureau, "desk-bureau-unfilled.png")
		}
	}

	// The coordinator returns 示例市交通运输局's good workbook.
	coord := tab(t, b)
	do(t, coord, "return",
		chromedp.Navigate(coordURL+"agency/4"),
		chromedp.WaitVisible(chromedp.CSS(`form.review`)),
		chromedp.SetValue(chromedp.CSS(`form.review textarea`), "表三请与业务台账再核对一次。\n核对后重新上传。"),
		chromedp.Click(chromedp.CSS(`form.review button[value=退回]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.state.s-returned`)))
	screenshot(t, coord, "desk-agency-returned.png")
	do(t, bureau, "the returned bureau's page", chromedp.Navigate(links["示例市交通运输局"]), chromedp.WaitVisible(chromedp.CSS(`p.state.s-returned`)))
	if got := text(t, bureau, `main`); !strings.Contains(got, "汇总单位审核：退回修改") || !strings.Contains(got, "核对后重新上传。") {
		t.Errorf("the returned bureau sees %q", got)
	}

	// None of the four is shown green and published; only 示例市民政局 is.
	do(t, coord, "progress", chromedp.Navigate(coordURL), chromedp.WaitVisible(chromedp.CSS(`#rows`)))
	green, err := chromedp.Run(coord, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#rows tr.s-pass td:nth-child(2)')).map(td => td.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	published, err := chromedp.Run(coord, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#rows tr')).filter(tr => tr.querySelector('.p-yes')).map(tr => tr.children[1].textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(green, []string{"示例市民政局"}) || !slices.Equal(published, []string{"示例市民政局"}) {
		t.Errorf("green %v, published %v", green, published)
	}
	screenshot(t, coord, "desk-progress-states.png")

	// The zips, the roll-up and 汇总检查结果.xlsx hold the same selection.
	zipped, _ := fetch(t, coordURL+"reports.zip")
	zr, err := zip.NewReader(strings.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var note string
	for _, f := range zr.File {
		if f.Name == "说明.txt" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			note = string(b)
		} else if !strings.HasPrefix(f.Name, "示例市民政局2025年") {
			t.Errorf("reports.zip holds %s", f.Name)
		}
	}
	for _, why := range []string{"太仓市财政局：没有可发布的提交：第 1 次上传已拒收", "编办：没有可发布的提交", "示例市教育局：第 1 次提交检查有错误", "示例市交通运输局：第 1 次提交已被退回修改"} {
		if !strings.Contains(note, why) {
			t.Errorf("说明.txt does not say %q:\n%s", why, note)
		}
	}
	results, _ := fetch(t, coordURL+"results.xlsx")
	rows := sheetRows(t, results, "检查结果")
	for _, r := range rows[1:] {
		r = append(r, make([]string, 8)...)
		if publishedRow := strings.Contains(r[7], "纳入发布") && !strings.Contains(r[7], "不纳入发布"); publishedRow != (r[1] == "示例市民政局") {
			t.Errorf("results.xlsx: %q", r[:8])
		}
	}
	rollup, _ := fetch(t, coordURL+"rollup.xlsx")
	if src := sheetRows(t, rollup, "汇总来源"); len(src) != 2 || src[1][0] != "示例市民政局" {
		t.Errorf("the roll-up sums %v", src)
	}
	if left := sheetRows(t, rollup, "未纳入汇总的单位"); len(left) != 5 {
		t.Errorf("the roll-up's left-out sheet: %v", left)
	}

	// A rename keeps the submissions, and the link.
	do(t, coord, "rename",
		chromedp.Navigate(coordURL+"settings"),
		chromedp.SetValue(chromedp.CSS(`textarea[name=agencies]`), "太仓市财政局（太仓市国有资产监督管理办公室）\n编办\n示例市教育局\n示例市交通运输局\n示例市民政局"),
		chromedp.Click(chromedp.CSS(`form.settings button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form.confirm button[value=rename]`)))
	screenshot(t, coord, "desk-confirm-rename.png")
	do(t, coord, "confirm the rename", chromedp.Click(chromedp.CSS(`form.confirm button[value=rename]`)), chromedp.WaitVisible(chromedp.CSS(`p.notice.ok`)))
	do(t, bureau, "the renamed agency's old link", chromedp.Navigate(links["太仓市财政局"]), chromedp.WaitVisible(chromedp.CSS(`table.history`)))
	if got := text(t, bureau, `h1`); got != "太仓市财政局（太仓市国有资产监督管理办公室）" {
		t.Errorf("the renamed agency's page is headed %q", got)
	}
	if got := text(t, bureau, `table.history`); !strings.Contains(got, "已拒收") {
		t.Errorf("the history after the rename: %q", got)
	}

	// Loopback: the links page says so.
	do(t, coord, "links", chromedp.Navigate(coordURL+"links"), chromedp.WaitVisible(chromedp.CSS(`#loopback`)))
	if got := text(t, coord, `#loopback`); !strings.Contains(got, "只能在运行报送台的这台计算机上打开") {
		t.Errorf("the loopback warning: %q", got)
	}
	screenshot(t, coord, "desk-links-loopback.png")
	do(t, bureau, "a wrong link", chromedp.Navigate(strings.TrimSuffix(links["编办"], "/")+"x/"), chromedp.WaitVisible(chromedp.CSS(`h1`)))
	screenshot(t, bureau, "desk-wrong-link.png")
}

// sheetRows are the rows of a sheet of a workbook's bytes.
func sheetRows(t *testing.T, data, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	return rows
}
