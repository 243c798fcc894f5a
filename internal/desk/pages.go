package desk

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net"
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
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/visible"
	nbtemplate "github.com/nianbao/nianbao/template"
)

//go:embed web
var webFS embed.FS

// pages are the desk's page templates, each with the shared layout, parsed when the desk
// first shows a page: every other command would pay for the parse at start-up.
var pages = sync.OnceValue(func() map[string]*template.Template {
	funcs := template.FuncMap{
		"when":          when,
		"inc":           func(i int) int { return i + 1 },
		"stateClass":    stateClass,
		"shownClass":    shownClass,
		"decisionText":  decisionText,
		"decisionClass": decisionClass,
		"show":          visible.Escape,
		"reports":       reportLinks,
	}
	base := template.Must(template.New("").Funcs(funcs).ParseFS(webFS, "web/layout.html", "web/rows.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"index", "message", "confirm", "progress", "settings", "links", "agency", "bureau"} {
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
	case StateRefused:
		return "s-refused"
	}
	return "s-missing"
}

// shownClass is the colour of a current submission's state as shown with the decision on
// it: a returned submission is never green (nor the amber of warnings to look at).
func shownClass(s State, decision string) string {
	if decision == Returned && s != StateErrors {
		return "s-returned"
	}
	return stateClass(s)
}

// decisionText is a person's decision as both sides read it: 待审核, 已审核, 退回修改.
func decisionText(d string) string {
	switch d {
	case Approved:
		return "已审核"
	case Returned:
		return "退回修改"
	}
	return "待审核"
}

func decisionClass(d string) string {
	switch d {
	case Approved:
		return "d-approved"
	case Returned:
		return "d-returned"
	}
	return "d-pending"
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

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	data, err := fs.ReadFile(webFS, "web/static/"+name)
	if err != nil || strings.Contains(name, "/") {
		s.notFound(w, r)
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

// progressRow is one agency in the progress table: an entry of the publication rule.
type progressRow struct {
	entry
	Errors   int
	Warnings int
	Last     time.Time
}

// stateOrder ranks states for sorting: what needs attention first.
var stateOrder = []State{StateRefused, StateErrors, StateMissing, StateWarnings, StatePass}

type progressView struct {
	view
	Settings Settings
	Rule     string
	Rows     []progressRow
	Total    int // agencies, before filtering
	Counts   []struct {
		State State
		N     int
	}
	Pending, Approved, Returned int
	Published                   int
	States                      []State
	Filter, Sort                string
	RowsURL                     string // the live rows, with the same filter and sort
	Archived                    []Agency
}

func (s *Server) progress(r *http.Request) (progressView, error) {
	entries, st, err := s.selection()
	if err != nil {
		return progressView{}, err
	}
	v := progressView{view: coordinatorView(r, "报送进度", "progress"), Settings: st, Rule: ruleText(st), States: stateOrder}
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
	for _, e := range entries {
		row := progressRow{entry: e}
		if e.Agency.Subs > 0 {
			row.Errors, row.Warnings, row.Last = e.Latest.Inspection.Errors, e.Latest.Inspection.Warnings, e.Latest.Time
		}
		count[row.State]++
		v.Total++
		if e.Has {
			switch e.Decision {
			case Approved:
				v.Approved++
			case Returned:
				v.Returned++
			default:
				v.Pending++
			}
		}
		if e.Publish {
			v.Published++
		}
		if v.Filter == "" || string(row.State) == v.Filter {
			v.Rows = append(v.Rows, row)
		}
	}
	for _, st := range []State{StateMissing, StateRefused, StateErrors, StateWarnings, StatePass} {
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
	v.Archived, err = s.store.Archived()
	return v, err
}

func (s *Server) progressPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.progress(r)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "progress", v)
}

// progressRows is the summary and the table alone, which the page fetches to update itself.
func (s *Server) progressRows(w http.ResponseWriter, r *http.Request) {
	v, err := s.progress(r)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "live", v)
}

type settingsView struct {
	view
	Settings   Settings
	Editions   []struct{ ID, Name string }
	AgencyText string
	Saved      string
	MinYear    int
	MaxYear    int
}

func (s *Server) settingsView(r *http.Request) (settingsView, error) {
	st, err := s.settings()
	if err != nil {
		return settingsView{}, err
	}
	v := settingsView{view: coordinatorView(r, "年度设置", "settings"), Settings: st,
		MinYear: nbtemplate.Editions()[0].FirstYear, MaxYear: s.opt.Now().Year()}
	for _, e := range nbtemplate.Editions() {
		v.Editions = append(v.Editions, struct{ ID, Name string }{e.ID, e.ID + "年版格式"})
	}
	agencies, err := s.store.Agencies()
	var names []string
	for _, a := range agencies {
		names = append(names, a.Name)
	}
	v.AgencyText = strings.Join(names, "\n")
	return v, err
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.settingsView(r)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "settings", v)
}

// maxListSize bounds the uploaded agency list and the settings form.
const maxListSize = 1 << 20

// maxAgencies bounds the agency list; a province has a few thousand reports a year.
const maxAgencies = 5000

// listChange is what saving a new agency list would do to the agencies that are on the
// list now: rename some (keeping link, submissions and decisions), remove others.
type listChange struct {
	Renames []rename
	Removed []removal // removed agencies that have submissions
}

type rename struct {
	Agency Agency
	To     string
}

type removal struct {
	Agency Agency
	Subs   []Submission
}

// planList compares the new names with the listed agencies. A name that disappears while a
// new name appears that MatchAgency finds the Same or Near is offered as a rename; removed
// agencies with submissions are named, so that the coordinator confirms before they go to
// the archive.
func (s *Server) planList(names []string) (listChange, error) {
	var c listChange
	agencies, err := s.store.Agencies()
	if err != nil {
		return c, err
	}
	listed, wanted := map[string]bool{}, map[string]bool{}
	for _, a := range agencies {
		listed[a.Name] = true
	}
	for _, n := range names {
		wanted[n] = true
	}
	var added []string
	for _, n := range names {
		if !listed[n] {
			added = append(added, n)
		}
	}
	taken := map[string]bool{}
	for _, a := range agencies {
		if wanted[a.Name] {
			continue
		}
		to := ""
		for _, m := range []check.Match{check.Same, check.Near} {
			for _, n := range added {
				if !taken[n] && to == "" && check.MatchAgency(a.Name, n) == m {
					to = n
				}
			}
		}
		if to != "" {
			taken[to] = true
			c.Renames = append(c.Renames, rename{a, to})
			continue
		}
		if a.Subs > 0 {
			subs, err := s.store.Submissions(a.ID)
			if err != nil {
				return c, err
			}
			c.Removed = append(c.Removed, removal{a, subs})
		}
	}
	return c, nil
}

// confirmView asks the coordinator to confirm a change, carrying the form to post again.
type confirmView struct {
	view
	Heading string
	Text    string
	Change  listChange
	Action  string
	Fields  []struct{ Name, Value string }
	Button  string
	Back    string
}

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
		// a form without the file field: the confirmation page, a script or a test
	case err != nil:
		refuse("提交的内容过大或格式不对，请检查后重试。")
		return
	default:
		defer r.MultipartForm.RemoveAll()
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err == nil {
		err = app.CheckYear(year, s.opt.Now())
	}
	if err != nil {
		refuse(fmt.Sprintf("报告年度应为 %d 至 %d 之间的年份。", nbtemplate.Editions()[0].FirstYear, s.opt.Now().Year()))
		return
	}
	st := Settings{Year: year, Edition: r.FormValue("edition"), Deadline: oneLine(r.FormValue("deadline")),
		Contact: oneLine(r.FormValue("contact")), Owner: oneLine(r.FormValue("owner")), RequireApproval: r.FormValue("approval") == "1"}
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
	agencies, err := s.store.Agencies()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	if len(names) == 0 && len(agencies) > 0 {
		refuse("单位名单为空，未保存。清空名单会使所有单位的填报链接失效；如确需更换名单，请填写新的单位名单。")
		return
	}
	if len(names) > maxAgencies {
		refuse(fmt.Sprintf("单位名单超过 %d 个单位。", maxAgencies))
		return
	}
	change, err := s.planList(names)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	renames := map[int]string{}
	switch r.FormValue("confirm") {
	case "rename":
		for _, rn := range change.Renames {
			renames[rn.Agency.ID] = rn.To
		}
	case "separate":
		// the coordinator said they are different agencies: remove and add
	default:
		if len(change.Renames) > 0 || len(change.Removed) > 0 {
			v := confirmView{view: coordinatorView(r, "确认名单的变化", "settings"), Heading: "确认名单的变化", Change: change,
				Action: back, Back: back}
			for _, f := range []struct{ Name, Value string }{{"year", strconv.Itoa(st.Year)}, {"edition", st.Edition},
				{"deadline", st.Deadline}, {"contact", st.Contact}, {"owner", st.Owner}, {"agencies", strings.Join(names, "\n")}} {
				v.Fields = append(v.Fields, f)
			}
			if st.RequireApproval {
				v.Fields = append(v.Fields, struct{ Name, Value string }{"approval", "1"})
			}
			s.render(w, r, http.StatusOK, "confirm", v)
			return
		}
	}
	if err := s.store.SaveSettings(st); err != nil {
		s.failure(w, r, err)
		return
	}
	if err := s.store.SetAgencies(names, renames); err != nil {
		s.failure(w, r, err)
		return
	}
	v, err := s.settingsView(r)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	v.Saved = fmt.Sprintf("已保存：%d年度，%d 个单位。", st.Year, len(names))
	if len(renames) > 0 {
		v.Saved += fmt.Sprintf("%d 个单位已更名，链接和已交材料不变。", len(renames))
	}
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
// reads them, and the lines it skipped (too long, control or format characters, repeated).
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

func (s *Server) links() ([]linkRow, error) {
	agencies, err := s.store.Agencies()
	var out []linkRow
	for _, a := range agencies {
		u, _ := s.AgencyURL(a)
		out = append(out, linkRow{a, u})
	}
	return out, err
}

// loopbackWarning says, when the links' address is this computer's own, that they open
// nowhere else and how to start the desk for the intranet; "" otherwise.
func (s *Server) loopbackWarning() string {
	u, err := url.Parse(s.opt.BaseURL)
	if err != nil || !isLoopbackHost(u.Hostname()) {
		return ""
	}
	return "这些链接的地址是 " + u.Host + "，只能在运行报送台的这台计算机上打开，其他单位的计算机打不开。" +
		"请让各单位通过内网访问：停止报送台后用 nianbao serve 年度文件夹 --listen 0.0.0.0:8080 --url http://本机内网地址:8080 启动" +
		"（内网地址如 10.1.2.3，可向信息中心询问），再下载链接清单发给各单位。"
}

// isLoopbackHost reports whether host names this computer only.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) linksPage(w http.ResponseWriter, r *http.Request) {
	links, err := s.links()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "links", struct {
		view
		Links    []linkRow
		Loopback string
	}{coordinatorView(r, "各单位链接", "links"), links, s.loopbackWarning()})
}

// agencyOf is the listed agency whose id is in the path.
func (s *Server) agencyOf(w http.ResponseWriter, r *http.Request) (Agency, bool) {
	a, err := s.store.Agency(pathInt(r, "id"))
	switch {
	case errors.Is(err, ErrNotFound):
		s.notFound(w, r)
		return a, false
	case err != nil:
		s.failure(w, r, err)
		return a, false
	}
	return a, true
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	s.changeLink(w, r, s.store.Revoke, "停用", "停用后，该单位现在的链接立即失效，不能再下载模板或上传；已交的材料保留。需要时可“重新生成”新的链接。")
}

func (s *Server) reissue(w http.ResponseWriter, r *http.Request) {
	s.changeLink(w, r, s.store.Reissue, "重新生成", "重新生成后，该单位原来的链接立即失效，请把新链接发给该单位；已交的材料保留。")
}

// changeLink revokes or reissues a link once the coordinator confirmed it on a page of its
// own (no script needed).
func (s *Server) changeLink(w http.ResponseWriter, r *http.Request, change func(int) error, verb, consequence string) {
	a, ok := s.agencyOf(w, r)
	if !ok {
		return
	}
	if a.Removed {
		s.notFound(w, r)
		return
	}
	back := coordinatorView(r, "", "").Base + "/links"
	if r.PostFormValue("confirm") != "1" {
		s.render(w, r, http.StatusOK, "confirm", confirmView{view: coordinatorView(r, "确认"+verb+"链接", "links"),
			Heading: fmt.Sprintf("确认%s“%s”的链接？", verb, a.Name), Text: consequence, Action: r.URL.Path,
			Fields: []struct{ Name, Value string }{{"confirm", "1"}}, Button: "确认" + verb, Back: back})
		return
	}
	if err := change(a.ID); err != nil {
		s.failure(w, r, err)
		return
	}
	seeOther(w, r, back)
}

// resultView is one submission's result, with where its files are.
type resultView struct {
	Sub      Submission
	FileBase string
	Decision string // the coordinator's decision on this submission when it is current
	Current  bool   // it is the agency's current submission
}

type historyView struct {
	Subs    []Submission
	Base    string
	Current int
}

func (s *Server) agencyPage(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(w, r)
	if !ok {
		return
	}
	v := coordinatorView(r, a.Name, "progress")
	av, err := s.agencyView(a, fmt.Sprintf("%s/agency/%d", v.Base, a.ID))
	if err != nil {
		s.failure(w, r, err)
		return
	}
	entries, st, err := s.selection()
	if err != nil {
		s.failure(w, r, err)
		return
	}
	var pub *entry
	for i := range entries {
		if entries[i].Agency.ID == a.ID {
			pub = &entries[i]
		}
	}
	s.render(w, r, http.StatusOK, "agency", struct {
		view
		agencyView
		Publication *entry
		Rule        string
	}{v, av, pub, ruleText(st)})
}

// agencyView is what the bureau's page and the coordinator's page of one agency both show:
// the current submission's result, the latest upload when it was refused, the notes and the
// history, with files under base.
type agencyView struct {
	Agency   Agency
	Current  *resultView
	Refused  *resultView // the latest upload, when it was refused
	Decision string
	Notes    []Note
	History  historyView
}

func (s *Server) agencyView(a Agency, base string) (agencyView, error) {
	notes, err := s.store.Notes(a.ID)
	if err != nil {
		return agencyView{}, err
	}
	v := agencyView{Agency: a, Notes: notes, Decision: a.Decision()}
	subs, err := s.store.Submissions(a.ID)
	if err != nil {
		return v, err
	}
	for _, sub := range subs {
		if sub.Seq == a.Current {
			v.Current = &resultView{Sub: sub, FileBase: fmt.Sprintf("%s/%d", base, sub.Seq), Decision: v.Decision, Current: true}
		}
	}
	if n := len(subs); n > 0 && subs[n-1].Refused != "" {
		v.Refused = &resultView{Sub: subs[n-1], FileBase: fmt.Sprintf("%s/%d", base, subs[n-1].Seq)}
	}
	slices.Reverse(subs) // newest first
	v.History = historyView{subs, base, a.Current}
	return v, nil
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(w, r)
	if !ok {
		return
	}
	if a.Removed {
		s.message(w, r, http.StatusConflict, "未保存", "该单位已从名单中移除，不能再审核。")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	decision := r.PostFormValue("decision")
	note := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("note"), "\r\n", "\n"))
	if utf8.RuneCountInString(note) > 2000 {
		note = string([]rune(note)[:2000])
	}
	if decision != Approved && decision != Returned {
		s.message(w, r, http.StatusUnprocessableEntity, "未保存", "请选择“已审核”或“退回修改”。")
		return
	}
	if a.Current == 0 {
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

// acceptRefused makes a refused upload whose agency name is near the listed one the agency's
// current submission, at the coordinator's word.
func (s *Server) acceptRefused(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(w, r)
	if !ok {
		return
	}
	seq, _ := strconv.Atoi(r.PostFormValue("seq"))
	if a.Removed {
		s.message(w, r, http.StatusConflict, "未接收", "该单位已从名单中移除。")
		return
	}
	if err := s.store.AcceptRefused(a.ID, seq); errors.Is(err, ErrNotAcceptable) || errors.Is(err, ErrNotFound) {
		s.message(w, r, http.StatusConflict, "未接收", "这次上传不能手工接收：只有最近一次上传、且只是机关名称写法与名单相近时，才能由汇总单位确认接收。")
		return
	} else if err != nil {
		s.failure(w, r, err)
		return
	}
	seeOther(w, r, fmt.Sprintf("%s/agency/%d", coordinatorView(r, "", "").Base, a.ID))
}

func (s *Server) coordinatorFile(w http.ResponseWriter, r *http.Request) {
	a, ok := s.agencyOf(w, r)
	if !ok {
		return
	}
	s.serveSubmissionFile(w, r, a, pathInt(r, "seq"), r.PathValue("kind"))
}

func bureauBase(r *http.Request) string { return "/a/" + url.PathEscape(r.PathValue("token")) }

type bureauView struct {
	view
	agencyView
	Settings Settings
	Problem  string // why the upload just made was not received
}

func (s *Server) bureauView(r *http.Request, a Agency) (bureauView, error) {
	av, err := s.agencyView(a, bureauBase(r))
	if err != nil {
		return bureauView{}, err
	}
	st, err := s.settings()
	return bureauView{view: view{Title: a.Name, Base: bureauBase(r)}, agencyView: av, Settings: st}, err
}

func (s *Server) bureauPage(w http.ResponseWriter, r *http.Request, a Agency) {
	v, err := s.bureauView(r, a)
	if err != nil {
		s.failure(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "bureau", v)
}

func (s *Server) bureauFile(w http.ResponseWriter, r *http.Request, a Agency) {
	s.serveSubmissionFile(w, r, a, pathInt(r, "seq"), r.PathValue("kind"))
}
