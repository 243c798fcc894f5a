package desk

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/app"
)

// fakeEngine stands in for the application layer: the desk's own behaviour (routes, tokens,
// storage, limits) does not depend on what a workbook says. A file reading "bad" cannot be
// read, "errors" has an error and a warning, "slow" takes until release is closed (saying on
// slow, when set, that it has begun), anything else passes. The workbook is the agency's whose name the upload's file name begins with
// (before 年报), of the year the engine is told, unless the content begins "as:AGENCY;" or
// "year:YEAR;". The real engine is tested with real workbooks in cmd/nianbao.
type fakeEngine struct {
	release   chan struct{}
	slow      chan struct{} // optional: a "slow" check sends on it once it has begun
	mu        sync.Mutex
	running   int
	peak      int
	templates int // calls of Template
	year      int // the year of every workbook
}

const hostileMessage = `<script>alert("x")</script>数值不平衡`

func (e *fakeEngine) Template(ctx context.Context, dst, agency string, year int, edition string) error {
	e.mu.Lock()
	e.templates++
	e.mu.Unlock()
	return os.WriteFile(dst, fmt.Appendf(nil, "template %s %d", agency, year), 0o644)
}

func (e *fakeEngine) Inspect(ctx context.Context, path, name string) Inspection {
	e.mu.Lock()
	e.running++
	e.peak = max(e.peak, e.running)
	e.mu.Unlock()
	defer func() { e.mu.Lock(); e.running--; e.mu.Unlock() }()
	data, _ := os.ReadFile(path)
	content := string(data)
	agency, _, _ := strings.Cut(name, "年报")
	year := e.year
	for {
		if rest, ok := strings.CutPrefix(content, "as:"); ok {
			agency, content, _ = strings.Cut(rest, ";")
		} else if rest, ok := strings.CutPrefix(content, "year:"); ok {
			var y string
			y, content, _ = strings.Cut(rest, ";")
			fmt.Sscan(y, &year)
		} else {
			break
		}
	}
	switch content {
	case "bad":
		return Inspection{Problem: "无法识别的文件格式，不是 Excel 工作簿：" + name + "。"}
	case "stopped": // as the reader does at the time limit: it returns at once, with an error
		<-ctx.Done()
		return Inspection{Problem: "读取中止：" + ctx.Err().Error()}
	case "slow":
		if e.slow != nil {
			e.slow <- struct{}{}
		}
		<-e.release
	case "errors":
		return Inspection{State: StateErrors, Agency: agency, Year: year, Errors: 1, Warnings: 1, Findings: []Finding{
			{Error: true, Rule: "I1", Message: hostileMessage, Place: "表三!C5"},
			{Rule: "P1", Message: "正文「一、总体情况」未填写", Place: "正文!C4"}}}
	case "warnings":
		return Inspection{State: StateWarnings, Agency: agency, Year: year, Warnings: 1, Findings: []Finding{
			{Rule: "P1", Message: "正文「一、总体情况」未填写", Place: "正文!C4"}}}
	}
	return Inspection{State: StatePass, Agency: agency, Year: year}
}

func (e *fakeEngine) Annotate(ctx context.Context, src, dst string) error { return copyFile(src, dst) }
func (e *fakeEngine) Render(ctx context.Context, src, dst string) error   { return copyFile(src, dst) }

// RenderRollup writes the roll-up workbook's text and the agencies left out.
func (e *fakeEngine) RenderRollup(ctx context.Context, src, dst string, leftOut []string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, fmt.Appendf(data, " pdf | %s", strings.Join(leftOut, ",")), 0o644)
}

func (e *fakeEngine) Overview(ctx context.Context, dst string, rows []app.StatusRow) error {
	var lines []string
	for _, r := range rows {
		lines = append(lines, r.Agency+" "+r.State+" "+r.Note)
	}
	return os.WriteFile(dst, []byte(strings.Join(lines, "\n")), 0o644)
}

func (e *fakeEngine) Rollup(ctx context.Context, dst string, inputs []RollupInput, owner string, leftOut []string) error {
	var names []string
	for _, in := range inputs {
		names = append(names, in.Agency)
	}
	return os.WriteFile(dst, fmt.Appendf(nil, "rollup %d %s | %s", len(inputs), strings.Join(names, ","), strings.Join(leftOut, ",")), 0o644)
}

// copyFile copies src to dst completely or not at all, as the real engine writes its outputs.
func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	tmp := dst + ".tmp-" + strconv.Itoa(rand.Int())
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// testDesk is a desk with three agencies, 甲局 having submitted once.
type testDesk struct {
	t      *testing.T
	store  *Store
	srv    *Server
	engine *fakeEngine
	log    *bytes.Buffer
	coord  string // the coordinator's token
	tokens []string
	ids    []int
	names  []string
}

func newTestDesk(t *testing.T, opt Options) *testDesk {
	t.Helper()
	store := openStore(t, t.TempDir())
	if err := store.SetAgencies([]string{"甲局", "乙局", "<b>丙局</b>"}, nil); err != nil {
		t.Fatal(err)
	}
	d := &testDesk{t: t, store: store, engine: &fakeEngine{release: make(chan struct{}), year: time.Now().Year() - 1}, log: &bytes.Buffer{}}
	if opt.Engine == nil {
		opt.Engine = d.engine
	}
	opt.AccessLog = d.log
	opt.BaseURL = "http://desk.example"
	d.srv = New(store, opt)
	d.coord = store.CoordinatorToken()
	for _, a := range must(store.Agencies()) {
		tok, _ := store.AgencyToken(a)
		d.tokens = append(d.tokens, tok)
		d.ids = append(d.ids, a.ID)
		d.names = append(d.names, a.Name)
	}
	return d
}

func (d *testDesk) do(method, path string, body io.Reader, header http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	return rec
}

// uploadCtx posts content as the agency's workbook, with the request's context.
func (d *testDesk) uploadCtx(ctx context.Context, token, content string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", d.names[slices.Index(d.tokens, token)]+"年报.xlsx")
	io.WriteString(fw, content)
	mw.Close()
	req := httptest.NewRequest("POST", "/a/"+token+"/upload", &body).WithContext(ctx)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	return rec
}

// upload posts content as the agency's workbook.
func (d *testDesk) upload(token, content string, header http.Header) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	name := "甲局"
	if i := slices.Index(d.tokens, token); i >= 0 {
		name = d.names[i]
	}
	fw, _ := mw.CreateFormFile("file", name+"年报.xlsx")
	io.WriteString(fw, content)
	mw.Close()
	h := http.Header{"Content-Type": {mw.FormDataContentType()}}
	for k, v := range header {
		h[k] = v
	}
	return d.do("POST", "/a/"+token+"/upload", &body, h)
}

func form(values string) (io.Reader, http.Header) {
	return strings.NewReader(values), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
}

// TestReviewOfAnOlderSubmission: a decision made on the page showing submission 1 does not
// land on submission 2, uploaded while the coordinator was reading.
func TestReviewOfAnOlderSubmission(t *testing.T) {
	d := newTestDesk(t, Options{})
	id := d.ids[0]
	for _, content := range []string{"errors", "fine"} {
		if rec := d.upload(d.tokens[0], content, nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("upload: %d", rec.Code)
		}
	}
	before := d.state()
	body, h := form("seq=1&decision=" + Approved)
	rec := d.do("POST", fmt.Sprintf("/c/%s/agency/%d/review", d.coord, id), body, h)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "该单位已重新提交，请先查看最新提交再审核。") {
		t.Errorf("review of submission 1 when 2 is current: %d %.300s", rec.Code, rec.Body)
	}
	if a, _ := d.store.Agency(id); a.Review != (Review{}) || len(must(d.store.Notes(id))) != 0 || d.state() != before {
		t.Errorf("a refused review changed the agency: %+v, notes %+v", a.Review, must(d.store.Notes(id)))
	}
	body, h = form("decision=" + Approved)
	if rec := d.do("POST", fmt.Sprintf("/c/%s/agency/%d/review", d.coord, id), body, h); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("review without a submission number: %d", rec.Code)
	}
	body, h = form("seq=2&decision=" + Approved)
	if rec := d.do("POST", fmt.Sprintf("/c/%s/agency/%d/review", d.coord, id), body, h); rec.Code != http.StatusSeeOther {
		t.Fatalf("review of the current submission: %d %.300s", rec.Code, rec.Body)
	}
	if a, _ := d.store.Agency(id); a.Review != (Review{Seq: 2, Decision: Approved}) {
		t.Errorf("review %+v", a.Review)
	}
}

// route is every route of the desk, with its path for a given token, agency and submission.
type route struct {
	method, path string
	coordinator  bool
}

func routes(token string, agency, seq int) []route {
	c := func(m, p string) route { return route{m, "/c/" + token + p, true} }
	a := func(m, p string) route { return route{m, "/a/" + token + p, false} }
	return []route{
		c("GET", "/"), c("GET", "/rows"), c("GET", "/settings"), c("POST", "/settings"),
		c("GET", "/links"), c("GET", "/links.xlsx"),
		c("POST", fmt.Sprintf("/links/%d/revoke", agency)), c("POST", fmt.Sprintf("/links/%d/reissue", agency)),
		c("GET", fmt.Sprintf("/agency/%d", agency)), c("POST", fmt.Sprintf("/agency/%d/review", agency)),
		c("GET", fmt.Sprintf("/agency/%d/%d/original.xlsx", agency, seq)),
		c("GET", fmt.Sprintf("/agency/%d/%d/annotated.xlsx", agency, seq)),
		c("GET", fmt.Sprintf("/agency/%d/%d/pdf", agency, seq)),
		c("GET", fmt.Sprintf("/agency/%d/%d/html", agency, seq)),
		c("GET", fmt.Sprintf("/agency/%d/%d/docx", agency, seq)),
		c("GET", "/templates.zip"), c("GET", "/reports.zip"), c("GET", "/results.xlsx"), c("GET", "/rollup.xlsx"),
		c("GET", "/rollup.pdf"),
		a("GET", "/"), a("GET", "/template.xlsx"), a("POST", "/upload"),
		a("GET", fmt.Sprintf("/%d/original.xlsx", seq)), a("GET", fmt.Sprintf("/%d/annotated.xlsx", seq)),
		a("GET", fmt.Sprintf("/%d/pdf", seq)), a("GET", fmt.Sprintf("/%d/html", seq)), a("GET", fmt.Sprintf("/%d/docx", seq)),
	}
}

func TestEveryRouteRefusesWrongTokens(t *testing.T) {
	d := newTestDesk(t, Options{})
	if rec := d.upload(d.tokens[0], "errors", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	want := d.do("GET", "/no/such/page", nil, nil)
	if want.Code != http.StatusNotFound {
		t.Fatalf("unknown page: %d", want.Code)
	}
	revoked := d.tokens[2]
	if err := d.store.Revoke(d.ids[2]); err != nil {
		t.Fatal(err)
	}
	// Every wrong token, and none, gets the same answer as an unknown page.
	wrong := map[string]func(r route) (string, bool){
		"made-up token":                            func(route) (string, bool) { return strings.Repeat("A", len(d.coord)), true },
		"revoked token":                            func(route) (string, bool) { return revoked, true },
		"agency's token on a coordinator's page":   func(r route) (string, bool) { return d.tokens[0], r.coordinator },
		"another agency's on a coordinator's page": func(r route) (string, bool) { return d.tokens[1], r.coordinator },
		"coordinator's token on an agency's page":  func(r route) (string, bool) { return d.coord, !r.coordinator },
		// An agency's pages are found by its token alone: 乙局's token reaches 乙局's pages,
		// and 甲局's first submission is not among them.
		"another agency's on a submission": func(r route) (string, bool) {
			return d.tokens[1], !r.coordinator && strings.Count(r.path, "/") == 4
		},
	}
	before := d.state()
	body := "decision=%E5%B7%B2%E5%AE%A1%E6%A0%B8&agencies=x&year=2024"
	for name, token := range wrong {
		for _, r := range routes("TOKEN", d.ids[0], 1) {
			tok, applies := token(r)
			if !applies {
				continue
			}
			b, h := form(body)
			rec := d.do(r.method, strings.Replace(r.path, "TOKEN", tok, 1), b, h)
			if rec.Code != http.StatusNotFound || rec.Body.String() != want.Body.String() {
				t.Errorf("%s: %s %s: %d %.200q", name, r.method, r.path, rec.Code, rec.Body.String())
			}
		}
	}
	// Without a token: the path without it, or with an empty one.
	for _, r := range routes("TOKEN", d.ids[0], 1) {
		for _, path := range []string{strings.Replace(r.path, "TOKEN/", "", 1), strings.Replace(r.path, "TOKEN", "", 1)} {
			b, h := form(body)
			rec := d.do(r.method, path, b, h)
			switch {
			case rec.Code == http.StatusNotFound && rec.Body.String() == want.Body.String():
			case rec.Code == http.StatusTemporaryRedirect || rec.Code == http.StatusMovedPermanently:
				// the mux cleans "//"; the cleaned path is refused like the first
				if loc := rec.Header().Get("Location"); d.do(r.method, loc, nil, nil).Code != http.StatusNotFound {
					t.Errorf("no token: %s %s leads to %s", r.method, path, loc)
				}
			default:
				t.Errorf("no token: %s %s: %d %.200q", r.method, path, rec.Code, rec.Body.String())
			}
		}
	}
	if after := d.state(); after != before {
		t.Errorf("refused requests changed the desk:\n%s\n%s", before, after)
	}
	// The same routes with the right tokens are found (so the refusals above mean
	// something); the agency's first, as the coordinator's revoke its link.
	rs := routes("TOKEN", d.ids[0], 1)
	slices.SortStableFunc(rs, func(a, b route) int { return cmp.Compare(fmt.Sprint(a.coordinator), fmt.Sprint(b.coordinator)) })
	for _, r := range rs {
		token := d.tokens[0]
		if r.coordinator {
			token = d.coord
		}
		b, h := form("decision=%E5%B7%B2%E5%AE%A1%E6%A0%B8&note=ok&agencies=%E7%94%B2%E5%B1%80&year=2024")
		if rec := d.do(r.method, strings.Replace(r.path, "TOKEN", token, 1), b, h); rec.Code == http.StatusNotFound {
			t.Errorf("right token: %s %s: 404", r.method, r.path)
		}
	}
}

// state sums up everything a request could change.
func (d *testDesk) state() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%+v\n", must(d.store.Settings()))
	for _, a := range must(d.store.Agencies()) {
		tok, ok := d.store.AgencyToken(a)
		fmt.Fprintf(&b, "%+v %s %v %d %d\n", a, tok, ok, len(must(d.store.Submissions(a.ID))), len(must(d.store.Notes(a.ID))))
	}
	return b.String()
}

func TestNoStateChangeOnGet(t *testing.T) {
	d := newTestDesk(t, Options{})
	before := d.state()
	for _, r := range routes(d.coord, d.ids[0], 1) {
		if r.method == "POST" && !strings.HasSuffix(r.path, "/settings") {
			if rec := d.do("GET", r.path+"?decision=已审核&year=2020", nil, nil); rec.Code != http.StatusMethodNotAllowed && rec.Code != http.StatusNotFound {
				t.Errorf("GET %s: %d", r.path, rec.Code)
			}
		}
	}
	if rec := d.do("GET", "/a/"+d.tokens[0]+"/upload", nil, nil); rec.Code != http.StatusMethodNotAllowed && rec.Code != http.StatusNotFound {
		t.Errorf("GET upload: %d", rec.Code)
	}
	if after := d.state(); after != before {
		t.Errorf("GET changed the desk:\n%s\n%s", before, after)
	}
}

func TestCrossOriginPostsRefused(t *testing.T) {
	d := newTestDesk(t, Options{})
	before := d.state()
	for _, h := range []http.Header{
		{"Sec-Fetch-Site": {"cross-site"}},
		{"Origin": {"http://evil.example"}},
	} {
		body, fh := form("year=2020&agencies=x")
		for k, v := range h {
			fh[k] = v
		}
		if rec := d.do("POST", "/c/"+d.coord+"/settings", body, fh); rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "请求被拒绝") {
			t.Errorf("cross-origin settings %v: %d", h, rec.Code)
		}
		if rec := d.upload(d.tokens[0], "fine", h); rec.Code != http.StatusForbidden {
			t.Errorf("cross-origin upload %v: %d", h, rec.Code)
		}
	}
	if after := d.state(); after != before {
		t.Errorf("cross-origin posts changed the desk:\n%s\n%s", before, after)
	}
	// The same posts from the desk's own pages go through.
	body, fh := form("year=2020&agencies=%E7%94%B2%E5%B1%80")
	fh.Set("Sec-Fetch-Site", "same-origin")
	if rec := d.do("POST", "/c/"+d.coord+"/settings", body, fh); rec.Code != http.StatusOK || must(d.store.Settings()).Year != 2020 {
		t.Errorf("same-origin settings: %d, year %d", rec.Code, must(d.store.Settings()).Year)
	}
}

func TestSecurityHeaders(t *testing.T) {
	d := newTestDesk(t, Options{})
	for _, path := range []string{"/", "/c/" + d.coord + "/", "/a/" + d.tokens[0] + "/", "/static/desk.css", "/nothing"} {
		h := d.do("GET", path, nil, nil).Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestUploadFlow(t *testing.T) {
	d := newTestDesk(t, Options{})
	tok := d.tokens[0]
	rec := d.upload(tok, "errors", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/a/"+tok+"/" {
		t.Fatalf("upload: %d %v", rec.Code, rec.Header())
	}
	page := d.do("GET", "/a/"+tok+"/", nil, nil).Body.String()
	if strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;alert") {
		t.Error("a finding's message is not escaped")
	}
	iErr, iWarn := strings.Index(page, "表三!C5"), strings.Index(page, "正文!C4")
	if iErr < 0 || iWarn < 0 || iErr > iWarn || !strings.Contains(page, "有错误") {
		t.Errorf("findings not shown errors first with their cells:\n%s", page)
	}
	a, _ := d.store.Agency(d.ids[0])
	sub, ok, _ := d.store.Current(a)
	if !ok {
		t.Fatal("no submission")
	}
	if data, err := os.ReadFile(d.store.UploadPath(sub.Hash)); err != nil || string(data) != "errors" {
		t.Errorf("upload kept as %q %v", data, err)
	}
	if data, err := os.ReadFile(d.store.CurrentPath(a)); err != nil || string(data) != "errors" {
		t.Errorf("已提交 holds %q %v", data, err)
	}
	for _, kind := range []string{"original.xlsx", "annotated.xlsx", "pdf", "html"} {
		rec := d.do("GET", fmt.Sprintf("/a/%s/1/%s", tok, kind), nil, nil)
		if rec.Code != http.StatusOK || rec.Body.String() != "errors" {
			t.Errorf("%s: %d %q", kind, rec.Code, rec.Body)
		}
	}
	if html := d.do("GET", "/a/"+tok+"/1/html", nil, nil); !strings.Contains(html.Header().Get("Content-Security-Policy"), "sandbox") {
		t.Error("the report's web page is not sandboxed")
	}

	// The coordinator sees it, returns it with a note, and the bureau sees the note.
	rows := d.do("GET", "/c/"+d.coord+"/rows", nil, nil).Body.String()
	if !strings.Contains(rows, "有错误") || strings.Contains(rows, "<b>丙局</b>") || !strings.Contains(rows, "&lt;b&gt;丙局") {
		t.Errorf("progress rows:\n%s", rows)
	}
	if !strings.Contains(d.do("GET", fmt.Sprintf("/c/%s/agency/%d", d.coord, a.ID), nil, nil).Body.String(), `name="seq" value="1"`) {
		t.Error("the review form does not name the submission shown")
	}
	body, h := form("seq=1&decision=" + Returned + "&note=%E8%AF%B7%E6%A0%B8%E5%AF%B9%3Ci%3E")
	if rec := d.do("POST", fmt.Sprintf("/c/%s/agency/%d/review", d.coord, a.ID), body, h); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d %s", rec.Code, rec.Body)
	}
	page = d.do("GET", "/a/"+tok+"/", nil, nil).Body.String()
	if !strings.Contains(page, "退回") || !strings.Contains(page, "请核对&lt;i&gt;") {
		t.Error("the bureau does not see the coordinator's note")
	}

	// A corrected upload passes and becomes the current one.
	if rec := d.upload(tok, "fine", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("second upload: %d", rec.Code)
	}
	rows = d.do("GET", "/c/"+d.coord+"/rows?state="+string(StatePass), nil, nil).Body.String()
	if !strings.Contains(rows, "甲局") || strings.Contains(rows, "乙局") {
		t.Errorf("filtered rows:\n%s", rows)
	}
	if a, _ = d.store.Agency(a.ID); a.Subs != 2 {
		t.Errorf("%d submissions", a.Subs)
	}
}

func TestUploadRefusals(t *testing.T) {
	d := newTestDesk(t, Options{MaxUpload: 100})
	tok := d.tokens[0]
	for _, c := range []struct {
		content string
		code    int
		says    string
	}{
		{"bad", http.StatusUnprocessableEntity, "不是 Excel 工作簿：甲局年报.xlsx"},
		{"", http.StatusUnprocessableEntity, "文件是空的"},
		{strings.Repeat("x", 101), http.StatusRequestEntityTooLarge, "文件过大"},
		{strings.Repeat("x", 200<<10), http.StatusRequestEntityTooLarge, "文件过大"},
	} {
		rec := d.upload(tok, c.content, nil)
		if rec.Code != c.code || !strings.Contains(rec.Body.String(), c.says) {
			t.Errorf("%.10q: %d, says %q: %v", c.content, rec.Code, c.says, strings.Contains(rec.Body.String(), c.says))
		}
	}
	if a, _ := d.store.Agency(d.ids[0]); a.Subs != 0 {
		t.Errorf("%d refused uploads recorded", a.Subs)
	}
	entries, _ := os.ReadDir(d.store.UploadPath("x")[:len(d.store.UploadPath("x"))-len("/x.xlsx")])
	if len(entries) != 0 {
		t.Errorf("refused uploads kept: %v", entries)
	}
}

func TestCheckTimeLimitAndBoundedConcurrency(t *testing.T) {
	d := newTestDesk(t, Options{CheckTimeout: 50 * time.Millisecond, Workers: 2, QueueWait: 50 * time.Millisecond})
	var wg sync.WaitGroup
	codes := make(chan int, 6)
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- d.upload(d.tokens[0], "slow", nil).Code
		}()
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusServiceUnavailable {
			t.Errorf("slow check answered %d", c)
		}
	}
	close(d.engine.release)
	d.engine.mu.Lock() // the timed-out checks may still be finishing
	peak := d.engine.peak
	d.engine.mu.Unlock()
	if peak > 2 {
		t.Errorf("%d checks at once with 2 workers", peak)
	}
	if a, _ := d.store.Agency(d.ids[0]); a.Subs != 0 {
		t.Errorf("%d timed-out uploads recorded", a.Subs)
	}
}

// A check the reader stops at the time limit is a time-out (503), never the file's problem,
// and nothing of it is kept.
func TestCheckStoppedAtTheTimeLimit(t *testing.T) {
	d := newTestDesk(t, Options{CheckTimeout: 20 * time.Millisecond, Workers: 2, QueueWait: time.Second})
	for range 20 {
		if rec := d.upload(d.tokens[0], "stopped", nil); rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Body.String(), "读取中止") {
			t.Fatalf("a stopped check answered %d: %.200s", rec.Code, rec.Body.String())
		}
	}
	if a, _ := d.store.Agency(d.ids[0]); a.Subs != 0 {
		t.Errorf("%d stopped uploads recorded", a.Subs)
	}
}

// Templates are made by the workers, waiting no longer than an upload would, and made once.
func TestTemplatesUseTheWorkers(t *testing.T) {
	d := newTestDesk(t, Options{Workers: 1, QueueWait: 50 * time.Millisecond, CheckTimeout: time.Minute})
	d.engine.slow = make(chan struct{})
	done := make(chan int)
	go func() { done <- d.upload(d.tokens[1], "slow", nil).Code }()
	<-d.engine.slow // the only worker is busy
	if rec := d.do("GET", "/a/"+d.tokens[0]+"/template.xlsx", nil, nil); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("template while the only worker is busy: %d", rec.Code)
	}
	if rec := d.do("GET", "/c/"+d.coord+"/templates.zip", nil, nil); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("templates.zip while the only worker is busy: %d", rec.Code)
	}
	if d.engine.templates != 0 {
		t.Errorf("%d templates made while the only worker is busy", d.engine.templates)
	}
	close(d.engine.release)
	<-done
	// The slot is free once the result is back, however late the job's goroutine runs: the
	// next request does not wait on it (under load it once waited past QueueWait).
	if n := len(d.srv.work); n != 0 {
		t.Fatalf("%d worker slots still taken after the check's result came back", n)
	}
	for range 2 {
		if rec := d.do("GET", "/a/"+d.tokens[0]+"/template.xlsx", nil, nil); rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "template 甲局") {
			t.Errorf("template: %d %.100q", rec.Code, rec.Body)
		}
	}
	if d.engine.templates != 1 {
		t.Errorf("the same template made %d times", d.engine.templates)
	}
}

func TestAccessLogHasNoTokens(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.upload(d.tokens[0], "fine", nil)
	d.do("GET", "/a/"+d.tokens[0]+"/1/pdf", nil, nil)
	d.do("GET", "/c/"+d.coord+"/", nil, nil)
	d.do("GET", "/c/"+d.coord, nil, nil)
	log := d.log.String()
	if !strings.Contains(log, "/a/…/1/pdf") || !strings.Contains(log, "GET /c/… ") {
		t.Errorf("log:\n%s", log)
	}
	for _, tok := range append(d.tokens, d.coord) {
		if strings.Contains(log, tok) {
			t.Errorf("token in the log:\n%s", log)
		}
	}
}

// A path with an encoded newline is one line of the access log.
func TestAccessLogLineNotForged(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.do("GET", "/static/x%0A10.0.0.1%20GET%20/c/forged%20200%200%200s%0D", nil, nil)
	if log := d.log.String(); strings.Count(log, "\n") != 1 || strings.ContainsRune(log, '\r') || !strings.Contains(log, `x\n10.0.0.1 GET /c/forged 200 0 0s\r`) {
		t.Errorf("log:\n%s", log)
	}
}

// The progress page's live refresh fetches the rows the page shows, filtered and sorted alike.
func TestLiveRowsKeepFilterAndSort(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.upload(d.tokens[0], "fine", nil)
	d.upload(d.tokens[1], "errors", nil)
	page := d.do("GET", "/c/"+d.coord+"/?"+url.Values{"state": {string(StatePass)}, "sort": {"time"}}.Encode(), nil, nil).Body.String()
	m := regexp.MustCompile(`<div id="live" data-src="([^"]*)">\n`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no live rows on the page:\n%s", page)
	}
	rec := d.do("GET", html.UnescapeString(m[1]), nil, nil)
	rows := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(rows, "甲局") || strings.Contains(rows, "乙局") || !strings.Contains(page, rows) {
		t.Errorf("the live rows at %s: %d\n%s\nthe page:\n%s", m[1], rec.Code, rows, page)
	}
}

func TestSettingsAndLinks(t *testing.T) {
	d := newTestDesk(t, Options{})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("year", "2024")
	mw.WriteField("deadline", "2025年1月15日")
	fw, _ := mw.CreateFormFile("list", "机关名单.txt")
	io.WriteString(fw, "\ufeff甲局\r\n丁局\r\n\r\n")
	mw.Close()
	rec := d.do("POST", "/c/"+d.coord+"/settings", &body, http.Header{"Content-Type": {mw.FormDataContentType()}})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "已保存：2024年度，2 个单位") {
		t.Fatalf("settings: %d %s", rec.Code, rec.Body)
	}
	if _, ok, _ := d.store.Resolve(d.tokens[1]); ok {
		t.Error("乙局, no longer listed, keeps its link")
	}
	links := d.do("GET", "/c/"+d.coord+"/links", nil, nil).Body.String()
	for _, a := range must(d.store.Agencies()) {
		u, _ := d.srv.AgencyURL(a)
		if !strings.HasPrefix(u, "http://desk.example/a/") || !strings.Contains(links, u) {
			t.Errorf("link of %s (%s) not listed", a.Name, u)
		}
	}
	body2, h := form("year=1999")
	if rec := d.do("POST", "/c/"+d.coord+"/settings", body2, h); rec.Code != http.StatusBadRequest && rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("year 1999: %d", rec.Code)
	}
}

// A list with lines that would be skipped, or an empty one, is refused and changes nothing:
// saving it would silently drop agencies and their links.
func TestSettingsRefuseListsThatDropAgencies(t *testing.T) {
	d := newTestDesk(t, Options{})
	before := d.state()
	for list, says := range map[string]string{
		"甲局\n乙局\n甲局\n":                           "第3行“甲局”与第1行重复",
		"甲局\n" + strings.Repeat("局", 300) + "\n": "第2行：机关名称过长",
		"":                "单位名单为空，未保存",
		"\ufeff\r\n \r\n": "单位名单为空，未保存",
	} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("year", "2024")
		fw, _ := mw.CreateFormFile("list", "机关名单.txt")
		io.WriteString(fw, list)
		mw.Close()
		rec := d.do("POST", "/c/"+d.coord+"/settings", &body, http.Header{"Content-Type": {mw.FormDataContentType()}})
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), says) {
			t.Errorf("list %.40q: %d, want %q in %.400s", list, rec.Code, says, rec.Body)
		}
	}
	if after := d.state(); after != before {
		t.Errorf("refused lists changed the desk:\n%s\n%s", before, after)
	}
	for _, tok := range d.tokens {
		if _, ok, _ := d.store.Resolve(tok); !ok {
			t.Error("a refused list killed a link")
		}
	}
}

func TestRedactPath(t *testing.T) {
	tok := strings.Repeat("aZ0_-", 5)[:24]
	for in, want := range map[string]string{
		"/a/" + tok + "/":        "/a/…/",
		"/a/" + tok:              "/a/…",
		"/c/" + tok + "/rows":    "/c/…/rows",
		"//a/" + tok + "/1/pdf":  "//a/…/1/pdf",
		"/A/./" + tok:            "/A/./…",
		"/static/desk.css":       "/static/desk.css",
		"/c/short/agency/1":      "/c/short/agency/1",
		"/x/" + tok + "x/" + tok: "/x/…/…", // whatever a paste dragged along goes with the token
		"/a/" + tok + "。/":       "/a/…/",
		"/a/" + tok + "）":        "/a/…",
		"/a/" + tok[:23] + "/":   "/a/" + tok[:23] + "/",
		"/a/\n1.2.3.4 GET /c/":   `/a/\n1.2.3.4 GET /c/`,
		"/甲局/\x1b[2J\u2028\\":    `/甲局/\x1b[2J\u2028\\`,
	} {
		if got := RedactPath(in); got != want {
			t.Errorf("RedactPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// Uploads of one agency at once are all kept, and 已提交 ends with the latest of them.
func TestConcurrentUploadsOfOneAgency(t *testing.T) {
	d := newTestDesk(t, Options{Workers: 4})
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			if rec := d.upload(d.tokens[0], fmt.Sprintf("version %d", i), nil); rec.Code != http.StatusSeeOther {
				t.Errorf("upload %d: %d", i, rec.Code)
			}
		})
	}
	wg.Wait()
	a, _ := d.store.Agency(d.ids[0])
	subs := must(d.store.Submissions(a.ID))
	if len(subs) != 12 || a.Subs != 12 {
		t.Fatalf("%d submissions logged, %d counted", len(subs), a.Subs)
	}
	if got := hashOf(d.store.CurrentPath(a)); got != subs[11].Hash {
		t.Error("已提交 does not hold the latest submission")
	}
}

// The name a browser sends for a file is only ever shown: whatever it is, what is kept is one
// bounded line of valid text, without a directory.
func FuzzUploadName(f *testing.F) {
	for _, s := range []string{"年报.xlsx", `C:\Users\科员\年报.xlsx`, "../../etc/passwd", "a\x00b\u0085.xlsx", "..", " ", strings.Repeat("长", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := uploadName(s)
		if n == "" {
			return
		}
		if strings.ContainsAny(n, `/\`) || !utf8.ValidString(n) || len(n) > 205 || n == "." || n == ".." ||
			strings.ContainsFunc(n, unicode.IsControl) || strings.TrimSpace(n) != n {
			t.Errorf("uploadName(%q) = %q", s, n)
		}
	})
}

// TestUnknownFileKind: a submission's files are the workbook, its annotated copy and its
// report in each registered format; any other name is the one 404.
func TestUnknownFileKind(t *testing.T) {
	d := newTestDesk(t, Options{})
	if rec := d.upload(d.tokens[0], "errors", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	for _, kind := range []string{"odt", "docx.pdf", "DOCX", ".docx", "original"} {
		if rec := d.do("GET", "/a/"+d.tokens[0]+"/1/"+kind, nil, nil); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d", kind, rec.Code)
		}
	}
}
