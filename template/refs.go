package template

// Named references: what other packages rely on in every edition, named here instead of
// written as strings elsewhere, so that an edition that renames a key fails TestReferences
// instead of silently turning a check off.

// Keys of the basic-information fields other packages set or read.
const (
	InfoAgency        = "agency"         // 机关名称
	InfoYear          = "year"           // 报告年度
	InfoPeriod        = "period"         // 统计期限
	InfoBasis         = "basis"          // 编制依据
	InfoContactOffice = "contact_office" // 联系机构
	InfoAddress       = "address"        // 联系地址
	InfoPhone         = "phone"          // 联系电话
	InfoWebsite       = "website"        // 发布网站
	InfoPublishDate   = "publish_date"   // 发布日期
)

// References name the cells and parts of an edition that checks compare with the prose and
// with last year's report.
type References struct {
	NewRequests  string   // 表三 一、本年新收政府信息公开申请数量, 总计: the applications received
	AllResults   string   // 表三 （七）总计, 总计: the applications answered
	Reviews      string   // 表四 行政复议, 总计
	Suits        []string // 表四 行政诉讼, 总计 of suits direct and after review
	FeeAmount    string   // 表二 行政事业性收费, the amount charged; "" where the edition has none (2019)
	FeesPart     string   // the part that must explain fees charged: 六、其他需要报告的事项
	ProblemsPart string   // 五、存在的主要问题及改进情况, which "无" does not answer
}

// references are the references of an edition; only the amount of fees differs so far.
func references(feeAmount string) References {
	return References{
		NewRequests:  "t3.new.total",
		AllResults:   "t3.total.total",
		Reviews:      "t4.review_total",
		Suits:        []string{"t4.suit_direct_total", "t4.suit_after_review_total"},
		FeeAmount:    feeAmount,
		FeesPart:     "六",
		ProblemsPart: "五",
	}
}
