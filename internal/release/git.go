package release

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// StampFromGit is the stamp of the checkout at root: its commit (with -dirty when tracked
// files differ from it) and the commit's time, or SOURCE_DATE_EPOCH when that is set; the
// version given, else the tag on the commit (v1.2.0), else a Go pseudo-version of the commit
// (v0.0.0-20261207160442-421636459d76, +dirty when changed). Outside a checkout the version
// and SOURCE_DATE_EPOCH must be given.
func StampFromGit(ctx context.Context, root, givenVersion string) (Stamp, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = root
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	var when time.Time
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return Stamp{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: %w", s, err)
		}
		when = time.Unix(sec, 0)
	}
	commit, err := git("rev-parse", "HEAD")
	if err != nil {
		if givenVersion == "" || when.IsZero() {
			return Stamp{}, errors.New("not a git checkout: give --version and set SOURCE_DATE_EPOCH")
		}
		return NewStamp(givenVersion, "", when)
	}
	if when.IsZero() {
		sec, err := git("log", "-1", "--format=%ct", "HEAD")
		if err != nil {
			return Stamp{}, fmt.Errorf("git log: %w", err)
		}
		n, err := strconv.ParseInt(sec, 10, 64)
		if err != nil {
			return Stamp{}, fmt.Errorf("git log: commit time %q: %w", sec, err)
		}
		when = time.Unix(n, 0)
	}
	status, err := git("status", "--porcelain", "--untracked-files=no")
	if err != nil {
		return Stamp{}, fmt.Errorf("git status: %w", err)
	}
	dirty := status != ""
	v := givenVersion
	if v == "" {
		if tag, err := git("describe", "--tags", "--exact-match", "--match", "v[0-9]*", "HEAD"); err == nil && !dirty {
			v = tag
		} else {
			v = "v0.0.0-" + when.UTC().Format("20060102150405") + "-" + commit[:min(12, len(commit))]
			if dirty {
				v += "+dirty"
			}
		}
	}
	if dirty {
		commit += "-dirty"
	}
	return NewStamp(v, commit, when)
}
