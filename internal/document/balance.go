package document

import "github.com/nianbao/nianbao/internal/cjk"

// WordLines breaks words (of a title or a name) into the fewest lines no wider than width, as
// equal in length as the words allow (the sum of the squared line widths is least), breaking
// before a weak word only when that buys a line or much balance (a quarter of width). Words
// with a word wider than a line are balanced by the line breaker. measure is in the units of
// width, and adds up: a text is as wide as its pieces.
func WordLines(words []Word, width float64, measure func(string) float64) []string {
	var text string
	for _, w := range words {
		text += w.Text
	}
	for _, w := range words {
		if measure(w.Text) > width {
			var out []string
			for _, l := range cjk.Balance(text, width, measure) {
				out = append(out, l.Text)
			}
			return out
		}
	}
	return Balance(words, width, (width/4)*(width/4), measure, nil)
}

// Balance splits words, none wider than width, into the fewest lines no wider than width
// that ok accepts (nil accepts every line) and, among those, at the least cost: the sum of
// the squared line widths and weakBreak (in width units squared) for every break before a weak word. Both add up line
// by line, so one pass over the words finds the best split of every prefix (linear in the
// words, for names of any length). It is nil when no split has only lines ok accepts.
func Balance(words []Word, width, weakBreak float64, measure func(string) float64, ok func(string) bool) []string {
	type best struct {
		lines int
		cost  float64
		from  int // where the last line starts
	}
	widths := make([]float64, len(words)) // measure adds up: a line is as wide as its words
	for i, w := range words {
		widths[i] = measure(w.Text)
	}
	dp := make([]best, len(words)+1)
	for i := 1; i <= len(words); i++ {
		dp[i] = best{lines: -1}
		text, w := "", 0.0
		for j := i - 1; j >= 0; j-- {
			text, w = words[j].Text+text, w+widths[j]
			if w > width {
				break
			}
			if dp[j].lines < 0 || ok != nil && !ok(text) {
				continue
			}
			c := best{dp[j].lines + 1, dp[j].cost + w*w, j}
			if j > 0 && words[j].Weak {
				c.cost += weakBreak
			}
			if dp[i].lines < 0 || c.lines < dp[i].lines || c.lines == dp[i].lines && c.cost < dp[i].cost {
				dp[i] = c
			}
		}
	}
	if dp[len(words)].lines < 0 {
		return nil
	}
	lines := make([]string, dp[len(words)].lines)
	for k, i := len(lines)-1, len(words); k >= 0; k-- {
		j := dp[i].from
		for _, w := range words[j:i] {
			lines[k] += w.Text
		}
		i = j
	}
	return lines
}
