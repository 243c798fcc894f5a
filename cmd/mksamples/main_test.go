package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
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
	if len(made) != 7 {
		t.Errorf("mksamples made %d files, want 7 (3 workbooks, 2 PDFs, 2 pages)", len(made))
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
