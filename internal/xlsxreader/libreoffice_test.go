package xlsxreader

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/template"
)

// resaveWithLibreOffice saves every workbook again with LibreOffice, as a bureau that fills
// the template in LibreOffice does, in one call (each call costs seconds of start-up).
func resaveWithLibreOffice(t *testing.T, workbooks map[string][]byte) map[string]string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		realtest.Missing(t, "LIBREOFFICE NOT INSTALLED: soffice not found (Debian package libreoffice-calc-nogui)")
	}
	in, out, profile := t.TempDir(), t.TempDir(), t.TempDir()
	args := []string{"--headless", "-env:UserInstallation=file://" + profile, "--convert-to", "xlsx", "--outdir", out}
	for name, data := range workbooks {
		path := filepath.Join(in, name+".xlsx")
		must(t, os.WriteFile(path, data, 0o644))
		args = append(args, path)
	}
	if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	paths := map[string]string{}
	for name := range workbooks {
		paths[name] = filepath.Join(out, name+".xlsx")
	}
	return paths
}

func TestRoundTripLibreOffice(t *testing.T) {
	reports := samples()
	for _, e := range template.Editions() {
		reports["blank"+e.ID] = model.New(e)
	}
	workbooks := map[string][]byte{}
	for name, r := range reports {
		workbooks[name] = workbookOf(t, r)
	}
	// A copy without names must still be read by labels after LibreOffice saved it.
	workbooks["nonames"] = modified(t, workbooks["Example2021"], deleteNames)
	paths := resaveWithLibreOffice(t, workbooks)

	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			got, notes, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			want := reports[name]
			if name == "nonames" {
				want = reports["Example2021"]
				if !hasKind(notes, NameMoved) {
					t.Errorf("lost names not reported: %v", kindsOf(notes))
				}
			} else if len(notes) != 0 {
				t.Errorf("notes: %v", notes)
			}
			if got.Meta["identified_by"] != "properties" {
				t.Errorf("identified by %q", got.Meta["identified_by"])
			}
			if want.Values[want.Edition.Cells()[0].Key].State == model.Blank {
				// A blank template: inputs blank, 总计 cached as 0 by LibreOffice.
				for _, c := range want.Edition.Cells() {
					if v := got.Values[c.Key]; v.State != model.Blank && fmt.Sprint(v.Number) != "0" {
						t.Errorf("%s: %v %q", c.Key, v.State, v.Raw)
					}
				}
				return
			}
			sameReport(t, want, got)
		})
	}
}

// savedFixture is the 2021 example written by the template writer of layout version 1 and
// saved by LibreOffice 7.4: a workbook as it comes back, kept so that every later version of
// the reader still reads what earlier templates produced.
const savedFixture = "testdata/example2021-libreoffice.xlsx"

func TestReadSavedFixture(t *testing.T) {
	got, notes, err := Read(savedFixture)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Errorf("notes: %v", notes)
	}
	sameReport(t, samplereport.Example2021(), got)
	for _, f := range check.Check(got, nil) {
		t.Errorf("finding: %s", f.Message)
	}
}
