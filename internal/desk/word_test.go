package desk

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/nianbao/nianbao/internal/document"
	"github.com/nianbao/nianbao/internal/docxwriter"
	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxreader"
)

// wordReport is the agency's example report as our own Word document.
func wordReport(t testing.TB, agency string) []byte {
	return wordDocument(t, samplereport.Example2021As(agency, 1))
}

// wordDocument is the report as our own Word document, its numbers printed as they are.
func wordDocument(t testing.TB, r *model.Report) []byte {
	set, err := fonts.Default()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := docxwriter.Write(&buf, document.Build(r), docxwriter.Options{Fonts: set}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// minimalDOCX is a Word document of one paragraph.
func minimalDOCX(t testing.TB, text string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create("word/document.xml")
	f.Write([]byte(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p></w:body></w:document>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A bureau that drafted in Word uploads the .docx: it is imported, checked and kept as a
// workbook, the import's line on top, the imported workbook offered for download; the
// document itself is kept with the uploads. A .docx that is no report is refused, naming it.
func TestWordUpload(t *testing.T) {
	_, srv, store := liveDesk(t, "甲局")
	link, _ := srv.AgencyURL(must(store.Agencies())[0])
	post := func(name string, data []byte) (int, string) {
		t.Helper()
		var body bytes.Buffer
		resp, err := http.Post(link+"upload", newMultipart(&body, "file", name, data), &body)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		page, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(page)
	}
	doc := wordReport(t, "甲局")
	if code, _ := post("甲局年报.docx", doc); code != 200 {
		t.Fatalf("upload: %d", code)
	}
	page, _ := fetch(t, link)
	if !strings.Contains(page, "本次上传的是 Word 文档，已导入为工作簿后检查：表二 10/10 格，表三 175/175 格，表四 15/15 格") ||
		!strings.Contains(page, "下载由 Word 文档导入的工作簿") {
		t.Fatalf("bureau page:\n%s", page)
	}
	book, _ := fetch(t, link+"1/original.xlsx")
	r, _, err := xlsxreader.Decode("imported.xlsx", []byte(book))
	if err != nil || r.Agency() != "甲局" || r.Values["t3.new.total"].Number != samplereport.Example2021As("甲局", 1).Values["t3.new.total"].Number {
		t.Errorf("imported workbook: %v %q %v", err, r.Agency(), r.Values["t3.new.total"])
	}
	sum := sha256.Sum256(doc)
	if _, err := os.Stat(store.UploadPath(hex.EncodeToString(sum[:]))); err != nil {
		t.Errorf("the Word document was not kept: %v", err)
	}

	if code, page := post("通知.docx", minimalDOCX(t, "关于做好年报工作的通知")); code != http.StatusUnprocessableEntity ||
		!strings.Contains(page, "通知.docx：没有找到年度报告的统计表或正文。 文件未接收") {
		t.Errorf("a .docx without a report: %d\n%s", code, page)
	}
	if a, _ := store.Agency(1); a.Subs != 1 {
		t.Errorf("%d submissions", a.Subs)
	}
}

// The same in Chromium: the bureau chooses its Word report in the upload form.
func TestBrowserWordUpload(t *testing.T) {
	if testing.Short() {
		t.Skip("drives Chromium")
	}
	b := newBrowser(t)
	_, srv, store := liveDesk(t, "示例市生态环境局")
	link, _ := srv.AgencyURL(must(store.Agencies())[0])
	path := filepath.Join(t.TempDir(), "生态环境局年报.docx")
	os.WriteFile(path, wordReport(t, "示例市生态环境局"), 0o644)
	bureau := tab(t, b)
	do(t, bureau, "upload a Word report",
		chromedp.Navigate(link),
		chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{path}),
		chromedp.Click(chromedp.CSS(`#upload button`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice.imported`)))
	if got := text(t, bureau, `p.notice.imported`); !strings.Contains(got, "表三 175/175 格") {
		t.Errorf("import line %q", got)
	}
	if got := text(t, bureau, `p.state`); !strings.Contains(got, "生态环境局年报.docx") {
		t.Errorf("state line %q", got)
	}
	if got := text(t, bureau, `p.files`); !strings.Contains(got, "下载由 Word 文档导入的工作簿") {
		t.Errorf("files %q", got)
	}
	screenshot(t, bureau, "desk-bureau-word.png")
}

// A Word report whose printed 总计 disagrees with its items is what the bureau would publish:
// the desk checks the document as printed, so it is an error (I4) and is not published,
// although the workbook imported of it computes the 总计 again (and would only warn, R6).
func TestWordUploadWithAWrongPrintedTotal(t *testing.T) {
	_, srv, store := liveDesk(t, "甲局")
	a := must(store.Agencies())[0]
	link, _ := srv.AgencyURL(a)
	r := samplereport.Example2021As("甲局", 1)
	v := r.Values["t4.review_corrected"]
	v.Number++ // the 总计 printed beside it is left as it was
	r.Values["t4.review_corrected"] = v
	var body bytes.Buffer
	resp, err := http.Post(link+"upload", newMultipart(&body, "file", "甲局年报.docx", wordDocument(t, r)), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	page, _ := fetch(t, link)
	if !strings.Contains(page, "I4") || !strings.Contains(page, "有错误") {
		t.Errorf("bureau page does not show the printed total's I4 error:\n%s", page)
	}
	sub := must(store.Submissions(a.ID))
	if len(sub) != 1 || sub[0].Inspection.State != StateErrors || sub[0].Inspection.Errors == 0 {
		t.Errorf("kept as %+v", sub)
	}
}
