//go:build unix

package main

// Hostile uses of the command line: outputs that are inputs or special files, special files
// given as inputs, and the tool's own earlier outputs in an input folder. Each case says its
// exit code and the first line of its message, and that no input changed.

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// firstLine is the first line of what a run printed on standard error.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// runBounded runs the command and fails the test when it does not return within a minute
// (a FIFO that blocks forever would otherwise hang the test run). It returns the exit code
// and standard error, or standard output when nothing went to standard error (check lists
// a file it cannot read there).
func runBounded(t *testing.T, args ...string) (int, string) {
	t.Helper()
	type result struct {
		code   int
		stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := runCLI(t, args...)
		if stderr == "" {
			stderr = stdout
		}
		done <- result{code, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stderr
	case <-time.After(time.Minute):
		t.Fatalf("nianbao %s did not return", strings.Join(args, " "))
	}
	return 0, ""
}

func TestOutputNeverAnInputOrSpecialFile(t *testing.T) {
	dir := t.TempDir()
	in := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())
	sym, hard, fifo := filepath.Join(dir, "sym.pdf"), filepath.Join(dir, "hard.pdf"), filepath.Join(dir, "fifo.pdf")
	os.Symlink(in, sym)
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	bureau := writeWorkbook(t, filepath.Join(dir, "bureau.xlsx"), samplereport.Example2021As("某某县审计局", 1))
	sum, bureauSum := fileSum(t, in), fileSum(t, bureau)
	isInput := "nianbao: 输出文件 "
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"render", in, "-o", in, "--force"}, isInput},
		{[]string{"render", in, "-o", sym, "--force"}, isInput},
		{[]string{"render", in, "-o", hard, "--force"}, isInput},
		{[]string{"render", in, "-o", fifo, "--force"}, "nianbao: 输出位置不是普通文件（命名管道）"},
		{[]string{"status", dir, "-o", bureau, "--force"}, isInput},
		{[]string{"aggregate", dir, "-o", bureau, "--force"}, isInput},
		{[]string{"template", "--agency", "某局", "--year", "2024", "-o", in, "--force"}, ""},
	} {
		if c.args[0] == "template" {
			continue // template reads no input
		}
		code, stderr := runBounded(t, c.args...)
		if code != exitInput || !strings.HasPrefix(firstLine(stderr), c.want) {
			t.Errorf("nianbao %s: exit %d, %q; want exit 2 and %q", strings.Join(c.args, " "), code, firstLine(stderr), c.want)
		}
	}
	if fileSum(t, in) != sum || fileSum(t, bureau) != bureauSum {
		t.Error("an input changed")
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
}

// A FIFO, a device or a directory given where a file is read is refused at once.
func TestSpecialFilesAsInputs(t *testing.T) {
	dir := t.TempDir()
	in := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())
	fifo := filepath.Join(dir, "fifo.xlsx")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	notRegular := "不是普通文件"
	for _, args := range [][]string{
		{"check", fifo},
		{"check", in, "--prev", fifo},
		{"check", in, "--prev", "/dev/zero"},
		{"render", in, "--font-body", fifo, "-o", filepath.Join(dir, "a.pdf")},
		{"render", in, "--font-body", "/dev/zero", "-o", filepath.Join(dir, "a.pdf")},
		{"render", in, "--font-body", dir, "-o", filepath.Join(dir, "a.pdf")},
		{"status", dir, "--agencies", fifo, "-o", filepath.Join(dir, "s.xlsx")},
		{"template", "--agencies", "/dev/zero", "--year", "2024", "--out-dir", dir},
	} {
		code, out := runBounded(t, args...)
		if code != exitInput || !strings.Contains(out, notRegular) {
			t.Errorf("nianbao %s: exit %d, %q; want exit 2 and %q", strings.Join(args, " "), code, firstLine(out), notRegular)
		}
	}
}

// An aggregate run twice into the same folder leaves its own earlier roll-up out, with a
// note, instead of summing it as one more unit; so do status's overview and annotated copies.
func TestOwnOutputsLeftOut(t *testing.T) {
	dir := t.TempDir()
	for i, agency := range []string{"某某县审计局", "某某县民政局"} {
		writeWorkbook(t, filepath.Join(dir, agency+".xlsx"), bureau2021(agency, float64(i+1)))
	}
	out := filepath.Join(dir, "汇总.xlsx")
	if code, _, stderr := runAggregate(t, dir, "-o", out); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	first := fileSum(t, out)
	code, stdout, stderr := runAggregate(t, dir, "-o", out, "--force")
	if code != 0 || !strings.Contains(stderr, "汇总.xlsx 是 nianbao 此前生成的汇总工作簿，已略过") || !strings.Contains(stdout, "已汇总 2 个单位") {
		t.Fatalf("second run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if fileSum(t, out) == first {
		t.Log("roll-up rewritten with the same bytes") // fine: what matters is 2 units, not 3
	}
	status := filepath.Join(dir, "检查结果.xlsx")
	if code, _, stderr := runCLI(t, "status", dir, "-o", status); code != 0 {
		t.Fatalf("status: exit %d: %s", code, stderr)
	}
	code, stdout, stderr = runCLI(t, "status", dir, "-o", status, "--force")
	if code != 0 || !strings.Contains(stderr, "检查结果.xlsx 是 nianbao 此前生成的检查情况汇总表") || strings.Contains(stdout, "汇总.xlsx") {
		t.Errorf("status over its own outputs: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// check --annotate into the folder it checks: the copies are not checked next time.
	code, stdout, stderr = runCLI(t, "check", dir, "--annotate", dir)
	if code != 0 {
		t.Fatalf("check --annotate into the input folder: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "check", dir, "--annotate", dir, "--force")
	if code != 0 || !strings.Contains(stderr, "是 nianbao 此前生成的批注副本，已略过") {
		t.Errorf("second check --annotate: exit %d\n%s", code, stderr)
	}
}

// A folder walk lists a broken link and a linked directory as unreadable rows and goes on.
func TestWalkGoesOnPastBadEntries(t *testing.T) {
	dir := t.TempDir()
	writeWorkbook(t, filepath.Join(dir, "a.xlsx"), samplereport.Example2021())
	os.Symlink(filepath.Join(dir, "none.xlsx"), filepath.Join(dir, "broken.xlsx"))
	os.Symlink(dir, filepath.Join(dir, "loop"))
	code, stdout, stderr := runCLI(t, "status", dir, "-o", filepath.Join(t.TempDir(), "s.xlsx"))
	if code != 0 || !strings.Contains(stdout, "broken.xlsx") || !strings.Contains(stdout, "指向其他目录的链接") {
		t.Errorf("status: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// Temporary files of a killed run are removed by the next run writing into the folder.
func TestStaleTemporaryRemovedByNextRun(t *testing.T) {
	dir := t.TempDir()
	in := writeWorkbook(t, filepath.Join(t.TempDir(), "in.xlsx"), samplereport.Example2021())
	stale := filepath.Join(dir, ".nianbao-999999999-1.tmp") // no such process
	os.WriteFile(stale, []byte("half a PDF"), 0o644)
	if code, _, stderr := runCLI(t, "render", in, "-o", filepath.Join(dir, "a.pdf")); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale temporary file kept: %v", err)
	}
}

// TestMain lets a test run the command in a child process (NIANBAO_RUN_MAIN=1), as a user
// would, to send it signals.
func TestMain(m *testing.M) {
	if os.Getenv("NIANBAO_RUN_MAIN") == "1" {
		go removeTemporariesOnSignal(os.Stderr)
		code := run(os.Args, systemStreams())
		if path := os.Getenv("NIANBAO_PEAK_FILE"); path != "" {
			writePeak(path)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// writePeak writes the process's peak resident memory (VmHWM, in KiB) to path. The child's
// own figure: the rusage its parent sees after wait also counts the parent's memory, which
// the child shared until it started.
func writePeak(path string) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			os.WriteFile(path, []byte(strings.TrimSuffix(strings.TrimSpace(rest), " kB")), 0o644)
		}
	}
}

// peakKiB reads what writePeak wrote; 0 when the platform does not say.
func peakKiB(path string) int {
	b, _ := os.ReadFile(path)
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// INT, TERM, HUP (the terminal closed) and QUIT during a render of a folder remove the
// temporary files before exiting.
func TestSignalsRemoveTemporaries(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT} {
		in, out := t.TempDir(), t.TempDir()
		for i := range 12 {
			writeWorkbook(t, filepath.Join(in, fmt.Sprintf("%02d.xlsx", i)), samplereport.Example2021As(fmt.Sprintf("某某县第%d局", i), 1))
		}
		cmd := exec.Command(os.Args[0], "render", in, "--out-dir", out)
		cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(time.Minute)
		for len(temporaries(out)) == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if len(temporaries(out)) == 0 {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("no temporary file seen while rendering")
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 128+int(sig) {
			t.Errorf("%v: exit %v, want %d", sig, err, 128+int(sig))
		}
		if left := temporaries(out); len(left) > 0 {
			t.Errorf("%v: temporary files left: %v", sig, left)
		}
	}
}

func temporaries(dir string) []string {
	found, _ := filepath.Glob(filepath.Join(dir, ".nianbao-*.tmp"))
	return found
}

// Every hostile workbook of package hostile, checked by the command in a child process: the
// exit code and first line are right, the input is unchanged, and time and memory stay
// within generous bounds (the numbers themselves are measured by BenchmarkHostile and
// /usr/bin/time; see docs). A formula is never evaluated, rows past the tables never read.
func TestHostileWorkbooksInAChildProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large workbooks")
	}
	dir := t.TempDir()
	for i, c := range hostile.Cases(hostile.Base()) {
		path := filepath.Join(dir, fmt.Sprintf("%02d.xlsx", i))
		if err := os.WriteFile(path, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		sum := fileSum(t, path)
		code, out := runBoundedChild(t, c.Name, "check", path)
		switch c.Outcome {
		case hostile.Damaged:
			if code != exitInput || !strings.Contains(out, "文件已损坏") || !strings.Contains(out, c.Part) {
				t.Errorf("%s: exit %d\n%s", c.Name, code, out)
			}
		case hostile.TooLarge:
			if code != exitInput || !strings.Contains(out, "过大") {
				t.Errorf("%s: exit %d\n%s", c.Name, code, out)
			}
		default:
			if code != 0 && code != exitFindings || c.Rule != "" && !strings.Contains(out, c.Rule) {
				t.Errorf("%s: exit %d, want findings with %s\n%s", c.Name, code, c.Rule, out)
			}
			jsonCode, jsonOut := runBoundedChild(t, c.Name+" --format json", "check", path, "--format", "json")
			if jsonCode != code || !json.Valid([]byte(jsonOut)) {
				t.Errorf("%s: --format json exit %d (text: %d) or not JSON:\n%.500s", c.Name, jsonCode, code, jsonOut)
			}
			for _, o := range []string{out, jsonOut} {
				if unreadable.MatchString(o) {
					t.Errorf("%s: a number nobody can read: %q", c.Name, unreadable.FindString(o))
				}
			}
		}
		// The annotated copy goes through the workbook library, which loads whole sheets:
		// bounded too (a workbook too large to copy is refused).
		runBoundedChild(t, c.Name+" --annotate", "check", path, "--annotate", filepath.Join(dir, "annotated"))
		if fileSum(t, path) != sum {
			t.Errorf("%s: the input changed", c.Name)
		}
	}
}

// The workbooks that read but cannot be copied with annotations, checked with --annotate in
// a child process: the copy is refused with a message about the file (exit 2), never a crash
// or an internal error, and the checks are reported all the same.
func TestUncopyableWorkbooksInAChildProcess(t *testing.T) {
	dir := t.TempDir()
	base := hostile.Base()
	for i, c := range slices.Concat(hostile.Unannotatable(base), hostile.TooLargeToCopy(base)) {
		path := filepath.Join(dir, fmt.Sprintf("%02d.xlsx", i))
		if err := os.WriteFile(path, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out := runBoundedChild(t, c.Name, "check", path, "--annotate", filepath.Join(dir, "annotated"))
		if code != exitInput || !strings.Contains(out, "未能写入批注副本") || strings.Contains(out, "内部错误") || !strings.Contains(out, "合计：检查 1 个文件") {
			t.Errorf("%s: exit %d\n%s", c.Name, code, out)
		}
	}
}

// runBoundedChild runs the command in a child process and fails the test when it takes more
// than the generous bounds of 20 s and 1 GiB; it returns the exit code and all output.
// unreadable is what no finding may print: an infinity, not-a-number, or a number of 16 or
// more digits (1e308 written out has 309).
var unreadable = regexp.MustCompile(`Inf|NaN|[0-9]{16,}`)

func runBoundedChild(t *testing.T, name string, args ...string) (int, string) {
	t.Helper()
	peakFile := filepath.Join(t.TempDir(), "peak")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1", "NIANBAO_PEAK_FILE="+peakFile)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	cmd.Wait()
	timer.Stop()
	elapsed := time.Since(start)
	code, rss := cmd.ProcessState.ExitCode(), peakKiB(peakFile)
	t.Logf("%s: exit %d, %v, peak %d MiB", name, code, elapsed.Round(time.Millisecond), rss>>10)
	if elapsed > 20*time.Second || rss > 1<<20 {
		t.Errorf("%s: %v and %d MiB, beyond the generous bound of 20 s and 1 GiB", name, elapsed, rss>>10)
	}
	return code, out.String()
}

// Control characters in an agency name (stored as _x001B_ in the workbook) and in a file
// name never reach the terminal raw: the reader drops them from cell text, and whatever is
// printed is escaped.
func TestNoTerminalInjection(t *testing.T) {
	dir := t.TempDir()
	r := samplereport.Example2021As("某某县\x1b[2J审计局\x07", 1)
	writeWorkbook(t, filepath.Join(dir, "a.xlsx"), r)
	writeWorkbook(t, filepath.Join(dir, "b\x1b]0;title\x07\u202e.xlsx"), samplereport.Example2021As("某某县民政局", 1))
	for _, args := range [][]string{
		{"check", dir},
		{"status", dir, "-o", filepath.Join(t.TempDir(), "s.xlsx")},
	} {
		_, stdout, stderr := runCLI(t, args...)
		out := stdout + stderr
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%s printed a control character raw:\n%q", args[0], out)
		}
		if !strings.Contains(out, "某某县[2J审计局") || !strings.Contains(out, `b\x1b]0;title\x07\u202e.xlsx`) {
			t.Errorf("%s did not show the file name escaped:\n%q", args[0], out)
		}
	}
}

// A file name holding a line break or a byte that is not UTF-8 is printed escaped, as cell
// text is, by every command that names it: it never breaks the line it is on.
func TestNamesPrintedEscaped(t *testing.T) {
	dir, out := t.TempDir(), t.TempDir()
	name := "局\n检查通过：没有发现问题\xff.xlsx" // a second line that would pass for a verdict
	writeWorkbook(t, filepath.Join(dir, name), samplereport.Example2021As("某某县民政局", 1))
	writeWorkbook(t, filepath.Join(dir, "b.xlsx"), samplereport.Example2021As("某某县财政局", 1))
	for _, args := range [][]string{
		{"check", dir},
		{"check", dir, "--annotate", filepath.Join(out, "annotated")},
		{"status", dir, "-o", filepath.Join(out, "s.xlsx")},
		{"render", dir, "--out-dir", filepath.Join(out, "pdf")},
		{"aggregate", dir, "-o", filepath.Join(out, "汇总\n.xlsx")},
	} {
		_, stdout, stderr := runCLI(t, args...)
		text := stdout + stderr
		if !utf8.ValidString(text) || strings.Contains(text, "局\n检查通过") {
			t.Errorf("%s printed the name raw:\n%q", args[0], text)
		}
		if !strings.Contains(text, `局\n检查通过：没有发现问题\xff`) && args[0] != "aggregate" && args[0] != "render" {
			t.Errorf("%s did not show the name escaped:\n%q", args[0], text)
		}
	}
}

// check lists, under T1, every character render cannot print, and render refuses the same
// workbook: the two never disagree. A character outside the BMP gets no --font-body advice.
func TestCheckAndRenderAgreeOnUnprintable(t *testing.T) {
	dir := t.TempDir()
	r := samplereport.Example2021()
	f := r.Prose["overview"]
	f.Text += "𠀀𪚥"
	r.Prose["overview"] = f
	in := writeWorkbook(t, filepath.Join(dir, "a.xlsx"), r)
	_, checked, _ := runCLI(t, "check", in)
	if !strings.Contains(checked, "T1") || !strings.Contains(checked, "“𠀀”（U+20000）、“𪚥”（U+2A6A5）") {
		t.Errorf("check does not list the unprintable characters:\n%s", checked)
	}
	code, stdout, stderr := runCLI(t, "render", in, "-o", filepath.Join(dir, "a.pdf"))
	if code != exitInput || !strings.Contains(stderr, "U+20000") || strings.Contains(stderr, "--font-body") ||
		!strings.Contains(stdout, "“𪚥”（U+2A6A5）") { // render lists every one, as check does
		t.Errorf("render: exit %d\n%s\n%s", code, stdout, stderr)
	}
	clean := writeWorkbook(t, filepath.Join(dir, "b.xlsx"), samplereport.Example2021())
	if _, stdout, _ := runCLI(t, "check", clean); strings.Contains(stdout, "T1") {
		t.Errorf("T1 on a printable report:\n%s", stdout)
	}
}

// A blank template given as last year's workbook is said to be blank and not compared: no
// false cross-year errors.
func TestBlankPrevIsNotCompared(t *testing.T) {
	dir := t.TempDir()
	in := writeWorkbook(t, filepath.Join(dir, "a.xlsx"), samplereport.Example2021())
	blank := filepath.Join(dir, "blank.xlsx")
	if err := os.WriteFile(blank, hostile.Blank(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "check", in, "--prev", blank)
	if code == exitInput || !strings.Contains(stdout+stderr, "上年工作簿的统计表是空白的") || strings.Contains(stdout, "I6") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// Messages name the user's own path: an output name over 255 bytes is refused with the
// operating system's cause in Chinese (not the temporary file's name), and a workbook with an
// edition this version does not know is named.
func TestMessagesNameTheUsersPath(t *testing.T) {
	dir := t.TempDir()
	in := writeWorkbook(t, filepath.Join(dir, "in.xlsx"), samplereport.Example2021())
	long := filepath.Join(dir, strings.Repeat("长", 100)+".pdf")
	code, _, stderr := runCLI(t, "render", in, "-o", long)
	if code != exitInput || !strings.Contains(stderr, long+"（文件名或路径过长）") || strings.Contains(stderr, ".nianbao-") {
		t.Errorf("over-long output name: exit %d, %q", code, stderr)
	}
	bogus := filepath.Join(dir, "bogus.xlsx")
	data := hostile.Rewrite(hostile.Base(), "docProps/custom.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte(">2021<"), []byte(">2099<"), 1)
	})
	if err := os.WriteFile(bogus, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "render", bogus, "-o", filepath.Join(dir, "b.pdf"))
	if code != exitInput || !strings.Contains(stderr, "工作簿的模板版本无法识别："+bogus) {
		t.Errorf("unknown edition: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "status", dir, "-o", dir)
	if code != exitInput || !strings.Contains(stderr, "输出位置是一个目录") {
		t.Errorf("status -o DIR: exit %d, %q", code, stderr)
	}
}

// A folder whose paths grow past what the system accepts (PATH_MAX) is one row, and the walk
// goes on with the other workbooks.
func TestWalkGoesOnPastAnOverLongPath(t *testing.T) {
	dir := t.TempDir()
	writeWorkbook(t, filepath.Join(dir, "a.xlsx"), samplereport.Example2021())
	// Built from inside, one level at a time: no single path given to the system is too long.
	deep := exec.Command("python3", "-c", `import os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
for i in range(20):
    os.mkdir("d" * 240, dir_fd=fd)
    fd = os.open("d" * 240, os.O_RDONLY, dir_fd=fd)
`, dir)
	if out, err := deep.CombinedOutput(); err != nil {
		t.Skipf("cannot build a deep folder here: %v %s", err, out)
	}
	code, stdout, stderr := runCLI(t, "status", dir, "-o", filepath.Join(t.TempDir(), "s.xlsx"))
	if code != 0 || !strings.Contains(stdout, "文件名或路径过长") || !strings.Contains(stdout, "a.xlsx") {
		t.Errorf("status: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
