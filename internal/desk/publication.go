package desk

import "fmt"

// The publication rule: which agencies' reports the coordinator publishes. The progress
// table, 汇总检查结果.xlsx, the reports zip, the roll-up and its PDF all come from one call of
// selection, so that they cannot disagree; each lists who is left out and why.

// entry is one listed agency as the rule sees it: its current submission, if any, the
// machine's state, the coordinator's decision and whether it is published.
type entry struct {
	Agency   Agency
	Sub      Submission // the current submission; zero when there is none
	Has      bool       // there is a current submission
	Latest   Submission // the latest upload, which may be a refused one
	State    State      // what the machine found of the latest upload (未提交 when none)
	Decision string     // the coordinator's decision on the current submission, "" while it waits
	Publish  bool
	Why      string // why it is left out, when it is
}

// selection is every listed agency, in list order, under the publication rule: current
// submissions without errors that were not returned (and, when the settings require it,
// that were approved).
func (s *Server) selection() ([]entry, Settings, error) {
	st, err := s.settings()
	if err != nil {
		return nil, st, err
	}
	agencies, err := s.store.Agencies()
	if err != nil {
		return nil, st, err
	}
	out := make([]entry, 0, len(agencies))
	for _, a := range agencies {
		e := entry{Agency: a, State: StateMissing, Decision: a.Decision()}
		if e.Sub, e.Has, err = s.store.Current(a); err != nil {
			return nil, st, err
		}
		e.Latest = e.Sub
		if a.Subs > a.Current {
			if e.Latest, err = s.store.Submission(a.ID, a.Subs); err != nil {
				return nil, st, err
			}
		}
		if a.Subs > 0 {
			e.State = e.Latest.State()
		}
		e.Publish, e.Why = publishable(e, st)
		out = append(out, e)
	}
	return out, st, nil
}

// publishable is the rule for one agency.
func publishable(e entry, st Settings) (bool, string) {
	switch {
	case !e.Has && e.Latest.Refused != "":
		return false, fmt.Sprintf("没有可发布的提交：第 %d 次上传已拒收（%s）", e.Latest.Seq, e.Latest.Refused)
	case !e.Has:
		return false, "未提交"
	case e.Sub.State() == StateErrors:
		return false, fmt.Sprintf("第 %d 次提交检查有错误", e.Sub.Seq)
	case e.Decision == Returned:
		return false, fmt.Sprintf("第 %d 次提交已被退回修改", e.Sub.Seq)
	case st.RequireApproval && e.Decision != Approved:
		return false, fmt.Sprintf("第 %d 次提交尚未审核（本年度设置为只发布已审核的报告）", e.Sub.Seq)
	}
	return true, ""
}

// published and left are the entries the rule includes and those it leaves out.
func split(entries []entry) (published, left []entry) {
	for _, e := range entries {
		if e.Publish {
			published = append(published, e)
		} else {
			left = append(left, e)
		}
	}
	return published, left
}

// leftOutLines says who is left out and why, "机关：原因" a line: the wording of 说明.txt,
// the roll-up's sheet 未纳入汇总的单位 and the list after the roll-up's PDF.
func leftOutLines(left []entry) []string {
	lines := make([]string, 0, len(left))
	for _, e := range left {
		lines = append(lines, e.Agency.Name+"："+e.Why)
	}
	return lines
}

// ruleText says the publication rule in the coordinator's words, as the page shows it.
func ruleText(st Settings) string {
	if st.RequireApproval {
		return "发布范围：各单位当前的提交中，检查没有错误、且汇总单位已审核的报告。"
	}
	return "发布范围：各单位当前的提交中，检查没有错误、且未被退回修改的报告（有警告的也包括在内）。"
}
