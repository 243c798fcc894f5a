package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the application as a user would, its output going to buffers as when piped,
// and returns the exit code and both outputs.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"nianbao"}, args...), &IOStreams{Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

// longName is one character over the longest agency name taken.
var longName = strings.Repeat("局", 101)

// Every usage error is exit 2 with one Chinese line, and a command's own usage after a
// mistake in its options; never 内部错误 or urfave/cli's English "Incorrect Usage".
func TestUsageErrorsAreChineseWithExitCode2(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"nosuch":                        "没有这个命令：nosuch",
		"--bogus":                       "未知的选项：--bogus。请运行 nianbao --help",
		"check --froce x.xlsx":          "未知的选项：--froce。\n用法：\n  nianbao check ",
		"template --year abc":           "选项 --year 的取值“abc”无效。\n用法：\n  nianbao template ",
		"render --format":               "选项缺少取值：--format。\n用法：\n  nianbao render ",
		"aggregate -o":                  "选项缺少取值：-o。\n用法：\n  nianbao aggregate ",
		"status --agencies":             "选项缺少取值：--agencies。\n用法：\n  nianbao status ",
		"check a.docx --against":        "选项缺少取值：--against。\n用法：\n  nianbao check ",
		"render a.xlsx -o":              "选项缺少取值：-o。\n用法：\n  nianbao render ",
		"template --agency " + longName: "机关名称过长（101 个字），最多 100 个字。",
	} {
		code, _, stderr := runCLI(t, strings.Fields(args)...)
		if code != exitInput || !strings.Contains(stderr, want) {
			t.Errorf("nianbao %s: exit %d, stderr %q; want exit 2 and %q", args, code, stderr, want)
		}
	}
	// An empty value is no file either.
	code, _, stderr := runCLI(t, "check", "a.docx", "--against", " ")
	if code != exitInput || !strings.Contains(stderr, "--against 之后应是生成审签稿的原工作簿") {
		t.Errorf("check a.docx --against ' ': exit %d, stderr %q", code, stderr)
	}
}

func TestHelpIsChinese(t *testing.T) {
	t.Parallel()
	code, out, _ := runCLI(t, "--help")
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
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

func TestStreamsOfTheProcess(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0) // a character device, like a terminal
	if err != nil {
		t.Skip("no " + os.DevNull)
	}
	defer tty.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if !isTerminal(tty) || isTerminal(file) {
		t.Errorf("isTerminal: %s %v, a file %v", os.DevNull, isTerminal(tty), isTerminal(file))
	}
	t.Setenv("NO_COLOR", "1")
	if systemStreams().Colour {
		t.Error("colour despite NO_COLOR")
	}
}

// TestColourOnlyWhenAsked: the check command paints its output only for streams that say so.
func TestColourOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	_, good, _ := checkDesk(t)
	for _, colour := range []bool{false, true} {
		var out bytes.Buffer
		run([]string{"nianbao", "check", good}, &IOStreams{Out: &out, ErrOut: io.Discard, Colour: colour})
		if got := strings.Contains(out.String(), "\x1b["); got != colour {
			t.Errorf("colour %v: escape codes %v:\n%q", colour, got, out.String())
		}
	}
}
