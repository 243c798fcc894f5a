package main

// This file is the one place where errors become the Chinese messages a user reads, and
// exit codes. Packages return wrapped Go errors; describe matches them with errors.Is/As.

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
	"github.com/urfave/cli/v2"
)

// Exit codes.
const (
	exitFindings = 1 // a checked workbook has errors
	exitInput    = 2 // bad arguments or a file that could not be read or written
	exitInternal = 3 // a bug
)

// usageError is a mistake in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// inputError is a user mistake already phrased in Chinese by the command.
type inputError struct{ msg string }

func (e inputError) Error() string { return e.msg }

func inputErrorf(format string, a ...any) error { return inputError{fmt.Sprintf(format, a...)} }

// findingsError reports that checks found errors; the findings were already printed.
type findingsError struct{}

func (findingsError) Error() string { return "findings" }

// describe turns an error into the message shown to the user and the exit code.
func describe(err error) (string, int) {
	var (
		in   inputError
		use  usageError
		exit cli.ExitCoder
		perr *fs.PathError
		ferr *fonts.FileError
		miss *pdfwriter.MissingGlyphError
		rerr *xlsxreader.FileError
		bug  *xlsxreader.InternalError
		uns  *batch.UnsupportedError
	)
	switch {
	case errors.As(err, &in):
		return in.msg, exitInput
	case errors.As(err, &use):
		return usageMessage(use.err) + "请运行 nianbao --help 查看用法。", exitInput
	case errors.Is(err, findingsError{}):
		return "", exitFindings
	case errors.Is(err, template.ErrUnknownEdition):
		return "未知的格式版本，可选：" + editionIDs("、") + "。", exitInput
	case errors.Is(err, template.ErrNoEdition):
		return fmt.Sprintf("该年度没有适用的年度报告格式（最早为%d年度）。", template.Editions()[0].FirstYear), exitInput
	case errors.As(err, &miss):
		return missingGlyph(miss), exitInput
	case errors.Is(err, outfile.ErrExists):
		return fmt.Sprintf("文件已存在，未覆盖：%s。如需覆盖，请加 --force。", pathOf(err)), exitInput
	case errors.Is(err, outfile.ErrIsDirectory):
		return fmt.Sprintf("输出位置是一个目录：%s。请指定文件名。", pathOf(err)), exitInput
	case errors.As(err, &ferr):
		return fontFileMessage(ferr), exitInput
	case errors.As(err, &rerr):
		return workbookFileMessage(rerr), exitInput
	case errors.As(err, &bug):
		return fmt.Sprintf("读取工作簿时发生内部错误：%s（%v）。请将此信息和所用文件报告给开发者。", bug.Path, bug.Cause), exitInternal
	case errors.As(err, &uns):
		return fmt.Sprintf("不支持的文件格式（%s）：%s。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（.xlsx）再提交。", uns.Ext(), uns.Path), exitInput
	case errors.Is(err, fonts.ErrNoSystemFonts):
		return "本机未找到公文字体（仿宋_GB2312 或方正仿宋、方正小标宋、黑体、楷体）。" +
			"请安装后重试，或去掉 --fonts system 使用内置字体。", exitInput
	case errors.As(err, &perr) && errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("没有权限访问：%s。", perr.Path), exitInput
	case errors.As(err, &perr) && errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("文件或目录不存在：%s。", perr.Path), exitInput
	case errors.As(err, &perr):
		return fmt.Sprintf("无法读写文件：%s（%v）。", perr.Path, perr.Err), exitInput
	case errors.As(err, &exit):
		return exit.Error(), exit.ExitCode()
	}
	return fmt.Sprintf("内部错误：%v。请将此信息和所用文件报告给开发者。", err), exitInternal
}

// fontFileMessage says why a font file named with --font-ROLE cannot be used.
func fontFileMessage(e *fonts.FileError) string {
	switch {
	case errors.Is(e, fonts.ErrCollection):
		return fmt.Sprintf("字体文件 %s 是字体集合（.ttc），不能直接使用。请改用单个 TrueType 字体文件（.ttf）。", e.Path)
	case errors.Is(e, fonts.ErrCFF):
		return fmt.Sprintf("字体文件 %s 是 CFF 轮廓的 OpenType 字体，PDF 排版只能使用 TrueType 字体（.ttf）。", e.Path)
	case errors.Is(e, fonts.ErrNoUnicodeCmap):
		return fmt.Sprintf("字体文件 %s 缺少 Unicode 字符映射表，不能用于中文排版。", e.Path)
	case errors.Is(e, fonts.ErrEmbeddingRestricted):
		return fmt.Sprintf("字体文件 %s 的授权不允许嵌入 PDF，请换用其他字体。", e.Path)
	}
	return fmt.Sprintf("文件 %s 不是可用的 TrueType 字体文件。", e.Path)
}

// pathOf returns the path named at the start of a wrapped error ("path: cause").
func pathOf(err error) string {
	s := err.Error()
	for i := len(s) - 1; i > 0; i-- {
		if s[i] == ':' {
			return s[:i]
		}
	}
	return s
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

// missingGlyph says which character cannot be printed, where it is and what to do.
func missingGlyph(e *pdfwriter.MissingGlyphError) string {
	why := "所用字体（含后备字体）均没有这个字"
	if e.OutsideBMP {
		why = "这个字位于 Unicode 扩展区，PDF 排版库无法嵌入"
	}
	return fmt.Sprintf("无法排版字符“%c”（U+%04X），位于%s：“%s”。%s，未生成 PDF。"+
		"请改用通用规范汉字，或用 --font-body 等选项指定含有此字的 TrueType 字体。",
		e.Char, e.Char, e.Where, e.Context, why)
}

// workbookFileMessage says why a workbook could not be read and what to do about it.
func workbookFileMessage(e *xlsxreader.FileError) string {
	for _, m := range []struct {
		err error
		msg string
	}{
		{xlsxreader.ErrEmpty, "文件是空的（0 字节）：%s。请重新获取该文件。"},
		{xlsxreader.ErrTooLarge, "文件过大或解压后过大，不是年度报告工作簿：%s。"},
		{xlsxreader.ErrLegacyFormat, "文件是旧版 Excel（.xls）、WPS（.et）或网页格式的表格：%s。请打开后“另存为” Excel 工作簿（.xlsx）。"},
		{xlsxreader.ErrEncrypted, "工作簿设置了打开密码：%s。请取消密码后另存再提交。"},
		{xlsxreader.ErrODS, "文件是 OpenDocument 表格（.ods）：%s。请“另存为” Excel 工作簿（.xlsx）。"},
		{xlsxreader.ErrTruncated, "文件不完整或已损坏（可能下载或复制时中断）：%s。请重新获取该文件。"},
		{xlsxreader.ErrNotWorkbook, "文件不是 Excel 工作簿：%s。"},
		{xlsxreader.ErrUnrecognized, "无法识别的文件格式，不是 Excel 工作簿：%s。"},
		{xlsxreader.ErrDamaged, "工作簿已损坏，无法打开：%s。请用 Excel 或 WPS 打开后另存再试。"},
		{xlsxreader.ErrNotReport, "工作簿中既没有 nianbao 模板标记，也找不到年度报告的统计表：%s。"},
		{xlsxreader.ErrForeignTemplate, "工作簿的模板版本无法识别：%s。请使用统一下发的填报模板。"},
		{xlsxreader.ErrNewerLayout, "工作簿由更新版本的 nianbao 生成：%s。请升级 nianbao 后再试。"},
	} {
		if errors.Is(e, m.err) {
			return fmt.Sprintf(m.msg, e.Path)
		}
	}
	return fmt.Sprintf("无法读取工作簿：%s（%v）。", e.Path, e.Err)
}
