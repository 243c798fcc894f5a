package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var when = time.Date(2026, 12, 7, 16, 4, 42, 0, time.UTC)

func someEntries() []entry {
	return []entry{
		{name: "nianbao", data: []byte("binary"), mode: 0o755},
		{name: "README.md", data: []byte("# nianbao"), mode: 0o644},
		{name: "LICENSES/fonts/OFL.txt", data: []byte("OFL"), mode: 0o644},
		{name: "空白模板-2021年版.xlsx", data: []byte("PK"), mode: 0o644},
		{name: "LICENSES/modules/github.com/x/y/LICENSE", data: []byte("MIT"), mode: 0o644},
	}
}

// The archives do not depend on the order the files were gathered in, nor on anything but
// their content, names, modes and the one time given.
func TestArchivesAreTheSameBytesWhateverTheOrder(t *testing.T) {
	for _, write := range []func(io.Writer, string, []entry, time.Time) error{writeTarGz, writeZip} {
		var first, second bytes.Buffer
		es := someEntries()
		if err := write(&first, "top", es, when); err != nil {
			t.Fatal(err)
		}
		slices.Reverse(es)
		if err := write(&second, "top", es, when.Add(500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Error("the same files in another order give another archive")
		}
	}
}

func TestTarGzLayout(t *testing.T) {
	var b bytes.Buffer
	if err := writeTarGz(&b, "nianbao-v1.2.0-linux-arm64", someEntries(), when); err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" {
		t.Errorf("gzip header names %q, time %v", gz.Name, gz.ModTime)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		wantMode := int64(0o644)
		if h.Typeflag == tar.TypeDir || strings.HasSuffix(h.Name, "/nianbao") {
			wantMode = 0o755
		}
		if h.Mode != wantMode || !h.ModTime.Equal(when) || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: mode %o, time %v, owner %d:%d %q:%q", h.Name, h.Mode, h.ModTime, h.Uid, h.Gid, h.Uname, h.Gname)
		}
	}
	want := []string{
		"nianbao-v1.2.0-linux-arm64/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/fonts/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/fonts/OFL.txt",
		"nianbao-v1.2.0-linux-arm64/LICENSES/modules/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/modules/github.com/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/modules/github.com/x/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/modules/github.com/x/y/",
		"nianbao-v1.2.0-linux-arm64/LICENSES/modules/github.com/x/y/LICENSE",
		"nianbao-v1.2.0-linux-arm64/README.md",
		"nianbao-v1.2.0-linux-arm64/nianbao",
		"nianbao-v1.2.0-linux-arm64/空白模板-2021年版.xlsx",
	}
	if !slices.Equal(names, want) {
		t.Errorf("tar holds\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
}

// Chinese names in the Windows zip are GBK, which Explorer on Chinese Windows reads, with
// their UTF-8 form in the Info-ZIP Unicode Path field for every other tool.
func TestZipNamesReadOnChineseWindowsAndElsewhere(t *testing.T) {
	var b bytes.Buffer
	if err := writeZip(&b, "nianbao-v1.2.0-windows-amd64", someEntries(), when); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range zr.File {
		if !f.Modified.Equal(when) {
			t.Errorf("%s: time %v", f.Name, f.Modified)
		}
		name := zipName(f)
		if name != "nianbao-v1.2.0-windows-amd64/空白模板-2021年版.xlsx" {
			if name != f.Name || f.Flags&0x800 != 0 {
				t.Errorf("ASCII name %q stored as %q, flags %#x", name, f.Name, f.Flags)
			}
			continue
		}
		found = true
		if f.Flags&0x800 != 0 {
			t.Error("the UTF-8 flag is set on a GBK name")
		}
		legacy, err := simplifiedchinese.GBK.NewDecoder().String(f.Name)
		if err != nil || legacy != name {
			t.Errorf("stored name %q reads in GBK as %q (%v)", f.Name, legacy, err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		if string(data) != "PK" {
			t.Errorf("content %q", data)
		}
	}
	if !found {
		t.Error("the template is not in the zip")
	}
	// Info-ZIP's unzip reads the Unicode Path field.
	if _, err := exec.LookPath("unzip"); err != nil {
		t.Log("unzip is not installed: the zip was not listed by it")
		return
	}
	path := filepath.Join(t.TempDir(), "a.zip")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("unzip", "-l", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "空白模板-2021年版.xlsx") {
		t.Errorf("unzip -l: %v\n%s", err, out)
	}
}

func TestEntriesMustStayInTheirFolder(t *testing.T) {
	for _, name := range []string{"../evil", "a/../../evil", "dir/"} {
		if err := writeTarGz(io.Discard, "top", []entry{{name: name, mode: 0o644}}, when); err == nil {
			t.Errorf("entry %q was packed", name)
		}
	}
	twice := []entry{{name: "a", mode: 0o644}, {name: "a", mode: 0o644}}
	if err := writeZip(io.Discard, "top", twice, when); err == nil {
		t.Error("an entry was packed twice")
	}
}

// The check of a built program refuses one for another system or processor, and a Linux
// program that needs a C library (this test binary, built with cgo, names an interpreter, or
// it is at least not a Windows or macOS program).
func TestCheckBinaryRefusesTheWrongProgram(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range []Target{{"windows", "amd64"}, {"darwin", "arm64"}, {"linux", "loong64"}} {
		if err := checkBinary(tg, self); err == nil {
			t.Errorf("this test binary passed as %s", tg)
		}
	}
	if err := checkBinary(Target{"plan9", "amd64"}, self); err == nil {
		t.Error("a system without a check passed")
	}
}
