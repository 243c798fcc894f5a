package samplereport

import (
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// Example2021 is an invented report of edition 2021 with non-zero numbers in every table,
// prose in all five sub-sections of 一 and figures in the prose that agree with the tables.
func Example2021() *model.Report {
	r := model.New(template.Edition2021)
	info(r,
		"agency", "示例市生态环境局",
		"agency_type", "县级以上人民政府部门",
		"year", "2025",
		"period", "2025年1月1日至2025年12月31日",
		"basis", "示例市人民政府办公室《关于做好2025年政府信息公开工作年度报告编制发布工作的通知》",
		"contact_office", "市生态环境局办公室",
		"address", "示例市人民路88号市政务服务中心5楼",
		"phone", "0510-12345678",
		"website", "示例市人民政府门户网站",
		"publish_date", "2026年1月20日",
	)
	// Table 三 rows give 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
	fill(r, map[string][]float64{
		"t2.rules":               {0, 0, 2},
		"t2.normative":           {5, 2, 38},
		"t2.licensing":           {1260},
		"t2.penalty":             {85},
		"t2.enforcement":         {12},
		"t2.fees":                {3.25},
		"t3.new":                 {48, 6, 1, 0, 2, 1},
		"t3.carried_in":          {3, 1, 0, 0, 0, 0},
		"t3.granted":             {25, 3, 1, 0, 1, 0},
		"t3.partial":             {5, 1, 0, 0, 0, 0},
		"t3.denied_law":          {1, 0, 0, 0, 0, 0},
		"t3.denied_third_party":  {2, 0, 0, 0, 0, 0},
		"t3.denied_process":      {1, 0, 0, 0, 0, 0},
		"t3.unable_not_held":     {8, 1, 0, 0, 0, 1},
		"t3.unable_create":       {2, 1, 0, 0, 0, 0},
		"t3.unable_unclear":      {1, 0, 0, 0, 0, 0},
		"t3.rejected_complaint":  {1, 0, 0, 0, 0, 0},
		"t3.rejected_repeat":     {2, 0, 0, 0, 0, 0},
		"t3.other_no_correction": {1, 0, 0, 0, 0, 0},
		"t3.carried_out":         {2, 1, 0, 0, 1, 0},
		// Table 四: 行政复议, 未经复议直接起诉, 复议后起诉, each 结果维持, 结果纠正, 其他结果, 尚未审结.
		"t4": {2, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0},
	})
	r.Prose["overview"] = paragraphs(
		"2025年，市生态环境局坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和市委、市政府关于政务公开工作的部署要求，围绕生态环境保护中心工作，持续深化政府信息公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
	)
	r.Prose["overview_active"] = paragraphs(
		"全年通过政府门户网站主动公开政府信息1520条，其中行政许可信息1260条、行政处罚信息85条、行政强制信息12条。制发行政规范性文件5件，废止2件，现行有效行政规范性文件38件，均在门户网站“政策文件”栏目集中公开。",
	)
	r.Prose["overview_request"] = paragraphs(
		"全年共收到政府信息公开申请58件，上年结转4件；办结58件，其中予以公开30件，部分公开6件，不予公开4件，无法提供14件，不予处理3件，其他处理1件；结转下年度继续办理4件。全年被申请行政复议4件，行政诉讼3件。",
	)
	r.Prose["overview_management"] = paragraphs(
		"严格落实政府信息公开属性源头认定和保密审查制度，全年审查拟公开信息1600余条。动态更新政府信息公开指南和主动公开目录，对现行有效的行政规范性文件进行全面清理。",
	)
	r.Prose["overview_platform"] = paragraphs(
		"优化门户网站“政府信息公开”专栏，完善环境质量、建设项目环评审批、排污许可等重点领域信息公开栏目；“示例生态环境”政务新媒体发布信息486条。",
	)
	r.Prose["overview_supervision"] = paragraphs(
		"将政府信息公开工作纳入年度目标考核，组织全局业务培训2次；全年未发生因政府信息公开工作引起的责任追究情况。",
	)
	r.Prose["problems"] = paragraphs(
		"一是部分业务科室对政府信息公开工作重视程度不够，信息发布的及时性有待提高。二是政策解读形式较为单一，图解、视频等解读材料偏少。",
		"下一步，我局将加强对各科室的督促检查和业务培训，落实信息发布审核机制；丰富政策解读形式，提高解读材料的可读性和传播力。",
	)
	r.Prose["other"] = paragraphs(
		"1.收取信息处理费情况：本年度依据《政府信息公开信息处理费管理办法》未收取信息处理费。",
		"2.行政事业性收费情况：本年度收取行政事业性收费3.25万元，收费项目和标准已在门户网站公开。",
		"3.人大代表建议和政协提案办理结果公开情况：全年承办市人大代表建议12件、市政协提案15件，办理结果均已按规定公开。",
	)
	return r
}

// Example2021As is the 2021 example as another bureau would send it: under its own agency
// name, every number multiplied by k (so identities still hold), for tests of many workbooks.
func Example2021As(agency string, k float64) *model.Report {
	r := Example2021()
	r.SetAgency(agency)
	for key, v := range r.Values {
		if v.State == model.Number {
			r.Values[key] = model.Num(v.Number * k)
		}
	}
	return r
}
