package template

// Edition2019 is 《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号,
// for the report years 2019 and 2020.
var Edition2019 = register(edition2019())

func edition2019() *Edition {
	items := func(withDecisions bool) []*Node {
		cols := []*Node{leaf("prev_items", "上一年项目数量"), signed("change", "本年增/减")}
		if withDecisions {
			cols = append(cols, leaf("decisions", "处理决定数量"))
		}
		return cols
	}
	active := &Table{Number: "二", Key: "t2", Heading: "二、主动公开政府信息情况", Blocks: []Block{
		{Title: "第二十条第（一）项", Corner: "信息内容",
			Columns: []*Node{leaf("made", "本年新制作数量"), leaf("published", "本年新公开数量"), leaf("total", "对外公开总数量")},
			Rows:    []*Node{leaf("rules", "规章"), leaf("normative", "规范性文件")}},
		{Title: "第二十条第（五）项", Corner: "信息内容", Columns: items(true),
			Rows: []*Node{leaf("licensing", "行政许可"), leaf("other_services", "其他对外管理服务事项")}},
		{Title: "第二十条第（六）项", Corner: "信息内容", Columns: items(true),
			Rows: []*Node{leaf("penalty", "行政处罚"), leaf("enforcement", "行政强制")}},
		{Title: "第二十条第（八）项", Corner: "信息内容", Columns: items(false),
			Rows: []*Node{leaf("fees", "行政事业性收费")}},
		{Title: "第二十条第（九）项", Corner: "信息内容",
			Columns: []*Node{leaf("items", "采购项目数量"), amount("amount", "采购总金额")},
			Rows:    []*Node{leaf("procurement", "政府集中采购")}},
	}}
	requests := requestsTable(leaf("other", "（六）其他处理"))
	review := reviewTable()

	// I7: last year's 上一年项目数量 plus last year's 本年增/减 is this year's 上一年项目数量.
	i7 := Identity{ID: "I7", CrossYear: true, Plausibility: true,
		Text: "本年表二“上一年项目数量”通常等于上年表二“上一年项目数量”加上年“本年增/减”"}
	for _, b := range active.Blocks[1:4] {
		for _, r := range b.Rows {
			i7.Equations = append(i7.Equations, Equation{Scope: r.Label,
				Left:  terms("t2." + r.Key + ".prev_items"),
				Right: prevTerms("t2."+r.Key+".prev_items", "t2."+r.Key+".change")})
		}
	}

	return &Edition{
		ID:        "2019",
		Name:      "《中华人民共和国政府信息公开工作年度报告格式（试行）》",
		Issuer:    "国办公开办函〔2019〕60号",
		FirstYear: 2019,
		LastYear:  2020,
		Info:      infoFields,
		Parts:     parts(active, requests, review),
		Refs:      references(""), // table 二 counts fee items, no amounts
		Identities: append(requestIdentities(requests),
			reviewIdentity(review), nonNegativeExcept("本年增/减"), carriedOverIdentity(requests), i7),
	}
}
