package release

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/nianbao/nianbao/internal/realtest"
)

// emulators are the qemu-user programs that run a Linux binary of another processor.
var emulators = map[string]string{"amd64": "qemu-x86_64-static", "arm64": "qemu-aarch64-static", "loong64": "qemu-loongarch64-static"}

// sample is the bundled 2021-edition report with numbers in every table.
var sample = filepath.Join(root, "samples", "示例市生态环境局2025年政府信息公开工作年度报告.xlsx")

// The release binaries for 信创 machines (linux/arm64 for 鲲鹏 and 飞腾, linux/loong64 for
// 龙芯), run under qemu-user, make the same template, the same check result and the same
// PDF, web page and Word document, byte for byte, as the amd64 binary: the same report on
// every machine.
func TestOtherProcessorsWriteTheSameFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nianbao for three processors")
	}
	if runtime.GOOS != "linux" {
		t.Skip("runs Linux binaries")
	}
	for arch, emulator := range emulators {
		if _, err := exec.LookPath(emulator); err != nil && arch != runtime.GOARCH {
			realtest.Missing(t, emulator+" is not installed (Debian package qemu-user-static): the arm64 and loong64 builds were not run")
		}
	}
	s, err := NewStamp("v1.2.3", "421636459d76a7e9ae522f2a3096f60cdb21d2fe", when)
	if err != nil {
		t.Fatal(err)
	}
	var first map[string][]byte
	for _, arch := range []string{"amd64", "arm64", "loong64"} {
		bin := filepath.Join(t.TempDir(), "nianbao")
		if err := Build(context.Background(), root, Target{"linux", arch}, s, bin); err != nil {
			t.Fatal(err)
		}
		if err := checkBinary(Target{"linux", arch}, bin); err != nil {
			t.Error(err)
		}
		work := t.TempDir()
		run := func(args ...string) []byte {
			t.Helper()
			cmd := exec.Command(bin, args...)
			if arch != runtime.GOARCH {
				cmd = exec.Command(emulators[arch], append([]string{bin}, args...)...)
			}
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch, "TZ=Asia/Shanghai")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("linux/%s: nianbao %v: %v\n%s", arch, args, err, stderr.Bytes())
			}
			return stdout.Bytes()
		}
		abs, err := filepath.Abs(sample)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{
			"--version":           run("--version"),
			"check --format json": run("check", "--format", "json", abs),
		}
		run("template", "--year", "2025", "--agency", "示例市生态环境局", "-o", "template.xlsx")
		run("render", abs, "--fonts", "builtin", "--format", "pdf,html,docx", "-o", "report.pdf")
		for _, name := range []string{"template.xlsx", "report.pdf", "report.html", "report.docx"} {
			data, err := os.ReadFile(filepath.Join(work, name))
			if err != nil || len(data) == 0 {
				t.Fatalf("linux/%s wrote no %s: %v", arch, name, err)
			}
			got[name] = data
		}
		if first == nil {
			first = got
			continue
		}
		for name, want := range first {
			if name == "--version" { // names the processor
				want = bytes.ReplaceAll(want, []byte("linux/amd64"), []byte("linux/"+arch))
			}
			if !bytes.Equal(got[name], want) {
				t.Errorf("linux/%s: %s differs from amd64's (%d bytes, amd64's %d)", arch, name, len(got[name]), len(want))
			}
		}
	}
}
