package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/internal/batch"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/outfile"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// WritableDir checks that files can be created in dir, so that a bad directory gets a clear
// message instead of one about a temporary file.
func WritableDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return message.Inputf("输出目录不存在：%s。", dir)
	case err != nil:
		return message.Inputf("无法访问输出目录：%s。", dir)
	case !info.IsDir():
		return message.Inputf("输出位置不是目录：%s。", dir)
	}
	probe, err := os.CreateTemp(dir, ".nianbao-probe-*")
	if err != nil {
		return message.Inputf("输出目录不可写入：%s。", dir)
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

// makeOutputDir creates dir when needed and checks that files can be written into it.
func makeOutputDir(dir string, what string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return message.Inputf("无法创建%s：%s。", what, dir)
	}
	return WritableDir(dir)
}

// findInputs walks the inputs of a run that writes outs. nianbao's own earlier roll-ups and
// status overviews found in a folder, and its annotated copies found in annotateDir (the
// copies this run writes again), are handed to leftOut (when not nil) with the reason, an
// *xlsxreader.OutputError, and never read as one more bureau's workbook. An annotated copy
// elsewhere is read: it is what a bureau sends back, corrected and with its 说明. An output
// that is one of the remaining inputs is refused before anything is read.
func findInputs(paths, outs []string, leftOut func(error), annotateDir string) (batch.Files, error) {
	files, err := batch.Find(paths, func(path string) error {
		switch k := xlsxreader.OutputKind(path); {
		case k == workbook.OutputAggregate || k == workbook.OutputStatus,
			k == workbook.OutputAnnotated && annotateDir != "" && isInside(path, annotateDir):
			return &xlsxreader.OutputError{Path: path, Kind: k}
		}
		return nil
	})
	if err != nil {
		return files, err
	}
	if leftOut != nil {
		for _, e := range files.LeftOut {
			leftOut(e.Err)
		}
	}
	inputs := files.Inputs()
	for _, out := range outs {
		if err := outfile.Distinct(out, inputs); err != nil {
			return files, err
		}
	}
	return files, nil
}

// isInside reports whether path lies in dir.
func isInside(path, dir string) bool {
	p, err1 := filepath.Abs(path)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// checkOutput refuses, before any work is done, an output file that exists (without
// force), that is a directory or special file, or that cannot be created.
func checkOutput(path string, force bool) error {
	if err := outfile.Check(path, force); err != nil {
		return err
	}
	return WritableDir(filepath.Dir(path))
}
