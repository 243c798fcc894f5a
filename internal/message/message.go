// Package message is the one place where errors become the Chinese line a user reads, and an
// exit code: the command line and any later front end describe errors through Describe.
// Packages return typed, wrapped Go errors naming the user's path; Describe matches them with
// errors.Is and errors.As.
package message

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/aggregate"
	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/importer"
	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
	"github.com/nianbao/nianbao/template"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitFindings = 1 // a checked workbook has errors
	ExitInput    = 2 // bad arguments or a file that could not be read or written
	ExitInternal = 3 // a bug
)

// InputError is a user mistake already phrased in Chinese where it was found.
type InputError struct{ Text string }

func (e *InputError) Error() string { return e.Text }

// Inputf makes an *InputError.
func Inputf(format string, a ...any) error { return &InputError{fmt.Sprintf(format, a...)} }

// ErrFindings reports that checks found errors; the findings themselves were reported with
// the file.
var ErrFindings = errors.New("findings")

// ErrReported reports that some inputs could not be read or some outputs not written; each
// was reported with its file.
var ErrReported = errors.New("inputs or outputs failed; reported with each file")

// Describe turns an error into the message shown to the user and the exit code. The message
// is "" for ErrFindings and ErrReported, whose causes were reported with each file.
func Describe(err error) (string, int) {
	var (
		in    *InputError
		perr  *fs.PathError
		ferr  *fonts.FileError
		miss  *pdfwriter.MissingGlyphError
		rerr  *xlsxreader.FileError
		bug   *xlsxreader.InternalError
		uns   *batch.UnsupportedError
		mixed *aggregate.MixedError
		dup   *aggregate.DuplicateError
		same  *outfile.SameAsInputError
		own   *xlsxreader.OutputError
		dmg   *xlsxreader.DamagedError
		nreg  *infile.NotRegularError
		imp   *importer.FileError
		epoch *document.EpochError
	)
	switch {
	case errors.As(err, &in):
		return in.Text, ExitInput
	case errors.Is(err, ErrFindings):
		return "", ExitFindings
	case errors.Is(err, ErrReported):
		return "", ExitInput
	case errors.Is(err, template.ErrUnknownEdition) && !errors.As(err, &rerr): // a workbook's is said with its file
		return "未知的格式版本，可选：" + strings.Join(template.EditionIDs(), "、") + "。", ExitInput
	case errors.Is(err, template.ErrNoEdition):
		return fmt.Sprintf("该年度没有适用的年度报告格式（最早为%d年度）。", template.Editions()[0].FirstYear), ExitInput
	case errors.As(err, &miss):
		return missingGlyph(miss), ExitInput
	case errors.As(err, &epoch):
		return fmt.Sprintf("环境变量 SOURCE_DATE_EPOCH 的值“%s”不是整数秒数（自1970年1月1日起），无法确定文档日期，未生成。请删除该环境变量或改为整数后重试。", Name(epoch.Value)), ExitInput
	case errors.Is(err, outfile.ErrExists) && errors.As(err, &perr):
		return fmt.Sprintf("文件已存在，未覆盖：%s。如需覆盖，请加 --force。", Name(perr.Path)), ExitInput
	case errors.Is(err, outfile.ErrIsDirectory) && errors.As(err, &perr):
		return fmt.Sprintf("输出位置是一个目录：%s。请指定文件名。", Name(perr.Path)), ExitInput
	case errors.Is(err, outfile.ErrNotRegular) && errors.As(err, &perr):
		return fmt.Sprintf("输出位置不是普通文件（%s），不能写入或覆盖：%s。请另选文件名。", kindAt(Name(perr.Path)), Name(perr.Path)), ExitInput
	case errors.As(err, &same) && errors.As(err, &perr):
		return fmt.Sprintf("输出文件 %s 就是输入文件 %s，写入会毁掉输入，未执行。请另选输出文件名。", Name(perr.Path), Name(same.Input)), ExitInput
	case errors.As(err, &nreg) && errors.As(err, &perr):
		return fmt.Sprintf("不是普通文件（%s），未读取：%s。", fileKind(nreg.Mode), Name(perr.Path)), ExitInput
	case errors.Is(err, infile.ErrTooLarge) && errors.As(err, &perr):
		return fmt.Sprintf("文件过大，未读取：%s。", Name(perr.Path)), ExitInput
	case errors.Is(err, batch.ErrLinkedDirectory) && errors.As(err, &perr):
		return fmt.Sprintf("是指向其他目录的链接（快捷方式），为避免循环未进入：%s。", Name(perr.Path)), ExitInput
	case errors.As(err, &own):
		return fmt.Sprintf("%s 是 nianbao 此前生成的%s，已略过，不作为单位的工作簿读取。", Name(own.Path), outputKinds[own.Kind]), ExitInput
	case errors.As(err, &ferr):
		return fontFile(ferr), ExitInput
	case errors.As(err, &imp):
		return importFile(imp), ExitInput
	case errors.As(err, &rerr) && errors.As(err, &dmg):
		where := " " + dmg.Part + " "
		if dmg.Sheet != "" {
			where = fmt.Sprintf("工作表“%s”（%s）", dmg.Sheet, dmg.Part)
		}
		return fmt.Sprintf("文件已损坏：%s，其中%s无法解析。请用 Excel 或 WPS 打开后另存再试，或重新获取该文件。", Name(rerr.Path), where), ExitInput
	case errors.As(err, &rerr):
		return workbookFile(rerr), ExitInput
	case errors.As(err, &bug):
		return fmt.Sprintf("读取工作簿时发生内部错误：%s（%v）。请将此信息和所用文件报告给开发者。", Name(bug.Path), bug.Cause), ExitInternal
	case errors.As(err, &uns):
		return fmt.Sprintf("不支持的文件格式（%s）：%s。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（.xlsx）再提交。", uns.Ext(), Name(uns.Path)), ExitInput
	case errors.Is(err, fonts.ErrNoSystemFonts):
		return "本机未找到公文字体（仿宋_GB2312 或方正仿宋、方正小标宋、黑体、楷体）。" +
			"请安装后重试，或去掉 --fonts system 使用内置字体。", ExitInput
	case errors.As(err, &mixed):
		return mixedYears(mixed), ExitInput
	case errors.As(err, &dup):
		var lines []string
		for _, d := range dup.Duplicates {
			lines = append(lines, fmt.Sprintf("%s：%s", Agency(d.Agency), strings.Join(d.Files, "、")))
		}
		return "同一机关有多份工作簿，未汇总。请确认以哪一份为准，移走其余的后重试：\n  " + strings.Join(lines, "\n  "), ExitInput
	case errors.As(err, &perr) && errors.Is(err, fs.ErrPermission):
		return fmt.Sprintf("没有权限访问：%s。", Name(perr.Path)), ExitInput
	case errors.As(err, &perr) && errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("文件或目录不存在：%s。", Name(perr.Path)), ExitInput
	case errors.As(err, &perr):
		return fmt.Sprintf("无法读写文件：%s（%s）。", Name(perr.Path), osCause(perr.Err)), ExitInput
	}
	return fmt.Sprintf("内部错误：%v。请将此信息和所用文件报告给开发者。", err), ExitInternal
}

// Text is Describe's message alone, for a line about one file of many.
func Text(err error) string {
	msg, _ := Describe(err)
	return msg
}

// mixedYears lists the workbooks of another year or edition than most.
func mixedYears(e *aggregate.MixedError) string {
	var lines []string
	for _, o := range e.Offenders {
		lines = append(lines, fmt.Sprintf("%s → %s、%s", o.Source.File, yearText(o.Source.Year), template.EditionName(o.Edition)))
	}
	return fmt.Sprintf("工作簿的报告年度或格式版本不一致，未汇总。多数为%s、%s，以下 %d 份不同：\n  %s",
		yearText(e.Year), template.EditionName(e.Edition), len(lines), strings.Join(lines, "\n  "))
}

func yearText(y int) string {
	if y == 0 {
		return "报告年度未填"
	}
	return strconv.Itoa(y) + "年度"
}

// Agency is how messages name an agency, also one whose name was left blank.
func Agency(name string) string {
	if name == "" {
		return "未填机关名称"
	}
	return name
}

// outputKinds name nianbao's own outputs.
var outputKinds = map[string]string{
	workbook.OutputAggregate: "汇总工作簿",
	workbook.OutputStatus:    "检查情况汇总表",
	workbook.OutputAnnotated: "批注副本",
}

// fileKind names what a file that is not a regular file is: 目录、设备 …
func fileKind(mode fs.FileMode) string {
	switch t := mode.Type(); {
	case t&fs.ModeDir != 0:
		return "目录"
	case t&fs.ModeNamedPipe != 0:
		return "命名管道"
	case t&fs.ModeSocket != 0:
		return "套接字"
	case t&fs.ModeDevice != 0:
		return "设备"
	}
	return "特殊文件"
}

// kindAt names what the file at path is, for a refusal that does not carry its mode
// (outfile's).
func kindAt(path string) string {
	info, err := os.Stat(path)
	if err != nil {
		return "特殊文件"
	}
	return fileKind(info.Mode())
}

// osCauses are the operating system's reasons for a failed read or write, in Chinese.
var osCauses = []struct {
	err error
	msg string
}{
	{syscall.EROFS, "只读文件系统，不能写入"},
	{syscall.ENOSPC, "磁盘空间不足"},
	{syscall.EDQUOT, "超出磁盘配额"},
	{syscall.ELOOP, "符号链接层数过多（可能循环链接）"},
	{syscall.EISDIR, "这是一个目录"},
	{syscall.ENOTDIR, "路径中有一部分不是目录"},
	{syscall.ENAMETOOLONG, "文件名或路径过长"},
	{syscall.EMFILE, "同时打开的文件过多"},
	{syscall.EIO, "磁盘读写错误"},
	{syscall.EXDEV, "不能跨磁盘移动文件"},
	{syscall.EBUSY, "文件正被占用"},
	{fs.ErrPermission, "没有权限"},
	{fs.ErrNotExist, "文件或目录不存在"},
	{fs.ErrExist, "文件已存在"},
}

// osCause says in Chinese why the operating system refused a read or a write.
func osCause(err error) string {
	for _, c := range osCauses {
		if errors.Is(err, c.err) {
			return c.msg
		}
	}
	return "操作系统拒绝：" + err.Error()
}

// fontFile says why a font file named with --font-ROLE cannot be used.
func fontFile(e *fonts.FileError) string {
	switch {
	case errors.Is(e, fonts.ErrCollection):
		return fmt.Sprintf("字体文件 %s 是字体集合（.ttc），不能直接使用。请改用单个 TrueType 字体文件（.ttf）。", Name(e.Path))
	case errors.Is(e, fonts.ErrCFF):
		return fmt.Sprintf("字体文件 %s 是 CFF 轮廓的 OpenType 字体，PDF 排版只能使用 TrueType 字体（.ttf）。", Name(e.Path))
	case errors.Is(e, fonts.ErrNoUnicodeCmap):
		return fmt.Sprintf("字体文件 %s 缺少 Unicode 字符映射表，不能用于中文排版。", Name(e.Path))
	case errors.Is(e, fonts.ErrEmbeddingRestricted):
		return fmt.Sprintf("字体文件 %s 的授权不允许嵌入 PDF，请换用其他字体。", Name(e.Path))
	}
	return fmt.Sprintf("文件 %s 不是可用的 TrueType 字体文件。", Name(e.Path))
}

// missingGlyph says which character cannot be printed, where it is and what to do.
func missingGlyph(e *pdfwriter.MissingGlyphError) string {
	why, what := "所用字体（含后备字体）均没有这个字", "请改用通用规范汉字，或用 --font-body 等选项指定含有此字的 TrueType 字体"
	if e.OutsideBMP { // no font option helps: the PDF library cannot embed it from any font
		why, what = "这个字位于 Unicode 扩展区，PDF 排版库无法嵌入", "请改用通用规范汉字"
	}
	return fmt.Sprintf("无法排版字符“%c”（U+%04X），位于%s：“%s”。%s，未生成 PDF。%s；nianbao check 会列出所有这样的字符（规则 T1）。",
		e.Char, e.Char, e.Where, e.Context, why, what)
}

// importFile says why a published report could not be imported and what to do about it.
func importFile(e *importer.FileError) string {
	for _, m := range []struct {
		err error
		msg string
	}{
		{importer.ErrEmpty, "%s：文件是空的（0 字节）。请重新获取该文件。"},
		{importer.ErrScanned, "%s：没有可以读取的文字（扫描件，或文字已转为图片、图形），无法读取。请向发布单位索取可以复制文字的 PDF 或 Word 文档。"},
		{importer.ErrEncrypted, "%s：文档已加密或设有密码，无法读取。请去除密码后另存再试。"},
		{importer.ErrLegacyWord, "%s：是旧版 Word 文档（.doc）或 WPS 文档，无法读取。请用 Word 或 WPS 打开后“另存为” Word 文档（.docx）再试。"},
		{importer.ErrUnknownKind, "%s：不是 PDF、Word 文档（.docx）或网页，无法读取。"},
		{importer.ErrTooLarge, "%s：文件过大或结构过于复杂，超出读取的限制，未读取。"},
		{importer.ErrDamaged, "%s：文件已损坏，无法读取。请重新获取该文件。"},
		{importer.ErrNothingRead, "%s：没有找到年度报告的统计表或正文。"},
	} {
		if errors.Is(e, m.err) {
			return fmt.Sprintf(m.msg, Name(e.Path))
		}
	}
	return fmt.Sprintf("%s：无法读取（%v）。", Name(e.Path), e.Err)
}

// RecomputedTotals warns that an imported workbook's 总计 cells, at places, will not show
// the printed figures once opened: they are formulas, and the printed total is their saved
// result, which Excel and WPS compute again.
func RecomputedTotals(places []string) string {
	return "年报印出的总计与各项之和不一致（见下方检查结果）。工作簿中这些总计是公式，印出的数字只作为保存的计算结果，" +
		"用 Excel 或 WPS 打开后显示的是各项之和，不是年报印出的数字（" + strings.Join(places, "、") + "）。"
}

// WrongExtension says that the output file out does not end in want, the extension of the
// format (its name and label) written into it; the caller adds what else may be done.
func WrongExtension(out, format, label, want string) string {
	ext := filepath.Ext(out)
	if ext == "" {
		return fmt.Sprintf("输出文件 %s 没有扩展名，输出格式为 %s（%s）。请把文件名改为以 %s 结尾", Name(out), format, label, want)
	}
	return fmt.Sprintf("输出文件 %s 的扩展名 %s 与输出格式 %s（%s）不符。请把文件名改为以 %s 结尾", Name(out), Name(ext), format, label, want)
}

// workbookFile says why a workbook could not be read and what to do about it.
func workbookFile(e *xlsxreader.FileError) string {
	for _, m := range []struct {
		err error
		msg string
	}{
		{xlsxreader.ErrEmpty, "文件是空的（0 字节）：%s。请重新获取该文件。"},
		{xlsxreader.ErrTooLarge, "文件过大或解压后过大，不是年度报告工作簿：%s。"},
		{xlsxreader.ErrTooLargeToCopy, "工作簿中表格以外的内容过多，无法生成批注副本：%s。请删除多余的行、列或图片后另存再试。"},
		{xlsxreader.ErrCannotAnnotate, "工作簿的结构无法编辑：%s。检查结果不受影响；请用 Excel 或 WPS 打开后另存再试。"},
		{xlsxreader.ErrLegacyFormat, "文件是旧版 Excel（.xls）、WPS（.et）或网页格式的表格：%s。请打开后“另存为” Excel 工作簿（.xlsx）。"},
		{xlsxreader.ErrLegacyWord, "文件是" + CompoundKind(olefile.Word) + "，不是 Excel 工作簿：%s。请在填报模板（.xlsx）中填写后再提交。"},
		{xlsxreader.ErrLegacyPresentation, "文件是" + CompoundKind(olefile.Presentation) + "，不是 Excel 工作簿：%s。请在填报模板（.xlsx）中填写后再提交。"},
		{xlsxreader.ErrDamagedCompound, "文件是旧版 Office 或 WPS 格式，但已损坏，无法识别是哪种文件：%s。请重新获取该文件；如是旧版表格（.xls、.et），请打开后“另存为” Excel 工作簿（.xlsx）。"},
		{xlsxreader.ErrEncrypted, "工作簿设置了打开密码：%s。请取消密码后另存再提交：WPS 表格中点“文件”→“文档加密”→“密码加密”，清空打开密码；Excel 中点“文件”→“信息”→“保护工作簿”→“用密码进行加密”，删除密码。"},
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
			return fmt.Sprintf(m.msg, Name(e.Path))
		}
	}
	return fmt.Sprintf("无法读取工作簿：%s（%v）。", Name(e.Path), e.Err)
}

// CompoundKind names a legacy Office or WPS file of kind k as users know it, or "" for a kind
// without such a name (encrypted, damaged or other compound files).
func CompoundKind(k olefile.Kind) string {
	switch k {
	case olefile.Word:
		return "旧版 Word 或 WPS 文字文档（.doc、.wps）"
	case olefile.Workbook:
		return "旧版 Excel 或 WPS 表格文件（.xls、.et）"
	case olefile.Presentation:
		return "旧版 PowerPoint 演示文稿（.ppt）"
	}
	return ""
}

// Name is a file or folder name as printed: a line break, a control character or a byte that
// is not UTF-8 is shown as \n, \x1b or \xff, like text from a cell, so that a name cannot
// break the line it is printed on or garble the terminal.
func Name(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case r == '\n':
			b.WriteString("\\n")
		case r == '\r':
			b.WriteString("\\r")
		case r == '\t':
			b.WriteString("\\t")
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
