package app

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/nianbao/nianbao/internal/check"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/version"
	"github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/xuri/excelize/v2"
)

// workbookData is a report entered into its workbook, as a bureau would return it.
func workbookData(t testing.TB, r *model.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestInspectFromBytes(t *testing.T) {
	ctx := context.Background()
	good := Inspect(ctx, "good.xlsx", workbookData(t, samplereport.Example2021()), nil)
	if good.Err != nil || good.Outcome() != check.Pass || good.Report.Agency() != "示例市生态环境局" {
		t.Errorf("good: %v %v %+v", good.Err, good.Outcome(), good.Findings)
	}
	bad := samplereport.Example2021()
	bad.Values["t3.new.person"] = model.Num(480)
	in := Inspect(ctx, "bad.xlsx", workbookData(t, bad), nil)
	if in.Outcome() != check.Errors || in.Findings[0].Rule != "I1" || in.Findings[0].Left[0].Value.Where.File != "bad.xlsx" {
		t.Errorf("bad: %v %+v", in.Outcome(), in.Findings)
	}
	if last := in.Findings[len(in.Findings)-1]; last.Severity != check.Warning {
		t.Errorf("errors are not listed first: %+v", in.Findings)
	}
	if junk := Inspect(ctx, "junk.xlsx", []byte("not a workbook"), nil); junk.Outcome() != check.Unreadable {
		t.Errorf("junk: %v", junk.Outcome())
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if in := Inspect(cancelled, "good.xlsx", workbookData(t, samplereport.Example2021()), nil); !errors.Is(in.Err, context.Canceled) {
		t.Errorf("cancelled: %v", in.Err)
	}
}

func TestInspectSkipsAnotherAgencysPreviousYear(t *testing.T) {
	other := samplereport.Example2021()
	other.Info["agency"] = model.Field{Text: "示例市教育局"}
	other.SetYear(2024)
	in := Inspect(context.Background(), "a.xlsx", workbookData(t, samplereport.Example2021()), LastYearOf(other))
	if in.Note != "未做跨年度检查：上年工作簿是示例市教育局的，本工作簿是示例市生态环境局的" {
		t.Errorf("note %q", in.Note)
	}
	last := samplereport.Example2021()
	last.SetYear(2022)
	in = Inspect(context.Background(), "a.xlsx", workbookData(t, samplereport.Example2021()), LastYearOf(last))
	if in.Note != "未做跨年度检查：上年工作簿的报告年度是2022年，不是2024年" {
		t.Errorf("note %q", in.Note)
	}
}

func TestAnnotateBytes(t *testing.T) {
	bad := samplereport.Example2021()
	bad.Values["t3.new.person"] = model.Num(480)
	data := workbookData(t, bad)
	in := Inspect(context.Background(), "bad.xlsx", data, nil)
	out, err := Annotate(context.Background(), "bad.xlsx", data, in.Findings, in.Groups)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(out, data) {
		t.Fatal("nothing annotated")
	}
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(ResultsSheet)
	if err != nil || len(rows) != 1+len(in.Findings) || rows[1][2] != "I1" || rows[1][3] != "表三!D6、表三!D7、表三!D29、表三!D30" {
		t.Errorf("检查结果: %q %v", rows, err)
	}
	props, _ := f.GetCustomProps()
	marked := map[string]any{}
	for _, p := range props {
		marked[p.Name] = p.Value
	}
	if marked[workbook.PropOutput] != workbook.OutputAnnotated || marked[workbook.PropVersion] != version.Version {
		t.Errorf("the annotated copy's properties: %v", marked)
	}
	style, _ := f.GetCellStyle("表三", "D6")
	if s, _ := f.GetStyle(style); s == nil || len(s.Fill.Color) == 0 || s.Fill.Color[0] != AnnotationFill[check.Error] {
		t.Errorf("D6 not marked as an error: %+v", s)
	}
	if _, err := Annotate(context.Background(), "junk.xlsx", []byte("junk"), nil, nil); err == nil {
		t.Error("junk annotated")
	}
}
