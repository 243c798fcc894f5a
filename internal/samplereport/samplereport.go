// Package samplereport holds two complete reports built in code: the published seed report
// (太仓市科学技术局, 2020, edition 2019) and a 2021-edition report with non-zero data. They
// feed the bundled sample workbooks and PDFs, and the tests of every reader and writer.
package samplereport

import (
	"strings"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// fill sets every value cell of the report: the counts given per row, keyed "t3.new" (or
// "t4" for the one row of table 四), in the order of the columns that are not computed; zero
// elsewhere; and the 总计 cells as the sums the edition
// defines.
func fill(r *model.Report, rows map[string][]float64) {
	e := r.Edition
	for _, c := range e.Cells() {
		r.Values[c.Key] = model.Num(0)
	}
	for _, t := range e.Tables() {
		for _, b := range t.Blocks {
			for _, row := range template.Leaves(b.Rows) {
				rowKey := t.Key
				if row.Key != "" { // table 四's one row has no key
					rowKey += "." + row.Key
				}
				given, ok := rows[rowKey]
				if !ok {
					continue
				}
				i := 0
				for _, col := range template.Leaves(b.Columns) {
					key := t.CellKey(row, col)
					if _, computed := e.Computed(key); computed {
						continue
					}
					r.Values[key] = model.Num(given[i])
					i++
				}
			}
		}
	}
	for _, c := range e.Cells() {
		if _, computed := e.Computed(c.Key); computed {
			r.Values[c.Key] = model.Num(r.Total(c.Key))
		}
	}
}

func paragraphs(ps ...string) model.Field { return model.Field{Text: strings.Join(ps, "\n")} }

func info(r *model.Report, kv ...string) {
	for i := 0; i+1 < len(kv); i += 2 {
		r.Info[kv[i]] = model.Field{Text: kv[i+1]}
	}
}
