package desk

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func (d *testDesk) page(path string) string {
	d.t.Helper()
	rec := d.do("GET", path, nil, nil)
	if rec.Code != http.StatusOK {
		d.t.Fatalf("GET %s: %d\n%s", path, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func (d *testDesk) post(path, values string) *httptest.ResponseRecorder {
	body, h := form(values)
	return d.do("POST", path, body, h)
}

// Another agency's and another year's workbook are refused as the bureau's submission: kept
// in the history as 已拒收 with the reason, never current, the good earlier one staying.
func TestIdentityBlocks(t *testing.T) {
	d := newTestDesk(t, Options{})
	tok, id := d.tokens[0], d.ids[0]
	year := d.engine.year
	d.upload(tok, "fine", nil)
	d.upload(tok, "as:示例市生态环境局;fine", nil)
	d.upload(tok, fmt.Sprintf("year:%d;fine", year-5), nil)
	a := must(d.store.Agency(id))
	if a.Subs != 3 || a.Current != 1 {
		t.Fatalf("subs %d, current %d", a.Subs, a.Current)
	}
	subs := must(d.store.Submissions(id))
	if subs[1].Refused != "这是“示例市生态环境局”的报告，不是本单位（甲局）的" || subs[1].State() != StateRefused || subs[1].Acceptable {
		t.Errorf("another agency's: %+v", subs[1])
	}
	if want := fmt.Sprintf("这是%d年度的报告，本次报送%d年度", year-5, year); subs[2].Refused != want {
		t.Errorf("another year's: %q, want %q", subs[2].Refused, want)
	}
	if data, _ := os.ReadFile(d.store.CurrentPath(a)); string(data) != "fine" {
		t.Errorf("已提交 holds %q", data)
	}
	page := d.page("/a/" + tok + "/")
	for _, want := range []string{"已拒收", "本次报送", "仍然有效的提交", "<strong>检查通过</strong>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the bureau's page lacks %q", want)
		}
	}
	// What was refused is never previewed or published as the agency's.
	if rec := d.do("GET", "/a/"+tok+"/2/pdf", nil, nil); rec.Code != http.StatusNotFound {
		t.Errorf("a refused upload's PDF: %d", rec.Code)
	}
	// Its only refusal a near name, the coordinator may accept it by hand; not so another year's.
	coordAgency := fmt.Sprintf("/c/%s/agency/%d", d.coord, id)
	if rec := d.post(coordAgency+"/accept", "seq=3"); rec.Code != http.StatusConflict {
		t.Errorf("accepting another year's by hand: %d", rec.Code)
	}
	d.upload(tok, "as:某某市甲局;fine", nil)
	if sub := must(d.store.Submission(id, 4)); !sub.Acceptable {
		t.Fatalf("a near name is not acceptable by hand: %+v", sub)
	}
	if !strings.Contains(d.page(coordAgency), "予以接收") {
		t.Error("the coordinator is not offered to accept the near name")
	}
	if rec := d.post(coordAgency+"/accept", "seq=4"); rec.Code != http.StatusSeeOther {
		t.Fatalf("accept by hand: %d %s", rec.Code, rec.Body)
	}
	if a := must(d.store.Agency(id)); a.Current != 4 || !must(d.store.Submission(id, 4)).ByHand {
		t.Errorf("after accepting by hand: current %d", a.Current)
	}
}

// The progress table, results.xlsx, the reports zip and the roll-up are one selection: the
// default rule leaves out errors, returned submissions and who has not submitted; a setting
// requires 已审核; a new upload clears the decision.
func TestPublicationRuleOneQuery(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.upload(d.tokens[0], "fine", nil)     // 甲局: 检查通过
	d.upload(d.tokens[1], "warnings", nil) // 乙局: 有警告, then returned
	if rec := d.post(fmt.Sprintf("/c/%s/agency/%d/review", d.coord, d.ids[1]), "seq=1&decision=%E9%80%80%E5%9B%9E&note=a%0D%0Ab"); rec.Code != http.StatusSeeOther {
		t.Fatalf("review: %d", rec.Code)
	}
	check := func(published []string, left map[string]string) {
		t.Helper()
		rows := d.page("/c/" + d.coord + "/rows")
		results := d.page("/c/" + d.coord + "/results.xlsx") // the fake engine writes its rows as text
		rollup := d.page("/c/" + d.coord + "/rollup.xlsx")
		rollupPDF := d.page("/c/" + d.coord + "/rollup.pdf")
		zipped := d.page("/c/" + d.coord + "/reports.zip")
		zr, err := zip.NewReader(strings.NewReader(zipped), int64(len(zipped)))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		note := ""
		for _, f := range zr.File {
			names = append(names, f.Name)
			if f.Name == "说明.txt" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				note = string(b)
			}
		}
		all := strings.Join(names, " ")
		for what, text := range map[string]string{"roll-up": rollup, "roll-up PDF": rollupPDF} {
			if !strings.Contains(text, fmt.Sprintf("rollup %d %s |", len(published), strings.Join(published, ","))) {
				t.Errorf("%s of %v: %s", what, published, text)
			}
		}
		for _, name := range published {
			if !strings.Contains(all, name+"2025年政府信息公开工作年度报告.pdf") && !strings.Contains(all, name) {
				t.Errorf("reports.zip lacks %s: %s", name, all)
			}
			if !strings.Contains(results, name+" ") || !strings.Contains(results, "纳入发布") {
				t.Errorf("results.xlsx does not publish %s:\n%s", name, results)
			}
		}
		for name, why := range left {
			if strings.Contains(all, name) {
				t.Errorf("reports.zip holds %s, left out for %s", name, why)
			}
			for what, text := range map[string]string{"说明.txt": note, "results.xlsx": results, "roll-up": rollup, "roll-up PDF": rollupPDF, "progress": html.UnescapeString(rows)} {
				if !strings.Contains(text, why) {
					t.Errorf("%s does not say why %s is left out (%s):\n%s", what, name, why, text)
				}
			}
		}
		if got := strings.Count(rows, `class="p-yes">纳入`); got != len(published) {
			t.Errorf("progress rows publish %d, want %d", got, len(published))
		}
	}
	check([]string{"甲局"}, map[string]string{"乙局": "第 1 次提交已被退回修改", "<b>丙局</b>": "未提交"})
	if rows := d.page("/c/" + d.coord + "/rows"); !strings.Contains(rows, `d-returned">退回修改`) || strings.Contains(rows, "通过；") {
		t.Errorf("a returned submission's row:\n%s", rows)
	}
	if page := d.page("/a/" + d.tokens[1] + "/"); !strings.Contains(page, "汇总单位审核：退回修改") || !strings.Contains(page, `<div class="note-text">a`+"\nb</div>") {
		t.Errorf("the bureau does not see its return and the note's lines:\n%s", page)
	}
	// A new upload clears the decision: 乙局 is published again, waiting for review.
	d.upload(d.tokens[1], "warnings", nil)
	if a := must(d.store.Agency(d.ids[1])); a.Decision() != "" {
		t.Errorf("decision after a new upload: %q", a.Decision())
	}
	check([]string{"甲局", "乙局"}, map[string]string{"<b>丙局</b>": "未提交"})
	// Requiring 已审核 leaves out what waits for review.
	st := must(d.store.Settings())
	st.RequireApproval = true
	if err := d.store.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	d.post(fmt.Sprintf("/c/%s/agency/%d/review", d.coord, d.ids[0]), "seq=1&decision=%E5%B7%B2%E5%AE%A1%E6%A0%B8")
	check([]string{"甲局"}, map[string]string{"乙局": "尚未审核", "<b>丙局</b>": "未提交"})
	// Nothing to publish is said in the page's words, not as paths or hashes.
	d.post(fmt.Sprintf("/c/%s/agency/%d/review", d.coord, d.ids[0]), "seq=1&decision=%E9%80%80%E5%9B%9E")
	if rec := d.do("GET", "/c/"+d.coord+"/rollup.xlsx", nil, nil); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "还没有可以发布的报告") {
		t.Errorf("an empty roll-up: %d %s", rec.Code, rec.Body)
	}
}

// Zip entries follow the Windows-safe rules of 已提交/.
func TestZipNamesAreWindowsSafe(t *testing.T) {
	for _, name := range []string{`a<b>c:"d"*?|e`, "局/../x", "名称. ", "..\\局"} {
		got := reportName(name, 2025, ".pdf")
		if strings.ContainsAny(got, `<>:"*?|/\`) || strings.HasPrefix(got, ".") {
			t.Errorf("reportName(%q) = %q", name, got)
		}
	}
}

// A rename keeps the agency, its link, its submissions and its decision; removing an agency
// with submissions asks first and keeps them in the archive.
func TestRenameKeepsHistory(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.upload(d.tokens[0], "fine", nil)
	d.upload(d.tokens[1], "fine", nil)
	settings := "/c/" + d.coord + "/settings"
	list := url.QueryEscape("甲局（东区办公室）\n<b>丙局</b>")
	rec := d.post(settings, "year=2025&agencies="+list)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "看起来是更名") || !strings.Contains(body, "甲局（东区办公室）") ||
		!strings.Contains(body, "将移出名单的单位") || !strings.Contains(body, "乙局：第 1 次上传") {
		t.Fatalf("no confirmation:\n%s", body)
	}
	if must(d.store.Agency(d.ids[0])).Name != "甲局" {
		t.Fatal("changed before the coordinator confirmed")
	}
	if rec := d.post(settings, "confirm=rename&year=2025&agencies="+list); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1 个单位已更名") {
		t.Fatalf("confirmed: %d %s", rec.Code, rec.Body)
	}
	a := must(d.store.Agency(d.ids[0]))
	if a.Name != "甲局（东区办公室）" || len(a.Former) != 1 || a.Current != 1 {
		t.Errorf("renamed agency %+v", a)
	}
	if page := d.page("/a/" + d.tokens[0] + "/"); !strings.Contains(page, "第 1 次提交") {
		t.Error("the old link lost the submission")
	}
	if _, err := os.Stat(d.store.CurrentPath(a)); err != nil {
		t.Errorf("已提交 under the new name: %v", err)
	}
	if old, _ := filepath.Glob(filepath.Join(d.store.Dir(), SubmittedDir, "001 甲局.xlsx")); len(old) != 0 {
		t.Error("the old name's copy is left in 已提交")
	}
	// The workbook still names the agency by its short name: the same agency.
	d.upload(d.tokens[0], "as:甲局;fine", nil)
	if a := must(d.store.Agency(d.ids[0])); a.Current != 2 {
		t.Errorf("the short name was refused after the rename: %+v", must(d.store.Submission(a.ID, 2)))
	}
	b := must(d.store.Agency(d.ids[1]))
	if !b.Removed || b.Subs != 1 {
		t.Errorf("removed agency %+v", b)
	}
	if page := d.page("/c/" + d.coord + "/"); !strings.Contains(page, "存档：已移出名单的单位") || !strings.Contains(page, "乙局") {
		t.Error("the archive does not show the removed agency")
	}
	if page := d.page(fmt.Sprintf("/c/%s/agency/%d", d.coord, b.ID)); !strings.Contains(page, "已从名单中移除") || !strings.Contains(page, "第 1 次提交") {
		t.Error("the archived agency's submissions are not shown")
	}
}

// Unknown, revoked and mistyped links get one page with the coordinator's contact; a link
// with trailing punctuation is sent to its clean address and logged without its token.
func TestWrongLinksOnePage(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.post("/c/"+d.coord+"/settings", "year=2025&contact="+url.QueryEscape("政务公开办 张三 0512-12345678")+"&agencies="+url.QueryEscape("甲局\n乙局\n<b>丙局</b>"))
	if rec := d.post(fmt.Sprintf("/c/%s/links/%d/revoke", d.coord, d.ids[2]), ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "确认停用") {
		t.Fatalf("revoking does not ask: %d", rec.Code)
	}
	if _, ok, _ := d.store.Resolve(d.tokens[2]); !ok {
		t.Fatal("revoked before confirming")
	}
	d.post(fmt.Sprintf("/c/%s/links/%d/revoke", d.coord, d.ids[2]), "confirm=1")
	var bodies []string
	for _, path := range []string{"/a/" + strings.Repeat("A", 24) + "/", "/a/" + d.tokens[2] + "/", "/a/" + d.tokens[0][:20] + "/", "/nothing"} {
		rec := d.do("GET", path, nil, nil)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "0512-12345678") || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
		}
		bodies = append(bodies, rec.Body.String())
	}
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Error("the pages for wrong links differ")
		}
	}
	for _, junk := range []string{"。", "）", "%E3%80%82", "."} {
		rec := d.do("GET", "/a/"+d.tokens[0]+junk, nil, nil)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/a/"+d.tokens[0]+"/" {
			t.Errorf("link with %q: %d %q", junk, rec.Code, rec.Header().Get("Location"))
		}
	}
	if strings.Contains(d.log.String(), d.tokens[0]) {
		t.Errorf("a token in the log:\n%s", d.log)
	}
}

// On loopback the links page and 链接清单.xlsx say the links open only on this computer.
func TestLinksWarnOnLoopback(t *testing.T) {
	for base, warn := range map[string]bool{"http://127.0.0.1:8080": true, "http://localhost:8080": true, "http://10.1.2.3:8080": false} {
		store := openStore(t, t.TempDir())
		store.SetAgencies([]string{"甲局"}, nil)
		srv := New(store, Options{Engine: &fakeEngine{}, BaseURL: base})
		for _, p := range []string{"links", "links.xlsx"} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", "/c/"+store.CoordinatorToken()+"/"+p, nil))
			text := rec.Body.String()
			if p == "links.xlsx" {
				text = xlsxText(t, rec.Body.Bytes())
			}
			if got := strings.Contains(text, "只能在运行报送台的这台计算机上打开") && strings.Contains(text, "--listen 0.0.0.0:8080 --url"); got != warn {
				t.Errorf("%s %s: warning %v", base, p, got)
			}
		}
	}
}

// xlsxText is the shared strings of a workbook: its text.
func xlsxText(t *testing.T, data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/") {
			rc, _ := f.Open()
			io.Copy(&b, rc)
			rc.Close()
		}
	}
	return b.String()
}

// Store errors are returned: a record that cannot be decoded is ErrCorrupt, not "not found";
// a database of version 0 is migrated, one of a newer version refused.
func TestStoreErrorsAndSchema(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	s.SetAgencies([]string{"甲局"}, nil)
	s.Close()
	db, err := bolt.Open(filepath.Join(dir, dbFile), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Version 0: no schema key, an agency that has submitted twice, no Current.
	db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketMeta).Delete(schemaKey)
		old, _ := json.Marshal(map[string]any{"ID": 1, "Name": "甲局", "Subs": 2, "Review": map[string]any{"Seq": 2, "Decision": "已审核"}})
		for seq := 1; seq <= 2; seq++ {
			sub, _ := json.Marshal(map[string]any{"Agency": 1, "Seq": seq, "Hash": "00", "Inspection": map[string]any{"State": "通过"}})
			tx.Bucket(bucketSubs).Put(seqKey(1, seq), sub)
		}
		return tx.Bucket(bucketAgencies).Put(idKey(1), old)
	})
	db.Close()
	os.WriteFile(filepath.Join(dir, uploadsDir, "00.xlsx"), []byte("fine"), 0o600)
	s, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if a, err := s.Agency(1); err != nil || a.Current != 2 || a.Decision() != Approved {
		t.Errorf("migrated agency %+v %v", a, err)
	}
	if sub, err := s.Submission(1, 2); err != nil || sub.State() != StatePass {
		t.Errorf("migrated submission's state %q %v, want %q", sub.State(), err, StatePass)
	}
	s.Close()
	db, _ = bolt.Open(filepath.Join(dir, dbFile), 0o600, nil)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketAgencies).Put(idKey(1), []byte("{not json")) })
	db.Close()
	if _, err := Open(dir); !errors.Is(err, ErrCorrupt) {
		t.Errorf("opening a damaged record: %v", err)
	}
	db, _ = bolt.Open(filepath.Join(dir, dbFile), 0o600, nil)
	db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketAgencies).Delete(idKey(1))
		return tx.Bucket(bucketMeta).Put(schemaKey, binary.BigEndian.AppendUint64(nil, schemaVersion()+1))
	})
	db.Close()
	if _, err := Open(dir); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("opening a newer database: %v", err)
	}
}

// A record that cannot be decoded read after opening is an error the page reports (500),
// not a missing agency (404).
func TestCorruptRecordIsAnError(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.store.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketAgencies).Put(idKey(d.ids[0]), []byte("[")) })
	if _, err := d.store.Agency(d.ids[0]); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Agency: %v", err)
	}
	if rec := d.do("GET", "/a/"+d.tokens[0]+"/", nil, nil); rec.Code != http.StatusInternalServerError {
		t.Errorf("the bureau's page on a damaged record: %d", rec.Code)
	}
}

// The year is validated with the desk's clock, as app does.
func TestSettingsYearUsesTheClock(t *testing.T) {
	d := newTestDesk(t, Options{Now: func() time.Time { return time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC) }})
	for year, code := range map[string]int{"2018": 422, "2019": 200, "2022": 200, "2023": 422} {
		if rec := d.post("/c/"+d.coord+"/settings", "year="+year+"&agencies="+url.QueryEscape("甲局\n乙局\n<b>丙局</b>")); rec.Code != code {
			t.Errorf("year %s: %d", year, rec.Code)
		}
	}
}

// The folder's submissions are the owner's alone.
func TestSubmittedIsPrivate(t *testing.T) {
	d := newTestDesk(t, Options{})
	d.upload(d.tokens[0], "fine", nil)
	a := must(d.store.Agency(d.ids[0]))
	for path, want := range map[string]os.FileMode{filepath.Join(d.store.Dir(), SubmittedDir): 0o700, d.store.CurrentPath(a): 0o600} {
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", path, info.Mode().Perm(), err, want)
		}
	}
}
