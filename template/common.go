package template

// Building blocks that both editions share. An edition file assembles them with its own
// table 二 and its own （六） rows of table 三.

func leaf(key, label string) *Node { return &Node{Key: key, Label: label} }

func amount(key, label string) *Node { return &Node{Key: key, Label: label, Kind: Amount} }

func signed(key, label string) *Node { return &Node{Key: key, Label: label, Kind: SignedCount} }

func group(label string, children ...*Node) *Node {
	return &Node{Label: label, Children: children}
}

// infoFields are the report's basic facts (the same in both editions).
var infoFields = []InfoField{
	{Key: "agency", Label: "机关名称", Hint: "填写编制本年报的行政机关全称，如：太仓市科学技术局"},
	{Key: "agency_type", Label: "机关类型", Kind: Choice, Choices: []string{"县级以上人民政府部门", "县级以上地方人民政府"},
		Hint: "政府部门于每年1月31日前公布，地方人民政府于每年3月31日前公布"},
	{Key: "year", Label: "报告年度", Kind: Year, Hint: "从下拉列表中选择，或填写四位数字"},
	{Key: "period", Label: "统计期限", Hint: "报告年度的1月1日至12月31日，写明年份，如：××××年1月1日至××××年12月31日"},
	{Key: "basis", Label: "编制依据", Kind: LongText,
		Hint: "本年报依据的上级通知，每个通知一行（单元格内换行：Excel、WPS 按 Alt+Enter，LibreOffice 按 Ctrl+Enter），如：××市人民政府办公室《关于做好××××年政府信息公开工作年度报告编制发布工作的通知》"},
	{Key: "contact_office", Label: "联系机构", Hint: "对年报有疑问时的联系部门，如：市科技局办公室"},
	{Key: "address", Label: "联系地址", Hint: "如：县府东街99号6号楼B座20楼6B2002室"},
	{Key: "phone", Label: "联系电话", Hint: "如：0512-12345678"},
	{Key: "website", Label: "发布网站", Optional: true, Hint: "选填：年报发布的政府网站名称或网址"},
	{Key: "publish_date", Label: "发布日期", Kind: Date, Optional: true, Hint: "选填：年报落款日期，如：××××年1月20日"},
}

// overviewAspects are the five aspects of 一、总体情况 named in the 2021 format; reports
// commonly give each a sub-heading. Both editions offer them as optional sub-sections.
var overviewAspects = []ProseField{
	{Key: "overview", Hint: "综述本年度政府信息公开工作总体情况。可只填本栏，也可按下列五个方面分节填写", Optional: false},
	{Key: "overview_active", Heading: "（一）主动公开", Optional: true, Hint: "选填：主动公开工作情况"},
	{Key: "overview_request", Heading: "（二）依申请公开", Optional: true, Hint: "选填：依申请公开工作情况"},
	{Key: "overview_management", Heading: "（三）政府信息管理", Optional: true, Hint: "选填：政府信息管理情况"},
	{Key: "overview_platform", Heading: "（四）政府信息公开平台建设", Optional: true, Hint: "选填：政府信息公开平台建设情况"},
	{Key: "overview_supervision", Heading: "（五）监督保障", Optional: true,
		Hint: "选填：监督保障情况；各级人民政府应包括工作考核、社会评议和责任追究结果情况"},
}

func parts(active, requests, review *Table) []Part {
	return []Part{
		{Number: "一", Heading: "一、总体情况", Name: "总体情况", Prose: overviewAspects},
		{Number: "二", Heading: active.Heading, Name: "主动公开政府信息情况", Table: active},
		{Number: "三", Heading: requests.Heading, Name: "收到和处理政府信息公开申请情况", Table: requests},
		{Number: "四", Heading: review.Heading, Name: "政府信息公开行政复议和行政诉讼情况", Table: review},
		{Number: "五", Heading: "五、存在的主要问题及改进情况", Name: "政府信息公开工作存在的主要问题及改进情况", Prose: []ProseField{
			{Key: "problems", Hint: "本年度政府信息公开工作存在的主要问题及改进情况"}}},
		{Number: "六", Heading: "六、其他需要报告的事项", Name: "其他需要报告的事项", Prose: []ProseField{
			{Key: "other", Hint: "如：依据《政府信息公开信息处理费管理办法》收取信息处理费的情况；落实上级年度政务公开工作要点情况；人大代表建议和政协提案办理结果公开情况；创新情况。没有的填写“无”"}}},
	}
}

// requestColumns are the applicant columns of table 三 (both editions).
func requestColumns() []*Node {
	return []*Node{group("申请人情况",
		leaf("person", "自然人"),
		group("法人或其他组织",
			leaf("business", "商业企业"),
			leaf("research", "科研机构"),
			leaf("nonprofit", "社会公益组织"),
			leaf("legal", "法律服务机构"),
			leaf("other_org", "其他"),
		),
		leaf("total", "总计"),
	)}
}

const requestsNote = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

// requestsTable is table 三; the editions differ only in the rows of （六）其他处理, which is
// one data row in 2019 and a group of three in 2021.
func requestsTable(other *Node) *Table {
	return &Table{Number: "三", Key: "t3", Heading: "三、收到和处理政府信息公开申请情况", Blocks: []Block{{
		Corner:  requestsNote,
		Columns: requestColumns(),
		Rows: []*Node{
			leaf("new", "一、本年新收政府信息公开申请数量"),
			leaf("carried_in", "二、上年结转政府信息公开申请数量"),
			group("三、本年度办理结果",
				leaf("granted", "（一）予以公开"),
				leaf("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
				group("（三）不予公开",
					leaf("denied_secret", "1.属于国家秘密"),
					leaf("denied_law", "2.其他法律行政法规禁止公开"),
					leaf("denied_security", "3.危及“三安全一稳定”"),
					leaf("denied_third_party", "4.保护第三方合法权益"),
					leaf("denied_internal", "5.属于三类内部事务信息"),
					leaf("denied_process", "6.属于四类过程性信息"),
					leaf("denied_enforcement", "7.属于行政执法案卷"),
					leaf("denied_query", "8.属于行政查询事项"),
				),
				group("（四）无法提供",
					leaf("unable_not_held", "1.本机关不掌握相关政府信息"),
					leaf("unable_create", "2.没有现成信息需要另行制作"),
					leaf("unable_unclear", "3.补正后申请内容仍不明确"),
				),
				group("（五）不予处理",
					leaf("rejected_complaint", "1.信访举报投诉类申请"),
					leaf("rejected_repeat", "2.重复申请"),
					leaf("rejected_publication", "3.要求提供公开出版物"),
					leaf("rejected_massive", "4.无正当理由大量反复申请"),
					leaf("rejected_confirm", "5.要求行政机关确认或重新出具已获取信息"),
				),
				other,
				leaf("total", "（七）总计"),
			),
			leaf("carried_out", "四、结转下年度继续办理"),
		},
	}}}
}

// reviewResults are the four results and the 总计 of each group of table 四.
func reviewResults(prefix string) []*Node {
	return []*Node{
		leaf(prefix+"_upheld", "结果维持"),
		leaf(prefix+"_corrected", "结果纠正"),
		leaf(prefix+"_other", "其他结果"),
		leaf(prefix+"_pending", "尚未审结"),
		leaf(prefix+"_total", "总计"),
	}
}

// reviewTable is table 四 (the same in both editions).
func reviewTable() *Table {
	return &Table{Number: "四", Key: "t4", Heading: "四、政府信息公开行政复议、行政诉讼情况", Blocks: []Block{{
		Columns: []*Node{
			group("行政复议", reviewResults("review")...),
			group("行政诉讼",
				group("未经复议直接起诉", reviewResults("suit_direct")...),
				group("复议后起诉", reviewResults("suit_after_review")...),
			),
		},
		Rows: []*Node{{}},
	}}}
}

func terms(keys ...string) []Term {
	out := make([]Term, len(keys))
	for i, k := range keys {
		out[i] = Term{Key: k}
	}
	return out
}

func prevTerms(keys ...string) []Term {
	out := terms(keys...)
	for i := range out {
		out[i].Prev = true
	}
	return out
}

// requestIdentities are I1, I2 and I3 on table 三.
func requestIdentities(t *Table) []Identity {
	b := t.Blocks[0]
	cols := Leaves(b.Columns)
	row := func(key string) *Node {
		for _, r := range Leaves(b.Rows) {
			if r.Key == key {
				return r
			}
		}
		panic("template: no row " + key)
	}
	newRow, inRow, totalRow, outRow := row("new"), row("carried_in"), row("total"), row("carried_out")
	var results []*Node // the data rows beside （七）总计 under 三、本年度办理结果, wherever that group stands
	for _, g := range b.Rows {
		if leaves := Leaves(g.Children); contains(leaves, totalRow) {
			for _, r := range leaves {
				if r != totalRow {
					results = append(results, r)
				}
			}
		}
	}

	i1 := Identity{ID: "I1", Text: "表三每一列：一、本年新收 + 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理"}
	i2 := Identity{ID: "I2", Total: true, Text: "表三每一列：（七）总计 = （一）至（六）各项办理结果之和"}
	i3 := Identity{ID: "I3", Total: true, Text: "表三每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他"}
	for _, c := range cols {
		scope := c.Label + "列"
		i1.Equations = append(i1.Equations, Equation{Scope: scope,
			Left:  terms(t.CellKey(newRow, c), t.CellKey(inRow, c)),
			Right: terms(t.CellKey(totalRow, c), t.CellKey(outRow, c))})
		var sum []string
		for _, r := range results {
			sum = append(sum, t.CellKey(r, c))
		}
		i2.Equations = append(i2.Equations, Equation{Scope: scope, Left: terms(t.CellKey(totalRow, c)), Right: terms(sum...)})
	}
	for _, r := range Leaves(b.Rows) {
		var sum []string
		var total string
		for _, c := range cols {
			if c.Key == "total" {
				total = t.CellKey(r, c)
			} else {
				sum = append(sum, t.CellKey(r, c))
			}
		}
		i3.Equations = append(i3.Equations, Equation{Scope: r.Label + "行", Left: terms(total), Right: terms(sum...)})
	}
	return []Identity{i1, i2, i3}
}

// reviewIdentity is I4 on table 四.
func reviewIdentity(t *Table) Identity {
	id := Identity{ID: "I4", Total: true, Text: "表四行政复议、未经复议直接起诉、复议后起诉各自：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"}
	row := t.Blocks[0].Rows[0]
	var groups []*Node
	for _, g := range t.Blocks[0].Columns {
		if len(Leaves(g.Children)) == len(g.Children) {
			groups = append(groups, g)
		} else {
			groups = append(groups, g.Children...)
		}
	}
	for _, g := range groups {
		var sum []string
		for _, c := range g.Children[:4] {
			sum = append(sum, t.CellKey(row, c))
		}
		id.Equations = append(id.Equations, Equation{Scope: g.Label,
			Left: terms(t.CellKey(row, g.Children[4])), Right: terms(sum...)})
	}
	return id
}

var nonNegative = Identity{ID: "I5", Text: "所有数值不小于0"}

// nonNegativeExcept is I5 of an edition with a column that may be negative, in its words.
func nonNegativeExcept(column string) Identity {
	id := nonNegative
	id.Text += "（表二“" + column + "”可为负数）"
	return id
}

// carriedOverIdentity is I6: this year's 二、上年结转 equals last year's 四、结转下年度继续办理.
// The keys of table 三 are the same in both editions, so it also holds across editions.
func carriedOverIdentity(t *Table) Identity {
	id := Identity{ID: "I6", CrossYear: true, Text: "本年表三“二、上年结转政府信息公开申请数量”应等于上年表三“四、结转下年度继续办理”"}
	for _, c := range Leaves(t.Blocks[0].Columns) {
		id.Equations = append(id.Equations, Equation{Scope: c.Label + "列",
			Left: terms("t3.carried_in." + c.Key), Right: prevTerms("t3.carried_out." + c.Key)})
	}
	return id
}
