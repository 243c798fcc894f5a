package desk

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/app"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/nianbao/nianbao/internal/pdfwriter"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/internal/samplereport"
	nbworkbook "github.com/nianbao/nianbao/internal/workbook"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/xuri/excelize/v2"
)

// workbook is the 2021 example as the agency's filled workbook of 2025, broken when
// unbalanced.
func workbook(t testing.TB, agency string, unbalanced bool) []byte {
	t.Helper()
	r := samplereport.Example2021As(agency, 1)
	if unbalanced { // breaks identity I1 in the 自然人 column of table 三
		r.Values["t3.new.person"] = model.Num(r.Values["t3.new.person"].Number + 1)
	}
	return write(t, r)
}

// workbookTimes is the agency's workbook with every number of the example times k.
func workbookTimes(t testing.TB, agency string, k float64) []byte {
	return write(t, samplereport.Example2021As(agency, k))
}

func write(t testing.TB, r *model.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// liveDesk is a desk with the real engine behind a real HTTP server.
func liveDesk(t testing.TB, agencies ...string) (*httptest.Server, *Server, *Store) {
	t.Helper()
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	store, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SaveSettings(Settings{Year: 2025, Owner: "示例市人民政府"}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetAgencies(agencies, nil); err != nil {
		t.Fatal(err)
	}
	srv := New(store, Options{Fonts: set})
	ts := httptest.NewServer(srv)
	srv.opt.BaseURL = ts.URL
	t.Cleanup(func() { ts.Close(); store.Close() })
	return ts, srv, store
}

func fetch(t *testing.T, u string) (string, *http.Response) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body), resp
}

func TestYearWithTheRealEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("typesets reports")
	}
	// Workbooks record their creation time: fixed, so that the stored one can be compared
	// with one written again below.
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	_, srv, store := liveDesk(t, "甲局", "乙局", "丙局")
	a := must(store.Agencies())[0]
	link, _ := srv.AgencyURL(a)
	coord := srv.CoordinatorURL()

	// The prefilled template is a workbook of the agency and year.
	tmpl, resp := fetch(t, link+"template.xlsx")
	if resp.StatusCode != 200 {
		t.Fatalf("template: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(strings.NewReader(tmpl))
	if err != nil {
		t.Fatalf("template: %v", err)
	}
	f.Close()

	post := func(data []byte) *http.Response {
		t.Helper()
		var body bytes.Buffer
		mw := newMultipart(&body, "file", "甲局年报.xlsx", data)
		resp, err := http.Post(link+"upload", mw, &body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(workbook(t, "甲局", true)); resp.StatusCode != 200 || resp.Request.URL.String() != link {
		t.Fatalf("upload: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	page, _ := fetch(t, link)
	if !strings.Contains(page, "有错误") || !strings.Contains(page, "I1") || !strings.Contains(page, "表三!") {
		t.Errorf("the bureau's page does not show the I1 error and its cell:\n%s", page)
	}
	annotated, _ := fetch(t, link+"1/annotated.xlsx")
	f, err = excelize.OpenReader(strings.NewReader(annotated))
	if err != nil {
		t.Fatalf("annotated copy: %v", err)
	}
	if idx, _ := f.GetSheetIndex("检查结果"); idx < 0 {
		t.Error("the annotated copy has no 检查结果 sheet")
	}
	f.Close()
	if pdf, _ := fetch(t, link+"1/pdf"); !strings.HasPrefix(pdf, "%PDF-") {
		t.Error("the preview is not a PDF")
	}

	// The corrected workbook passes, and is what the coordinator publishes.
	corrected := workbook(t, "甲局", false)
	post(corrected)
	if page, _ := fetch(t, link); !strings.Contains(page, "第 2 次提交") || !strings.Contains(page, "<strong>检查通过</strong>") ||
		!strings.Contains(page, `2/docx">下载 Word 文档</a>`) {
		t.Errorf("after the correction:\n%s", page)
	}
	// The Word document for sign-off downloads under the report's name and carries the
	// hash of the workbook it was made from.
	docx, resp := fetch(t, link+"2/docx")
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("the Word document is served as %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, url.PathEscape("甲局2025年政府信息公开工作年度报告.docx")) {
		t.Errorf("the Word document is served with %q", cd)
	}
	dr, err := zip.NewReader(strings.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatalf("the Word document is no zip: %v", err)
	}
	custom := ""
	for _, zf := range dr.File {
		if zf.Name == "docProps/custom.xml" {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			custom = string(b)
		}
	}
	if want := fmt.Sprintf("%x", sha256.Sum256(corrected)); !strings.Contains(custom, want) {
		t.Errorf("the Word document does not name its workbook %s:\n%s", want, custom)
	}
	rows, _ := fetch(t, coord+"rows")
	if !strings.Contains(rows, "检查通过") || strings.Count(rows, `<td class="state">未提交</td>`) != 2 {
		t.Errorf("progress rows:\n%s", rows)
	}
	zipped, resp := fetch(t, coord+"reports.zip")
	if resp.StatusCode != 200 {
		t.Fatalf("reports.zip: %d", resp.StatusCode)
	}
	zr, err := zip.NewReader(strings.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, zf := range zr.File {
		names = append(names, zf.Name)
	}
	if got := strings.Join(names, " "); got != "甲局2025年政府信息公开工作年度报告.pdf 甲局2025年政府信息公开工作年度报告.html 甲局2025年政府信息公开工作年度报告.docx 说明.txt" {
		t.Errorf("reports.zip holds %s", got)
	}
	for _, u := range []string{"results.xlsx", "rollup.xlsx", "links.xlsx", "templates.zip"} {
		if body, resp := fetch(t, coord+u); resp.StatusCode != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("%s: %d", u, resp.StatusCode)
		}
	}
	// The roll-up's PDF says, after the report, who is left out and why, in the words of
	// 说明.txt and the roll-up's sheet.
	rollupPDF, resp := fetch(t, coord+"rollup.pdf")
	if resp.StatusCode != 200 || !strings.HasPrefix(rollupPDF, "%PDF-") {
		t.Fatalf("rollup.pdf: %d", resp.StatusCode)
	}
	if dump := os.Getenv("NIANBAO_DUMP_ROLLUP_PDF"); dump != "" { // to look at it as PNG
		if err := os.WriteFile(dump, []byte(rollupPDF), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := realtest.PDFText(t, []byte(rollupPDF))
	annex := strings.Index(text, "附："+app.SheetLeftOut)
	if annex < 0 || annex < strings.Index(text, "示例市人民政府") {
		t.Errorf("the roll-up's PDF does not list who is left out after the report:\n%s", text)
	}
	for _, want := range []string{"乙局：未提交", "丙局：未提交"} {
		if !strings.Contains(text[max(annex, 0):], want) {
			t.Errorf("the roll-up's PDF lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text[max(annex, 0):], "甲局") {
		t.Errorf("the roll-up's PDF lists 甲局, whose report it sums, as left out:\n%s", text)
	}
	// The command line's status of 已提交 against 机关名单.txt agrees with the desk.
	list, _, err := app.ReadAgencies(filepath.Join(store.Dir(), AgencyList))
	if err != nil {
		t.Fatal(err)
	}
	status, err := app.Status(context.Background(), filepath.Join(store.Dir(), SubmittedDir), app.StatusOptions{Agencies: list}, noProgress{})
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, r := range status {
		states = append(states, r.Agency+" "+r.State)
	}
	if got := strings.Join(states, "、"); got != "甲局 检查通过、乙局 未提交、丙局 未提交" {
		t.Errorf("nianbao status on the folder: %s", got)
	}
	// The command line finds the current workbook in 已提交.
	cur, err := os.ReadFile(filepath.Join(store.Dir(), SubmittedDir, "001 甲局.xlsx"))
	if err != nil || !bytes.Equal(cur, workbook(t, "甲局", false)) {
		t.Errorf("已提交: %v", err)
	}
}

// What the bureau's page says about warnings works: a warning explained on the 说明 sheet of
// the annotated copy, uploaded again, shows as 已说明 and no longer counts.
func TestWarningExplainedThroughTheAnnotatedCopy(t *testing.T) {
	_, srv, store := liveDesk(t, "甲局")
	link, _ := srv.AgencyURL(must(store.Agencies())[0])
	r := samplereport.Example2021As("甲局", 1)
	r.Prose["other"] = model.Field{} // 六、其他需要报告的事项 left blank: a warning
	upload := func(data []byte) {
		t.Helper()
		var body bytes.Buffer
		resp, err := http.Post(link+"upload", newMultipart(&body, "file", "甲局.xlsx", data), &body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("upload: %v %v", resp, err)
		}
		resp.Body.Close()
	}
	upload(write(t, r))
	if page, _ := fetch(t, link); !strings.Contains(page, "<strong>有警告</strong>") {
		t.Fatalf("no warning:\n%s", page)
	}
	annotated, _ := fetch(t, link+"1/annotated.xlsx")
	f, err := excelize.OpenReader(strings.NewReader(annotated))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(nbworkbook.SheetExplanations)
	header := slices.IndexFunc(rows, func(r []string) bool { return slices.Contains(r, nbworkbook.ColumnRule) })
	if header < 0 || header == len(rows)-1 {
		t.Fatalf("说明 sheet %v", rows)
	}
	col := slices.Index(rows[header], nbworkbook.ColumnExplanation)
	for i := header + 2; i <= len(rows); i++ { // every warning listed below the header
		cell, _ := excelize.CoordinatesToCellName(col+1, i)
		f.SetCellStr(nbworkbook.SheetExplanations, cell, "本年度没有其他需要报告的事项。")
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	f.Close()
	upload(buf.Bytes())
	page, _ := fetch(t, link)
	if !strings.Contains(page, "第 2 次提交") || !strings.Contains(page, "<strong>检查通过</strong>") || !strings.Contains(page, "已说明") ||
		!strings.Contains(page, "本单位说明：本年度没有其他需要报告的事项。") {
		t.Errorf("after explaining:\n%s", page)
	}
}

func TestUnreadableUploadNamesTheBureausFile(t *testing.T) {
	_, srv, store := liveDesk(t, "甲局")
	link, _ := srv.AgencyURL(must(store.Agencies())[0])
	var body bytes.Buffer
	ctype := newMultipart(&body, "file", "我的报表.xlsx", []byte("not a workbook"))
	resp, err := http.Post(link+"upload", ctype, &body)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), "我的报表.xlsx") || strings.Contains(string(page), store.Dir()) {
		t.Errorf("%d:\n%s", resp.StatusCode, page)
	}
	if a, _ := store.Agency(1); a.Subs != 0 {
		t.Error("an unreadable file was accepted")
	}
}

// newMultipart writes a form with one file into body and returns its content type.
func newMultipart(body *bytes.Buffer, field, name string, data []byte) string {
	mw := multipart.NewWriter(body)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return mw.FormDataContentType()
}

// A bureau's page never tells a clerk to use a command-line option: the PDF preview's
// refusal of a character says what to change in the workbook.
func TestPreviewRefusalHasNoCommandLine(t *testing.T) {
	msg := string(glyphRefusal(&pdfwriter.MissingGlyphError{Char: '\U00020000', Where: "一、总体情况第1段", Context: "本机关\U00020000", OutsideBMP: true}))
	if strings.Contains(msg, "--") || strings.Contains(msg, "nianbao") || !strings.Contains(msg, "U+20000") || !strings.Contains(msg, "重新上传") {
		t.Errorf("the preview's refusal: %s", msg)
	}
}

// A file that is not a workbook (nor a Word report, which is imported) is named for what it
// is, by its contents.
func TestUploadNamesWhatTheFileIs(t *testing.T) {
	_, srv, store := liveDesk(t, "甲局")
	link, _ := srv.AgencyURL(must(store.Agencies())[0])
	zipOf := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := zw.Create(n)
			io.WriteString(w, "<x/>")
		}
		zw.Close()
		return buf.Bytes()
	}
	for name, c := range map[string]struct {
		data []byte
		says string
	}{
		"年报.pdf":  {[]byte("%PDF-1.7\n..."), "是PDF 文件（.pdf）"},
		"年报.zip":  {zipOf("a.txt"), "是zip 压缩包"},
		"年报.pptx": {zipOf("[Content_Types].xml", "ppt/presentation.xml"), "是PowerPoint 演示文稿（.pptx）"},
		// Compound files, by the reader's classifier (olefile), whatever their names say.
		"年报.doc":  {hostile.Compound("WordDocument", "1Table"), "是旧版 Word 或 WPS 文字文档（.doc、.wps）"},
		"年报.xlsx": {hostile.Compound("Workbook"), "是旧版 Excel 或 WPS 表格文件（.xls、.et）"},
		"年报.ppt":  {hostile.Compound("PowerPoint Document"), "是旧版 PowerPoint 演示文稿（.ppt）"},
		"损坏.doc":  {append(append([]byte{}, olefile.Signature...), "garbage"...), "文件是旧版 Office 或 WPS 格式，但已损坏"},
		"加密.xlsx": {hostile.Compound("EncryptionInfo", "EncryptedPackage"), "工作簿设置了打开密码"},
	} {
		var body bytes.Buffer
		resp, err := http.Post(link+"upload", newMultipart(&body, "file", name, c.data), &body)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		says := "“" + name + "”" + c.says
		if strings.HasPrefix(c.says, "文件") || strings.HasPrefix(c.says, "工作簿") { // the reader's own line
			says = c.says
		}
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(page), says) {
			t.Errorf("%s: %d\n%s", name, resp.StatusCode, page)
		}
	}
	if a := must(store.Agency(1)); a.Subs != 0 {
		t.Errorf("%d kept", a.Subs)
	}
}

// The roll-up's refusal names agencies and says what to do in the page: no paths, no hashes,
// nothing to move by hand.
func TestRollupRefusalNamesAgencies(t *testing.T) {
	dir := t.TempDir()
	var inputs []RollupInput
	for i, agency := range []string{"甲局", "乙局"} {
		p := filepath.Join(dir, fmt.Sprintf("%064x.xlsx", i)) // as .desk/uploads names them
		if err := os.WriteFile(p, workbook(t, "甲局", false), 0o600); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, RollupInput{Path: p, Agency: agency, Seq: 1})
	}
	err := NewEngine(nil, nil).Rollup(context.Background(), filepath.Join(dir, "rollup.xlsx"), inputs, "示例市人民政府", nil)
	var r Refusal
	if !errors.As(err, &r) {
		t.Fatalf("not a refusal: %v", err)
	}
	msg := string(r)
	if !strings.Contains(msg, "甲局（第1次提交）、乙局（第1次提交）") || !strings.Contains(msg, "退回修改") ||
		strings.Contains(msg, dir) || strings.Contains(msg, "0000000") || strings.Contains(msg, "移走") {
		t.Errorf("the roll-up's refusal: %s", msg)
	}
}
