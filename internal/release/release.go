// Package release makes the files that offices download: nianbao built for each system and
// processor they have, each packed with the README, the licences (fonts and Go modules
// included), 发布说明.txt and the blank templates of both editions, and beside the archives
// SHA256SUMS and 发布说明.txt, which says which file suits which machine.
//
// The same source, stamp and Go toolchain give the same bytes: the binaries are built with
// -trimpath and no build ID, the archives hold their files in a fixed order with the commit's
// time, fixed modes and no owners, and the templates are written under that time too.
// go run ./cmd/release is its front end.
package release

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/nianbao/nianbao/template"
)

// Target is an operating system and processor a release is built for.
type Target struct{ OS, Arch string }

func (t Target) String() string { return t.OS + "/" + t.Arch }

// Windows reports whether the target's binary ends in .exe and is shipped as a zip.
func (t Target) Windows() bool { return t.OS == "windows" }

// Binary is the name of the program in the archive.
func (t Target) Binary() string {
	if t.Windows() {
		return "nianbao.exe"
	}
	return "nianbao"
}

// Targets are the machines that offices have, in the order 发布说明.txt lists them: Windows
// (most on amd64, a few 32-bit, some on ARM), 信创 machines with 统信UOS or 麒麟 (鲲鹏 and
// 飞腾 are arm64, 龙芯 is loong64, 兆芯 and 海光 are amd64), and Macs.
var Targets = []Target{
	{"windows", "amd64"}, {"windows", "386"}, {"windows", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"}, {"linux", "loong64"},
	{"darwin", "arm64"}, {"darwin", "amd64"},
}

// ParseTargets reads a comma-separated list of os/arch, each one of Targets.
func ParseTargets(s string) ([]Target, error) {
	var out []Target
	for _, part := range strings.Split(s, ",") {
		i := slices.IndexFunc(Targets, func(t Target) bool { return t.String() == strings.TrimSpace(part) })
		if i < 0 {
			return nil, fmt.Errorf("unknown target %q (known: %s)", part, targetList())
		}
		out = append(out, Targets[i])
	}
	return out, nil
}

func targetList() string {
	var names []string
	for _, t := range Targets {
		names = append(names, t.String())
	}
	return strings.Join(names, ", ")
}

// Stamp is what a release says it is: a version (v1.2.0), the full commit, and the commit's
// time, which is also the time of every file in the archives.
type Stamp struct {
	Version string
	Commit  string
	Date    string // Time in RFC 3339, UTC
	Time    time.Time
}

// versionPattern is what a release version may look like: semantic versioning with a v, as Go
// modules and file names take it.
var versionPattern = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// NewStamp checks the version and sets Date from when.
func NewStamp(v, commit string, when time.Time) (Stamp, error) {
	if !versionPattern.MatchString(v) {
		return Stamp{}, fmt.Errorf("version %q is not of the form v1.2.3 (or v1.2.3-rc.1)", v)
	}
	when = when.UTC().Truncate(time.Second)
	return Stamp{Version: v, Commit: commit, Date: when.Format(time.RFC3339), Time: when}, nil
}

// ArchiveName is the file offices download for t: nianbao-v1.2.0-windows-amd64.zip.
func (s Stamp) ArchiveName(t Target) string {
	ext := ".tar.gz"
	if t.Windows() {
		ext = ".zip"
	}
	return s.folder(t) + ext
}

// folder is the top folder inside the archive for t, named like the archive.
func (s Stamp) folder(t Target) string {
	return "nianbao-" + s.Version + "-" + t.OS + "-" + t.Arch
}

// NotesName is the name of the release notes, beside the archives and inside each.
const NotesName = "发布说明.txt"

// SumsName is the name of the list of SHA-256 sums, in the format of sha256sum.
const SumsName = "SHA256SUMS"

// Options are what Run makes.
type Options struct {
	Root    string   // the module's folder: the source built and the README and LICENSES packed
	Out     string   // the folder the files are written into (made when missing)
	Stamp   Stamp    // the version the binaries and templates record
	Targets []Target // Targets when empty
	// Log receives one line per file made, with how long it took; may be nil.
	Log io.Writer
}

// Run builds and packs the release and returns the names of the files written into
// opts.Out, in the order of SHA256SUMS. It makes this process's version (package version) and
// SOURCE_DATE_EPOCH those of the release, since the blank templates it writes here are
// files of the release; a program calls it once, from main.
func Run(ctx context.Context, opts Options) ([]string, error) {
	if len(opts.Targets) == 0 {
		opts.Targets = Targets
	}
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	s := opts.Stamp
	version.Version, version.Commit, version.Date = s.Version, s.Commit, s.Date
	if err := os.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(s.Time.Unix(), 10)); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	goVersion, err := toolchain(ctx)
	if err != nil {
		return nil, err
	}
	notes := []byte(Notes(s, goVersion, opts.Targets))
	common, err := commonEntries(opts.Root, notes)
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "nianbao-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)

	var written []string
	for _, t := range opts.Targets {
		start := time.Now()
		bin := filepath.Join(work, t.OS+"-"+t.Arch, t.Binary())
		if err := Build(ctx, opts.Root, t, s, bin); err != nil {
			return nil, err
		}
		if err := checkBinary(t, bin); err != nil {
			return nil, err
		}
		built := time.Since(start)
		data, err := os.ReadFile(bin)
		if err != nil {
			return nil, err
		}
		lic, err := licences(ctx, opts.Root, t)
		if err != nil {
			return nil, err
		}
		entries := append(slices.Clone(common), lic...)
		entries = append(entries, entry{name: t.Binary(), data: data, mode: 0o755})
		name := s.ArchiveName(t)
		err = writeFile(filepath.Join(opts.Out, name), func(w io.Writer) error {
			if t.Windows() {
				return writeZip(w, s.folder(t), entries, s.Time)
			}
			return writeTarGz(w, s.folder(t), entries, s.Time)
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		written = append(written, name)
		fmt.Fprintf(log, "%s: binary %.1f MB, built in %.0f s, packed in %.0f s\n", name,
			float64(len(data))/1e6, built.Seconds(), (time.Since(start) - built).Seconds())
	}
	if err := writeFile(filepath.Join(opts.Out, NotesName), func(w io.Writer) error {
		_, err := w.Write(notes)
		return err
	}); err != nil {
		return nil, err
	}
	written = append(written, NotesName)
	slices.Sort(written)
	sums, err := Sums(opts.Out, written)
	if err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(opts.Out, SumsName), func(w io.Writer) error {
		_, err := w.Write(sums)
		return err
	}); err != nil {
		return nil, err
	}
	return append(written, SumsName), nil
}

// toolchain is the version of the go command that builds: go1.26.8.
func toolchain(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "env", "GOVERSION")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go env GOVERSION: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// commonEntries are the files every archive holds besides the binary and the modules'
// licences: README.md, the release notes, LICENSES/ of the repository (the fonts') and the
// blank templates of each edition.
func commonEntries(root string, notes []byte) ([]entry, error) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		return nil, err
	}
	out := []entry{{name: "README.md", data: readme, mode: 0o644}, {name: NotesName, data: notes, mode: 0o644}}
	err = filepath.WalkDir(filepath.Join(root, "LICENSES"), func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		out = append(out, entry{name: filepath.ToSlash(rel), data: data, mode: 0o644})
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, e := range template.Editions() {
		var b bytes.Buffer
		if err := xlsxwriter.Write(&b, model.New(e)); err != nil {
			return nil, err
		}
		out = append(out, entry{name: TemplateName(e), data: b.Bytes(), mode: 0o644})
	}
	return out, nil
}

// TemplateName is the name of an edition's blank template in the archives: 空白模板-2021年版.xlsx.
func TemplateName(e *template.Edition) string { return "空白模板-" + e.ID + "年版.xlsx" }

// Sums is SHA256SUMS for the named files in dir, as sha256sum writes it: one line per file,
// the hex digest, two spaces and the name, so that sha256sum -c checks them.
func Sums(dir string, names []string) ([]byte, error) {
	var b bytes.Buffer
	for _, name := range names {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(h.Sum(nil)), name)
	}
	return b.Bytes(), nil
}

// writeFile writes path completely or not at all: into a temporary file beside it, renamed
// over path once written and synced.
func writeFile(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".release-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
