package realtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Convert has LibreOffice convert the files (name → contents) with the filter of
// --convert-to (xlsx, "docx:MS Word 2007 XML", "pdf:writer_pdf_Export" …), all in one call
// (start-up is most of its cost), and returns the converted copies, named with ext, by input
// name. package names the Debian package that provides what the conversion needs.
func Convert(t testing.TB, files map[string][]byte, filter, ext, pkg string) map[string][]byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		Missing(t, "LIBREOFFICE NOT INSTALLED: soffice not found (Debian package "+pkg+"); the conversion to "+ext+" was NOT tested")
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", filter, "--outdir", out}
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.WaitDelay = 10 * time.Second // a hung child of soffice does not hold the test
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	done := map[string][]byte{}
	for name := range files {
		data, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(name, filepath.Ext(name))+ext))
		if err != nil {
			t.Fatalf("LibreOffice did not convert %s: %v", name, err)
		}
		done[name] = data
	}
	return done
}
