package fonts

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jung-kurt/gofpdf"
	"github.com/nianbao/nianbao/template"
)

// distinctFaces returns every face of the set, roles then fallbacks, each once.
func distinctFaces(s *Set) []*Face {
	var out []*Face
	for _, r := range Roles() {
		if f := s.Faces[r]; f != nil && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, f := range s.Fallbacks {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// renderWith loads face into a new gofpdf document, writes text with it and returns the PDF.
func renderWith(t testing.TB, face *Face, text string) []byte {
	t.Helper()
	cut, err := face.Subset([]rune(text))
	if err != nil {
		t.Fatal(err)
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(face.Family, "", cut)
	pdf.AddPage()
	pdf.SetFont(face.Family, "", 16)
	pdf.Cell(0, 10, text)
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatalf("%s: gofpdf: %v", face.Name, err)
	}
	return out.Bytes()
}

func TestDefaultFacesLoadInGofpdf(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	faces := distinctFaces(set)
	if len(faces) != 5 {
		t.Fatalf("want 5 distinct embedded faces, got %d", len(faces))
	}
	families := map[string]bool{}
	for _, f := range faces {
		if families[f.Family] {
			t.Errorf("family %q used twice", f.Family)
		}
		families[f.Family] = true
		if f.Source != "内置" || f.License == "" || f.Name == "" {
			t.Errorf("face %+v lacks source, licence or name", f.Name)
		}
		text := "政府信息公开工作年度报告，2020年。"
		if f.Name == "Droid Sans Fallback" {
			text = "龘靐㐀" // its cut holds only what the Noto faces lack
		}
		for _, r := range text {
			if !f.Has(r) {
				t.Errorf("%s lacks %q", f.Name, r)
			}
		}
		pdf := renderWith(t, f, text)
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte("/FontFile2")) {
			t.Errorf("%s: output is not a PDF with an embedded TrueType font", f.Name)
		}
	}
}

func TestDefaultRoles(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Roles() {
		if set.Faces[r] == nil {
			t.Errorf("role %s has no face", r.Label())
		}
	}
	if set.Faces[Heading].Name != "Noto Sans SC Bold" {
		t.Errorf("一、 headings should be set in the Hei face, got %s", set.Faces[Heading].Name)
	}
	if set.Faces[Body].Name != "Noto Serif SC Regular" {
		t.Errorf("body should be set in the Song face, got %s", set.Faces[Body].Name)
	}
	// Sets are independent: overriding one must not change another.
	set.Faces[Body] = set.Faces[Title]
	again, _ := Default()
	if again.Faces[Body].Name != "Noto Serif SC Regular" {
		t.Error("Default returned a shared, mutated set")
	}
}

func TestEmbeddedCoverage(t *testing.T) {
	set, _ := Default()
	body := set.Faces[Body]
	// GB2312 and 通用规范汉字表 characters, punctuation and symbols a report uses.
	for _, r := range "汉堃喆玥珺昇镕䶮、，。：；！？“”‘’『』「」（）〔〕【】〖〗［］｛｝《》〈〉·～％‰℃–—／…①⑳×●○■□ＡａABCabc0123456789éü" {
		if !body.Has(r) {
			t.Errorf("body face lacks %q (U+%04X)", r, r)
		}
	}
	n := 0
	for r := range rune(0x10000) {
		if body.Has(r) {
			n++
		}
	}
	if n < 9000 {
		t.Errorf("body face covers %d characters, want at least GB2312 + 通用规范汉字表", n)
	}
	for _, f := range distinctFaces(set) {
		if f.Has('𠮷') {
			t.Errorf("%s: Has must be false outside the BMP", f.Name)
		}
	}
}

func TestFaceForFallbackOrder(t *testing.T) {
	set, _ := Default()
	droid := set.Fallbacks[len(set.Fallbacks)-1]
	if got := set.FaceFor(Heading, '汉'); got != set.Faces[Heading] {
		t.Errorf("汉 in a heading: got %v, want the heading face", got.Name)
	}
	if got := set.FaceFor(Body, '龘'); got != droid {
		t.Errorf("龘: got %v, want the Droid fallback", got)
	}
	if got := set.FaceFor(Body, '𠮷'); got != nil {
		t.Errorf("𠮷 (outside the BMP): got %s, want nil", got.Name)
	}
	// A role face lacking a character falls to the first fallback that has it.
	tiny := &Face{Name: "empty"}
	set.Faces[Title] = tiny
	if tiny.Has('汉') {
		t.Fatal("an unparsable face must have no characters")
	}
	if got := set.FaceFor(Title, '汉'); got != set.Fallbacks[0] {
		t.Errorf("汉 with an empty title face: got %v, want the first fallback", got)
	}
	set.Fallbacks = []*Face{droid, set.Faces[Body]}
	if got := set.FaceFor(Title, '龘'); got != droid {
		t.Errorf("fallbacks must be tried in order, got %v", got)
	}
}

// writeFile writes data to dir/name and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestOverrideRefusesUnusableFiles(t *testing.T) {
	dir := t.TempDir()
	header := func(tag string) []byte { return append([]byte(tag), make([]byte, 60)...) }
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"simsun.ttc", header("ttcf"), ErrCollection},
		{"SourceHanSerif.otf", header("OTTO"), ErrCFF},
		{"notes.txt", []byte("这不是字体文件，只是一段文字。"), ErrNotFont},
		{"truncated.ttf", notoSerifRegular[:200], ErrNotFont},
		{"restricted.ttf", withFsType(t, notoSerifRegular, 0x0002), ErrEmbeddingRestricted},
		{"nosubset.ttf", withFsType(t, notoSerifRegular, 0x0100), ErrEmbeddingRestricted},
	}
	for _, c := range cases {
		set, _ := Default()
		before := set.Faces[Body]
		path := writeFile(t, dir, c.name, c.data)
		err := set.Override(Body, path)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
		var fe *FileError
		if !errors.As(err, &fe) || fe.Path != path {
			t.Errorf("%s: error %v should be a *FileError naming the path", c.name, err)
		}
		if set.Faces[Body] != before {
			t.Errorf("%s: a refused file replaced the body face", c.name)
		}
	}
	set, _ := Default()
	if err := set.Override(Body, filepath.Join(dir, "missing.ttf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: got %v", err)
	}
}

// withFsType returns a copy of font with the OS/2 embedding bits set to fsType.
func withFsType(t *testing.T, font []byte, fsType uint16) []byte {
	t.Helper()
	out := bytes.Clone(font)
	n := int(out[4])<<8 | int(out[5])
	for i := range n {
		e := out[12+16*i:]
		if string(e[:4]) == "OS/2" {
			off := int(e[8])<<24 | int(e[9])<<16 | int(e[10])<<8 | int(e[11])
			out[off+8], out[off+9] = byte(fsType>>8), byte(fsType)
			return out
		}
	}
	t.Fatal("no OS/2 table")
	return nil
}

func TestOverrideLoadsTrueTypeFile(t *testing.T) {
	path := writeFile(t, t.TempDir(), "MyKai.ttf", notoSansBold)
	set, _ := Default()
	if err := set.Override(Subheading, path); err != nil {
		t.Fatal(err)
	}
	f := set.Faces[Subheading]
	if f.Source != path || f.Name != "Noto Sans SC Bold" || !f.Has('汉') {
		t.Errorf("override face: source %q name %q", f.Source, f.Name)
	}
	if f.Family == set.Faces[Heading].Family {
		t.Error("a file face must not share its gofpdf family with an embedded face")
	}
	renderWith(t, f, "（一）主动公开政府信息情况")
}

func TestSystemFindsInstalledFonts(t *testing.T) {
	dir := t.TempDir()
	// Upper-case names in a subdirectory, as Windows and WPS install them.
	fangsong := writeFile(t, dir, "wps-office/SIMFANG.TTF", notoSerifRegular)
	hei := writeFile(t, dir, "truetype/simhei.ttf", notoSansBold)
	writeFile(t, dir, "simkai.ttf", []byte("ttcf broken")) // present but unusable
	set, err := SystemIn([]string{filepath.Join(dir, "absent"), dir})
	if err != nil {
		t.Fatal(err)
	}
	if set.Faces[Body].Source != fangsong || set.Faces[Table] != set.Faces[Body] {
		t.Errorf("body/table: got %s and %s, want %s", set.Faces[Body].Source, set.Faces[Table].Source, fangsong)
	}
	if set.Faces[Heading].Source != hei {
		t.Errorf("heading: got %s, want %s", set.Faces[Heading].Source, hei)
	}
	if set.Faces[Title].Source != "内置" || set.Faces[Subheading].Source != "内置" {
		t.Errorf("missing title/楷体 must fall back to the embedded faces")
	}
	notes := strings.Join(set.Notes, "\n")
	for _, want := range []string{"方正小标宋", "楷体", "simkai.ttf"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q should mention %s", notes, want)
		}
	}
	if strings.Contains(notes, "仿宋") || strings.Contains(notes, "黑体") {
		t.Errorf("notes mention a face that was found: %q", notes)
	}
	if len(set.Fallbacks) == 0 || set.FaceFor(Body, '龘') == nil {
		t.Error("system set must keep the embedded fallbacks")
	}
}

func TestSystemWithNothingInstalled(t *testing.T) {
	_, err := SystemIn([]string{t.TempDir(), filepath.Join(t.TempDir(), "absent")})
	if !errors.Is(err, ErrNoSystemFonts) {
		t.Errorf("got %v, want ErrNoSystemFonts", err)
	}
}

// Auto takes each official face that is installed and the embedded one for every other,
// saying so; with nothing installed it is the embedded set, with notes, not an error.
func TestAutoTakesWhatIsInstalled(t *testing.T) {
	builtin, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err := AutoIn([]string{t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Roles() {
		if set.Faces[r] != builtin.Faces[r] {
			t.Errorf("%s: %s, want the embedded %s", r.Label(), set.Faces[r].Name, builtin.Faces[r].Name)
		}
	}
	notes := strings.Join(set.Notes, "\n")
	if !strings.Contains(notes, "未找到已安装的仿宋字体，正文和表格使用内置的 Noto Serif SC Regular") {
		t.Errorf("notes do not say the body falls back to Noto Serif SC: %q", notes)
	}

	dir := t.TempDir()
	kai := writeFile(t, dir, "KaiTi_GB2312.ttf", notoSerifBold)
	set, err = AutoIn([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if set.Faces[Subheading].Source != kai || set.Faces[Body] != builtin.Faces[Body] {
		t.Errorf("（一） headings in %s, body in %s", set.Faces[Subheading].Source, set.Faces[Body].Source)
	}
	if strings.Contains(strings.Join(set.Notes, ""), "楷体") {
		t.Errorf("notes mention the 楷体 that was found: %q", set.Notes)
	}
}

func TestSystemDirs(t *testing.T) {
	if len(SystemDirs()) == 0 {
		t.Error("no font directories for this system")
	}
}

// BenchmarkIndexEmbeddedFaces measures what the first Default() in a process pays: checking
// the five embedded faces and indexing their character coverage.
func BenchmarkIndexEmbeddedFaces(b *testing.B) {
	for b.Loop() {
		for _, data := range [][]byte{notoSerifRegular, notoSerifBold, notoSansBold, nianbaoKai, droidRest} {
			if _, err := parseSFNT(data); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// FuzzParseSFNT: any bytes are refused with an error or indexed, never a panic.
func FuzzParseSFNT(f *testing.F) {
	f.Add([]byte("ttcf"))
	f.Add([]byte("OTTO\x00\x01"))
	tiny, err := os.ReadFile("testdata/tiny.ttf") // Noto Serif SC cut to 汉字0 (see data/make.sh)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tiny)
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := parseSFNT(data)
		if err != nil {
			return
		}
		if info.glyphs == nil {
			t.Fatal("accepted without a character map")
		}
		// Whatever it accepts, it can cut, and the cut is a font it accepts in turn.
		if cut, err := info.subset([]rune("汉字0A")); err == nil {
			if _, err := parseSFNT(cut); err != nil {
				t.Fatalf("cut font refused: %v", err)
			}
		}
	})
}

// The embedded 楷 face is cut to fewer characters than the others because the （一） headings
// it sets are fixed text of the template: every one of every edition must be in the cut
// (else rerun data/make.sh with the new characters).
func TestKaiFaceHoldsEveryHeading(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	kai := set.Faces[Subheading]
	if !strings.HasPrefix(kai.Name, "Nianbao Kai") {
		t.Fatalf("（一） headings set in %s", kai.Name)
	}
	n := 0
	for _, e := range template.Editions() {
		for _, p := range e.Parts {
			for _, f := range p.Prose {
				for _, r := range f.Heading {
					n++
					if !kai.Has(r) {
						t.Errorf("edition %s: %q of %s is not in %s", e.ID, r, f.Heading, kai.Name)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Error("no headings found")
	}
}
