package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/xuri/excelize/v2"
)

// workbookInfo opens a written template and returns its edition property and the agency and
// year in its 基本信息 input cells.
func workbookInfo(t *testing.T, path string) (edition, agency, year string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	props, _ := f.GetCustomProps()
	for _, p := range props {
		if p.Name == workbook.PropEdition {
			edition, _ = p.Value.(string)
		}
	}
	re := regexp.MustCompile(`^'?(.+?)'?!\$([A-Z]+\$\d+)$`)
	get := func(name string) string {
		for _, dn := range f.GetDefinedName() {
			if m := re.FindStringSubmatch(dn.RefersTo); dn.Name == name && m != nil {
				v, _ := f.GetCellValue(m[1], strings.ReplaceAll(m[2], "$", ""))
				return v
			}
		}
		t.Fatalf("%s: no defined name %s", path, name)
		return ""
	}
	return edition, get(workbook.InfoName("agency")), get(workbook.InfoName("year"))
}

func TestTemplateDefaults(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "template"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	year := time.Now().Year() - 1
	path := filepath.Join(dir, strconv.Itoa(year)+"年政府信息公开工作年度报告填报模板.xlsx")
	edition, agency, y := workbookInfo(t, path)
	if edition != "2021" || agency != "" || y != strconv.Itoa(year) {
		t.Errorf("default template: edition %q, agency %q, year %q", edition, agency, y)
	}
}

func TestTemplateFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "template", "--year", "2020", "--agency", "太仓市科学技术局"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "template", "--year", "2022", "--edition", "2019", "--agency", "某局", "-o", "x.xlsx"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	edition, agency, year := workbookInfo(t, filepath.Join(dir, "太仓市科学技术局2020年政府信息公开工作年度报告.xlsx"))
	if edition != "2019" || agency != "太仓市科学技术局" || year != "2020" {
		t.Errorf("--year 2020 --agency: edition %q, agency %q, year %q", edition, agency, year)
	}
	if edition, agency, year := workbookInfo(t, filepath.Join(dir, "x.xlsx")); edition != "2019" || agency != "某局" || year != "2022" {
		t.Errorf("--edition 2019 -o: edition %q, agency %q, year %q", edition, agency, year)
	}
}

func TestTemplateNoOverwriteWithoutForce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "template", "-o", path)
	if data, _ := os.ReadFile(path); code != exitInput || !strings.Contains(stderr, "文件已存在") || string(data) != "keep" {
		t.Errorf("exit %d, %q; file now %d bytes", code, stderr, len(data))
	}
	if code, _, stderr := runCLI(t, "template", "-o", path, "--force"); code != 0 {
		t.Errorf("--force: exit %d, %s", code, stderr)
	}
	if _, agency, _ := workbookInfo(t, path); agency != "" {
		t.Errorf("overwritten template has agency %q", agency)
	}
}

func TestTemplateBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.txt", []byte("\ufeff\r\n  \r\n"))
	gbk := write("gbk.txt", []byte{0xcc, 0xab, 0xb2, 0xd6, '\n'}) // 太仓 in GBK
	list := write("list.txt", []byte("某局\n"))
	next := strconv.Itoa(time.Now().Year() + 1)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--edition", "2020"}, "未知的格式版本"},
		{[]string{"--year", "2018"}, "报告年度 2018 早于 2019 年"},
		{[]string{"--year", next}, "报告年度 " + next + " 是将来的年份"},
		{[]string{"--year", "abc"}, "的取值“abc”无效"},
		{[]string{"--agency", " \t"}, "机关名称为空"},
		{[]string{"--agencies", filepath.Join(dir, "missing.txt"), "--out-dir", dir}, "无法读取机关名单文件"},
		{[]string{"--agencies", dir, "--out-dir", dir}, "无法读取机关名单文件"},
		{[]string{"--agencies", gbk, "--out-dir", dir}, "不是 UTF-8 编码"},
		{[]string{"--agencies", empty, "--out-dir", dir}, "机关名单文件中没有机关名称"},
		{[]string{"--agencies", list, "--out-dir", filepath.Join(list, "sub")}, "无法创建输出目录"},
		{[]string{"--agencies", list, "--agency", "某局"}, "不能与 --agency"},
		{[]string{"--out-dir", dir}, "--out-dir 只用于"},
		{[]string{"-o", filepath.Join(dir, "missing", "x.xlsx")}, "输出目录不存在"},
		{[]string{"-o", filepath.Join(list, "x.xlsx")}, "输出位置不是目录"},
		{[]string{"某局"}, "多余的参数"},
		{[]string{"-o", dir, "--force"}, "输出位置是一个目录"},
	}
	for _, c := range cases {
		code, _, stderr := runCLI(t, append([]string{"template"}, c.args...)...)
		// One line, followed by the command's usage after a mistake in the options.
		first, usage, _ := strings.Cut(strings.TrimSpace(stderr), "\n")
		if code != exitInput || !strings.Contains(first, c.want) || usage != "" && !strings.HasPrefix(usage, "用法：") {
			t.Errorf("template %v: exit %d, stderr %q; want exit 2 and one line with %q", c.args, code, stderr, c.want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("bad input wrote files: %v", entries)
	}
}

// TestTemplateBatchStaysInsideDir feeds hostile agency names to the batch and checks that
// every workbook lands directly in the output directory, one per distinct agency, with the
// agency in it, and that a second run without --force writes nothing.
func TestTemplateBatchStaysInsideDir(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out := filepath.Join(root, "out")
	long := strings.Repeat("很长的机关名称", 14) // 98 characters, 294 bytes: cut to fit, the year kept
	agencies := []string{"../x", "a/b", "CON", long, "..", "/etc/passwd", `C:\x`, "太仓市科学技术局", "nul.txt"}
	// Lines that cannot be names are skipped with a note: control characters, 301 characters.
	refused := []string{"ctl\x01name", strings.Repeat("很长的机关名称", 43)}
	content := "\ufeff" + strings.Join(append(agencies, refused...), "\r\n") + "\r\n\r\n 太仓市科学技术局 \r\n"
	list := filepath.Join(root, "list.txt")
	if err := os.WriteFile(list, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "template", "--agencies", list, "--out-dir", out, "--year", "2021")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "第10行：机关名称中有换行或其他控制字符") || !strings.Contains(stderr, "第11行：机关名称过长（301 个字）") {
		t.Errorf("refused lines not noted: %s", stderr)
	}
	if n := strings.Count(stdout, "已生成："); n != len(agencies) {
		t.Errorf("reported %d files, want %d:\n%s", n, len(agencies), stdout)
	}
	rootEntries, _ := os.ReadDir(root)
	if len(rootEntries) != 2 {
		t.Errorf("files written outside the output directory: %v", rootEntries)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(agencies) {
		t.Errorf("%d files in the output directory, want %d: %v", len(entries), len(agencies), entries)
	}
	found := map[string]bool{}
	for _, e := range entries {
		if e.IsDir() || len(e.Name()) > 255 || !strings.HasSuffix(e.Name(), "2021年政府信息公开工作年度报告.xlsx") {
			t.Errorf("unexpected entry %q", e.Name())
			continue
		}
		_, agency, _ := workbookInfo(t, filepath.Join(out, e.Name()))
		found[agency] = true
	}
	for _, a := range agencies {
		if !found[a] {
			t.Errorf("no workbook for agency %q", a)
		}
	}

	before, _ := os.Stat(filepath.Join(out, entries[0].Name()))
	code, _, stderr = runCLI(t, "template", "--agencies", list, "--out-dir", out, "--year", "2021")
	after, _ := os.Stat(filepath.Join(out, entries[0].Name()))
	if code != exitInput || !strings.Contains(stderr, "未生成任何模板") || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("second run without --force: exit %d, %q", code, stderr)
	}
}

// BenchmarkTemplateBatch100 runs `nianbao template --agencies` for 100 agencies, files and
// all (aim: under 3 s).
func BenchmarkTemplateBatch100(b *testing.B) {
	dir := b.TempDir()
	var names []string
	for i := range 100 {
		names = append(names, "示例市第"+strconv.Itoa(i+1)+"局")
	}
	list := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(list, []byte(strings.Join(names, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if code := run([]string{"nianbao", "template", "--agencies", list, "--out-dir", filepath.Join(dir, "out"), "--force"}, &IOStreams{Out: io.Discard, ErrOut: io.Discard}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
