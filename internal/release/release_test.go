package release

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
	"github.com/xuri/excelize/v2"
)

// root is the module's folder, from this package's.
const root = "../.."

func TestNotesSayWhichFileSuitsWhichMachine(t *testing.T) {
	s, err := NewStamp("v1.2.0", "421636459d76a7e9ae522f2a3096f60cdb21d2fe", when)
	if err != nil {
		t.Fatal(err)
	}
	notes := Notes(s, "go1.26.8", nil)
	if !strings.HasPrefix(notes, "\ufeff") || strings.Count(notes, "\n") != strings.Count(notes, "\r\n") {
		t.Error("notes are not BOM-marked with CRLF line ends, for Notepad")
	}
	for _, want := range []string{
		"统信UOS、麒麟（鲲鹏、飞腾）选 linux-arm64；龙芯选 linux-loong64",
		"32 位 Windows 选 windows-386",
		"certutil -hashfile nianbao-v1.2.0-windows-amd64.zip SHA256",
		"sha256sum -c SHA256SUMS",
		"双击 nianbao.exe",
		"Windows 7、8 无法运行",
		"内核 5.19",
		"提交：421636459d76a7e9ae522f2a3096f60cdb21d2fe（2026年12月7日）",
		"go1.26.8",
		"空白模板-2019年版.xlsx  适用于2019—2020年度的报告",
		"空白模板-2021年版.xlsx  适用于2021年度及以后的报告",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q", want)
		}
	}
	for _, tg := range Targets {
		if machines[tg] == "" || !strings.Contains(notes, s.ArchiveName(tg)) {
			t.Errorf("notes do not say who takes %s", s.ArchiveName(tg))
		}
	}
}

// A release of some targets (--targets) names only the archives it holds.
func TestNotesOfSomeTargetsNameOnlyTheirArchives(t *testing.T) {
	s, err := NewStamp("v1.2.0", "421636459d76a7e9ae522f2a3096f60cdb21d2fe", when)
	if err != nil {
		t.Fatal(err)
	}
	some := []Target{{"linux", "amd64"}, {"windows", "386"}}
	notes := Notes(s, "go1.26.8", some)
	for _, tg := range Targets {
		if listed := strings.Contains(notes, s.ArchiveName(tg)); listed != slices.Contains(some, tg) {
			t.Errorf("%s listed: %v", s.ArchiveName(tg), listed)
		}
	}
	if !strings.Contains(notes, "certutil -hashfile nianbao-v1.2.0-windows-386.zip SHA256") {
		t.Error("the example of checking a download is not an archive of the release")
	}
}

func TestSumsAreCheckedBySha256sum(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a.zip", "发布说明.txt"}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := Sums(dir, names)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, SumsName), sums, 0o644); err != nil {
		t.Fatal(err)
	}
	check := exec.Command("sha256sum", "-c", SumsName)
	check.Dir = dir
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "a.zip"), []byte("changed"), 0o644)
	again := exec.Command("sha256sum", "-c", SumsName)
	again.Dir = dir
	if out, err := again.CombinedOutput(); err == nil || !strings.Contains(string(out), "a.zip: FAILED") {
		t.Errorf("sha256sum -c passed a changed file: %v\n%s", err, out)
	}
}

func TestVersionsAreChecked(t *testing.T) {
	for _, v := range []string{"v1.2.0", "v0.0.0-20261207160442-421636459d76", "v1.2.0-rc.1", "v0.0.0-20261207160442-421636459d76+dirty"} {
		if _, err := NewStamp(v, "", when); err != nil {
			t.Errorf("%s refused: %v", v, err)
		}
	}
	for _, v := range []string{"1.2.0", "v1.2", "v1.2.0 ", "v1.2.0/x", "v1.2.0-", ""} {
		if _, err := NewStamp(v, "", when); err == nil {
			t.Errorf("%q taken", v)
		}
	}
	if _, err := ParseTargets("linux/arm64,windows/386"); err != nil {
		t.Error(err)
	}
	if _, err := ParseTargets("linux/mips"); err == nil {
		t.Error("linux/mips taken")
	}
}

func TestStampFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		realtest.Missing(t, "git is not installed: the stamp from a checkout was NOT tested")
	}
	dir := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.org"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_COMMITTER_DATE=2026-12-07T16:04:42Z", "GIT_AUTHOR_DATE=2026-12-07T16:04:42Z")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("init", "-q")
	os.WriteFile(filepath.Join(dir, "f"), []byte("1"), 0o644)
	git("add", "f")
	git("commit", "-qm", "one")
	commit := git("rev-parse", "HEAD")
	t.Setenv("SOURCE_DATE_EPOCH", "")
	os.Unsetenv("SOURCE_DATE_EPOCH")
	ctx := context.Background()

	s, err := StampFromGit(ctx, dir, "")
	if err != nil || s.Version != "v0.0.0-20261207160442-"+commit[:12] || s.Commit != commit || s.Date != "2026-12-07T16:04:42Z" {
		t.Errorf("untagged: %+v %v", s, err)
	}
	git("tag", "v1.2.0")
	if s, err := StampFromGit(ctx, dir, ""); err != nil || s.Version != "v1.2.0" {
		t.Errorf("tagged: %+v %v", s, err)
	}
	if s, err := StampFromGit(ctx, dir, "v2.0.0"); err != nil || s.Version != "v2.0.0" {
		t.Errorf("given: %+v %v", s, err)
	}
	os.WriteFile(filepath.Join(dir, "f"), []byte("2"), 0o644)
	if s, err := StampFromGit(ctx, dir, ""); err != nil || !strings.HasSuffix(s.Version, "+dirty") || s.Commit != commit+"-dirty" {
		t.Errorf("changed: %+v %v", s, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	if s, err := StampFromGit(ctx, dir, ""); err != nil || s.Date != "2026-01-01T00:00:00Z" {
		t.Errorf("SOURCE_DATE_EPOCH: %+v %v", s, err)
	}
	if _, err := StampFromGit(ctx, t.TempDir(), ""); err == nil {
		t.Error("a folder outside git, without a version, gave a stamp")
	}
	if s, err := StampFromGit(ctx, t.TempDir(), "v1.0.0"); err != nil || s.Commit != "" {
		t.Errorf("outside git with version and SOURCE_DATE_EPOCH: %+v %v", s, err)
	}
}

// hostTarget is the release target this machine runs natively, if any.
func hostTarget(t *testing.T) Target {
	t.Helper()
	host := Target{runtime.GOOS, runtime.GOARCH}
	if !slices.Contains(Targets, host) {
		t.Skipf("%s is not a release target", host)
	}
	return host
}

// pinRelease keeps Run's changes to this process (version, SOURCE_DATE_EPOCH) to the test.
func pinRelease(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", os.Getenv("SOURCE_DATE_EPOCH"))
	saved := [3]string{version.Version, version.Commit, version.Date}
	t.Cleanup(func() { version.Version, version.Commit, version.Date = saved[0], saved[1], saved[2] })
}

// A release for this machine, made twice, is the same bytes, and what it holds says its
// version: the binary's --version, the templates' nianbao.version, the notes.
func TestReleaseIsReproducibleAndStamped(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nianbao twice")
	}
	host := hostTarget(t)
	pinRelease(t)
	s, err := NewStamp("v1.2.3", "421636459d76a7e9ae522f2a3096f60cdb21d2fe", when)
	if err != nil {
		t.Fatal(err)
	}
	var dirs [2]string
	for i := range dirs {
		dirs[i] = t.TempDir()
		files, err := Run(context.Background(), Options{Root: root, Out: dirs[i], Stamp: s, Targets: []Target{host}})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{s.ArchiveName(host), NotesName, SumsName}
		slices.Sort(want[:2])
		if !slices.Equal(files, want) {
			t.Fatalf("files %v, want %v", files, want)
		}
	}
	for _, name := range []string{s.ArchiveName(host), NotesName, SumsName} {
		a, _ := os.ReadFile(filepath.Join(dirs[0], name))
		b, _ := os.ReadFile(filepath.Join(dirs[1], name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: %d and %d bytes, not the same", name, len(a), len(b))
		}
	}

	// Unpack with the system's tar, as a user would, and run what was packed.
	unpacked := t.TempDir()
	if out, err := exec.Command("tar", "-xzf", filepath.Join(dirs[0], s.ArchiveName(host)), "-C", unpacked).CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	top := filepath.Join(unpacked, s.folder(host))
	for _, want := range []string{"README.md", NotesName, "LICENSES/fonts/OFL-NotoSerifSC.txt", "LICENSES/go/LICENSE",
		"LICENSES/modules/github.com/xuri/excelize/v2/LICENSE", "LICENSES/modules/github.com/jung-kurt/gofpdf/LICENSE", "LICENSES/modules.txt"} {
		if _, err := os.Stat(filepath.Join(top, want)); err != nil {
			t.Errorf("the archive lacks %s", want)
		}
	}
	out, err := exec.Command(filepath.Join(top, host.Binary()), "--version").Output()
	if err != nil || !strings.Contains(string(out), "nianbao 版本：v1.2.3\n提交：421636459d76a7e9ae522f2a3096f60cdb21d2fe（2026年12月7日）\n") {
		t.Errorf("--version: %v\n%s", err, out)
	}
	for _, e := range template.Editions() {
		path := filepath.Join(top, TemplateName(e))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := xlsxreader.Decode(path, data)
		if err != nil || r.Edition != e {
			t.Errorf("%s: read as %v (%v)", path, r, err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		props, _ := f.GetCustomProps()
		f.Close()
		stamped := false
		for _, p := range props {
			stamped = stamped || p.Name == workbook.PropVersion && p.Value == "v1.2.3"
		}
		if !stamped {
			t.Errorf("%s: properties %v lack nianbao.version v1.2.3", path, props)
		}
	}
	if _, err := os.Stat(filepath.Join(dirs[0], NotesName)); err != nil {
		t.Error(err)
	}
}

// epoch is SOURCE_DATE_EPOCH of when.
var epoch = strconv.FormatInt(when.Unix(), 10)
