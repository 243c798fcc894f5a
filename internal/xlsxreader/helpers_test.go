package xlsxreader

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
