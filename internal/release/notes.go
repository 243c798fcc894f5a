package release

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nianbao/nianbao/template"
)

// machines says, for each target, on which computers its archive runs, in the words of an
// office's IT contact.
var machines = map[Target]string{
	{"windows", "amd64"}: "Windows 10、11（64 位），绝大多数办公电脑选此项",
	{"windows", "386"}:   "Windows 10（32 位）",
	{"windows", "arm64"}: "Windows 11 ARM 电脑（如骁龙处理器）",
	{"linux", "amd64"}:   "统信UOS、麒麟等 Linux（兆芯、海光、英特尔、AMD 处理器）",
	{"linux", "arm64"}:   "统信UOS、麒麟（鲲鹏、飞腾处理器）",
	{"linux", "loong64"}: "统信UOS、麒麟等（龙芯处理器，须为“新世界”系统）",
	{"darwin", "arm64"}:  "苹果电脑（M1 及以后的苹果芯片）",
	{"darwin", "amd64"}:  "苹果电脑（英特尔处理器）",
}

// Notes is 发布说明.txt: which file suits which machine, how to check a download, how to
// start, and what each system needs. It lists the archives of targets (a release of some
// targets names no file it does not hold), all of Targets when empty. It is written with a
// byte order mark and CRLF line ends, so that Notepad on any Windows shows it correctly.
func Notes(s Stamp, goVersion string, targets []Target) string {
	if len(targets) == 0 {
		targets = Targets
	}
	// The example of checking a download is the first Windows archive, the machine most have.
	example := targets[0]
	if i := slices.IndexFunc(targets, Target.Windows); i >= 0 {
		example = targets[i]
	}
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("nianbao（政府信息公开工作年度报告工具）%s 发布说明", s.Version)
	line("")
	commit := s.Commit
	if commit == "" {
		commit = "未记录"
	}
	line("版本：%s", s.Version)
	line("提交：%s（%d年%d月%d日）", commit, s.Time.Year(), int(s.Time.Month()), s.Time.Day())
	line("编译：%s，不依赖 cgo；用同一源代码和同一编译器可重新生成完全相同的文件。", goVersion)
	line("")
	line("一、按电脑选择下载文件")
	line("")
	for _, t := range targets {
		line("  %s", machines[t])
		line("      %s", s.ArchiveName(t))
	}
	line("")
	line("  统信UOS、麒麟（鲲鹏、飞腾）选 linux-arm64；龙芯选 linux-loong64；兆芯、海光选 linux-amd64。")
	line("  32 位 Windows 选 windows-386。不清楚 Windows 是 32 位还是 64 位的，可在“设置→系统→系统信息”")
	line("  （或“控制面板→系统”）中查看“系统类型”。")
	line("  不清楚信创电脑处理器的，可在终端中运行 uname -m：显示 aarch64 选 linux-arm64，显示")
	line("  loongarch64 选 linux-loong64，显示 x86_64 选 linux-amd64。")
	line("")
	line("二、核对下载的文件")
	line("")
	line("  SHA256SUMS 列出了每个文件的 SHA-256 校验值。使用前请核对，以确认文件完整、未被篡改。")
	line("  Windows：在下载文件所在的文件夹中打开命令提示符（在资源管理器的地址栏输入 cmd 后按回车），运行")
	line("      certutil -hashfile %s SHA256", s.ArchiveName(example))
	line("  将显示的校验值与 SHA256SUMS 中该文件所在行的校验值对照，完全一致方可使用。")
	line("  统信UOS、麒麟：在终端中运行 sha256sum -c SHA256SUMS --ignore-missing，该文件显示“成功”")
	line("  或“OK”即可。苹果电脑：运行 shasum -a 256 文件名，与 SHA256SUMS 中该文件所在行对照。")
	line("")
	line("三、使用方法")
	line("")
	line("  Windows：解压后双击 nianbao.exe，即启动网上报送台，并在浏览器中打开汇总单位的管理页面；")
	line("  报送材料保存在“文档”中的“政府信息公开年报”文件夹。使用期间请勿关闭弹出的黑色窗口，")
	line("  关闭该窗口即停止报送台。")
	line("  统信UOS、麒麟、苹果电脑：解压后在终端中进入解压得到的文件夹，运行 ./nianbao serve。")
	line("  命令行用法（生成模板、检查、排版等）见 README.md，或运行 nianbao --help。")
	line("")
	line("  压缩包中还有两个空白填报模板：")
	for _, e := range template.Editions() {
		years := fmt.Sprintf("%d年度及以后的报告", e.FirstYear)
		if last := e.Through(); last != 0 {
			years = fmt.Sprintf("%d—%d年度的报告", e.FirstYear, last)
		}
		line("      %s  适用于%s", TemplateName(e), years)
	}
	line("  向各单位分发模板时，建议用 nianbao template 或报送台生成已填好单位名称和年度的模板。")
	line("")
	line("四、系统要求")
	line("")
	line("  Windows 10、Windows 11 或 Windows Server 2016 及以后版本。Windows 7、8 无法运行。")
	line("  Linux 内核 3.2 及以上；龙芯须为内核 5.19 及以上的“新世界”系统，内核 4.19 的“旧世界”系统")
	line("  无法运行。")
	line("  macOS 12 及以后版本。")
	line("  无需安装其他软件：排版所用字体已包含在程序中，填报模板用 Excel、WPS 表格均可打开。")
	line("")
	line("五、首次运行时的提示")
	line("")
	line("  本程序未经数字签名。Windows 可能提示“Windows 已保护你的电脑”：核对校验值无误后，点击")
	line("  “更多信息”，再点击“仍要运行”。苹果电脑提示无法验证开发者时，在终端中进入解压得到的文件夹，")
	line("  运行 xattr -d com.apple.quarantine nianbao，再运行 ./nianbao serve。")
	line("")
	line("  字体等第三方组件的许可证见压缩包中的 LICENSES 文件夹。")
	return "\ufeff" + strings.ReplaceAll(b.String(), "\n", "\r\n")
}
