package xlsxreader

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// notApplicable are the entries that say "nothing to report here" instead of a number.
var notApplicable = map[string]bool{
	"/": true, "-": true, "—": true, "——": true, "–": true, "\\": true, "无": true, "不适用": true,
	"n/a": true, "na": true, "#n/a": true,
}

// widths maps full-width digits and signs, as typed with a Chinese input method, to ASCII.
var widths = strings.NewReplacer(
	"０", "0", "１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
	"．", ".", "，", ",", "＋", "+", "－", "-", "／", "/", "＼", "\\", "　", " ", "\u00a0", " ", "﹣", "-", "−", "-",
)

var (
	plainNumber     = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)
	groupedThousand = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)
)

// unit is a suffix a number may be typed with, and the factor that brings it to the unit
// of the cell (万元 for amounts).
type unit struct {
	suffix string
	factor float64
}

var (
	countUnits  = []unit{{"件", 1}, {"条", 1}, {"个", 1}, {"项", 1}, {"次", 1}, {"起", 1}, {"份", 1}}
	amountUnits = []unit{{"万元", 1}, {"万", 1}, {"元", 1e-4}}
)

// parseValue classifies a cell's raw content for a value cell of the given kind. converted
// reports that an amount typed in 元 was converted to 万元.
func parseValue(raw string, kind template.Kind) (v model.Value, converted bool) {
	v.Raw = raw
	s := strings.TrimSpace(widths.Replace(raw))
	if s == "" {
		return v, false
	}
	if notApplicable[strings.ToLower(s)] {
		v.State = model.NotApplicable
		return v, false
	}
	s = strings.Join(strings.Fields(s), "")
	units := countUnits
	if kind == template.Amount {
		units = amountUnits
	}
	factor := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, factor = strings.TrimSuffix(s, u.suffix), u.factor
			break
		}
	}
	if groupedThousand.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if !plainNumber.MatchString(s) {
		v.State = model.Text
		return v, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(n, 0) {
		v.State = model.Text
		return v, false
	}
	if factor != 1 {
		n = math.Round(n*factor*1e6) / 1e6
	}
	if n == 0 {
		n = 0 // no -0
	}
	v.State, v.Number = model.Number, n
	return v, factor != 1
}

// ParseValue classifies a value as printed or typed for a value cell of the given kind, as
// the reader does for a workbook's cell (full-width digits, 1,234, units, 「/」 and 「——」).
func ParseValue(raw string, kind template.Kind) (v model.Value, converted bool) {
	return parseValue(raw, kind)
}
