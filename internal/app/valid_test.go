package app

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/realtest"
)

// Every annotated copy passes the ECMA-376 check and opens in openpyxl (which refuses what
// Excel would "repair"), whoever saved the input: the template as written, one whose colours
// carry another program's alpha (00RRGGBB), the same saved by openpyxl and by LibreOffice.
func TestAnnotatedCopiesAreValid(t *testing.T) {
	py, validator := realtest.OOXMLValidator(t, "annotated copies")
	if exec.Command(py, "-c", "import openpyxl").Run() != nil {
		realtest.Missing(t, "no python3 with openpyxl (Debian python3-openpyxl); annotated copies were NOT opened in openpyxl")
	}
	base := hostile.Base()
	t3 := hostile.SheetPart(base, "表三")
	warned := hostile.SetCell(base, t3, hostile.CellOf(base, "nb_t3_new_person"), `<is><t>约十件</t></is>`, "inlineStr")
	alpha := hostile.Rewrite(warned, "xl/styles.xml", func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte(`<color></color>`), []byte(`<color rgb="00000000"></color>`))
		return bytes.ReplaceAll(b, []byte(`rgb="FF`), []byte(`rgb="00`))
	})
	dir := t.TempDir()
	inputs := map[string][]byte{"template": warned, "alpha": alpha}
	resave := `import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])`
	for _, from := range []string{"template", "alpha"} {
		in, out := filepath.Join(dir, from+".xlsx"), filepath.Join(dir, from+"-openpyxl.xlsx")
		must(t, os.WriteFile(in, inputs[from], 0o644))
		if b, err := exec.Command(py, "-c", resave, in, out).CombinedOutput(); err != nil {
			t.Fatalf("openpyxl: %v\n%s", err, b)
		}
		data, err := os.ReadFile(out)
		must(t, err)
		inputs[from+"-openpyxl"] = data
	}
	inputs["alpha-libreoffice"] = realtest.Convert(t, map[string][]byte{"alpha.xlsx": alpha}, "xlsx", ".xlsx", "libreoffice-calc-nogui")["alpha.xlsx"]

	args := []string{validator}
	for name, data := range inputs {
		in := Inspect(context.Background(), name+".xlsx", data, nil)
		if in.Err != nil || len(in.Findings) == 0 {
			t.Fatalf("%s: %v, %d findings; want findings to annotate", name, in.Err, len(in.Findings))
		}
		copied, err := Annotate(context.Background(), name+".xlsx", data, in.Findings, in.Groups)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		path := filepath.Join(dir, name+"-annotated.xlsx")
		must(t, os.WriteFile(path, copied, 0o644))
		args = append(args, path)
		if b, err := exec.Command(py, "-c", `import openpyxl, sys; openpyxl.load_workbook(sys.argv[1])`, path).CombinedOutput(); err != nil {
			t.Errorf("openpyxl refuses the annotated copy of %s: %v\n%s", name, err, b)
		}
	}
	if b, err := exec.Command(py, args...).CombinedOutput(); err != nil {
		t.Errorf("ooxml_validate.py: %v\n%s", err, b)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
