package realtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// OOXMLValidator is the command that validates the parts of .xlsx and .docx files against
// the ECMA-376 schemas, our stand-in for Excel's and Word's strictness: a python3 with lxml
// (Debian python3-lxml) and shared/tools/ooxml_validate.py, shared/ being beside the
// repository (../../../shared from a package under internal/). what names the files in the
// message of Missing, which ends the test when either is not there.
func OOXMLValidator(t testing.TB, what string) (python, script string) {
	t.Helper()
	script = filepath.Join("..", "..", "..", "shared", "tools", "ooxml_validate.py")
	if _, err := os.Stat(script); err != nil {
		Missing(t, script+" not found (shared/ beside the repository); "+what+" were NOT validated against ECMA-376")
	}
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import lxml").Run() == nil {
			return p, script
		}
	}
	Missing(t, "no python3 with lxml (Debian python3-lxml); "+what+" were NOT validated against ECMA-376")
	return "", ""
}
