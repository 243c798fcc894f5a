package template

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestReferences: every named reference resolves in every edition.
func TestReferences(t *testing.T) {
	for _, e := range Editions() {
		r := e.Refs
		for _, k := range append([]string{r.NewRequests, r.AllResults, r.Reviews}, r.Suits...) {
			if _, ok := e.Cell(k); !ok {
				t.Errorf("edition %s: no cell %q", e.ID, k)
			}
		}
		if len(r.Suits) == 0 {
			t.Errorf("edition %s: no suits", e.ID)
		}
		if c, ok := e.Cell(r.FeeAmount); r.FeeAmount != "" && (!ok || c.Kind() != Amount || c.Table.Number != "二") {
			t.Errorf("edition %s: fee amount %q is not an amount of table 二", e.ID, r.FeeAmount)
		}
		for _, n := range []string{r.FeesPart, r.ProblemsPart} {
			if !slices.ContainsFunc(e.Parts, func(p Part) bool { return p.Number == n }) {
				t.Errorf("edition %s: no part %s", e.ID, n)
			}
		}
		for _, p := range e.Parts {
			if p.Name == "" || !strings.Contains(p.Name, strings.TrimPrefix(p.Heading, p.Number+"、")[:6]) {
				t.Errorf("edition %s: part %s is named %q in the introduction", e.ID, p.Number, p.Name)
			}
		}
		for _, k := range []string{InfoAgency, InfoYear, InfoPeriod, InfoBasis, InfoContactOffice, InfoAddress, InfoPhone, InfoWebsite, InfoPublishDate} {
			if !slices.ContainsFunc(e.Info, func(f InfoField) bool { return f.Key == k }) {
				t.Errorf("edition %s: no info field %q", e.ID, k)
			}
		}
	}
}

// keyUses are the ways code outside template/ names a key of an edition in a string.
var keyUses = []struct {
	kind    string
	pattern *regexp.Regexp
}{
	{"cell", regexp.MustCompile(`"(t[1-4]\.[a-z0-9_.]+)"`)},
	{"cell", regexp.MustCompile(`Values\["([^"]+)"\]`)},
	{"info", regexp.MustCompile(`(?:Info\[|InfoText\()"([^"]+)"`)},
	{"prose", regexp.MustCompile(`(?:Prose\[|ProseText\()"([^"]+)"`)},
}

// TestKeysUsedOutsideExist reads every Go file of the module outside template/ for keys
// written as strings: in code, each must exist in every edition; in a test or a sample
// report, in at least one.
func TestKeysUsedOutsideExist(t *testing.T) {
	has := func(e *Edition, kind, key string) bool {
		switch kind {
		case "cell":
			// A row's key is written to build its cells' keys: t3.new + "." + column.
			prefix := strings.TrimSuffix(key, ".") + "."
			return slices.ContainsFunc(e.Cells(), func(c Cell) bool { return c.Key == key || strings.HasPrefix(c.Key, prefix) })
		case "info":
			return slices.ContainsFunc(e.Info, func(f InfoField) bool { return f.Key == key })
		}
		for _, p := range e.Parts {
			if slices.ContainsFunc(p.Prose, func(f ProseField) bool { return f.Key == key }) {
				return true
			}
		}
		return false
	}
	uses := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "template" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// Tests and the sample reports may build a report of one edition.
		test := strings.HasSuffix(path, "_test.go") || strings.Contains(filepath.ToSlash(path), "/samplereport/")
		for _, u := range keyUses {
			for _, m := range u.pattern.FindAllStringSubmatch(string(src), -1) {
				uses++
				var in []string
				for _, e := range Editions() {
					if has(e, u.kind, m[1]) {
						in = append(in, e.ID)
					}
				}
				if len(in) == 0 || !test && len(in) < len(Editions()) {
					t.Errorf("%s: %s key %q is in editions %v only", path, u.kind, m[1], in)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if uses == 0 {
		t.Fatal("no key found outside template/: the patterns no longer match the code")
	}
}
