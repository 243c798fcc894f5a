package importer

import (
	"context"
	"errors"
	"runtime"
	"testing"

	"github.com/nianbao/nianbao/internal/hostile"
)

// allocated is the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// A Word document whose zip entry says its document part unpacks to 46 MB is refused on the
// entry's word, before a byte of it is parsed (the desk imports uploaded .docx: parsing it
// cost seconds and hundreds of megabytes per upload).
func TestDOCXBombRefusedOnItsStatedSize(t *testing.T) {
	bomb := hostile.WordBomb(1_000_000)
	var err error
	alloc := allocated(func() { _, err = Import(context.Background(), "bomb.docx", bomb, Options{}) })
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if alloc > 8<<20 {
		t.Errorf("refusing a %d-byte bomb allocated %d bytes: it was unpacked", len(bomb), alloc)
	}
}

// A part whose entry understates its size passes the entry's check and is stopped where the
// entry says it ends (archive/zip checks that; the part's own bound stands behind it): a
// damaged file, and little of it unpacked.
func TestDOCXPartWithForgedSizeStopped(t *testing.T) {
	paragraphs := maxDocxPart/46 + 20_000 // past the bound; the entry claims a tenth
	forged := hostile.ForgeSize(hostile.WordBomb(paragraphs), "word/document.xml")
	var err error
	alloc := allocated(func() { _, err = Import(context.Background(), "forged.docx", forged, Options{}) })
	if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrDamaged or ErrTooLarge", err)
	}
	if alloc > 64<<20 {
		t.Errorf("refusing a forged part allocated %d bytes", alloc)
	}
}

// The relationships part is bounded the same way.
func TestDOCXRelationshipsBombRefused(t *testing.T) {
	var w wordDoc
	w.para("示例县教育局2024年政府信息公开工作年度报告")
	big := make([]byte, maxDocxRels+1)
	for i := range big {
		big[i] = ' '
	}
	docx := hostile.Rewrite(w.bytes(t), "_rels/.rels", func(b []byte) []byte { return append(b, big...) })
	if _, err := Import(context.Background(), "rels.docx", docx, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
}
