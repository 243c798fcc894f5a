package importer

import (
	"context"
	"os"
	"testing"
)

func TestDebugDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(p)
	kind, _ := sniff(p, data)
	var l *Layout
	var err error
	switch kind {
	case KindDOCX:
		l, err = readDOCX(context.Background(), data)
	case KindPDF:
		l, err = readPDF(context.Background(), data)
	case KindHTML:
		l, err = readHTML(context.Background(), data)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range l.Blocks {
		if b.Table == nil {
			t.Logf("P %s %q", b.Place, b.Text)
			continue
		}
		for i, row := range b.Table {
			t.Logf("T %s %d %+v", b.Place, i, row)
		}
	}
}
