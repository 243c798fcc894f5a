package version

import (
	"runtime/debug"
	"testing"
)

func TestResolve(t *testing.T) {
	vcs := func(rev, when, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: when}, {Key: "vcs.modified", Value: modified}}}
	}
	installed := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}
	for _, c := range []struct {
		name                  string
		version, commit, date string
		info                  *debug.BuildInfo
		wantV, wantC, wantD   string
	}{
		{"test binary", "", "", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, Dev, "", ""},
		{"no build info", "", "", "", nil, Dev, "", ""},
		{"go install @v1.2.0", "", "", "", installed, "v1.2.0", "", ""},
		{"go build in a checkout", "", "", "", vcs("abc", "2026-12-07T16:04:42Z", "false"), Dev, "abc", "2026-12-07T16:04:42Z"},
		{"go build in a changed checkout", "", "", "", vcs("abc", "2026-12-07T16:04:42Z", "true"), Dev, "abc-dirty", "2026-12-07T16:04:42Z"},
		{"stamped wins", "v2.0.0", "def", "2027-01-01T00:00:00Z", vcs("abc", "2026-12-07T16:04:42Z", "true"), "v2.0.0", "def", "2027-01-01T00:00:00Z"},
		{"stamped version, commit from vcs", "v2.0.0", "", "", vcs("abc", "2026-12-07T16:04:42Z", "false"), "v2.0.0", "abc", "2026-12-07T16:04:42Z"},
	} {
		v, cm, d := resolve(c.version, c.commit, c.date, c.info)
		if v != c.wantV || cm != c.wantC || d != c.wantD {
			t.Errorf("%s: got %q %q %q, want %q %q %q", c.name, v, cm, d, c.wantV, c.wantC, c.wantD)
		}
	}
}

// A test binary records no version: what golden files and samples rely on.
func TestTestBinaryIsDev(t *testing.T) {
	if Version != Dev || Commit != "" || Date != "" {
		t.Errorf("a test binary says %q %q %q, want %q and nothing else", Version, Commit, Date, Dev)
	}
	if got, want := String(), "nianbao dev（开发版本，未记录提交）"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := Generator(); got != "nianbao dev" {
		t.Errorf("Generator() = %q", got)
	}
}

func TestStringOfARelease(t *testing.T) {
	saved := [3]string{Version, Commit, Date}
	t.Cleanup(func() { Version, Commit, Date = saved[0], saved[1], saved[2] })
	Version, Commit, Date = "v1.2.0", "421636459d76a7e9ae522f2a3096f60cdb21d2fe", "2026-12-07T23:04:42-08:00"
	if got, want := String(), "nianbao v1.2.0（提交 421636459d76，2026年12月8日）"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	Commit, Date = "421636459d76a7e9ae522f2a3096f60cdb21d2fe-dirty", "今天"
	if got, want := String(), "nianbao v1.2.0（提交 421636459d76-dirty，今天）"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := Generator(); got != "nianbao v1.2.0" {
		t.Errorf("Generator() = %q", got)
	}
}
