package desk

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/nianbao/nianbao/internal/realtest"
)

// axeScript is axe-core from npm, which .ci/run installs and names in NIANBAO_AXE:
//
//	npm install --no-save --prefix /tmp/axe axe-core@4.14.1
//	NIANBAO_AXE=/tmp/axe/node_modules/axe-core/axe.min.js go test ./internal/desk -run Accessibility
func axeScript(t *testing.T) string {
	t.Helper()
	path := os.Getenv("NIANBAO_AXE")
	if path == "" {
		realtest.Missing(t, "NIANBAO_AXE does not name axe-core's axe.min.js (npm install axe-core); the desk's pages were not checked for accessibility")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		realtest.Missing(t, fmt.Sprintf("axe-core is not at NIANBAO_AXE=%s: %v", path, err))
	}
	return string(data)
}

// Every page of the desk, in every state the issue 17 replay shows, passes axe-core's WCAG
// 2.1 A and AA rules with no violation.
func TestAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium")
	}
	axe := axeScript(t)
	b := newBrowser(t)
	_, srv, store := liveDesk(t, "太仓市财政局", "示例市教育局", "示例市交通运输局", "示例市民政局", "示例市水务局")
	coord := srv.CoordinatorURL()
	links := map[string]string{}
	for _, a := range must(store.Agencies()) {
		links[a.Name], _ = srv.AgencyURL(a)
	}
	post := func(link string, data []byte) {
		t.Helper()
		var body bytes.Buffer
		resp, err := http.Post(link+"upload", newMultipart(&body, "file", "年报.xlsx", data), &body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post(links["太仓市财政局"], workbook(t, "示例市生态环境局", false)) // refused
	post(links["示例市教育局"], workbook(t, "示例市教育局", true))    // errors
	post(links["示例市交通运输局"], workbook(t, "示例市交通运输局", false))
	post(links["示例市民政局"], workbook(t, "示例市民政局", false))
	if err := store.Decide(3, 1, Returned, "请核对。\n再上传。", srv.opt.Now()); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"index":           strings.Split(coord, "/c/")[0] + "/",
		"progress":        coord,
		"settings":        coord + "settings",
		"links":           coord + "links",
		"agency refused":  coord + "agency/1",
		"agency errors":   coord + "agency/2",
		"agency returned": coord + "agency/3",
		"bureau refused":  links["太仓市财政局"],
		"bureau errors":   links["示例市教育局"],
		"bureau returned": links["示例市交通运输局"],
		"bureau pass":     links["示例市民政局"],
		"wrong link":      links["示例市民政局"] + "x",
	}
	ctx := tab(t, b)
	check := func(name string) []string {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
			t.Fatalf("%s: loading axe-core: %v", name, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
			.then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " — " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join("; ")))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: axe.run: %v", name, err)
		}
		return got
	}
	clean := func(name string) {
		t.Helper()
		for _, v := range check(name) {
			t.Errorf("%s: %s", name, v)
		}
	}
	for name, u := range pages {
		if u == "" {
			continue
		}
		do(t, ctx, name, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS(`footer`)))
		clean(name)
	}
	do(t, ctx, "revoke confirm", chromedp.Navigate(coord+"links"), chromedp.Click(chromedp.CSS(`table.links form[action$="/revoke"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`form.confirm`)))
	clean("revoke confirm")
	do(t, ctx, "rename confirm", chromedp.Navigate(coord+"settings"),
		chromedp.SetValue(chromedp.CSS(`textarea[name=agencies]`), "太仓市财政局（太仓市国有资产监督管理办公室）\n示例市教育局\n示例市民政局"),
		chromedp.Click(chromedp.CSS(`form.settings button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`form.confirm`)))
	clean("rename confirm")
	// The check can fail: an image without a text alternative and grey text of the old
	// footer's contrast are violations. (The style is set through the DOM: the desk's
	// policy refuses inline style attributes.)
	do(t, ctx, "a broken page", chromedp.Evaluate[chromedp.Void](`(() => {
		const main = document.querySelector("main");
		main.insertAdjacentHTML("afterbegin", '<img src="/static/x.png"><p id="grey">灰色文字</p>');
		document.getElementById("grey").style.color = "#aaa";
	})()`))
	got := strings.Join(check("a broken page"), "\n")
	if !strings.Contains(got, "image-alt") || !strings.Contains(got, "color-contrast") {
		t.Errorf("axe-core found no violation on a broken page: %s", got)
	}
}
