package desk

import (
	"archive/zip"
	"context"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/xuri/excelize/v2"
)

// screenshots, when set, is where TestBrowserYear and TestFirefoxBureauAndProgress leave
// their screenshots for docs/:
//
//	go test ./internal/desk -run 'TestBrowserYear|TestFirefox' -screenshots $PWD/docs
var screenshots = flag.String("screenshots", "", "write the desk's screenshots (1366×768) into this directory")

// newBrowser starts headless Chromium with a fresh profile, or skips the test loudly.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		realtest.Missing(t, "chromium is not installed (apt-get install chromium); the desk was not tried in a browser")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("lang", "zh-CN"),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 768),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, without a time limit
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// tab opens a tab of the browser with a time limit for the whole test.
func tab(t *testing.T, browserCtx context.Context) context.Context {
	ctx, cancel := chromedp.NewContext(browserCtx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancel() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := *screenshots
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// A year at the desk in a real browser: the coordinator sets up three agencies and takes a
// link; the bureau uploads a workbook with an I1 error, sees the finding and its cell,
// downloads the annotated copy, uploads a corrected one and sees 检查通过; the coordinator's
// progress table changes without a reload, and the zip of reports holds the report.
func TestBrowserYear(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium")
	}
	b := newBrowser(t)
	_, srv, store := liveDesk(t)
	agencies := []string{"示例市生态环境局", "示例市教育局", "示例市交通运输局"}
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "生态环境局年报.xlsx"), filepath.Join(dir, "生态环境局年报（改）.xlsx")
	os.WriteFile(bad, workbook(t, agencies[0], true), 0o644)
	os.WriteFile(good, workbook(t, agencies[0], false), 0o644)

	coord := tab(t, b)
	do(t, coord, "settings",
		chromedp.Navigate(srv.CoordinatorURL()+"settings"),
		chromedp.SetValue(chromedp.CSS(`textarea[name=agencies]`), strings.Join(agencies, "\n")),
		chromedp.SetValue(chromedp.CSS(`input[name=deadline]`), "2026年1月15日"),
		chromedp.SetValue(chromedp.CSS(`input[name=contact]`), "市政务公开办 张三 0512-12345678"),
		chromedp.Click(chromedp.CSS(`form.settings button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice.ok`)))
	if got := text(t, coord, `p.notice.ok`); !strings.Contains(got, "3 个单位") {
		t.Fatalf("settings saved: %q", got)
	}
	screenshot(t, coord, "desk-settings.png")
	do(t, coord, "links", chromedp.Navigate(srv.CoordinatorURL()+"links"), chromedp.WaitVisible(chromedp.CSS(`table.links`)))
	screenshot(t, coord, "desk-links.png")
	link := strings.TrimSpace(text(t, coord, `table.links tbody tr:first-child td.url`))
	if !strings.HasPrefix(link, srv.opt.BaseURL+"/a/") {
		t.Fatalf("link %q", link)
	}
	do(t, coord, "progress", chromedp.Navigate(srv.CoordinatorURL()), chromedp.WaitVisible(chromedp.CSS(`#rows`)),
		chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))

	bureau := tab(t, b)
	do(t, bureau, "upload with an error",
		chromedp.Navigate(link),
		chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{bad}),
		chromedp.Click(chromedp.CSS(`#upload button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.state.s-errors`)))
	findings := text(t, bureau, `table.findings`)
	if !strings.Contains(findings, "I1") || !strings.Contains(findings, "表三!") {
		t.Errorf("the I1 finding and its cell are not shown:\n%s", findings)
	}
	screenshot(t, bureau, "desk-bureau-errors.png")

	// The annotated copy, downloaded by the browser.
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(bureau, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	progress := chromedp.BrowserEvents(bureau, browser.DownloadProgress)
	do(t, bureau, "download", chromedp.Click(chromedp.CSS(`p.files a[href$="annotated.xlsx"]`)))
	var saved string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			saved = filepath.Join(downloads, ev.GUID)
			break
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download canceled")
		}
	}
	isAnnotatedCopy(t, saved)

	do(t, bureau, "corrected upload",
		chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{good}),
		chromedp.Click(chromedp.CSS(`#upload button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.state.s-pass`)))
	screenshot(t, bureau, "desk-bureau-pass.png")

	// The coordinator's table shows it by itself.
	do(t, coord, "progress updates", chromedp.WaitVisible(chromedp.CSS(`#rows tr.s-pass`)))
	if still, err := chromedp.Run(coord, chromedp.Evaluate[bool](`window.notReloaded === true`)); err != nil || !still {
		t.Error("the progress page was reloaded")
	}
	if row := text(t, coord, `#rows tr.s-pass`); !strings.Contains(row, agencies[0]) || !strings.Contains(row, "检查通过") {
		t.Errorf("progress row %q", row)
	}
	screenshot(t, coord, "desk-progress.png")

	// The coordinator returns it with a note; the bureau sees the note.
	do(t, coord, "review",
		chromedp.Click(chromedp.CSS(`#rows tr.s-pass a`)),
		chromedp.WaitVisible(chromedp.CSS(`form.review`)),
		chromedp.SetValue(chromedp.CSS(`form.review textarea`), "表三第二行请与业务台账再核对一次。"),
		chromedp.Click(chromedp.CSS(`form.review button[value=退回]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.notes`)))
	screenshot(t, coord, "desk-agency.png")
	do(t, bureau, "the bureau's page again", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`ul.notes`)))
	if notes := text(t, bureau, `ul.notes`); !strings.Contains(notes, "退回") || !strings.Contains(notes, "业务台账") {
		t.Errorf("the bureau sees %q", notes)
	}
	// The report's web page opens in the browser under its own, stricter policy.
	do(t, bureau, "web page preview", chromedp.Navigate(link+"2/html"), chromedp.WaitVisible(chromedp.CSS(`table`)))
	if body := text(t, bureau, `body`); !strings.Contains(body, agencies[0]) {
		t.Errorf("the web page preview shows %.200q", body)
	}

	body, _ := fetch(t, srv.CoordinatorURL()+"reports.zip")
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	// Returned, it is left out of what is published, and the zip says why.
	pdf := agencies[0] + "2025年政府信息公开工作年度报告.pdf"
	for _, zf := range zr.File {
		if zf.Name == pdf {
			t.Errorf("reports.zip holds %s, which the coordinator returned", pdf)
		}
		if zf.Name == "说明.txt" {
			rc, _ := zf.Open()
			note, _ := io.ReadAll(rc)
			rc.Close()
			if !strings.Contains(string(note), agencies[0]+"：第 2 次提交已被退回修改") {
				t.Errorf("说明.txt: %s", note)
			}
		}
	}
	if a, _ := store.Agency(1); a.Subs != 2 {
		t.Errorf("%d submissions", a.Subs)
	}
}

// isAnnotatedCopy checks that a file the browser saved is the annotated workbook.
func isAnnotatedCopy(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("annotated copy: %v", err)
	}
	defer f.Close()
	if idx, _ := f.GetSheetIndex("检查结果"); idx < 0 {
		t.Error("the annotated copy has no 检查结果 sheet")
	}
}

func ptr[T any](v T) *T { return &v }
