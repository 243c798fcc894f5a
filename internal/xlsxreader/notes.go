package xlsxreader

import (
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/template"
)

// Note is something the reader noticed while reading: a value it converted, a workbook it
// read by its labels, a name it found off its label, a table or row it could not find. The
// reader is a leaf: it reports notes of its own type, and the application turns them into
// findings of the check catalogue.
type Note struct {
	Kind    NoteKind
	Message string     // one Chinese sentence in the domain's words
	Cells   []NoteCell // the cells or fields concerned; none for the whole workbook
}

// NoteKind says what was noticed.
type NoteKind int

const (
	UnitConverted NoteKind = iota // an amount in 元 converted to 万元
	ReadByLabel                   // a workbook without template marks read by its labels
	NameMoved                     // a defined name lost or off its label; read by label
	NotFound                      // a table or row that could not be found in the workbook
	Formula                       // a formula in a value cell; its cached number was used
	CachedTotal                   // a 总计 whose cached formula result disagrees with its terms
	TextTooLong                   // prose past the length read from one part
)

// NoteCell is a cell or field a note is about: its key (a cell key of the edition or the
// defined name of a field), its name in the domain's words and what it held.
type NoteCell struct {
	Key   string
	Label string
	Value model.Value
}

func (rd *reader) note(kind NoteKind, message string, at ...NoteCell) {
	rd.notes = append(rd.notes, Note{Kind: kind, Message: message, Cells: at})
}

// cellNote is the value cell c as a note has it.
func (rd *reader) cellNote(c template.Cell) NoteCell {
	return NoteCell{Key: c.Key, Label: c.Name(), Value: rd.rep.Values[c.Key]}
}
