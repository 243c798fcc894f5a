package xlsxreader

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/xuri/excelize/v2"
)

// workbookOf writes a report with the template writer.
func workbookOf(t testing.TB, r *model.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// modified opens a workbook with excelize, lets change alter it and returns the result.
func modified(t testing.TB, data []byte, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	change(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sameReport fails unless got holds every value, information field and prose field of want.
func sameReport(t testing.TB, want, got *model.Report) {
	t.Helper()
	if got.Edition != want.Edition {
		t.Fatalf("edition %s, want %s", got.Edition.ID, want.Edition.ID)
	}
	for _, c := range want.Edition.Cells() {
		w, g := want.Values[c.Key], got.Values[c.Key]
		if w.State != g.State || w.Number != g.Number {
			t.Errorf("%s: read %v %v (%q at %s!%s), want %v %v", c.Key, g.State, g.Number, g.Raw, g.Where.Sheet, g.Where.Cell, w.State, w.Number)
		}
	}
	for k, w := range want.Info {
		if g := got.Info[k].Text; g != strings.TrimSpace(w.Text) {
			t.Errorf("info %s: read %q, want %q", k, g, w.Text)
		}
	}
	for k, w := range want.Prose {
		if g := got.Prose[k].Text; g != strings.TrimSpace(w.Text) {
			t.Errorf("prose %s: read %q, want %q", k, g, w.Text)
		}
	}
}

func kindsOf(notes []Note) []NoteKind {
	var out []NoteKind
	for _, n := range notes {
		out = append(out, n.Kind)
	}
	return out
}

func hasKind(notes []Note, kind NoteKind) bool {
	for _, n := range notes {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

// zipOf builds a zip archive of the given entries.
func zipOf(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		fw, err := w.Create(e[0])
		must(t, err)
		_, err = fw.Write([]byte(e[1]))
		must(t, err)
	}
	must(t, w.Close())
	return buf.Bytes()
}

// compoundFile builds a minimal OLE2 compound file (version 3, 512-byte sectors) holding
// empty streams with the given names: enough for the stream names to tell an encrypted
// xlsx from a legacy .xls.
func compoundFile(names ...string) []byte {
	const (
		sector     = 512
		endOfChain = 0xFFFFFFFE
		free       = 0xFFFFFFFF
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
	)
	le := binary.LittleEndian
	out := make([]byte, 3*sector)
	h := out[:sector]
	copy(h, oleSignature)
	le.PutUint16(h[24:], 0x003E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], 1) // one FAT sector
	le.PutUint32(h[48:], 1) // the directory is sector 1
	le.PutUint32(h[56:], 4096)
	le.PutUint32(h[60:], endOfChain)
	le.PutUint32(h[68:], endOfChain)
	le.PutUint32(h[76:], 0) // the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(h[76+4*i:], free)
	}
	fat := out[sector : 2*sector]
	for i := 0; i < sector/4; i++ {
		le.PutUint32(fat[4*i:], free)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	dir := out[2*sector:]
	entry := func(i int, name string, typ byte, child, right uint32) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], endOfChain)
	}
	entry(0, "Root Entry", 5, 1, noStream)
	for i, n := range names {
		right := uint32(noStream)
		if i+1 < len(names) {
			right = uint32(i + 2)
		}
		entry(i+1, n, 2, noStream, right)
	}
	for i := len(names) + 1; i < 4; i++ {
		e := dir[i*128 : (i+1)*128]
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], noStream)
	}
	return out
}

// writeFile writes data into a fresh temporary directory and returns the path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	must(t, os.WriteFile(path, data, 0o644))
	return path
}

// namedIn resolves a defined name of an open excelize file the way the reader does.
func namedIn(f *excelize.File, name string) (cellRef, bool) {
	rd := &reader{names: map[string]string{}, sheets: map[string]*sheet{}}
	for _, n := range f.GetSheetList() {
		rd.sheets[n] = &sheet{name: n}
	}
	for _, dn := range f.GetDefinedName() {
		rd.names[strings.ToLower(dn.Name)] = dn.RefersTo
	}
	return rd.named(name)
}
