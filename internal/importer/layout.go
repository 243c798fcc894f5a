package importer

// What every reader (DOCX, PDF, HTML) turns a published report into: the flow of the
// document as paragraphs and tables, each tagged with where it stands in the file. The
// shared core (tables.go, prose.go) reads the report out of this, whatever the input was.

// Layout is a document as a sequence of blocks in reading order.
type Layout struct {
	Blocks []Block
	// Pending is set for a Word document with tracked changes not yet accepted or rejected;
	// the reader read it as if every change were accepted.
	Pending bool
}

// Block is one paragraph or one table.
type Block struct {
	Text  string   // a paragraph's text; "" for a table
	Table [][]Cell // a table's rows; nil for a paragraph
	Place string   // where the paragraph or table starts: 第3页, 第2个表格
	Rows  []string // where each row of the table stands (第3页), when it differs from Place
}

// Cell is one cell of a table row as the file lays it out. A cell spanning several columns
// appears once with Span set; a cell continuing a vertical merge from the row above has
// Continued set and no text of its own.
type Cell struct {
	Text      string
	Span      int // columns spanned, at least 1
	RowSpan   int // rows spanned (HTML rowspan), at least 1; Word and PDF use Continued instead
	Continued bool
}

// paragraph adds a paragraph, dropping empty ones.
func (l *Layout) paragraph(text, place string) {
	if text = trimSpace(text); text != "" {
		l.Blocks = append(l.Blocks, Block{Text: text, Place: place})
	}
}
