package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/message"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
)

func TestParseFormats(t *testing.T) {
	got, err := ParseFormats(" HTML ,pdf,html")
	if err != nil || len(got) != 2 || got[0].Ext != ".html" || got[1].Ext != ".pdf" {
		t.Errorf("ParseFormats = %+v, %v", got, err)
	}
	if _, err := ParseFormats("odt"); err == nil || message.Text(err) != "不支持的输出格式：odt。可选：pdf、html、docx，或 pdf,html,docx。" {
		t.Errorf("odt: %v", err)
	}
}

// TestRenderFileThroughAnyFormat: a format is a name, an extension and a writer of the one
// signature; RenderFile needs nothing else.
func TestRenderFileThroughAnyFormat(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.xlsx")
	bad := samplereport.Example2021()
	bad.Values["t3.new.person"] = model.Num(480)
	if err := os.WriteFile(in, workbookData(t, bad), 0o644); err != nil {
		t.Fatal(err)
	}
	text := Format{Name: "txt", Ext: ".txt", Write: func(w io.Writer, d *document.Document, o document.WriteOptions) error {
		_, err := fmt.Fprintf(w, "%s draft=%v", d.Title.Text(), o.Draft)
		return err
	}}
	opts := RenderOptions{Formats: []Format{text}}
	if res := RenderFile(context.Background(), in, "", dir, opts); !errors.Is(res.Err, message.ErrFindings) || len(res.Written) != 0 {
		t.Fatalf("errors did not stop the render: %+v", res)
	}
	opts.Force = true
	res := RenderFile(context.Background(), in, "", dir, opts)
	want := filepath.Join(dir, "示例市生态环境局2025年政府信息公开工作年度报告.txt")
	if res.Err != nil || !res.Draft || len(res.Written) != 1 || res.Written[0] != want {
		t.Fatalf("forced: %+v", res)
	}
	if b, _ := os.ReadFile(want); !strings.HasSuffix(string(b), "年度报告 draft=true") {
		t.Errorf("written %q", b)
	}
}
