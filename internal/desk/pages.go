package desk

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/app"
	nbtemplate "github.com/nianbao/nianbao/template"
)

//go:embed web
var webFS embed.FS

// pages are the desk's page templates, each with the shared layout, parsed when the desk
// first shows a page: every other command would pay for the parse at start-up.
var pages = sync.OnceValue(func() map[string]*template.Template {
	funcs := template.FuncMap{
		"when":       when,
		"inc":        func(i int) int { return i + 1 },
		"stateClass": stateClass,
		"reports":    reportLinks,
	}
	base := template.Must(template.New("").Funcs(funcs).ParseFS(webFS, "web/layout.html", "web/rows.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"index", "message", "progress", "settings", "links", "agency", "bureau"} {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(webFS, "web/"+name+".html"))
	}
	out["live"] = base
	return out
})

// reportLink is a link to a submission's report in one format of app.Formats: a format that
// browsers show opens in a new tab as a preview, the others download.
type reportLink struct {
	Kind, Text string
	Inline     bool
}

// reportLinks are the links to a submission's reports, one per format of app.Formats.
func reportLinks() []reportLink {
	var out []reportLink
	for _, f := range app.Formats {
		verb := "下载"
		if f.Inline {
			verb = "预览"
		}
		if first := f.Label[0]; first < utf8.RuneSelf { // 预览 PDF, 下载 Word 文档, but 预览网页
			verb += " "
		}
		out = append(out, reportLink{Kind: f.Name, Text: verb + f.Label, Inline: f.Inline})
	}
	return out
}

// when is a time as the pages show it: 2025年1月10日 14:05.
func when(t time.Time) string { return t.Local().Format("2006年1月2日 15:04") }

func stateClass(s State) string {
	switch s {
	case StateErrors:
		return "s-errors"
	case StateWarnings:
		return "s-warnings"
	case StatePass:
		return "s-pass"
	}
	return "s-missing"
}

// view is what every page knows.
type view struct {
	Title       string
	Coordinator bool
	Nav         string
	Base        string // the path the page's links start from: /c/TOKEN or /a/TOKEN
}

// render writes a page; the page is made in full before anything is sent.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	tmpl := "layout"
	if name == "live" {
		tmpl = "live"
	}
	if err := pages()[name].ExecuteTemplate(&buf, tmpl, data); err != nil {
		s.failure(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// message shows one sentence on a page of its own.
func (s *Server) message(w http.ResponseWriter, r *http.Request, status int, heading, text string) {
	s.render(w, r, status, "message", struct {
		view
		Heading, Text, Back string
	}{view: view{Title: heading}, Heading: heading, Text: text})
}

func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	data, err := fs.ReadFile(webFS, "web/static/"+name)
	if err != nil || strings.Contains(name, "/") {
		notFound(w)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(data)
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "index", view{Title: "报送"})
}

func coordinatorView(r *http.Request, title, nav string) view {
	return view{Title: title, Coordinator: true, Nav: nav, Base: "/c/" + url.PathEscape(r.PathValue("token"))}
}

// progressRow is one agency in the progress table.
type progressRow struct {
	Agency   Agency
	State    State
	Errors   int
	Warnings int
	Last     time.Time
	Subs     int
	Review   string
}

// stateOrder ranks states for sorting: what needs attention first.
var stateOrder = []State{StateErrors, StateMissing, StateWarnings, StatePass}

type progressView struct {
	view
	Settings Settings
	Rows     []progressRow
	Total    int // agencies, before filtering
	Counts   []struct {
		State State
		N     int
	}
	Approved, Returned int
	States             []State
	Filter, Sort       string
	RowsURL            string // the live rows, with the same filter and sort
}

func (s *Server) progress(r *http.Request) progressView {
	v := progressView{view: coordinatorView(r, "报送进度", "progress"), Settings: s.store.Settings(), States: stateOrder}
	v.Filter, v.Sort = r.URL.Query().Get("state"), r.URL.Query().Get("sort")
	q := url.Values{}
	if v.Filter != "" {
		q.Set("state", v.Filter)
	}
	if v.Sort != "" {
		q.Set("sort", v.Sort)
	}
	v.RowsURL = v.Base + "/rows"
	if len(q) > 0 {
		v.RowsURL += "?" + q.Encode()
	}
	count := map[State]int{}
	for _, a := range s.store.Agencies() {
		row := progressRow{Agency: a, State: StateMissing, Subs: a.Subs}
		if sub, ok := s.store.Current(a); ok {
			row.State, row.Errors, row.Warnings, row.Last = sub.State(), sub.Inspection.Errors, sub.Inspection.Warnings, sub.Time
			if a.Review.Seq == sub.Seq {
				row.Review = a.Review.Decision
			}
		}
		count[row.State]++
		v.Total++
		switch row.Review {
		case Approved:
			v.Approved++
		case Returned:
			v.Returned++
		}
		if v.Filter == "" || string(row.State) == v.Filter {
			v.Rows = append(v.Rows, row)
		}
	}
	for _, st := range []State{StateMissing, StateErrors, StateWarnings, StatePass} {
		v.Counts = append(v.Counts, struct {
			State State
			N     int
		}{st, count[st]})
	}
	switch v.Sort {
	case "state":
		slices.SortStableFunc(v.Rows, func(a, b progressRow) int {
			return slices.Index(stateOrder, a.State) - slices.Index(stateOrder, b.State)
		})
	case "time":
		slices.SortStableFunc(v.Rows, func(a, b progressRow) int { return b.Last.Compare(a.Last) })
	}
	return v
}

func (s *Server) progressPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "progress", s.progress(r))
}

// progressRows is the summary and the table alone, which the page fetches to update itself.
func (s *Server) progressRows(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "live", s.progress(r))
}

type settingsView struct {
	view
	Settings   Settings
	Editions   []struct{ ID, Name string }
	AgencyText string
	Saved      string
}

func (s *Server) settingsView(r *http.Request) settingsView {
	v := settingsView{view: coordinatorView(r, "年度设置", "settings"), Settings: s.store.Settings()}
	for _, e := range nbtemplate.Editions() {
		v.Editions = append(v.Editions, struct{ ID, Name string }{e.ID, e.ID + "年版格式"})
	}
	var names []string
	for _, a := range s.store.Agencies() {
		names = append(names, a.Name)
	}
	v.AgencyText = strings.Join(names, "\n")
	return v
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "settings", s.settingsView(r))
}

// maxListSize bounds the uploaded agency list and the settings form.
const maxListSize = 1 << 20

// maxAgencies bounds the agency list; a province has a few thousand reports a year.
const maxAgencies = 5000

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	back := coordinatorView(r, "", "").Base + "/settings"
	refuse := func(text string) {
		s.render(w, r, http.StatusUnprocessableEntity, "message", struct {
			view
			Heading, Text, Back string
		}{view: coordinatorView(r, "年度设置", "settings"), Heading: "未保存", Text: text, Back: back})
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxListSize)
	switch err := r.ParseMultipartForm(2 * maxListSize); {
	case errors.Is(err, http.ErrNotMultipart):
		// a form without the file field, posted by a script or a test
	case err != nil:
		refuse("提交的内容过大或格式不对，请检查后重试。")
		return
	default:
		defer r.MultipartForm.RemoveAll()
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || year < 2008 || year > time.Now().Year() {
		refuse(fmt.Sprintf("报告年度应为 2008 至 %d 之间的年份。", time.Now().Year()))
		return
	}
	st := Settings{Year: year, Edition: r.FormValue("edition"), Deadline: oneLine(r.FormValue("deadline")),
		Contact: oneLine(r.FormValue("contact")), Owner: oneLine(r.FormValue("owner"))}
	if st.Edition != "" {
		if _, err := nbtemplate.Lookup(st.Edition); err != nil {
			refuse("没有这个格式版本。")
			return
		}
	}
	list := r.FormValue("agencies")
	if f, h, err := r.FormFile("list"); err == nil {
		defer f.Close()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(f); err != nil || h.Size > maxListSize {
			refuse("机关名单文件过大或无法读取。")
			return
		}
		if !utf8.Valid(buf.Bytes()) {
			refuse("机关名单文件不是 UTF-8 编码的文本。请用记事本“另存为”UTF-8 编码后重新上传。")
			return
		}
		list = buf.String()
	}
	names, skipped := agencyNames(list)
	if len(skipped) > 0 {
		refuse(skippedMessage(skipped))
		return
	}
	if len(names) == 0 && len(s.store.Agencies()) > 0 {
		refuse("单位名单为空，未保存。清空名单会使所有单位的填报链接失效；如确需更换名单，请填写新的单位名单。")
		return
	}
	if len(names) > maxAgencies {
		refuse(fmt.Sprintf("单位名单超过 %d 个单位。", maxAgencies))
		return
	}
	if err := s.store.SaveSettings(st); err != nil {
		s.failure(w, r, err)
		return
	}
	if err := s.store.SetAgencies(names); err != nil {
		s.failure(w, r, err)
		return
	}
	v := s.settingsView(r)
	v.Saved = fmt.Sprintf("已保存：%d年度，%d 个单位。", st.Year, len(names))
	s.render(w, r, http.StatusOK, "settings", v)
}

// oneLine keeps the first line of a form field, trimmed and bounded.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.TrimSpace(s)
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "")
	}
	return s
}

// agencyNames are the names of a pasted or uploaded list, as nianbao template --agencies
// reads them, and the lines it skipped (too long, control characters, repeated).
func agencyNames(text string) (names, skipped []string) {
	agencies, skipped := app.ParseAgencies([]byte(text))
	for _, a := range agencies {
		names = append(names, oneLine(a.Name))
	}
	return names, skipped
}

// skippedMessage refuses a list with skipped lines, naming the first few of them: a list
// saved without them would silently drop those agencies and their links.
func skippedMessage(skipped []string) string {
	const shown = 10
	lines := make([]string, 0, shown)
	for _, l := range skipped[:min(len(skipped), shown)] {
		lines = append(lines, strings.TrimSuffix(l, "，已跳过"))
	}
	more := ""
	if len(skipped) > shown {
		more = fmt.Sprintf("等共 %d 行", len(skipped))
	}
	return fmt.Sprintf("单位名单未保存，以下各行有问题：%s%s。请改正后重新保存。", strings.Join(lines, "；"), more)
}

type linkRow struct {
	Agency Agency
	URL    string
}

func (s *Server) links() []linkRow {
	var out []linkRow
	for _, a := range s.store.Agencies() {
		u, _ := s.AgencyURL(a)
		out = append(out, linkRow{a, u})
	}
	return out
}

func (s *Server) linksPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "links", struct {
		view
		Links []linkRow
	}{coordinatorView(r, "各单位链接", "links"), s.links()})
}

// agencyOf is the listed agency whose id is in the path.
func (s *Server) agencyOf(r *http.Request) (Agency, bool) {
	a, ok := s.store.Agency(pathInt(r, "id"))
	return a, ok && !a.Removed
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	s.changeLink(w, r, s.store.Revoke)
}

func (s *Server) reissue(w http.ResponseWriter, r *http.Request) {
	s.changeLink(w, r, s.store.Reissue)
}

func (s *Server) changeLink(w http.ResponseWriter, r *http.Request, change func(int) error) {
	a, ok := s.agencyOf(r)
	if !ok {
		notFound(w)
		return
	}
	if err := change(a.ID); err != nil {
		s.failure(w, r, err)
		return
	}
	seeOther(w, r, coordinatorView(r, "", "").Base+"/links")
}

// resultView is one submission's result, with where its files are.
type resultView struct {
	Sub      Submission
	FileBase string
	Mismatch string
	Review   string // the coordinator's decision on this submission, if any
}

type historyView struct {
	Subs []Submission
	Base string
}

func (s *Server) result(a Agency, sub Submission, fileBase string) *resultView {
	v := &resultView{Sub: sub, FileBase: fileBase}
	if a.Review.Seq == sub.Seq {
		v.Review = a.Review.Decision
	}
	var odd []string
	if got := sub.Inspection.Agency; got != "" && strings.TrimSpace(got) != a.Name {
		odd = append(odd, fmt.Sprintf("工作簿中填写的机关名称为“%s”，与本单位名称“%s”不一致", got, a.Name))
	}
	if got, want := sub.Inspection.Year, s.store.Settings().Year; got != 0 && got != want {
		odd = append(odd, fmt.Sprintf("工作簿的报告年度为%d年，本次报送的是%d年度", got, want))
	}
	if len(odd) > 0 {
		v.Mismatch = strings.Join(odd, "；") + "。请核对是否交错了文件。"
	}
	return v
}

func (s *Server) agencyPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(r)
	if !ok {
		notFound(w)
		return
	}
	v := coordinatorView(r, a.Name, "progress")
	s.render(w, r, http.StatusOK, "agency", struct {
		view
		agencyView
	}{v, s.agencyView(a, fmt.Sprintf("%s/agency/%d", v.Base, a.ID))})
}

// agencyView is what the bureau's page and the coordinator's page of one agency both show:
// the current submission's result, the notes and the history, with files under base.
type agencyView struct {
	Agency  Agency
	Current *resultView
	Notes   []Note
	History historyView
}

func (s *Server) agencyView(a Agency, base string) agencyView {
	v := agencyView{Agency: a, Notes: s.store.Notes(a.ID)}
	if sub, ok := s.store.Current(a); ok {
		v.Current = s.result(a, sub, fmt.Sprintf("%s/%d", base, sub.Seq))
	}
	subs := s.store.Submissions(a.ID)
	slices.Reverse(subs) // newest first
	v.History = historyView{subs, base}
	return v
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(r)
	if !ok {
		notFound(w)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	decision := r.PostFormValue("decision")
	note := strings.TrimSpace(r.PostFormValue("note"))
	if utf8.RuneCountInString(note) > 2000 {
		note = string([]rune(note)[:2000])
	}
	if decision != Approved && decision != Returned {
		s.message(w, r, http.StatusUnprocessableEntity, "未保存", "请选择“已审核”或“退回修改”。")
		return
	}
	if a.Subs == 0 {
		s.message(w, r, http.StatusUnprocessableEntity, "未保存", "该单位尚未提交工作簿。")
		return
	}
	seq, err := strconv.Atoi(r.PostFormValue("seq"))
	if err != nil {
		s.message(w, r, http.StatusUnprocessableEntity, "未保存", "审核表单缺少提交序号，请刷新页面后重新审核。")
		return
	}
	if err := s.store.Decide(a.ID, seq, decision, note, s.opt.Now()); errors.Is(err, ErrNotCurrent) {
		s.message(w, r, http.StatusConflict, "未保存", "该单位已重新提交，请先查看最新提交再审核。")
		return
	} else if err != nil {
		s.failure(w, r, err)
		return
	}
	seeOther(w, r, fmt.Sprintf("%s/agency/%d", coordinatorView(r, "", "").Base, a.ID))
}

func (s *Server) coordinatorFile(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(r)
	if !ok {
		notFound(w)
		return
	}
	s.serveSubmissionFile(w, r, a, pathInt(r, "seq"), r.PathValue("kind"))
}

func bureauBase(r *http.Request) string { return "/a/" + url.PathEscape(r.PathValue("token")) }

type bureauView struct {
	view
	agencyView
	Settings Settings
	Refused  string
}

func (s *Server) bureauView(r *http.Request, a Agency) bureauView {
	return bureauView{view: view{Title: a.Name, Base: bureauBase(r)}, agencyView: s.agencyView(a, bureauBase(r)),
		Settings: s.store.Settings()}
}

func (s *Server) bureauPage(w http.ResponseWriter, r *http.Request, a Agency) {
	s.render(w, r, http.StatusOK, "bureau", s.bureauView(r, a))
}

func (s *Server) bureauFile(w http.ResponseWriter, r *http.Request, a Agency) {
	s.serveSubmissionFile(w, r, a, pathInt(r, "seq"), r.PathValue("kind"))
}
