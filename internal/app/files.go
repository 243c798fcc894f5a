package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/message"
)

// WritableDir checks that files can be created in dir, so that a bad directory gets a clear
// message instead of one about a temporary file.
func WritableDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return message.Inputf("输出目录不存在：%s。", dir)
	case err != nil:
		return message.Inputf("无法访问输出目录：%s。", dir)
	case !info.IsDir():
		return message.Inputf("输出位置不是目录：%s。", dir)
	}
	probe, err := os.CreateTemp(dir, ".nianbao-probe-*")
	if err != nil {
		return message.Inputf("输出目录不可写入：%s。", dir)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// makeOutputDir creates dir when needed and checks that files can be written into it.
func makeOutputDir(dir string, what string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return message.Inputf("无法创建%s：%s。", what, dir)
	}
	return WritableDir(dir)
}

// isInside reports whether path lies in dir.
func isInside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// sameFileAs drops the output file of the run from the inputs, so that a second run in the
// same directory does not read the first run's result as a bureau's workbook.
func sameFileAs(out string) func(string) bool {
	target, err := filepath.Abs(out)
	if err != nil {
		return nil
	}
	return func(path string) bool {
		p, err := filepath.Abs(path)
		return err == nil && p == target
	}
}

// checkOutput refuses, before any work is done, an output file that exists (without
// force) or that cannot be created.
func checkOutput(path string, force bool) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return message.Inputf("文件已存在，未覆盖：%s。如需覆盖，请加 --force。", path)
	}
	return WritableDir(filepath.Dir(path))
}
