package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fakeStart starts the program as Explorer would (a double-click on nianbao.exe) or not.
type fakeStart bool

func (f fakeStart) StartedByExplorer() bool { return bool(f) }

func TestDoubleClickRunsTheDesk(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args     []string
		explorer fakeStart
		want     []string
		held     bool
	}{
		{[]string{`C:\nianbao\nianbao.exe`}, true, []string{`C:\nianbao\nianbao.exe`, "serve"}, true},
		{[]string{`C:\nianbao\nianbao.exe`}, false, []string{`C:\nianbao\nianbao.exe`}, false},
		// A shortcut with arguments runs what it says.
		{[]string{"nianbao.exe", "check", "收回"}, true, []string{"nianbao.exe", "check", "收回"}, false},
	} {
		got, held := commandLine(c.args, c.explorer)
		if !slices.Equal(got, c.want) || held != c.held {
			t.Errorf("%v started by Explorer=%v: runs %v (window held %v), want %v (%v)", c.args, c.explorer, got, held, c.want, c.held)
		}
	}
}

// Double-clicked, the desk opens the default year folder (文档\政府信息公开年报); when it
// cannot, the message stays on screen until Enter is pressed, instead of the window closing.
func TestDoubleClickFailureWaitsForEnter(t *testing.T) {
	home := t.TempDir()
	// 文档 is a file here: the desk cannot make its folder in it.
	if err := os.WriteFile(filepath.Join(home, "Documents"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	args, explorer := commandLine([]string{"nianbao.exe"}, fakeStart(true))
	var out, errOut bytes.Buffer
	stdin := strings.NewReader("\nnot read\n")
	code := launch(args, explorer, stdin, &IOStreams{Out: &out, ErrOut: &errOut})
	if code != exitInput || !strings.Contains(errOut.String(), "无法打开年度文件夹") ||
		!strings.HasSuffix(errOut.String(), "按回车键关闭窗口。\n") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut.String())
	}
	if rest := stdin.Len(); rest == len("\nnot read\n") {
		t.Error("the window did not wait for Enter")
	}

	// From a console, the same failure returns at once.
	errOut.Reset()
	stdin = strings.NewReader("\n")
	if code := launch([]string{"nianbao", "serve"}, false, stdin, &IOStreams{Out: &out, ErrOut: &errOut}); code != exitInput ||
		strings.Contains(errOut.String(), "回车") || stdin.Len() != 1 {
		t.Errorf("exit %d, stdin left %d, stderr:\n%s", code, stdin.Len(), errOut.String())
	}
}
