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
