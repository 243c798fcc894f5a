package fonts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrNoSystemFonts means that none of the official faces was found installed.
var ErrNoSystemFonts = errors.New("no official Chinese fonts installed")

// officialFace is a face GB/T 9704 asks for and the file names it is installed under
// (lower case; file names are matched without regard to case).
type officialFace struct {
	roles []Role
	kind  string // 仿宋, 黑体 …, for notes
	files []string
	// standIn says, for the note, why the embedded face stands in as it does.
	standIn string
}

// official lists the faces in the order of preference of their files: the GB2312 faces
// offices traditionally use, then 方正 GBK, then the faces Windows and macOS ship.
var official = []officialFace{
	{[]Role{Body, Table}, "仿宋", []string{
		"仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "fs_gb2312.ttf", "cesi_fs_gb2312.ttf",
		"fzfsk.ttf", "fzfsjw.ttf", "simfang.ttf", "stfangso.ttf",
	}, "（宋体风格：没有可随程序分发的完整简体仿宋字体）"},
	{[]Role{Title}, "方正小标宋", []string{
		"fzxbsjw.ttf", "fzxbsk.ttf", "方正小标宋简体.ttf", "cesi_xbs_gb2312.ttf", "stzhongs.ttf",
	}, "（粗宋体代替小标宋）"},
	{[]Role{Heading}, "黑体", []string{
		"simhei.ttf", "cesi_ht_gb2312.ttf", "fzhtk.ttf", "fzhtjw.ttf", "黑体.ttf",
	}, ""},
	{[]Role{Subheading}, "楷体", []string{
		"楷体_gb2312.ttf", "kaiti_gb2312.ttf", "kt_gb2312.ttf", "cesi_kt_gb2312.ttf",
		"fzktk.ttf", "fzktjw.ttf", "simkai.ttf", "stkaiti.ttf",
	}, ""},
	{[]Role{PageNumber}, "宋体", []string{
		"stsong.ttf", "cesi_ss_gb2312.ttf", "fzssk.ttf", "simsun.ttf",
	}, ""},
}

// SystemDirs returns the directories System searches on this machine: the system and user
// font folders of Windows, macOS or Linux, which on Linux include WPS's
// /usr/share/fonts/wps-office and the 信创 /usr/share/fonts/fonts-cesi.
func SystemDirs() []string {
	home, _ := os.UserHomeDir()
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		windir := os.Getenv("WINDIR")
		if windir == "" {
			windir = `C:\Windows`
		}
		dirs = []string{filepath.Join(windir, "Fonts")}
		if local := os.Getenv("LOCALAPPDATA"); local != "" {
			dirs = append(dirs, filepath.Join(local, "Microsoft", "Windows", "Fonts"))
		}
	case "darwin":
		dirs = []string{"/Library/Fonts", "/System/Library/Fonts"}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, "Library", "Fonts"))
		}
	default:
		dirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}
		if home != "" {
			dirs = append(dirs, filepath.Join(home, ".local", "share", "fonts"), filepath.Join(home, ".fonts"))
		}
	}
	return dirs
}

// System returns the official faces installed on this machine (SystemIn(SystemDirs())).
func System() (*Set, error) { return SystemIn(SystemDirs()) }

// Auto returns the official faces installed on this machine where there are any, and the
// embedded ones for the rest (AutoIn(SystemDirs())).
func Auto() (*Set, error) { return AutoIn(SystemDirs()) }

// SystemIn returns a set of the official faces found in dirs and their subdirectories, as
// AutoIn does, but fails with ErrNoSystemFonts if none of the faces was found.
func SystemIn(dirs []string) (*Set, error) {
	set, found, err := officialIn(dirs)
	if err == nil && found == 0 {
		err = fmt.Errorf("%w (searched %s)", ErrNoSystemFonts, strings.Join(dirs, ", "))
	}
	if err != nil {
		return nil, err
	}
	return set, nil
}

// AutoIn returns a set of the official faces found in dirs and their subdirectories: 仿宋
// for body and tables, 方正小标宋 for the title, 黑体 for 一、 headings, 楷体 for （一）
// headings, 宋体 for page numbers. A face not found, or whose file cannot be used, is replaced
// by the embedded one with a note in Set.Notes; the embedded faces are also the fallbacks.
func AutoIn(dirs []string) (*Set, error) {
	set, _, err := officialIn(dirs)
	return set, err
}

// officialIn is AutoIn, and how many of the official faces it found.
func officialIn(dirs []string) (set *Set, found int, err error) {
	set, err = Default()
	if err != nil {
		return nil, 0, err
	}
	installed := indexFontFiles(dirs)
	for _, want := range official {
		var face *Face
		for _, file := range want.files {
			path, ok := installed[file]
			if !ok {
				continue
			}
			f, err := Load(path)
			if err != nil {
				set.Notes = append(set.Notes, fmt.Sprintf("字体文件 %s 不是可嵌入的单个 TrueType 字体，已跳过。", path))
				continue
			}
			face = f
			break
		}
		if face == nil {
			if want.roles[0] != PageNumber { // the embedded Song face is what GB/T 9704 asks for
				set.Notes = append(set.Notes, fmt.Sprintf("未找到已安装的%s字体，%s使用内置的 %s%s。",
					want.kind, labels(want.roles), set.Faces[want.roles[0]].Name, want.standIn))
			}
			continue
		}
		found++
		for _, r := range want.roles {
			set.Faces[r] = face
		}
	}
	return set, found, nil
}

func labels(roles []Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Label()
	}
	return strings.Join(names, "和")
}

// indexFontFiles maps the lower-case base name of every file under dirs (three levels deep)
// to its path; the first directory wins. Unreadable directories are skipped.
func indexFontFiles(dirs []string) map[string]string {
	const maxDepth = 3
	index := make(map[string]string)
	for _, root := range dirs {
		rootDepth := strings.Count(filepath.Clean(root), string(filepath.Separator))
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // skip what cannot be read, keep walking
			}
			if d.IsDir() {
				if strings.Count(path, string(filepath.Separator))-rootDepth >= maxDepth {
					return filepath.SkipDir
				}
				return nil
			}
			name := strings.ToLower(d.Name())
			if _, seen := index[name]; !seen {
				index[name] = path
			}
			return nil
		})
	}
	return index
}
