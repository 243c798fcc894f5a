package document

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LabelWords cuts a label of the template's tables (a row or column header, the corner note,
// a block's title) into the pieces a line of a narrow cell may break between, so that a cell
// reads 三、本年度/办理结果 and never 三、本/年度办/理结果. Words come from labelLexicon,
// longest first; a numbering that is not bracketed (三、, 1.) stays with the word after it,
// a bracketed one (（三）) at the start is a word of its own, and inside a label (第（一）项)
// part of the word around it; an opening mark stays with what follows it, a closing mark, 、
// ， ： and the like with what precedes it, and / with both sides (本年增/减). A word that
// does not follow a mark is Weak: a line breaks after 之和， rather than inside a clause when
// it can. A character the lexicon lacks is a word of its own, so every text is cut, losing
// nothing.
func LabelWords(label string) []Word {
	var words []Word
	runes := []rune(label)
	join := false // the next piece belongs to the last word
	add := func(piece string, joinNext bool) {
		switch {
		case join && len(words) > 0:
			words[len(words)-1].Text += piece
		case len(words) > 0:
			last, _ := utf8.DecodeLastRuneInString(words[len(words)-1].Text)
			words = append(words, Word{Text: piece, Weak: !strings.ContainsRune(labelClosing, last)})
		default:
			words = append(words, Word{Text: piece})
		}
		join = joinNext
	}
	if n := labelNumbering.FindString(label); n != "" {
		add(n, !strings.HasPrefix(n, "（"))
		runes = runes[utf8.RuneCountInString(n):]
	}
	for len(runes) > 0 {
		r := runes[0]
		switch n := innerNumbering(runes); {
		case n != "":
			join = true
			add(n, true)
			runes = runes[utf8.RuneCountInString(n):]
			continue
		case strings.ContainsRune(labelOpening, r):
			add(string(r), true)
		case strings.ContainsRune(labelClosing, r):
			join = true
			add(string(r), false)
		case r == '/' || r == '／':
			join = true
			add(string(r), true)
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.'):
			last := ""
			if len(words) > 0 {
				last = words[len(words)-1].Text
			}
			if l, _ := utf8.DecodeLastRuneInString(last); l < utf8.RuneSelf && l != utf8.RuneError {
				join = true
			}
			add(string(r), false)
		default:
			n := max(1, lexiconWord(runes))
			add(string(runes[:n]), false)
			runes = runes[n:]
			continue
		}
		runes = runes[1:]
	}
	return words
}

// labelNumbering is the numbering a label starts with: 三、, （三）, 1.
var labelNumbering = regexp.MustCompile(`^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．])`)

// innerNumbering is the bracketed numbering text starts with, if any: 第二十条第（一）项.
func innerNumbering(text []rune) string {
	if len(text) == 0 || text[0] != '（' {
		return ""
	}
	for i, r := range text[1:] {
		switch {
		case r == '）' && i > 0:
			return string(text[:i+2])
		case !strings.ContainsRune("一二三四五六七八九十", r):
			return ""
		}
	}
	return ""
}

// labelOpening and labelClosing are the marks that go with the word after and before them.
const (
	labelOpening = "（(“‘《"
	labelClosing = "）)”’》、，。：；"
)

// labelLexicon holds the words and fixed phrases of every label of both editions (a test
// fails when an edition brings one it lacks). A phrase is listed where breaking it reads
// badly (无正当理由, 三安全一稳定), and single characters where they stand alone (其, 或).
var labelLexicon = wordSet(`
本年 本年度 上年 下年度 上一年 新 新收 制作 公开 总数量 总金额 数量 件数 对外 规章 规范性 文件 信息 内容
项目 增 减 处理 决定 行政 许可 其他 管理 服务 事项 处罚 强制 事业性 收费 金额 单位 万元 采购 政府 集中
第二十条 第 项 本列 数据 的 勾稽 关系 为 第一项 第二项 第三项 第四项 加 之和 等于
申请人 情况 自然人 法人 或 组织 商业 企业 科研 机构 社会 公益 法律 总计 申请 结转 办理 结果 继续
予以 部分 区分 只计 这一 情形 不计 不予 属于 国家 秘密 法规 禁止 危及 三安全一稳定 保护 第三方 合法
权益 三类 四类 内部 事务 过程性 执法 案卷 查询 无法 提供 本机关 不掌握 相关 没有 现成 需要 另行
补正后 仍不明确 信访 举报 投诉类 重复 要求 出版物 无正当理由 大量 反复 确认 重新 出具 已获取
复议 维持 纠正 尚未 审结 诉讼 未经 直接 起诉 复议后 制发 废止 现行 有效 逾期 不补正 不再 其 未按
通知 缴纳 费用 机关`)

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// lexiconWord is the length in runes of the longest lexicon word that text starts with, or 0.
func lexiconWord(text []rune) int {
	for n := min(len(text), 6); n > 0; n-- {
		if labelLexicon[string(text[:n])] {
			return n
		}
	}
	return 0
}
