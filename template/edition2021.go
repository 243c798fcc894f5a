package template

// Edition2021 is the revised 《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号
// (2021-09-26), for the report years 2021 and later.
var Edition2021 = register(edition2021())

func edition2021() *Edition {
	decisions := []*Node{leaf("decisions", "本年处理决定数量")}
	active := &Table{Number: "二", Key: "t2", Heading: "二、主动公开政府信息情况", Blocks: []Block{
		{Title: "第二十条第（一）项", Corner: "信息内容",
			Columns: []*Node{leaf("issued", "本年制发件数"), leaf("repealed", "本年废止件数"), leaf("in_force", "现行有效件数")},
			Rows:    []*Node{leaf("rules", "规章"), leaf("normative", "行政规范性文件")}},
		{Title: "第二十条第（五）项", Corner: "信息内容", Columns: decisions,
			Rows: []*Node{leaf("licensing", "行政许可")}},
		{Title: "第二十条第（六）项", Corner: "信息内容", Columns: decisions,
			Rows: []*Node{leaf("penalty", "行政处罚"), leaf("enforcement", "行政强制")}},
		{Title: "第二十条第（八）项", Corner: "信息内容",
			Columns: []*Node{amount("fee_amount", "本年收费金额（单位：万元）")},
			Rows:    []*Node{leaf("fees", "行政事业性收费")}},
	}}
	requests := requestsTable(group("（六）其他处理",
		leaf("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
		leaf("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
		leaf("other_misc", "3.其他"),
	))
	review := reviewTable()

	// I8: 现行有效件数 moves by what was issued and repealed this year; revisions break it.
	i8 := Identity{ID: "I8", CrossYear: true, Plausibility: true,
		Text: "本年表二“现行有效件数”通常约等于上年“现行有效件数”加本年“本年制发件数”减本年“本年废止件数”"}
	for _, r := range active.Blocks[0].Rows {
		k := "t2." + r.Key + "."
		i8.Equations = append(i8.Equations, Equation{Scope: r.Label,
			Left:  terms(k+"in_force", k+"repealed"),
			Right: append(prevTerms(k+"in_force"), terms(k+"issued")...)})
	}

	return &Edition{
		ID:        "2021",
		Name:      "《中华人民共和国政府信息公开工作年度报告格式》",
		Issuer:    "国办公开办函〔2021〕30号",
		FirstYear: 2021,
		Info:      infoFields,
		Parts:     parts(active, requests, review),
		Refs:      references("t2.fees.fee_amount"),
		Identities: append(requestIdentities(requests),
			reviewIdentity(review), nonNegative, carriedOverIdentity(requests), i8),
	}
}
