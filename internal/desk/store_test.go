package desk

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestTokens(t *testing.T) {
	s := openStore(t, t.TempDir())
	if err := s.SetAgencies([]string{"甲局", "乙局"}, nil); err != nil {
		t.Fatal(err)
	}
	ag := must(s.Agencies())
	if len(ag) != 2 {
		t.Fatalf("%d agencies", len(ag))
	}
	ct := s.CoordinatorToken()
	if p, ok, _ := s.Resolve(ct); !ok || !p.Coordinator {
		t.Errorf("coordinator token resolves to %+v %v", p, ok)
	}
	seen := map[string]bool{ct: true}
	for _, a := range ag {
		tok, ok := s.AgencyToken(a)
		if !ok || len(tok)*6 < 128 || seen[tok] {
			t.Fatalf("token %q of %s: ok %v, distinct %v", tok, a.Name, ok, !seen[tok])
		}
		seen[tok] = true
		if p, ok, _ := s.Resolve(tok); !ok || p.Coordinator || p.Agency != a.ID {
			t.Errorf("%s's token resolves to %+v %v", a.Name, p, ok)
		}
	}
	for _, bad := range []string{"", "x", strings.Repeat("A", len(ct)), ct + "A", ct[:len(ct)-1]} {
		if _, ok, _ := s.Resolve(bad); ok {
			t.Errorf("token %q accepted", bad)
		}
	}

	old, _ := s.AgencyToken(ag[0])
	if err := s.Reissue(ag[0].ID); err != nil {
		t.Fatal(err)
	}
	a, _ := s.Agency(ag[0].ID)
	fresh, _ := s.AgencyToken(a)
	if _, ok, _ := s.Resolve(old); ok {
		t.Error("the old token works after reissue")
	}
	if p, ok, _ := s.Resolve(fresh); !ok || p.Agency != a.ID || fresh == old {
		t.Error("the reissued token does not work")
	}
	if err := s.Revoke(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Resolve(fresh); ok {
		t.Error("a revoked token works")
	}
	a, _ = s.Agency(a.ID)
	if _, ok := s.AgencyToken(a); ok {
		t.Error("a revoked agency has a link")
	}

	// The database holds hashes only: no token appears in it.
	s.Close()
	db, err := os.ReadFile(filepath.Join(s.Dir(), dbFile))
	if err != nil {
		t.Fatal(err)
	}
	for tok := range seen {
		if bytes.Contains(db, []byte(tok)) {
			t.Errorf("token %q stored in the clear", tok)
		}
	}
}

func TestSetAgenciesAddsRemovesRestores(t *testing.T) {
	s := openStore(t, t.TempDir())
	if err := s.SetAgencies([]string{"甲局", "乙局", "丙局"}, nil); err != nil {
		t.Fatal(err)
	}
	b := must(s.Agencies())[1]
	tok, _ := s.AgencyToken(b)
	if err := s.SetAgencies([]string{"甲局", "丙局", "丁局"}, nil); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range must(s.Agencies()) {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, "、"); got != "甲局、丙局、丁局" {
		t.Errorf("agencies %s", got)
	}
	if _, ok, _ := s.Resolve(tok); ok {
		t.Error("a removed agency's link works")
	}
	if err := s.SetAgencies([]string{"乙局"}, nil); err != nil {
		t.Fatal(err)
	}
	back := must(s.Agencies())
	if len(back) != 1 || back[0].ID != b.ID {
		t.Fatalf("restored %+v", back)
	}
	if nt, ok := s.AgencyToken(back[0]); !ok || nt == tok {
		t.Error("a restored agency keeps its old link")
	}
	list, err := os.ReadFile(filepath.Join(s.Dir(), AgencyList))
	if err != nil || string(list) != "乙局\r\n" {
		t.Errorf("机关名单.txt %q %v", list, err)
	}
}

// receive puts content through Receive as an upload.
func receive(t *testing.T, s *Store, content string) Incoming {
	t.Helper()
	in, err := s.Receive(strings.NewReader(content), "报告.xlsx", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func TestAcceptKeepsEveryUploadAndTheCurrentCopy(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	s.SetAgencies([]string{"甲局"}, nil)
	a := must(s.Agencies())[0]
	now := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
	first, err := s.Accept(a.ID, receive(t, s, "first"), "甲局.xlsx", Inspection{State: StateErrors, Errors: 1}, now)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Accept(a.ID, receive(t, s, "second"), "甲局（改）.xlsx", Inspection{State: StatePass}, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if first.Seq != 1 || second.Seq != 2 || first.State() != StateErrors || second.State() != StatePass {
		t.Errorf("submissions %+v %+v", first, second)
	}
	for _, sub := range []Submission{first, second} {
		if data, err := os.ReadFile(s.UploadPath(sub.Hash)); err != nil || hashOf(s.UploadPath(sub.Hash)) != sub.Hash {
			t.Errorf("upload %d: %q %v", sub.Seq, data, err)
		}
	}
	a, _ = s.Agency(a.ID)
	if cur, err := os.ReadFile(s.CurrentPath(a)); err != nil || string(cur) != "second" {
		t.Errorf("已提交 holds %q %v", cur, err)
	}
	if subs := must(s.Submissions(a.ID)); len(subs) != 2 || subs[1].Name != "甲局（改）.xlsx" {
		t.Errorf("log %+v", subs)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, incomingDir)); len(entries) != 0 {
		t.Errorf("%d files left in incoming", len(entries))
	}

	if err := s.Decide(a.ID, 1, Returned, "表三请核对", now); !errors.Is(err, ErrNotCurrent) {
		t.Errorf("a decision on submission 1 when 2 is current: %v", err)
	}
	if notes := must(s.Notes(a.ID)); len(notes) != 0 {
		t.Errorf("a refused decision left notes %+v", notes)
	}
	if err := s.Decide(a.ID, 2, Returned, "表三请核对", now); err != nil {
		t.Fatal(err)
	}
	a, _ = s.Agency(a.ID)
	if notes := must(s.Notes(a.ID)); len(notes) != 1 || notes[0].Seq != 2 || notes[0].Text != "表三请核对" || a.Review.Decision != Returned {
		t.Errorf("notes %+v, review %+v", notes, a.Review)
	}
	// A new submission is not yet reviewed.
	s.Accept(a.ID, receive(t, s, "third"), "x.xlsx", Inspection{}, now)
	if a, _ = s.Agency(a.ID); a.Review != (Review{}) {
		t.Errorf("review after a new submission: %+v", a.Review)
	}
}

func TestReceiveRefusesTooLarge(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	if _, err := s.Receive(strings.NewReader("12345"), "a.xlsx", 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, incomingDir)); len(entries) != 0 {
		t.Errorf("%d files left in incoming", len(entries))
	}
}

func TestOpenRepairsAfterACrash(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	s.SetAgencies([]string{"甲局"}, nil)
	a := must(s.Agencies())[0]
	if _, err := s.Accept(a.ID, receive(t, s, "kept"), "a.xlsx", Inspection{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	receive(t, s, "never acknowledged") // a crash before it was checked
	a, _ = s.Agency(a.ID)
	os.WriteFile(s.CurrentPath(a), []byte("half"), 0o644) // a crash while copying
	tmp := filepath.Join(dir, SubmittedDir, ".nianbao-123.tmp")
	os.WriteFile(tmp, []byte("half"), 0o644) // a crash inside outfile.Write
	s.Close()

	s = openStore(t, dir)
	if cur, _ := os.ReadFile(s.CurrentPath(a)); string(cur) != "kept" {
		t.Errorf("已提交 holds %q after reopening", cur)
	}
	if _, err := os.Stat(tmp); err == nil {
		t.Error("a temporary file is left after reopening")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, incomingDir)); len(entries) != 0 {
		t.Errorf("%d files left in incoming", len(entries))
	}
}

func TestOpenRefusesAFolderInUse(t *testing.T) {
	dir := t.TempDir()
	openStore(t, dir)
	if _, err := Open(dir); !errors.Is(err, ErrLocked) {
		t.Errorf("second open: %v", err)
	}
}

// A new key replaces every link, the coordinator's too; revoked links stay revoked.
func TestNewKeyReplacesEveryLink(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	s.SetAgencies([]string{"甲局", "乙局"}, nil)
	s.Revoke(2)
	a, _ := s.Agency(1)
	oldAgency, _ := s.AgencyToken(a)
	oldCoord := s.CoordinatorToken()
	s.Close()
	if err := os.Remove(filepath.Join(dir, keyFile)); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, dir)
	if _, ok, _ := s.Resolve(oldAgency); ok {
		t.Error("an agency's old link works with the new key")
	}
	if _, ok, _ := s.Resolve(oldCoord); ok {
		t.Error("the old coordinator's link works with the new key")
	}
	newAgency, _ := s.AgencyToken(a)
	if p, ok, _ := s.Resolve(newAgency); !ok || p.Agency != 1 {
		t.Error("the agency's new link does not work")
	}
	if p, ok, _ := s.Resolve(s.CoordinatorToken()); !ok || !p.Coordinator {
		t.Error("the coordinator's new link does not work")
	}
	b, _ := s.Agency(2)
	if _, ok, _ := s.Resolve(s.token("agency", b.ID, b.Gen)); ok {
		t.Error("a revoked link works again with the new key")
	}
}

func TestKeyIsPrivateAndStable(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	tok := s.CoordinatorToken()
	s.Close()
	info, err := os.Stat(filepath.Join(dir, keyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v %v", info, err)
	}
	if s2 := openStore(t, dir); s2.CoordinatorToken() != tok {
		t.Error("the coordinator's link changes between runs")
	}
}

// The secret key is the owner's alone: .desk is 0700 (also when an earlier version made it
// 0755) and the key file 0600; reopening keeps the key.
func TestKeyIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix file modes")
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, privateDir), 0o755); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	key := s.key
	s.Close()
	for path, want := range map[string]os.FileMode{privateDir: 0o700, keyFile: 0o600} {
		if fi, err := os.Stat(filepath.Join(dir, path)); err != nil {
			t.Error(err)
		} else if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, fi.Mode().Perm(), want)
		}
	}
	if tmps, _ := filepath.Glob(filepath.Join(dir, privateDir, ".nianbao-*.tmp")); len(tmps) != 0 {
		t.Errorf("temporary files left: %v", tmps)
	}
	if s = openStore(t, dir); !bytes.Equal(s.key, key) {
		t.Error("reopening the folder made a new key")
	}
}

// must is a store read that the test expects to succeed.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
