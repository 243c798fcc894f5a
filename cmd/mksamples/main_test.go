package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nianbao/nianbao/internal/app"
)

// The bundled samples are exactly what the code makes today: a change to a writer or to the
// sample reports must come with regenerated samples (go run ./cmd/mksamples).
func TestBundledSamplesAreCurrent(t *testing.T) {
	dir := t.TempDir()
	stdout := os.Stdout
	os.Stdout, _ = os.Open(os.DevNull)
	err := run(dir)
	os.Stdout = stdout
	if err != nil {
		t.Fatal(err)
	}
	made, _ := os.ReadDir(dir)
	if want := 3 + 2*len(app.Formats); len(made) != want {
		t.Errorf("mksamples made %d files, want %d (3 workbooks, 2 reports in each of %d formats)", len(made), want, len(app.Formats))
	}
	for _, e := range made {
		want, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", "samples", e.Name()))
		if err != nil {
			t.Errorf("samples/%s is missing: run go run ./cmd/mksamples", e.Name())
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("samples/%s is out of date: run go run ./cmd/mksamples", e.Name())
		}
	}
}
