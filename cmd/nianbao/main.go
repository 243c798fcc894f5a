// Command nianbao makes, checks and typesets the 政府信息公开工作年度报告: it writes the Excel
// template that bureaus fill in, checks the workbooks they return and renders the report.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"

	"github.com/inconshreveable/mousetrap"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/urfave/cli/v2"
)

func newApp(s *IOStreams) *cli.App {
	app := &cli.App{
		Name:    "nianbao",
		Usage:   "政府信息公开工作年度报告：生成填报模板、检查填报结果、排版生成报告",
		Version: version.Version,
		Description: "nianbao 帮助政务公开工作机构编制《政府信息公开工作年度报告》：\n" +
			"  1. nianbao template 生成符合国家格式的 Excel 填报模板，分发给各单位填写；\n" +
			"  2. nianbao check 检查各单位交回的工作簿，逐格指出不平衡、漏填和前后矛盾之处；\n" +
			"  3. nianbao render 将通过检查的工作簿排版为可直接发布的 PDF 报告和网页，以及供领导审签的 Word 文档；\n" +
			"  4. nianbao status 汇总各单位的提交和检查情况，nianbao aggregate 将各单位的统计表逐格相加；\n" +
			"  5. nianbao serve 启动网上报送台：各单位通过专用链接上传工作簿、即时看到检查结果，汇总单位查看进度并发布；\n" +
			"  6. nianbao import 把已发布的年报（PDF、Word 文档、网页）导入为工作簿，作为上年年报或初稿。\n" +
			"另外，nianbao fonts 列出排版所用的字体及其授权。",
		HideHelpCommand:      true,
		EnableBashCompletion: false,
		// In the order of the job: make the template, check, render, then the rest.
		Commands: []*cli.Command{templateCommand(), checkCommand(s), renderCommand(), importCommand(s), statusCommand(s),
			aggregateCommand(s), serveCommand(), fontsCommand()},
		Writer:         s.Out,
		ErrWriter:      s.ErrOut,
		ExitErrHandler: func(*cli.Context, error) {}, // run reports errors, in one place
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err: err}
		},
	}
	for _, cmd := range app.Commands {
		// A mistake in a command's options is the user's, said with that command's usage,
		// never urfave/cli's "Incorrect Usage" and the whole help.
		cmd.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return usageError{err: err, command: cmd}
		}
		// No "help" subcommand (--help stays): urfave/cli would add its one global help
		// command to every command and write into it on each run, a data race between
		// applications running at once (the desk, parallel tests).
		cmd.HideHelpCommand = true
	}
	return app
}

// errUnknownCommand is returned for a command name that does not exist.
var errUnknownCommand = errors.New("unknown command")

func main() {
	args, explorer := commandLine(os.Args, mousetrapStart{})
	if commandName(args) != "serve" { // the desk shuts down gracefully on its own signals
		go removeTemporariesOnSignal(os.Stderr)
		collectLessOften()
	}
	os.Exit(launch(args, explorer, os.Stdin, systemStreams()))
}

// starter tells how the process was started. Windows Explorer starts nianbao.exe when it is
// double-clicked, with no arguments, in a console window of its own that closes when the
// program ends. It is an interface so that tests can start the program as Explorer would:
// no Windows is here to double-click on.
type starter interface {
	StartedByExplorer() bool
}

// mousetrapStart asks mousetrap, which looks at the parent process on Windows and says no
// on every other system.
type mousetrapStart struct{}

func (mousetrapStart) StartedByExplorer() bool { return mousetrap.StartedByExplorer() }

// commandLine is the command line to run, and whether Explorer started the program: a
// double-click, with no arguments, runs the desk rather than printing help into a window
// that closes at once. A shortcut that gives arguments runs them as given.
func commandLine(args []string, how starter) ([]string, bool) {
	if len(args) != 1 || !how.StartedByExplorer() {
		return args, false
	}
	return append(slices.Clone(args), "serve"), true
}

// launch runs the command line and returns the exit code. Started from Explorer, a failure
// keeps the window open until Enter is pressed, so that its message can be read.
func launch(args []string, explorer bool, stdin io.Reader, s *IOStreams) int {
	code := run(args, s)
	if explorer && code != 0 {
		fmt.Fprintln(s.ErrOut, "按回车键关闭窗口。")
		bufio.NewReader(stdin).ReadString('\n')
	}
	return code
}

// commandName is the first argument that is not an option: the command.
func commandName(args []string) string {
	for _, a := range args[1:] {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// collectLessOften sets the garbage collector for a run of the command line, unless GOGC or
// GOMEMLIMIT say otherwise: its live heap is small (a workbook and a document per core) and
// the PDF library allocates several megabytes of buffers a document, so with Go's default the
// collector runs every few milliseconds and takes a fifth of a render's processor time. It
// runs at a fifth of that rate, and more often as the heap nears 50 MB, so that the peak stays
// flat however many files a run reads. Not for the desk (serve), which runs for days.
func collectLessOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(50 << 20)
	}
}

// stopSignals end a run of the command line: INT (Ctrl+C), TERM, HUP (the terminal closed)
// and QUIT (Ctrl+\, which would otherwise dump the goroutines and leave the files).
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT}

// removeTemporariesOnSignal waits for a stop signal and then removes the half-written output
// files before exiting, as the shell expects, with 128 plus the signal's number.
func removeTemporariesOnSignal(stderr *os.File) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, stopSignals...)
	sig := <-sigs
	outfile.RemoveTemporaries()
	fmt.Fprintln(stderr, "nianbao: 已中断，未写完的输出文件已删除。")
	code := 130
	if n, ok := sig.(syscall.Signal); ok {
		code = 128 + int(n)
	}
	os.Exit(code)
}

// run executes the application and turns any error into a Chinese message and an exit code.
func run(args []string, s *IOStreams) int {
	s = s.escaped()
	app := newApp(s)
	var unknown string
	app.CommandNotFound = func(_ *cli.Context, name string) { unknown = name }
	err := app.Run(flagsFirst(args, app.Commands))
	if err == nil && unknown != "" {
		err = usageError{err: fmt.Errorf("%w: %s", errUnknownCommand, unknown)}
	}
	if err == nil {
		return 0
	}
	msg, code := describe(err)
	if msg != "" {
		fmt.Fprintln(s.ErrOut, "nianbao: "+msg)
	}
	return code
}
