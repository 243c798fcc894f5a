package desk

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/realtest"
)

// firefox is headless Firefox driven through Marionette, the remote protocol built into it
// (geckodriver, the WebDriver server in front of it, is not packaged in Debian). Marionette
// is length-prefixed JSON over TCP: "len:[0,id,command,params]" out, "len:[1,id,error,result]"
// back, with WebDriver's command names. Only the few commands the test needs are used.
type firefox struct {
	t         *testing.T
	conn      net.Conn
	r         *bufio.Reader
	id        int
	downloads string // where downloads are saved, without asking
}

// elementKey is WebDriver's key for an element reference.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// firefoxPrefs keep a fresh profile quiet: no first-run pages, updates, telemetry or
// network probes, Chinese first in Accept-Language, and Marionette on a port of its own
// choosing, which it writes into the profile as MarionetteActivePort.
var firefoxPrefs = map[string]any{
	"marionette.port":                            0,
	"intl.accept_languages":                      "zh-CN, zh",
	"browser.shell.checkDefaultBrowser":          false,
	"browser.startup.homepage_override.mstone":   "ignore",
	"browser.startup.page":                       0,
	"startup.homepage_welcome_url":               "about:blank",
	"app.update.disabledForTesting":              true,
	"datareporting.policy.dataSubmissionEnabled": false,
	"toolkit.telemetry.reportingpolicy.firstRun": false,
	"network.captive-portal-service.enabled":     false,
	"network.connectivity-service.enabled":       false,
	"browser.safebrowsing.update.enabled":        false,
	"extensions.update.enabled":                  false,
	"browser.aboutwelcome.enabled":               false,
	"browser.newtabpage.enabled":                 false,
}

// newFirefox starts headless Firefox with a fresh profile and a Marionette session, or skips
// the test loudly.
func newFirefox(t *testing.T) *firefox {
	t.Helper()
	bin, err := exec.LookPath("firefox-esr")
	if err != nil {
		if bin, err = exec.LookPath("firefox"); err != nil {
			realtest.Missing(t, "firefox-esr is not installed (apt-get install firefox-esr); the desk was not tried in Firefox")
		}
	}
	profile, downloads := t.TempDir(), t.TempDir()
	prefs := map[string]any{
		"browser.download.folderList":                           2,
		"browser.download.dir":                                  downloads,
		"browser.download.useDownloadDir":                       true,
		"browser.download.always_ask_before_handling_new_types": false,
		"browser.helperApps.neverAsk.saveToDisk":                xlsxType + ",application/zip",
	}
	maps.Copy(prefs, firefoxPrefs)
	var userJS strings.Builder
	for k, v := range prefs {
		val, _ := json.Marshal(v)
		fmt.Fprintf(&userJS, "user_pref(%q, %s);\n", k, val)
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(userJS.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--marionette", "--no-remote", "--profile", profile)
	cmd.Env = append(os.Environ(), "MOZ_HEADLESS=1")
	// Into a file, not a pipe: Firefox's content processes inherit it and would hold
	// cmd.Wait until they too have gone.
	logFile, err := os.Create(filepath.Join(t.TempDir(), "firefox.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	log := func() string { b, _ := os.ReadFile(logFile.Name()); return string(b) }
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting firefox: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	ff := &firefox{t: t, downloads: downloads}
	t.Cleanup(func() {
		if ff.conn != nil {
			ff.send("Marionette:Quit", map[string]any{"flags": []string{"eForceQuit"}})
			ff.read() // the reply comes once Firefox is shutting down
			ff.conn.Close()
		}
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("firefox's output:\n%s", log())
		}
	})

	portFile := filepath.Join(profile, "MarionetteActivePort")
	deadline := time.Now().Add(90 * time.Second)
	for {
		// The file may be there before the port listens: try again until the deadline.
		b, err := os.ReadFile(portFile)
		if port, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil && port > 0 {
			if ff.conn, err = net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); err == nil {
				break
			}
		}
		select {
		case <-exited:
			t.Fatalf("firefox exited before marionette started:\n%s", log())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("marionette did not start within 90 s:\n%s", log())
		}
	}
	ff.r = bufio.NewReader(ff.conn)
	if _, err := ff.read(); err != nil { // the greeting: {"applicationType":"gecko",...}
		t.Fatalf("marionette greeting: %v", err)
	}
	ff.call("WebDriver:NewSession", map[string]any{"pageLoadStrategy": "normal"})
	ff.call("WebDriver:SetTimeouts", map[string]any{"implicit": 30000, "pageLoad": 60000, "script": 30000})
	// A viewport of 1366×768, as in Chromium's screenshots: the window is that plus
	// Firefox's own toolbars.
	ff.call("WebDriver:SetWindowRect", map[string]any{"width": 1366, "height": 768})
	var chrome []int
	ff.eval(`return [outerWidth - innerWidth, outerHeight - innerHeight]`, &chrome)
	ff.call("WebDriver:SetWindowRect", map[string]any{"width": 1366 + chrome[0], "height": 768 + chrome[1]})
	return ff
}

// read reads one length-prefixed message.
func (ff *firefox) read() ([]byte, error) {
	ff.conn.SetReadDeadline(time.Now().Add(2 * time.Minute))
	n, err := ff.r.ReadString(':')
	if err != nil {
		return nil, err
	}
	size, err := strconv.Atoi(strings.TrimSuffix(n, ":"))
	if err != nil || size < 0 || size > 64<<20 {
		return nil, fmt.Errorf("bad message length %q", n)
	}
	msg := make([]byte, size)
	_, err = io.ReadFull(ff.r, msg)
	return msg, err
}

// send writes one command and returns its id.
func (ff *firefox) send(command string, params any) int {
	ff.id++
	msg, _ := json.Marshal([]any{0, ff.id, command, params})
	ff.conn.SetWriteDeadline(time.Now().Add(time.Minute))
	fmt.Fprintf(ff.conn, "%d:%s", len(msg), msg)
	return ff.id
}

// call runs one command and returns its result, failing the test on an error.
func (ff *firefox) call(command string, params any) json.RawMessage {
	ff.t.Helper()
	id := ff.send(command, params)
	msg, err := ff.read()
	if err != nil {
		ff.t.Fatalf("%s: %v", command, err)
	}
	var reply []json.RawMessage
	if err := json.Unmarshal(msg, &reply); err != nil || len(reply) != 4 {
		ff.t.Fatalf("%s: reply %.200q", command, msg)
	}
	if got, _ := strconv.Atoi(string(reply[1])); got != id {
		ff.t.Fatalf("%s: the reply is to command %d, not %d", command, got, id)
	}
	if string(reply[2]) != "null" {
		ff.t.Fatalf("%s %v: %s", command, params, reply[2])
	}
	return reply[3]
}

// value is the "value" member of a result.
func (ff *firefox) value(result json.RawMessage, v any) {
	ff.t.Helper()
	var wrap struct{ Value json.RawMessage }
	if err := json.Unmarshal(result, &wrap); err != nil {
		ff.t.Fatalf("result %.200q: %v", result, err)
	}
	if err := json.Unmarshal(wrap.Value, v); err != nil {
		ff.t.Fatalf("value %.200q: %v", wrap.Value, err)
	}
}

func (ff *firefox) navigate(url string) {
	ff.t.Helper()
	ff.call("WebDriver:Navigate", map[string]any{"url": url})
}

// find waits (the implicit timeout) for the first element matching the CSS selector.
func (ff *firefox) find(sel string) string {
	ff.t.Helper()
	var el map[string]string
	ff.value(ff.call("WebDriver:FindElement", map[string]any{"using": "css selector", "value": sel}), &el)
	return el[elementKey]
}

func (ff *firefox) text(sel string) string {
	ff.t.Helper()
	var s string
	ff.value(ff.call("WebDriver:GetElementText", map[string]any{"id": ff.find(sel)}), &s)
	return s
}

func (ff *firefox) click(sel string) {
	ff.t.Helper()
	ff.call("WebDriver:ElementClick", map[string]any{"id": ff.find(sel)})
}

// sendKeys types into an element; into a file input, the text is the file's path.
func (ff *firefox) sendKeys(sel, text string) {
	ff.t.Helper()
	ff.call("WebDriver:ElementSendKeys", map[string]any{"id": ff.find(sel), "text": text})
}

// download clicks a link and waits for the file it saves under the given name.
func (ff *firefox) download(sel, name string) string {
	ff.t.Helper()
	// Clicked from the page's script: Marionette's click would wait 5 s for a page load
	// that a download never makes.
	quoted, _ := json.Marshal(sel)
	ff.eval(`document.querySelector(`+string(quoted)+`).click(); return true`, new(bool))
	path := filepath.Join(ff.downloads, name)
	// Firefox may first write under a random name of its own (no .part) and rename it: a
	// wrong name is a failure only once it has stayed for a few seconds.
	var wrong []string
	var wrongSince time.Time
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		entries, _ := os.ReadDir(ff.downloads)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) == 1 && names[0] == name { // no .part beside it: complete
			return path
		}
		switch {
		case len(names) == 0 || slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, ".part") }):
			wrong = nil
		case !slices.Equal(names, wrong):
			wrong, wrongSince = names, time.Now()
		case time.Since(wrongSince) > 5*time.Second:
			ff.t.Fatalf("Firefox saved %q, not %q", names, name)
		}
	}
	ff.t.Fatalf("Firefox did not save %s within a minute", name)
	return ""
}

// eval runs a script's body ("return …") in the page and decodes what it returns.
func (ff *firefox) eval(script string, v any) {
	ff.t.Helper()
	ff.value(ff.call("WebDriver:ExecuteScript", map[string]any{"script": script, "args": []any{}}), v)
}

// screenshot captures the viewport and writes it into -screenshots when it is one for docs/,
// else into a temporary directory.
func (ff *firefox) screenshot(name string, forDocs bool) image.Image {
	ff.t.Helper()
	var b64 string
	ff.value(ff.call("WebDriver:TakeScreenshot", map[string]any{"full": false, "hash": false}), &b64)
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		ff.t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		ff.t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := *screenshots
	if dir == "" || !forDocs {
		dir = ff.t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		ff.t.Fatal(err)
	}
	return img
}

// rgb is a pixel's colour as "rgb(r, g, b)", the way getComputedStyle writes it.
func rgb(img image.Image, x, y int) string {
	r, g, b, _ := img.At(x, y).RGBA()
	return fmt.Sprintf("rgb(%d, %d, %d)", r>>8, g>>8, b>>8)
}

// colours counts the distinct colours of an image, up to limit.
func colours(img image.Image, limit int) int {
	seen := map[string]bool{}
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 3 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 3 {
			seen[rgb(img, x, y)] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}

// rendered checks that the page in Firefox is the desk as designed: its stylesheet applied
// (the header's colour, in the layout and in the screenshot), nothing wider than the
// window, and a screenshot with text in it rather than a blank or unstyled page.
func (ff *firefox) rendered(name string, forDocs bool) {
	ff.t.Helper()
	var page struct {
		Header      string `json:"header"`
		ScrollWidth int    `json:"scrollWidth"`
		InnerWidth  int    `json:"innerWidth"`
		InnerHeight int    `json:"innerHeight"`
		Title       string `json:"title"`
	}
	ff.eval(`return {header: getComputedStyle(document.querySelector("header.top")).backgroundColor,
		scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, innerHeight: innerHeight, title: document.title}`, &page)
	const red = "rgb(139, 26, 26)" // desk.css: header.top
	if page.Header != red {
		ff.t.Errorf("%s: the stylesheet did not apply in Firefox (header %q)", name, page.Header)
	}
	if page.InnerWidth != 1366 || page.InnerHeight != 768 || page.ScrollWidth > page.InnerWidth {
		ff.t.Errorf("%s: the page is %d px wide in a viewport of %d×%d px", name, page.ScrollWidth, page.InnerWidth, page.InnerHeight)
	}
	if !strings.Contains(page.Title, "政府信息公开工作年度报告报送") {
		ff.t.Errorf("%s: title %q", name, page.Title)
	}
	img := ff.screenshot(name, forDocs)
	if b := img.Bounds(); b.Dx() != 1366 || b.Dy() != 768 {
		ff.t.Errorf("%s: screenshot is %v", name, b)
	}
	if got := rgb(img, 4, 4); got != red {
		ff.t.Errorf("%s: the screenshot's top left is %s, not the header's %s", name, got, red)
	}
	if n := colours(img, 64); n < 32 { // anti-aliased text has many shades; a blank page has one or two
		ff.t.Errorf("%s: the screenshot has only %d colours", name, n)
	}
}

// The desk in Firefox: the coordinator's progress page and a bureau's page render as
// designed; the bureau uploads a workbook with an I1 error through the plain form and sees
// the finding and its cell; the coordinator's table, open in another tab, shows it
// without a reload (the desk's script works in Firefox too); the bureau saves the annotated
// copy under its Chinese name, uploads the corrected workbook and sees 检查通过, and its PDF
// and web-page previews open in Firefox.
func TestFirefoxBureauAndProgress(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Firefox")
	}
	ff := newFirefox(t)
	agencies := []string{"示例市生态环境局", "示例市教育局", "示例市交通运输局"}
	_, srv, store := liveDesk(t, agencies...)
	if err := store.SaveSettings(Settings{Year: 2025, Owner: "示例市人民政府", Deadline: "2026年1月15日", Contact: "市政务公开办 张三 0512-12345678"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "生态环境局年报.xlsx"), filepath.Join(dir, "生态环境局年报（改）.xlsx")
	if os.WriteFile(bad, workbook(t, agencies[0], true), 0o644) != nil || os.WriteFile(good, workbook(t, agencies[0], false), 0o644) != nil {
		t.Fatal("writing the workbooks")
	}
	link, ok := srv.AgencyURL(must(store.Agencies())[0])
	if !ok {
		t.Fatal("no link for the first agency")
	}

	ff.navigate(srv.CoordinatorURL())
	rows := ff.text("#rows")
	if !strings.Contains(rows, agencies[0]) || !strings.Contains(rows, agencies[2]) || strings.Count(rows, "未提交") != 6 { // the state, and why it is not published
		t.Errorf("the progress table in Firefox:\n%s", rows)
	}
	ff.rendered("desk-progress-firefox-before.png", false)
	ff.eval(`window.notReloaded = true; return true`, new(bool))
	var coordTab string
	ff.value(ff.call("WebDriver:GetWindowHandle", nil), &coordTab)

	var bureauTab struct{ Handle string }
	if err := json.Unmarshal(ff.call("WebDriver:NewWindow", map[string]any{"type": "tab", "focus": true}), &bureauTab); err != nil || bureauTab.Handle == "" {
		t.Fatalf("new tab: %v", err)
	}
	ff.call("WebDriver:SwitchToWindow", map[string]any{"handle": bureauTab.Handle, "focus": true})
	ff.navigate(link)
	if h1 := ff.text("h1"); h1 != agencies[0] {
		t.Errorf("the bureau's page is headed %q", h1)
	}
	ff.rendered("desk-bureau-firefox-empty.png", false)
	ff.sendKeys("#upload input[type=file]", bad)
	ff.click("#upload button")
	state := ff.text("p.state.s-errors")
	if !strings.Contains(state, "有错误") || !strings.Contains(state, "生态环境局年报.xlsx") {
		t.Errorf("the result line in Firefox: %q", state)
	}
	if findings := ff.text("table.findings"); !strings.Contains(findings, "I1") || !strings.Contains(findings, "表三!") {
		t.Errorf("the I1 finding and its cell are not shown in Firefox:\n%s", findings)
	}
	// Firefox gives a table's narrow columns only their min-content width when a wide
	// column wants more, and CJK text may break between any two characters: 序号, 级别 and
	// 规则 must still read on one line (错误, not 错 over 误).
	var wrapped []string
	ff.eval(`return [...document.querySelectorAll("table.findings tbody td:nth-child(-n+3)")].filter(td => {
		const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1;
	}).map(td => td.textContent)`, &wrapped)
	if len(wrapped) > 0 {
		t.Errorf("findings cells broken over lines in Firefox: %q", wrapped)
	}
	ff.rendered("desk-bureau-firefox.png", true)

	ff.call("WebDriver:SwitchToWindow", map[string]any{"handle": coordTab, "focus": true})
	if row := ff.text("#rows tr.s-errors"); !strings.Contains(row, agencies[0]) || !strings.Contains(row, "有错误") {
		t.Errorf("progress row in Firefox %q", row)
	}
	var still bool
	ff.eval(`return window.notReloaded === true`, &still)
	if !still {
		t.Error("the progress page was reloaded in Firefox")
	}
	ff.rendered("desk-progress-firefox.png", false)

	// The annotated copy, saved by Firefox under its Chinese name (filename* of RFC 6266),
	// then the corrected workbook, which passes; the coordinator's table follows.
	ff.call("WebDriver:SwitchToWindow", map[string]any{"handle": bureauTab.Handle, "focus": true})
	saved := ff.download(`p.files a[href$="annotated.xlsx"]`, agencies[0]+"2025年政府信息公开工作年度报告（第1次提交，批注）.xlsx")
	isAnnotatedCopy(t, saved)
	ff.sendKeys("#upload input[type=file]", good)
	ff.click("#upload button")
	if state := ff.text("p.state.s-pass"); !strings.Contains(state, "第 2 次提交") || !strings.Contains(state, "检查通过") {
		t.Errorf("the corrected upload in Firefox: %q", state)
	}
	ff.call("WebDriver:SwitchToWindow", map[string]any{"handle": coordTab, "focus": true})
	if row := ff.text("#rows tr.s-pass"); !strings.Contains(row, agencies[0]) {
		t.Errorf("progress row in Firefox after the correction %q", row)
	}
	ff.eval(`return window.notReloaded === true`, &still)
	if !still {
		t.Error("the progress page was reloaded in Firefox")
	}

	// The previews: Firefox shows the PDF in its own viewer (pdf.js), under the desk's
	// Content-Security-Policy; the web page under its stricter, sandboxing one.
	ff.navigate(link + "2/pdf")
	ff.find(`.page[data-page-number="1"] .textLayer span`) // waits for pdf.js's first page
	if first := ff.text(`.page[data-page-number="1"] .textLayer`); !strings.Contains(strings.Join(strings.Fields(first), ""), agencies[0]+"2025年") {
		t.Errorf("Firefox's PDF viewer shows %.200q", first)
	}
	ff.navigate(link + "2/html")
	if body := ff.text("body"); !strings.Contains(body, agencies[0]) || !strings.Contains(body, "收到和处理政府信息公开申请情况") {
		t.Errorf("the web page preview in Firefox shows %.200q", body)
	}

	ff.navigate(srv.CoordinatorURL() + "settings")
	if got := ff.text("form.settings textarea"); got != strings.Join(agencies, "\n") {
		t.Errorf("the settings page lists %q", got)
	}
	ff.rendered("desk-settings-firefox.png", false)
}
