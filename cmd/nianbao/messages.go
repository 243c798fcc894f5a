package main

// Usage errors of the command line in Chinese; every other error is described by package
// message.

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/nianbao/nianbao/internal/message"
	"github.com/urfave/cli/v2"
)

// Exit codes, as message defines them.
const (
	exitFindings = message.ExitFindings
	exitInput    = message.ExitInput
)

// usageError is a mistake in the command line, in the options of command when not nil.
type usageError struct {
	err     error
	command *cli.Command
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func inputErrorf(format string, a ...any) error { return message.Inputf(format, a...) }

// describe turns an error into the message shown to the user and the exit code: usage
// errors of the command line here, all others by message.Describe.
func describe(err error) (string, int) {
	var use usageError
	if errors.As(err, &use) {
		if use.command == nil {
			return usageMessage(use.err) + "请运行 nianbao --help 查看用法。", exitInput
		}
		return usageMessage(use.err) + "\n用法：\n  " + strings.ReplaceAll(use.command.UsageText, "\n", "\n  ") +
			"\n运行 nianbao " + use.command.Name + " --help 查看全部选项。", exitInput
	}
	return message.Describe(err)
}

// invalidValue is the flag package's error for a value of the wrong type: --year abc.
var invalidValue = regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]+):`)

// usageMessage words the flag package's and urfave/cli's English usage errors in Chinese.
func usageMessage(err error) string {
	s := err.Error()
	if m := invalidValue.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("选项 --%s 的取值“%s”无效。", m[2], m[1])
	}
	for _, p := range []struct{ prefix, chinese string }{
		{"flag provided but not defined: ", "未知的选项："},
		{"flag needs an argument: ", "选项缺少取值："},
		{"invalid value ", "选项取值无效："},
		{"Required flag ", "缺少必需的选项："},
		{"Required flags ", "缺少必需的选项："},
	} {
		if rest, ok := strings.CutPrefix(s, p.prefix); ok {
			if len(rest) > 2 && rest[0] == '-' && rest[1] != '-' {
				rest = "-" + rest // the flag package says -force for --force
			}
			return p.chinese + rest + "。"
		}
	}
	if errors.Is(err, errUnknownCommand) {
		return "没有这个命令：" + strings.TrimPrefix(s, errUnknownCommand.Error()+": ") + "。"
	}
	return "命令参数有误：" + s + "。"
}

// leftOutNote prints a note about a file found among the inputs and left out of the run
// (nianbao's own earlier output).
func leftOutNote(w io.Writer) func(error) {
	return func(err error) { fmt.Fprintf(w, "注意：%s\n", message.Text(err)) }
}
