// Package version says which build of nianbao is running: its version, the commit it was
// built from and that commit's date. `nianbao --version` prints them, and every output records
// the version (PDF and DOCX document properties, the workbook's nianbao.version, check JSON,
// the web page's generator), so that a published file tells which program made it.
//
// A release build stamps all three (go run ./cmd/release does):
//
//	go build -ldflags "-X github.com/nianbao/nianbao/internal/version.Version=v1.2.0
//	  -X github.com/nianbao/nianbao/internal/version.Commit=0123…
//	  -X github.com/nianbao/nianbao/internal/version.Date=2026-12-07T16:04:42Z" ./cmd/nianbao
//
// What is not stamped comes from what Go records in the binary: the module version of
// `go install github.com/nianbao/nianbao/cmd/nianbao@v1.2.0`, and the version, vcs.revision
// and vcs.time that `go build` records in a checkout (a pseudo-version such as
// v0.0.0-20261207160442-421636459d76+dirty). Neither `go test` nor `go run` records any of it,
// so tests, and the samples that `go run ./cmd/mksamples` writes, always see Version "dev"
// with no commit or date: golden files and bundled samples do not change from commit to commit.
package version

import (
	"runtime/debug"
	"strings"
	"time"
)

// Dev is the version of a build that records none: go test, go run, go build without VCS
// information.
const Dev = "dev"

// The build's version (v1.2.0, or a Go pseudo-version, or Dev), its commit (a full revision,
// or empty when unknown) and the commit's date (RFC 3339, or empty when unknown). Set with
// -ldflags -X; init fills in what was not set. Read them, never write them, except in a
// program's main before anything else runs.
var (
	Version string
	Commit  string
	Date    string
)

func init() {
	info, _ := debug.ReadBuildInfo()
	Version, Commit, Date = resolve(Version, Commit, Date, info)
}

// resolve completes stamped values with what the build information records.
func resolve(version, commit, date string, info *debug.BuildInfo) (string, string, string) {
	if info != nil {
		if version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		}
		stamped, modified := commit != "", false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if !stamped {
					commit = s.Value
				}
			case "vcs.time":
				if date == "" {
					date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		// A build from a changed checkout is not the commit it names. Go's pseudo-version
		// already says +dirty; a bare revision does not.
		if modified && !stamped && commit != "" {
			commit += "-dirty"
		}
	}
	if version == "" {
		version = Dev
	}
	return version, commit, date
}

// Generator names the program and its version, as outputs record it: "nianbao v1.2.0".
// It leaves out the commit and date, so that two builds of one version write the same bytes.
func Generator() string { return "nianbao " + Version }

// String is the version in one line of Chinese, for people:
// "nianbao v1.2.0（提交 0123456789ab，2026年12月7日）", or "nianbao dev（开发版本，未记录提交）".
func String() string {
	var details []string
	if Version == Dev {
		details = append(details, "开发版本")
	}
	if Commit == "" {
		details = append(details, "未记录提交")
	} else {
		details = append(details, "提交 "+ShortCommit())
	}
	if d := DateText(); d != "" {
		details = append(details, d)
	}
	return Generator() + "（" + strings.Join(details, "，") + "）"
}

// ShortCommit is the first 12 characters of the commit, with -dirty kept: enough to find it.
func ShortCommit() string {
	c, dirty := strings.CutSuffix(Commit, "-dirty")
	if len(c) > 12 {
		c = c[:12]
	}
	if dirty {
		c += "-dirty"
	}
	return c
}

// DateText is the commit's date in Chinese (2026年12月7日, in UTC), or Date as given when it
// is not RFC 3339, or empty when unknown.
func DateText() string {
	if Date == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339, Date)
	if err != nil {
		return Date
	}
	t = t.UTC()
	return t.Format("2006年1月2日")
}
