package message

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
)

// TestDescribeNamesTheUsersPath: the path comes from the typed error, however deeply it is
// wrapped and whatever colons the wrapping adds.
func TestDescribeNamesTheUsersPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "报告: 2024.pdf")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := outfile.Write(path, false, func(io.Writer) error { return nil })
	msg, code := Describe(fmt.Errorf("render %s: %w", "in.xlsx", err))
	if code != ExitInput || msg != "文件已存在，未覆盖："+path+"。如需覆盖，请加 --force。" {
		t.Errorf("exists: %d %q", code, msg)
	}
	msg, code = Describe(fmt.Errorf("x: %w", outfile.Write(dir, true, func(io.Writer) error { return nil })))
	if code != ExitInput || msg != "输出位置是一个目录："+dir+"。请指定文件名。" {
		t.Errorf("directory: %d %q", code, msg)
	}
}

func TestDescribe(t *testing.T) {
	_, notExist := os.Open(filepath.Join(t.TempDir(), "nosuch.xlsx"))
	for _, c := range []struct {
		err  error
		code int
		want string
	}{
		{Inputf("请指定%s。", "目录"), ExitInput, "请指定目录。"},
		{fmt.Errorf("render: %w", ErrFindings), ExitFindings, ""},
		{fmt.Errorf("x: %w", template.ErrUnknownEdition), ExitInput, "未知的格式版本，可选：2019、2021。"},
		{&xlsxreader.FileError{Path: "a.xlsx", Err: xlsxreader.ErrEmpty}, ExitInput, "文件是空的（0 字节）：a.xlsx。请重新获取该文件。"},
		{&xlsxreader.InternalError{Path: "a.xlsx", Cause: "boom"}, ExitInternal, "读取工作簿时发生内部错误：a.xlsx（boom）"},
		{&batch.UnsupportedError{Path: "b.ods"}, ExitInput, "不支持的文件格式（.ods）：b.ods。"},
		{notExist, ExitInput, "文件或目录不存在：" + notExist.(*os.PathError).Path + "。"},
		// The kind of file comes from the error (the path need not exist any more).
		{fmt.Errorf("prev: %w", &fs.PathError{Op: "open", Path: "gone.xlsx", Err: &infile.NotRegularError{Mode: fs.ModeNamedPipe}}),
			ExitInput, "不是普通文件（命名管道），未读取：gone.xlsx。"},
		{errors.New("surprise"), ExitInternal, "内部错误：surprise。"},
	} {
		msg, code := Describe(c.err)
		if code != c.code || !strings.HasPrefix(msg, c.want) {
			t.Errorf("Describe(%v) = %d %q, want %d %q…", c.err, code, msg, c.code, c.want)
		}
		if Text(c.err) != msg {
			t.Errorf("Text(%v) differs from Describe", c.err)
		}
	}
}
