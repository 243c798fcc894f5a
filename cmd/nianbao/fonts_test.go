package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The commands under test search no font folders, so that what they print is the same on
// every machine.
func init() { fontDirs = func() []string { return nil } }

func TestFontsListsEveryRoleWithLicence(t *testing.T) {
	t.Parallel()
	code, out, stderr := runCLI(t, "fonts")
	if code != 0 {
		t.Errorf("nianbao fonts: exit %d, %s", code, stderr)
	}
	for _, want := range []string{
		"正文：Noto Serif SC Regular", "标题：Noto Serif SC Bold", "一级标题（一、）：Noto Sans SC Bold",
		"二级标题（（一））：Nianbao Kai", "未找到已安装的仿宋字体，正文和表格使用内置的 Noto Serif SC Regular",
		"SIL Open Font License 1.1", "Droid Sans Fallback", "Apache License 2.0", "来源：内置",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("fonts output lacks %q:\n%s", want, out)
		}
	}
}

func TestFontsOverrideRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ttc := filepath.Join(dir, "simsun.ttc")
	otf := filepath.Join(dir, "SourceHanSerifSC.otf")
	if err := os.WriteFile(ttc, []byte("ttcf\x00\x02\x00\x00\x00\x00\x00\x02"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(otf, []byte("OTTO\x00\x0a\x00\x80\x00\x03\x00\x20"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ args, want string }{
		{"fonts --font-body " + ttc, "是字体集合（.ttc）"},
		{"fonts --font-title " + otf, "CFF 轮廓"},
		{"fonts --font-table " + filepath.Join(dir, "absent.ttf"), "不存在"},
		{"fonts --fonts windows", "--fonts 只能是 auto、builtin 或 system"},
		{"fonts --fonts system", "公文字体"},
	} {
		code, _, stderr := runCLI(t, strings.Fields(c.args)...)
		if code != exitInput || !strings.Contains(stderr, c.want) {
			t.Errorf("nianbao %s: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
