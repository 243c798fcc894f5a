package desk

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// Options configure a Server.
type Options struct {
	// Engine runs the use cases (default: NewEngine(Fonts, Now), the application layer).
	Engine Engine
	// BaseURL is the address bureaus reach the desk at, for the links: http://10.1.2.3:8080.
	BaseURL string
	// MaxUpload is the largest workbook accepted, in bytes (default 20 MiB, the reader's limit).
	MaxUpload int64
	// CheckTimeout bounds the checking of one upload (default 30 s).
	CheckTimeout time.Duration
	// OutputTimeout bounds making one output: a template, an annotated copy, a PDF or web
	// page (default 2 min).
	OutputTimeout time.Duration
	// BatchTimeout bounds making an output of every agency: 汇总检查结果.xlsx, the roll-up
	// (default 10 min).
	BatchTimeout time.Duration
	// Fonts are the faces reports are typeset with, for the default Engine.
	Fonts *fonts.Set
	// Workers is how many workbooks are checked or rendered at once (default: the cores).
	Workers int
	// QueueWait bounds how long an upload waits for a worker (default 30 s).
	QueueWait time.Duration
	// AccessLog receives one line per request, without tokens; nil for none.
	AccessLog io.Writer
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Server is the desk's HTTP handler.
type Server struct {
	store   *Store
	opt     Options
	work    chan struct{} // one slot per workbook being checked or rendered
	handler http.Handler
	log     *log.Logger
}

// New makes the desk's handler on an open store.
func New(store *Store, opt Options) *Server {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Engine == nil {
		opt.Engine = NewEngine(opt.Fonts, opt.Now)
	}
	if opt.MaxUpload == 0 {
		opt.MaxUpload = xlsxreader.MaxFileSize
	}
	if opt.CheckTimeout == 0 {
		opt.CheckTimeout = 30 * time.Second
	}
	if opt.OutputTimeout == 0 {
		opt.OutputTimeout = 2 * time.Minute
	}
	if opt.BatchTimeout == 0 {
		opt.BatchTimeout = 10 * time.Minute
	}
	if opt.QueueWait == 0 {
		opt.QueueWait = 30 * time.Second
	}
	if opt.Workers == 0 {
		opt.Workers = runtime.NumCPU()
	}
	s := &Server{store: store, opt: opt, work: make(chan struct{}, opt.Workers)}
	if opt.AccessLog != nil {
		s.log = log.New(opt.AccessLog, "", log.LstdFlags)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	// Cross-origin POSTs are refused by Sec-Fetch-Site or Origin; besides, every form posts
	// to a URL carrying a token the attacking page cannot know.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.message(w, r, http.StatusForbidden, "请求被拒绝", "只能在本系统的页面上提交。请打开您收到的链接后重新操作。")
	}))
	s.handler = cop.Handler(mux)
	return s
}

// ServeHTTP serves a request with the security headers, and logs it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if clean, ok := cleanPath(r.URL.Path); ok && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		// A link that a paste left with punctuation after its token goes to its address.
		http.Redirect(rec, r, (&url.URL{Path: clean}).EscapedPath(), http.StatusFound)
	} else {
		s.handler.ServeHTTP(rec, r)
	}
	if s.log != nil {
		s.log.Printf("%s %s %s %d %d %s", remoteHost(r), r.Method, RedactPath(r.URL.Path), rec.status, rec.bytes, time.Since(start).Round(time.Millisecond))
	}
}

// RedactPath is a request's path as logs show it: every segment that is or begins with
// something shaped like a token (whatever route it is on, however the path was written, with
// whatever a pasted link dragged along: “。”, “）”) becomes "…", and then control characters,
// quotes and backslashes are escaped as in a Go string (the path is decoded, so a "%0A" in a
// request would otherwise start a forged log line).
func RedactPath(p string) string {
	segments := strings.Split(p, "/")
	for i, seg := range segments {
		if tokenShaped(seg) {
			segments[i] = "…"
		}
	}
	quoted := strconv.Quote(strings.Join(segments, "/"))
	return quoted[1 : len(quoted)-1]
}

// tokenShaped reports whether s begins with something that could be a token: its length in
// the URL-safe base64 alphabet.
func tokenShaped(s string) bool {
	n := base64.RawURLEncoding.EncodedLen(tokenBytes)
	return len(s) >= n && strings.Trim(s[:n], tokenAlphabet) == ""
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// trailingJunk is what a link pasted from a document or a chat drags along after the token:
// Chinese and Western closing punctuation, quotes, brackets and spaces.
const trailingJunk = "。，、；：！？）》」』】”’.,;:!?)]}>\"' \u3000"

// cleanPath is the path without what a paste dragged along after a token, and whether there
// was anything: /a/TOKEN。 becomes /a/TOKEN/.
func cleanPath(p string) (string, bool) {
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if clean, ok := cleanToken(seg); ok {
			segs[i] = clean
			if i == len(segs)-1 {
				segs = append(segs, "")
			}
			return strings.Join(segs, "/"), true
		}
	}
	return p, false
}

// cleanToken is the token of a path segment that is a token followed by punctuation a pasted
// link dragged along, and whether there was any.
func cleanToken(seg string) (string, bool) {
	n := base64.RawURLEncoding.EncodedLen(tokenBytes)
	if len(seg) <= n || strings.Trim(seg[:n], tokenAlphabet) != "" || strings.Trim(seg[n:], trailingJunk) != "" {
		return seg, false
	}
	return seg[:n], true
}

func remoteHost(r *http.Request) string {
	if i := strings.LastIndexByte(r.RemoteAddr, ':'); i > 0 {
		return r.RemoteAddr[:i]
	}
	return r.RemoteAddr
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /static/{name}", s.serveAsset)

	c := func(pattern string, h func(http.ResponseWriter, *http.Request)) {
		mux.HandleFunc(pattern, s.asCoordinator(h))
	}
	c("GET /c/{token}/{$}", s.progressPage)
	c("GET /c/{token}/rows", s.progressRows)
	c("GET /c/{token}/settings", s.settingsPage)
	c("POST /c/{token}/settings", s.saveSettings)
	c("GET /c/{token}/links", s.linksPage)
	c("GET /c/{token}/links.xlsx", s.linksWorkbook)
	c("POST /c/{token}/links/{id}/revoke", s.revoke)
	c("POST /c/{token}/links/{id}/reissue", s.reissue)
	c("GET /c/{token}/agency/{id}", s.agencyPage)
	c("POST /c/{token}/agency/{id}/review", s.review)
	c("POST /c/{token}/agency/{id}/accept", s.acceptRefused)
	c("GET /c/{token}/agency/{id}/{seq}/{kind}", s.coordinatorFile)
	c("GET /c/{token}/templates.zip", s.templatesZip)
	c("GET /c/{token}/reports.zip", s.reportsZip)
	c("GET /c/{token}/results.xlsx", s.resultsWorkbook)
	c("GET /c/{token}/rollup.xlsx", s.rollupWorkbook)
	c("GET /c/{token}/rollup.pdf", s.rollupPDF)

	a := func(pattern string, h func(http.ResponseWriter, *http.Request, Agency)) {
		mux.HandleFunc(pattern, s.asAgency(h))
	}
	a("GET /a/{token}/{$}", s.bureauPage)
	a("GET /a/{token}/template.xlsx", s.bureauTemplate)
	a("POST /a/{token}/upload", s.upload)
	a("GET /a/{token}/{seq}/{kind}", s.bureauFile)

	mux.HandleFunc("/", s.notFound)
}

// notFound is the one answer to a wrong address, an unknown, revoked or mistyped token and
// another agency's token alike, so that nothing tells them apart: a page of the desk's own
// style giving the coordinator's contact. A link that a paste left with punctuation after
// its token is sent to the address without it.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	text := "您打开的链接不完整、已停用或已更换。请核对汇总单位发给本单位的专用链接（复制时请包括链接的全部字符，不要带上句号、括号等）。"
	if st, err := s.store.Settings(); err == nil && st.Contact != "" {
		text += "如仍无法打开，请与汇总单位联系：" + st.Contact + "。"
	} else {
		text += "如仍无法打开，请与汇总单位联系，索取新的链接。"
	}
	s.message(w, r, http.StatusNotFound, "无法打开此链接", text)
}

func (s *Server) asCoordinator(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok, err := s.store.Resolve(r.PathValue("token"))
		if err != nil {
			s.failure(w, r, err)
			return
		}
		if !ok || !p.Coordinator {
			s.notFound(w, r)
			return
		}
		h(w, r)
	}
}

func (s *Server) asAgency(h func(http.ResponseWriter, *http.Request, Agency)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok, err := s.store.Resolve(r.PathValue("token"))
		if err != nil {
			s.failure(w, r, err)
			return
		}
		if !ok || p.Coordinator {
			s.notFound(w, r)
			return
		}
		a, err := s.store.Agency(p.Agency)
		if errors.Is(err, ErrNotFound) || err == nil && (a.Removed || a.Revoked) {
			s.notFound(w, r)
			return
		}
		if err != nil {
			s.failure(w, r, err)
			return
		}
		h(w, r, a)
	}
}

// pathInt is a positive number from the path, or 0.
func pathInt(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.PathValue(name))
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// run runs job in a worker slot, waiting at most wait for one, with a context that ends
// after limit or when ctx ends (the client left). The job's result comes back over a channel
// to the caller while it still waits; a job the caller gave up on finishes on its own,
// keeping its slot until it returns so that the number running stays bounded, and its
// result is dropped. Nothing is shared between the job and the caller but the channel. The
// slot is free before the result is sent: whoever has a result can have the slot next.
func run[T any](s *Server, ctx context.Context, wait, limit time.Duration, job func(ctx context.Context) (T, error)) (T, error) {
	var zero T
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case s.work <- struct{}{}:
	case <-t.C:
		return zero, errBusy
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	// The job's context ends at its time limit, when the client leaves, or when the caller
	// stops waiting for any other reason.
	jobCtx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1) // never blocks the job, whether or not anyone still waits
	go func() {
		v, err := func() (T, error) {
			defer func() { <-s.work }()
			return job(jobCtx)
		}()
		done <- result{v, err}
	}()
	select {
	case res := <-done:
		return res.v, res.err
	case <-jobCtx.Done():
		select {
		case res := <-done: // it ended just in time
			return res.v, res.err
		default:
		}
		if ctx.Err() != nil {
			return zero, ctx.Err()
		}
		return zero, errTimeout
	}
}

var (
	errBusy    = errors.New("desk busy")
	errTimeout = errors.New("check timed out")
)

// output is an output of a kept upload, made on first request and cached.
func (s *Server) output(ctx context.Context, sub Submission, kind string) (string, error) {
	path := s.store.OutputPath(sub.Hash, kind)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	src := s.store.UploadPath(sub.Hash)
	return run(s, ctx, time.Minute, s.opt.OutputTimeout, func(ctx context.Context) (string, error) {
		if kind == kindAnnotated {
			return path, s.opt.Engine.Annotate(ctx, src, path)
		}
		return path, s.opt.Engine.Render(ctx, src, path)
	})
}

// Kinds of files of a submission besides its reports, which are named as their format in
// app.Formats (pdf, html, docx).
const (
	kindOriginal  = "original.xlsx"
	kindAnnotated = "annotated.xlsx"
)

// serveSubmissionFile answers the download of one file of a submission.
func (s *Server) serveSubmissionFile(w http.ResponseWriter, r *http.Request, a Agency, seq int, kind string) {
	sub, err := s.store.Submission(a.ID, seq)
	if errors.Is(err, ErrNotFound) {
		s.notFound(w, r)
		return
	}
	st, err2 := s.settings()
	if err = cmp.Or(err, err2); err != nil {
		s.failure(w, r, err)
		return
	}
	base := reportName(a.Name, st.Year, "")
	var path, name string
	ctype, inline := xlsxType, false
	format, isReport := app.FormatNamed(kind)
	switch {
	case kind == kindOriginal:
		path, name = s.store.UploadPath(sub.Hash), fmt.Sprintf("%s（第%d次提交）.xlsx", base, sub.Seq)
	case sub.Refused != "":
		// A refused upload is kept as it came; nothing is made of it.
		s.notFound(w, r)
		return
	case kind == kindAnnotated || isReport:
		p, err := s.output(r.Context(), sub, kind)
		if err != nil {
			s.failure(w, r, err)
			return
		}
		path, name = p, fmt.Sprintf("%s（第%d次提交，批注）.xlsx", base, sub.Seq)
		if isReport {
			name, ctype, inline = base+format.Ext, format.MIME, format.Inline
		}
		if strings.HasPrefix(format.MIME, "text/html") {
			// The report's own page: its styles are inline, it needs no script.
			w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; frame-ancestors 'none'; sandbox")
		}
	default:
		s.notFound(w, r)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", disposition(inline, name))
	io.Copy(w, f)
}

// disposition names a download; the name is in UTF-8 for every browser.
func disposition(inline bool, name string) string {
	kind := "attachment"
	if inline {
		kind = "inline"
	}
	return mime.FormatMediaType(kind, map[string]string{"filename": name})
}

// failure answers a request that could not be served because of the desk, not the user.
func (s *Server) failure(w http.ResponseWriter, r *http.Request, err error) {
	var refusal Refusal
	switch {
	case errors.As(err, &refusal):
		s.message(w, r, http.StatusUnprocessableEntity, "无法完成", string(refusal))
	case errors.Is(err, errBusy):
		s.message(w, r, http.StatusServiceUnavailable, "服务器正忙", "当前处理的文件较多，请稍后重试。")
	case errors.Is(err, errTimeout):
		s.message(w, r, http.StatusServiceUnavailable, "处理超时", "处理时间过长，已停止等待。请稍后重试；如仍不成功，请与汇总单位联系。")
	case errors.Is(err, context.Canceled):
	default:
		if s.log != nil {
			s.log.Printf("error: %s %s: %v", r.Method, RedactPath(r.URL.Path), err)
		}
		s.message(w, r, http.StatusInternalServerError, "处理失败", "服务器处理时出错，请稍后重试；如仍不成功，请与汇总单位联系。")
	}
}

// seeOther answers a form post by sending the browser to a page (post, redirect, get).
func seeOther(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// settings are the year's settings, the year being last year (by the desk's clock) until
// one is saved.
func (s *Server) settings() (Settings, error) {
	st, err := s.store.Settings()
	if st.Year == 0 {
		st.Year = s.opt.Now().Year() - 1
	}
	return st, err
}

// link is the full address of a path on the desk, for links that leave the browser.
func (s *Server) link(path string) string {
	return strings.TrimSuffix(s.opt.BaseURL, "/") + path
}

// CoordinatorURL is the address of the coordinator's pages.
func (s *Server) CoordinatorURL() string {
	return s.link("/c/" + s.store.CoordinatorToken() + "/")
}

// AgencyURL is the address of an agency's page; ok is false when its link is revoked.
func (s *Server) AgencyURL(a Agency) (string, bool) {
	t, ok := s.store.AgencyToken(a)
	if !ok {
		return "", false
	}
	return s.link("/a/" + url.PathEscape(t) + "/"), true
}
