package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the application as a user would and returns its exit code and what it wrote
// to standard error.
func runCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	code := run(append([]string{"nianbao"}, args...), f)
	b, _ := os.ReadFile(f.Name())
	return code, string(b)
}

func TestUsageErrorsAreChineseWithExitCode2(t *testing.T) {
	for args, want := range map[string]string{
		"nosuch":  "没有这个命令：nosuch",
		"--bogus": "未知的选项：-bogus",
	} {
		code, stderr := runCLI(t, strings.Fields(args)...)
		if code != exitInput || !strings.Contains(stderr, want) {
			t.Errorf("nianbao %s: exit %d, stderr %q; want exit 2 and %q", args, code, stderr, want)
		}
	}
}

func TestHelpIsChinese(t *testing.T) {
	out := captureStdout(t, func() {
		if code, _ := runCLI(t, "--help"); code != 0 {
			t.Errorf("--help exit %d", code)
		}
	})
	for _, want := range []string{"用法：", "全局选项：", "显示帮助"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"USAGE", "COMMANDS", "show help", "default:"} {
		if strings.Contains(out, english) {
			t.Errorf("help still says %q", english)
		}
	}
}

// captureStdout runs f with os.Stdout redirected to a file and returns what it printed.
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	tmp, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = tmp
	defer func() { os.Stdout = old }()
	f()
	tmp.Close()
	b, _ := os.ReadFile(tmp.Name())
	return string(b)
}
