package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/realtest"
)

// validator is ../shared/tools/ooxml_validate.py, the ECMA-376 check of a package.
const validator = "../../../shared/tools/ooxml_validate.py"

// python finds a python3 that can import every module, or ends the test as a missing real
// component.
func python(t *testing.T, modules ...string) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		ok := true
		for _, m := range modules {
			ok = ok && exec.Command(p, "-c", "import "+m).Run() == nil
		}
		if ok {
			return p
		}
	}
	realtest.Missing(t, fmt.Sprintf("no python3 with %v (Debian python3-lxml, python3-openpyxl); annotated copies were NOT validated", modules))
	return ""
}

// Every annotated copy passes the ECMA-376 check and opens in openpyxl (which refuses what
// Excel would "repair"), whoever saved the input: the template as written, one whose colours
// carry another program's alpha (00RRGGBB), the same saved by openpyxl and by LibreOffice.
func TestAnnotatedCopiesAreValid(t *testing.T) {
	if _, err := os.Stat(validator); err != nil {
		realtest.Missing(t, fmt.Sprintf("%s not found (shared/ beside the repository): %v", validator, err))
	}
	py := python(t, "lxml", "openpyxl")
	base := hostile.Base()
	t3 := hostile.SheetPart(base, "表三")
	warned := hostile.SetCell(base, t3, hostile.CellOf(base, "nb_t3_new_person"), `<is><t>约十件</t></is>`, "inlineStr")
	alpha := hostile.Rewrite(warned, "xl/styles.xml", func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte(`<color></color>`), []byte(`<color rgb="00000000"></color>`))
		return bytes.ReplaceAll(b, []byte(`rgb="FF`), []byte(`rgb="00`))
	})
	dir := t.TempDir()
	inputs := map[string][]byte{"template": warned, "alpha": alpha}
	for name, data := range inputs {
		must(t, os.WriteFile(filepath.Join(dir, name+".xlsx"), data, 0o644))
	}
	resave := `import openpyxl, sys; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])`
	for _, from := range []string{"template", "alpha"} {
		out := filepath.Join(dir, from+"-openpyxl.xlsx")
		if b, err := exec.Command(py, "-c", resave, filepath.Join(dir, from+".xlsx"), out).CombinedOutput(); err != nil {
			t.Fatalf("openpyxl: %v\n%s", err, b)
		}
		inputs[from+"-openpyxl"] = readFile(t, out)
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		realtest.Missing(t, "LIBREOFFICE NOT INSTALLED: soffice not found (libreoffice-calc-nogui); copies of LibreOffice-saved inputs were NOT validated")
	}
	saved := filepath.Join(dir, "saved")
	if b, err := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "xlsx", "--outdir", saved, filepath.Join(dir, "alpha.xlsx")).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	inputs["alpha-libreoffice"] = readFile(t, filepath.Join(saved, "alpha.xlsx"))

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

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
