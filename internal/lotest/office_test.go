package lotest

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/realtest"
)

// job is one workbook handled in the LibreOffice session; see testdata/typist.py.
type job struct {
	Open     string       `json:"open,omitempty"`
	CopyFrom string       `json:"copy_from,omitempty"`
	Sheets   []string     `json:"sheets,omitempty"`
	Save     string       `json:"save,omitempty"`
	Type     [][2]string  `json:"type,omitempty"`
	Paste    [][2]string  `json:"paste,omitempty"`
	Paras    []paragraphs `json:"paragraphs,omitempty"`
	UI       [][2]string  `json:"ui,omitempty"`
	Attempt  [][2]string  `json:"attempt,omitempty"`
	Probe    []string     `json:"probe,omitempty"`
	PDF      string       `json:"pdf,omitempty"`
	Fits     []string     `json:"fits,omitempty"`
}

// paragraphs are a prose field typed paragraph by paragraph, one a cell.
type paragraphs struct {
	Name  string   `json:"name"`
	Texts []string `json:"texts"`
}

// content is a cell as LibreOffice holds it.
type content struct {
	String  string  `json:"string"`
	Value   float64 `json:"value"`
	Formula string  `json:"formula"`
}

type probe struct {
	content
	Locked    bool `json:"locked"`
	Protected bool `json:"protected"`
}

type entry struct {
	Before  content `json:"before"`
	After   content `json:"after"`
	Refused bool    `json:"refused"`
}

// outcome is what the session reports about one job.
type outcome struct {
	Fits    map[string][]bool `json:"fits"`
	UI      map[string]entry  `json:"ui"`
	Attempt map[string]entry  `json:"attempt"`
	Probe   map[string]probe  `json:"probe"`
}

// office finds LibreOffice and a Python that can talk to it, or skips loudly.
func office(t *testing.T) (soffice, python string) {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		realtest.Missing(t, "LIBREOFFICE NOT INSTALLED: soffice not found (Debian package libreoffice-calc-nogui); typing into the template in the real spreadsheet was NOT tested")
	}
	// Debian's python3-uno belongs to the system Python, which a pyenv or venv on PATH hides.
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import uno").Run() == nil {
			return soffice, p
		}
	}
	realtest.Missing(t, "PYTHON UNO BRIDGE NOT INSTALLED: no python3 can import uno (Debian package python3-uno); typing into the template in the real spreadsheet was NOT tested")
	return "", ""
}

// session does all jobs in one LibreOffice session (its start-up is most of the cost).
func session(t *testing.T, jobs []job) []outcome {
	t.Helper()
	soffice, python := office(t)
	dir := t.TempDir()
	jobsPath, resultPath := filepath.Join(dir, "jobs.json"), filepath.Join(dir, "result.json")
	data, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jobsPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join("testdata", "typist.py"), soffice, jobsPath, resultPath)
	// A bureau's LibreOffice runs in a Chinese locale: it decides how "1,234" is parsed and
	// what a new sheet is called.
	cmd.Env = append(os.Environ(), "LC_ALL=zh_CN.UTF-8", "LANG=zh_CN.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice session: %v\n%s", err, out)
	}
	data, err = os.ReadFile(resultPath)
	if err != nil {
		t.Fatal(err)
	}
	var results []outcome
	if err := json.Unmarshal(data, &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != len(jobs) {
		t.Fatalf("%d results for %d jobs", len(results), len(jobs))
	}
	return results
}

// nianbao builds the command-line program, as a user installs it.
func nianbao(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		realtest.Missing(t, "GO TOOL NOT FOUND: cannot build cmd/nianbao; the command-line round trip was NOT tested")
	}
	bin := filepath.Join(t.TempDir(), "nianbao")
	if out, err := exec.Command(goTool, "build", "-o", bin, "github.com/nianbao/nianbao/cmd/nianbao").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// run runs the program and returns its output and exit code.
func run(t *testing.T, bin string, args ...string) (string, int) {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s %v: %v", bin, args, err)
	}
	return string(out), 0
}
