package realtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// PDFText is the text of the PDF pdf as poppler's pdftotext reads it (UTF-8, in reading
// order), as a reader copying from the file would get it.
func PDFText(t testing.TB, pdf []byte) string {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		Missing(t, "POPPLER NOT INSTALLED: pdftotext not found (Debian package poppler-utils); the PDF's text was NOT read")
	}
	path := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
