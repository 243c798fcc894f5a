package app

import (
	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// readerRules are the catalogue's rules for what the reader notices.
var readerRules = map[xlsxreader.NoteKind]string{
	xlsxreader.UnitConverted: rule.UnitConverted,
	xlsxreader.ReadByLabel:   rule.ReadByLabel,
	xlsxreader.NameMoved:     rule.NameMoved,
	xlsxreader.NotFound:      rule.NotFound,
	xlsxreader.Formula:       rule.Formula,
	xlsxreader.CachedTotal:   rule.CachedTotal,
	xlsxreader.TextTooLong:   rule.TextTooLong,
}

// ReaderFindings are the reader's notes as findings of the check catalogue, so that they are
// reported, counted and annotated like the checks' own.
func ReaderFindings(notes []xlsxreader.Note) []check.Finding {
	var out []check.Finding
	for _, n := range notes {
		var at []check.Operand
		for _, c := range n.Cells {
			at = append(at, check.Operand{Key: c.Key, Label: c.Label, Value: c.Value})
		}
		out = append(out, check.New(readerRules[n.Kind], n.Message, at...))
	}
	return out
}
