package app

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/visible"
)

// Agency is an agency name and the line of the list it came from.
type Agency struct {
	Name string
	Line int
}

// maxAgencyList is far above a list of every agency of a province.
const maxAgencyList = 4 << 20

// ReadAgencies reads a list of agencies, one per line (UTF-8 text). Repeated names are
// dropped; notes say which, for the user to see.
func ReadAgencies(path string) (agencies []Agency, notes []string, err error) {
	data, err := infile.ReadFile(path, maxAgencyList)
	if err != nil {
		return nil, nil, message.Inputf("无法读取机关名单文件：%s（%s）。", path, readProblem(err))
	}
	if !utf8.Valid(data) {
		return nil, nil, message.Inputf("机关名单文件不是 UTF-8 编码的文本：%s。请用记事本“另存为”UTF-8 编码后重试。", path)
	}
	agencies, notes = ParseAgencies(data)
	if len(agencies) == 0 {
		return nil, notes, message.Inputf("机关名单文件中没有机关名称：%s。", path)
	}
	return agencies, notes, nil
}

// MaxAgencyLength is the longest agency name taken, in characters: the longest names of real
// agencies have about 40; a longer text is a mistake (a paragraph pasted in), not a name.
const MaxAgencyLength = 100

// CheckAgency refuses an agency name that cannot be one: over MaxAgencyLength characters,
// or holding control characters (a line break, an escape sequence) or bidirectional and
// invisible format controls (package visible).
func CheckAgency(name string) error {
	if n := utf8.RuneCountInString(name); n > MaxAgencyLength {
		return message.Inputf("机关名称过长（%d 个字），最多 %d 个字。", n, MaxAgencyLength)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return message.Inputf("机关名称中有换行或其他控制字符，请只填写机关名称。")
	}
	if codes := visible.List(name); len(codes) > 0 {
		return message.Inputf("机关名称中有看不见的格式控制字符（%s），会使名称显示的顺序与实际不同，请删去后重新输入。", strings.Join(codes, "、"))
	}
	return nil
}

// ParseAgencies reads one agency per line. A byte-order mark, CRLF line ends, surrounding
// spaces (also full-width ones) and blank lines are tolerated; repeated names are dropped
// and reported.
func ParseAgencies(data []byte) (agencies []Agency, dups []string) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	seen := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		name := strings.TrimSpace(l)
		if name == "" {
			continue
		}
		if err := CheckAgency(name); err != nil {
			dups = append(dups, fmt.Sprintf("第%d行：%s已跳过", i+1, strings.TrimSuffix(err.Error(), "。")+"，"))
			continue
		}
		if first, dup := seen[name]; dup {
			dups = append(dups, fmt.Sprintf("第%d行“%s”与第%d行重复，已跳过", i+1, name, first))
			continue
		}
		seen[name] = i + 1
		agencies = append(agencies, Agency{name, i + 1})
	}
	return agencies, dups
}

// readProblem says in words why a file could not be read.
func readProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "文件不存在"
	case errors.Is(err, fs.ErrPermission):
		return "没有读取权限"
	case errors.Is(err, infile.ErrNotRegular):
		return "不是普通文件"
	case errors.Is(err, infile.ErrTooLarge):
		return "文件过大"
	}
	var perr *fs.PathError
	if errors.As(err, &perr) && perr.Op == "read" {
		return "不是可以读取的文件"
	}
	return "无法读取"
}
