package check

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/template"
)

// count matches a count written in digits or in Chinese numerals (三件, 十二起), with the
// spaces text pasted from a PDF or Word puts around it (申请 17 件, also full-width and
// no-break spaces) on either side.
const count = gap + `(\d+|[零〇一二两三四五六七八九十百]+)` + gap

// gap is optional white space of any width.
const gap = `[\s\x{00A0}\x{3000}]*`

// quotedFigure is a way prose states a figure of the tables.
type quotedFigure struct {
	pattern *regexp.Regexp
	keys    func(template.References) []string // the cells whose sum the figure states
}

func newRequests(r template.References) []string { return []string{r.NewRequests} }
func reviews(r template.References) []string     { return []string{r.Reviews} }
func suits(r template.References) []string       { return r.Suits }

var quotedFigures = []quotedFigure{
	{regexp.MustCompile(`(?:收到|受理|新收|接收|接到)[^。；;，,]{0,20}?信息公开申请` + gap + `(?:共计|共|总计|合计)?` + count + `(?:件|份|个|条)`),
		newRequests},
	{regexp.MustCompile(`行政复议(?:案件|申请)?` + gap + `(?:共计|共|合计)?` + count + `(?:件|起)`), reviews},
	{regexp.MustCompile(`行政诉讼(?:案件)?` + gap + `(?:共计|共|合计)?` + count + `(?:件|起)`), suits},
}

// nothingReceived matches a clause saying that nothing was received: 全年未收到政府信息公开申请、
// 行政复议和行政诉讼等情况.
var nothingReceived = regexp.MustCompile(`(?:未|没有)(?:收到|接到|受理|发生|产生)[^。；;]*`)

// proseFigures is C1: figures quoted in the prose against tables 三 and 四.
func (c *checker) proseFigures() {
	refs := c.r.Edition.Refs
	for _, f := range c.proseFields() {
		text := c.r.Prose[f.Key].Text
		for _, q := range quotedFigures {
			for _, m := range q.pattern.FindAllStringSubmatch(text, -1) {
				if n, ok := chineseCount(m[1]); ok {
					c.contradiction(f, m[0], float64(n), q.keys(refs))
				}
			}
		}
		for _, clause := range nothingReceived.FindAllString(text, -1) {
			// 因政府信息公开申请引起的行政复议 is about reviews, not about applications.
			if strings.Contains(clause, "公开申请") && !strings.Contains(clause, "因") {
				c.contradiction(f, clause, 0, newRequests(refs))
			}
			if strings.Contains(clause, "复议") {
				c.contradiction(f, clause, 0, reviews(refs))
			}
			if strings.Contains(clause, "诉讼") {
				c.contradiction(f, clause, 0, suits(refs))
			}
		}
	}
}

// contradiction reports quoted text in prose field f that states n for the sum of the cells
// keys when the tables say otherwise. Cells without a number are left to the cell rules.
func (c *checker) contradiction(f proseField, quoted string, n float64, keys []string) {
	var cells []Operand
	var names []string
	sum := 0.0
	for _, k := range keys {
		op := c.cell(k)
		if op.Value.State != model.Number || c.r.OutOfRange(k) {
			return
		}
		cells = append(cells, op)
		names = append(names, fmt.Sprintf("%s(%s)", op.Label, shown(op.Value)))
		sum += op.Value.Number
	}
	if math.Abs(n-sum) <= tolerance {
		return
	}
	tables := strings.Join(names, " + ") + " = " + formatNumber(sum)
	if len(keys) == 1 {
		tables = cells[0].Label + "为 " + shown(cells[0].Value)
	}
	msg := fmt.Sprintf("%s写“%s”，但%s，相差 %s", f.label, quoted, tables, formatNumber(math.Abs(n-sum)))
	finding := New(rule.ProseFigures, msg, c.proseOperand(f, quoted))
	finding.Right, finding.Difference, finding.Compared = cells, n-sum, true
	finding.Left[0].Value.Number = n
	c.add(finding)
}

// chineseCount reads a count in digits or in Chinese numerals up to 999.
func chineseCount(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	digits := map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	total, cur := 0, 0
	for _, r := range s {
		switch r {
		case '十':
			if cur == 0 {
				cur = 1
			}
			total, cur = total+cur*10, 0
		case '百':
			total, cur = total+cur*100, 0
		default:
			d, ok := digits[r]
			if !ok {
				return 0, false
			}
			cur = d
		}
	}
	return total + cur, true
}

var (
	yearMention = regexp.MustCompile(`(\d{4})\s*年`)
	// reportTitle matches a report naming itself: 2019年政府信息公开工作年度报告.
	reportTitle = regexp.MustCompile(`(\d{4})\s*年度?(?:政府信息公开|政务公开)(?:工作)?年度报告`)
)

// proseYear is C2: a report whose prose or statistical period names last year, the mark of
// last year's report copied and not updated.
func (c *checker) proseYear() {
	y := c.r.Year()
	if y == 0 {
		return
	}
	last := strconv.Itoa(y - 1)
	var mentionsLast *proseField
	mentionsThis := false
	for _, f := range c.proseFields() {
		text := c.r.Prose[f.Key].Text
		for _, m := range yearMention.FindAllStringSubmatch(text, -1) {
			switch m[1] {
			case strconv.Itoa(y):
				mentionsThis = true
			case last:
				if mentionsLast == nil {
					mentionsLast = &f
				}
			}
		}
		for _, m := range reportTitle.FindAllStringSubmatch(text, -1) {
			if m[1] == last {
				c.add(New(rule.ProseYear, fmt.Sprintf("%s写“%s”，但报告年度为%d年", f.label, m[0], y), c.proseOperand(f, m[0])))
			}
		}
	}
	if mentionsLast != nil && !mentionsThis {
		c.add(New(rule.ProseYear, fmt.Sprintf("%s写有“%s年”，而正文没有一处提到报告年度%d年，可能沿用了上年年报", mentionsLast.label, last, y),
			c.proseOperand(*mentionsLast, last+"年")))
	}
	for _, f := range c.r.Edition.Info {
		if f.Key != "period" {
			continue
		}
		text := c.r.InfoText(f.Key)
		for _, m := range yearMention.FindAllStringSubmatch(text, -1) {
			if m[1] != strconv.Itoa(y) {
				c.add(New(rule.ProseYear, fmt.Sprintf("基本信息「%s」为“%s”，与报告年度%d年不符", f.Label, text, y), infoOperand(c.r, f)))
				break
			}
		}
	}
}

// feeWords are the words with which part 六 reports the 信息处理费: 收取信息处理费0元,
// 未收取信息处理费, 信息处理费情况：无.
var feeWords = []string{"信息处理费", "处理费"}

// feesFrom is the first report year of 《政府信息公开信息处理费管理办法》 (from 2021年1月1日).
const feesFrom = 2021

// fees is C3, a hint: part 六 does not say whether 信息处理费 were charged (the rule's
// catalogue entry says why it is a hint). It looks at 六 alone: 表二's 行政事业性收费 are the
// fees an agency collects in its work, not the charges for answering requests.
func (c *checker) fees() {
	if c.r.Year() < feesFrom {
		return
	}
	for _, f := range c.proseFields() {
		if f.part.Number != c.r.Edition.Refs.FeesPart {
			continue
		}
		text := c.r.ProseText(f.Key)
		for _, w := range feeWords {
			if strings.Contains(text, w) {
				return
			}
		}
		msg := fmt.Sprintf("%s没有写明本年度是否收取政府信息公开信息处理费；各地年报通常依《政府信息公开信息处理费管理办法》在此报告，未收取的写“未收取”或“0元”", f.label)
		c.add(New(rule.FeeUnexplained, msg, c.proseOperand(f, "")))
		return
	}
}
