package main

import (
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/version"
)

// --version calls a build 开发版本 only when it is one: go install …@v1.2.0 records the
// module's version but no commit, and says so without calling itself a development build.
// Not parallel: it sets the build's version, which parallel tests only read after it.
func TestVersionSaysDevelopmentOnlyOfADevelopmentBuild(t *testing.T) {
	saved := [3]string{version.Version, version.Commit, version.Date}
	t.Cleanup(func() { version.Version, version.Commit, version.Date = saved[0], saved[1], saved[2] })
	for _, c := range []struct {
		version, commit, date string
		want                  []string
		not                   string
	}{
		{"v1.2.0", "", "", []string{"nianbao 版本：v1.2.0\n", "提交：未记录\n"}, "开发版本"},
		{version.Dev, "", "", []string{"nianbao 版本：dev\n", "提交：未记录（开发版本）\n"}, ""},
		{"v1.2.0", "421636459d76a7e9ae522f2a3096f60cdb21d2fe", "2026-12-07T16:04:42Z",
			[]string{"提交：421636459d76a7e9ae522f2a3096f60cdb21d2fe（2026年12月7日）\n"}, "开发版本"},
	} {
		version.Version, version.Commit, version.Date = c.version, c.commit, c.date
		code, out, _ := runCLI(t, "--version")
		for _, w := range c.want {
			if code != 0 || !strings.Contains(out, w) {
				t.Errorf("%s %q: exit %d, lacks %q:\n%s", c.version, c.commit, code, w, out)
			}
		}
		if c.not != "" && strings.Contains(out, c.not) {
			t.Errorf("%s %q: says %q:\n%s", c.version, c.commit, c.not, out)
		}
	}
}
