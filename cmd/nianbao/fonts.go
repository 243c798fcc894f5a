package main

// nianbao fonts: which faces the PDF would be set in, where they come from and their licences.
// The font flags are shared with render (fontFlags, loadFonts).

import (
	"fmt"
	"io"
	"strings"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/urfave/cli/v2"
)

// fontFileFlags names the flag that overrides each role's face.
var fontFileFlags = []struct {
	role fonts.Role
	name string
}{
	{fonts.Body, "font-body"},
	{fonts.Title, "font-title"},
	{fonts.Heading, "font-heading"},
	{fonts.Subheading, "font-subheading"},
	{fonts.Table, "font-table"},
	{fonts.PageNumber, "font-page-number"},
}

// fontFlags are the options that choose the faces: --fonts and one --font-ROLE FILE per role.
func fontFlags() []cli.Flag {
	flags := []cli.Flag{&cli.StringFlag{
		Name:  "fonts",
		Value: "auto",
		Usage: "字体`来源`：auto 每种字体优先用本机安装的公文字体（仿宋、方正小标宋、黑体、楷体），没有的用内置字体；" +
			"builtin 只用内置字体（无需安装，各台电脑排出的结果相同）；system 同 auto，但一种公文字体也没有安装时报错",
	}}
	for _, f := range fontFileFlags {
		flags = append(flags, &cli.StringFlag{
			Name:      f.name,
			Usage:     "用指定的 TrueType `字体文件`（.ttf）排版" + f.role.Label(),
			TakesFile: true,
		})
	}
	return flags
}

// fontDirs are the folders searched for installed fonts; tests search none, so that what
// the commands print is the same on every machine.
var fontDirs = fonts.SystemDirs

// loadFonts returns the font set the flags ask for.
func loadFonts(c *cli.Context) (*fonts.Set, error) {
	o := app.FontOptions{Source: c.String("fonts"), Dirs: fontDirs()}
	for _, f := range fontFileFlags {
		if path := c.String(f.name); path != "" {
			o.Files = append(o.Files, app.FontFile{Role: f.role, Name: "--" + f.name, Path: path})
		}
	}
	return app.LoadFonts(o)
}

func fontsCommand() *cli.Command {
	return &cli.Command{
		Name:  "fonts",
		Usage: "列出排版 PDF 所用的字体、来源和授权",
		Description: "按 render 命令相同的字体选项，列出正文、标题、各级标题、表格和页码所用的字体，\n" +
			"以及字体缺字时依次使用的后备字体。内置字体的授权全文见下载的压缩包（或源代码）中的 LICENSES/fonts 文件夹。",
		Flags: fontFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return inputErrorf("fonts 命令不接受参数：%s。", strings.Join(c.Args().Slice(), " "))
			}
			set, err := loadFonts(c)
			if err != nil {
				return err
			}
			listFonts(c.App.Writer, set)
			return nil
		},
	}
}

// listFonts writes one line per role, then the fallbacks and the notes.
func listFonts(w io.Writer, set *fonts.Set) {
	line := func(label string, f *fonts.Face) {
		fmt.Fprintf(w, "  %s：%s（来源：%s；授权：%s）\n", label, f.Name, f.Source, f.License)
	}
	fmt.Fprintln(w, "排版字体：")
	for _, r := range fonts.Roles() {
		if f := set.Faces[r]; f != nil {
			line(r.Label(), f)
		}
	}
	fmt.Fprintln(w, "缺字时依次使用的后备字体：")
	for i, f := range set.Fallbacks {
		line(fmt.Sprintf("后备%d", i+1), f)
	}
	if len(set.Notes) > 0 {
		fmt.Fprintln(w, "说明：")
		for _, n := range set.Notes {
			fmt.Fprintln(w, "  "+n)
		}
	}
}

// faceSummary says in one line which face sets each role, roles sharing a face together:
// 排版字体：正文、表格、页码用 Noto Serif SC Regular（内置）；标题用 ….
func faceSummary(set *fonts.Set) string {
	var faces []*fonts.Face
	roles := map[*fonts.Face][]string{}
	for _, r := range fonts.Roles() {
		f := set.Faces[r]
		if f == nil {
			continue
		}
		if roles[f] == nil {
			faces = append(faces, f)
		}
		roles[f] = append(roles[f], r.Label())
	}
	var parts []string
	for _, f := range faces {
		parts = append(parts, fmt.Sprintf("%s用 %s（%s）", strings.Join(roles[f], "、"), f.Name, f.Source))
	}
	return "排版字体：" + strings.Join(parts, "；") + "。"
}
