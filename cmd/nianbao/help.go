package main

// Chinese help text: urfave/cli's built-in templates and flag descriptions are in English.

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/nianbao/nianbao/internal/version"
	"github.com/urfave/cli/v2"
)

func init() {
	cli.AppHelpTemplate = `名称：
   {{.Name}} —— {{.Usage}}

用法：
   {{.HelpName}} 命令 [命令选项] [参数…]{{if .Version}}

版本：
   {{.Version}}{{end}}{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleCommands}}

命令：{{range .VisibleCommands}}
   {{join .Names ", "}}{{"\t"}}{{.Usage}}{{end}}{{end}}{{if .VisibleFlags}}

全局选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}

运行“nianbao 命令 --help”查看各命令的用法。
`
	cli.CommandHelpTemplate = `名称：
   {{.HelpName}} —— {{.Usage}}

用法：
   {{if .UsageText}}{{wrap .UsageText 3}}{{else}}{{.HelpName}}{{if .VisibleFlags}} [选项]{{end}}{{if .ArgsUsage}} {{.ArgsUsage}}{{end}}{{end}}{{if .Description}}

说明：
   {{wrap .Description 3}}{{end}}{{if .VisibleFlags}}

选项：{{range .VisibleFlags}}
   {{.}}{{end}}{{end}}
`
	cli.SubcommandHelpTemplate = cli.CommandHelpTemplate
	cli.HelpFlag = &sharedBoolFlag{cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "显示帮助"}}
	cli.VersionFlag = &sharedBoolFlag{cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "显示版本"}}
	cli.FlagStringer = flagString
	cli.VersionPrinter = printVersion
}

// printVersion is nianbao --version: the version, the commit and its date, and the machine
// the binary is for, which is what a user reporting a problem is asked for.
func printVersion(c *cli.Context) {
	// go install …@v1.2.0 records the module's version but no commit: not a development build.
	commit := "未记录"
	if version.Version == version.Dev {
		commit += "（开发版本）"
	}
	if version.Commit != "" {
		commit = version.Commit
		if d := version.DateText(); d != "" {
			commit += "（" + d + "）"
		}
	}
	fmt.Fprintf(c.App.Writer, "nianbao 版本：%s\n提交：%s\n平台：%s/%s（%s 编译）\n",
		version.Version, commit, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// flagString prints a flag as "--year 年份, -y 年份  说明（默认：2025）".
func flagString(f cli.Flag) string {
	doc, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return fmt.Sprint(f)
	}
	usage, placeholder := doc.GetUsage(), ""
	// A back-quoted word in the usage names the flag's value, as urfave/cli does.
	if i := strings.Index(usage, "`"); i >= 0 {
		if j := strings.Index(usage[i+1:], "`"); j >= 0 {
			placeholder = usage[i+1 : i+1+j]
			usage = usage[:i] + placeholder + usage[i+2+j:]
		}
	}
	if placeholder == "" && doc.TakesValue() {
		placeholder = "值"
	}
	var names []string
	for _, n := range f.Names() {
		prefix := "--"
		if len(n) == 1 {
			prefix = "-"
		}
		if placeholder != "" {
			n += " " + placeholder
		}
		names = append(names, prefix+n)
	}
	s := pad(strings.Join(names, ", ")) + usage
	if !doc.TakesValue() {
		return s
	}
	if def := doc.GetDefaultText(); def != "" {
		s += "（默认：" + strings.Trim(def, `"`) + "）"
	} else if v := doc.GetValue(); v != "" && v != `""` && v != "[]" {
		s += "（默认：" + strings.Trim(v, `"`) + "）"
	}
	return s
}

// flagColumn is where flag descriptions start. The help printer's tabwriter counts a Chinese
// character as one column, so flags are padded here by display width instead.
const flagColumn = 26

func pad(s string) string {
	w := 0
	for _, r := range s {
		w++
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80) { // East Asian wide
			w++
		}
	}
	if w >= flagColumn {
		return s + "  "
	}
	return s + strings.Repeat(" ", flagColumn-w)
}
