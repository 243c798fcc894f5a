package message

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
		{&xlsxreader.FileError{Path: "a.doc", Err: xlsxreader.ErrLegacyWord}, ExitInput, "文件是旧版 Word 或 WPS 文字文档（.doc、.wps），不是 Excel 工作簿：a.doc。请在填报模板（.xlsx）中填写后再提交。"},
		{&xlsxreader.FileError{Path: "a.ppt", Err: xlsxreader.ErrLegacyPresentation}, ExitInput, "文件是旧版 PowerPoint 演示文稿（.ppt），不是 Excel 工作簿：a.ppt。请在填报模板（.xlsx）中填写后再提交。"},
		{&xlsxreader.FileError{Path: "a.doc", Err: xlsxreader.ErrDamagedCompound}, ExitInput, "文件是旧版 Office 或 WPS 格式，但已损坏，无法识别是哪种文件：a.doc。请重新获取该文件；如是旧版表格（.xls、.et），请打开后“另存为” Excel 工作簿（.xlsx）。"},
		{&xlsxreader.InternalError{Path: "a.xlsx", Cause: "boom"}, ExitInternal, "读取工作簿时发生内部错误：a.xlsx（boom）"},
		{&batch.UnsupportedError{Path: "b.ods"}, ExitInput, "不支持的文件格式（.ods）：b.ods。"},
		{notExist, ExitInput, "文件或目录不存在：" + notExist.(*os.PathError).Path + "。"},
		// The kind of file comes from the error (the path need not exist any more).
		{fmt.Errorf("prev: %w", &fs.PathError{Op: "open", Path: "gone.xlsx", Err: &infile.NotRegularError{Mode: fs.ModeNamedPipe}}),
			ExitInput, "不是普通文件（命名管道），未读取：gone.xlsx。"},
		// Operating-system causes in Chinese, with the user's path.
		{&fs.PathError{Op: "write", Path: "out.pdf", Err: syscall.EROFS}, ExitInput, "无法读写文件：out.pdf（只读文件系统，不能写入）。"},
		{&fs.PathError{Op: "write", Path: "out.pdf", Err: syscall.ENOSPC}, ExitInput, "无法读写文件：out.pdf（磁盘空间不足）。"},
		{&fs.PathError{Op: "open", Path: "a.xlsx", Err: syscall.ELOOP}, ExitInput, "无法读写文件：a.xlsx（符号链接层数过多（可能循环链接））。"},
		{&fs.PathError{Op: "open", Path: "d", Err: syscall.EISDIR}, ExitInput, "无法读写文件：d（这是一个目录）。"},
		{&fs.PathError{Op: "write", Path: "长.pdf", Err: syscall.ENAMETOOLONG}, ExitInput, "无法读写文件：长.pdf（文件名或路径过长）。"},
		// A damaged part is named; an unknown edition in a workbook names the file.
		{&xlsxreader.FileError{Path: "a.xlsx", Err: &xlsxreader.DamagedError{Part: "xl/worksheets/sheet3.xml", Sheet: "表三", Err: errors.New("x")}},
			ExitInput, "文件已损坏：a.xlsx，其中工作表“表三”（xl/worksheets/sheet3.xml）无法解析。"},
		{&xlsxreader.FileError{Path: "a.xlsx", Err: fmt.Errorf("%w: %w", xlsxreader.ErrForeignTemplate, template.ErrUnknownEdition)},
			ExitInput, "工作簿的模板版本无法识别：a.xlsx。"},
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
