package main

// Usage errors of the command line in Chinese; every other error is described by package
// message.

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nianbao/nianbao/internal/message"
)

// Exit codes, as message defines them.
const (
	exitFindings = message.ExitFindings
	exitInput    = message.ExitInput
)

// usageError is a mistake in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func inputErrorf(format string, a ...any) error { return message.Inputf(format, a...) }

// describe turns an error into the message shown to the user and the exit code: usage
// errors of the command line here, all others by message.Describe.
func describe(err error) (string, int) {
	var use usageError
	if errors.As(err, &use) {
		return usageMessage(use.err) + "请运行 nianbao --help 查看用法。", exitInput
	}
	return message.Describe(err)
}

// usageMessage words the flag package's and urfave/cli's English usage errors in Chinese.
func usageMessage(err error) string {
	s := err.Error()
	for _, p := range []struct{ prefix, chinese string }{
		{"flag provided but not defined: ", "未知的选项："},
		{"flag needs an argument: ", "选项缺少取值："},
		{"invalid value ", "选项取值无效："},
		{"Required flag ", "缺少必需的选项："},
		{"Required flags ", "缺少必需的选项："},
	} {
		if rest, ok := strings.CutPrefix(s, p.prefix); ok {
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
