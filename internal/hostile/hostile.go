// Package hostile builds hostile workbooks (and Word documents) by code, for the tests and benchmarks that show
// the reader answers every one quickly, with bounded memory and the right error: damaged
// parts, formulas that would take hours to evaluate, a million rows, huge strings, absurd
// numbers, forged zip sizes. Each Case starts from a valid filled workbook of the template
// writer and changes one thing.
package hostile

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/nianbao/nianbao/internal/samplereport"
	"github.com/nianbao/nianbao/internal/xlsxwriter"
	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// Outcome is what reading a case must give.
type Outcome int

const (
	// Damaged is exit 2 with 文件已损坏 naming the part.
	Damaged Outcome = iota
	// TooLarge is exit 2: the file is refused as too large.
	TooLarge
	// Findings is a report read with findings (exit 1): a wrong value is the bureau's to fix.
	Findings
	// Read is a report read as usual: what lies beyond the bounds is not read at all.
	Read
)

// Case is one hostile workbook.
type Case struct {
	Name    string
	Data    []byte
	Outcome Outcome
	Part    string // for Damaged: the part named
	Rule    string // for Findings: a rule that must be among them
}

// Base is a valid filled workbook: the 2021 example as the template writer writes it.
func Base() []byte {
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, samplereport.Example2021()); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Cases are the hostile workbooks, built from base.
func Cases(base []byte) []Case {
	t3 := SheetPart(base, "表三")
	prose := SheetPart(base, "正文")
	d6 := CellOf(base, "nb_t3_new_person")
	total := CellOf(base, "nb_t3_new_total")
	return []Case{
		{Name: "formula bomb without a cached value", Outcome: Findings, Rule: "V4",
			Data: SetCell(base, t3, d6, `<f>LEN(REPT(REPT("a",1E9),1E9))</f>`)},
		{Name: "formula in an input cell with a cached number", Outcome: Findings, Rule: "R5",
			Data: SetCell(base, t3, d6, `<f>400+80</f><v>480</v>`)},
		{Name: "cached total that disagrees with its terms", Outcome: Findings, Rule: "R6",
			Data: SetCell(base, t3, total, `<f>SUM(D6:I6)</f><v>999999</v>`)},
		{Name: "a count of 1e308", Outcome: Findings, Rule: "V6", Data: SetCell(base, t3, d6, `<v>1E308</v>`)},
		{Name: "counts of 1e308 and -1e308 whose totals would be +Inf and NaN", Outcome: Findings, Rule: "V6",
			Data: SetCell(SetCell(SetCell(base, t3, d6, `<v>1E308</v>`), t3, CellOf(base, "nb_t3_new_business"), `<v>-1.7E308</v>`), t3, CellOf(base, "nb_t3_new_research"), `<v>1.7E308</v>`)},
		{Name: "half a million rows", Outcome: Read, Data: ManyRows(base, t3, 500000)},
		{Name: "a million rows", Outcome: TooLarge, Data: ManyRows(base, t3, 1000000)},
		{Name: "every cell within the bounds filled (the worst file)", Outcome: Findings, Rule: "R4", Data: Dense(base, t3, 2100, 50)},
		{Name: "two million characters of prose", Outcome: Findings, Rule: "R7",
			Data: SetCell(base, prose, CellOf(base, "nb_prose_overview"), `<is><t>`+strings.Repeat("年", 2000000)+`</t></is>`, "inlineStr")},
		{Name: "more XML than is read", Outcome: TooLarge,
			Data: SetCell(base, prose, CellOf(base, "nb_prose_overview"), `<is><t>`+strings.Repeat("年", 4000000)+`</t></is>`, "inlineStr")},
		{Name: "malformed sheet XML", Outcome: Damaged, Part: t3,
			Data: Rewrite(base, t3, func(b []byte) []byte { return bytes.Replace(b, []byte("</sheetData>"), []byte("</sheetDat>"), 1) })},
		{Name: "control character in a shared string", Outcome: Damaged, Part: "xl/sharedStrings.xml",
			Data: Rewrite(base, "xl/sharedStrings.xml", func(b []byte) []byte { return bytes.Replace(b, []byte("<t>"), []byte("<t>\x01"), 1) })},
		{Name: "document type declaration", Outcome: Damaged, Part: "xl/workbook.xml",
			Data: Rewrite(base, "xl/workbook.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("<workbook"), []byte(`<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]><workbook`), 1)
			})},
		{Name: "more sheets than any workbook has, all one part", Outcome: TooLarge, Data: ManySheets(base, t3, 300)},
		{Name: "elements nested a hundred thousand deep", Outcome: Damaged, Part: t3,
			Data: SetCell(base, t3, d6, strings.Repeat("<x>", 100000)+strings.Repeat("</x>", 100000))},
		{Name: "shared strings nested a hundred thousand deep", Outcome: Damaged, Part: "xl/sharedStrings.xml",
			Data: Rewrite(base, "xl/sharedStrings.xml", func(b []byte) []byte {
				return bytes.Replace(b, []byte("<si>"), []byte("<si>"+strings.Repeat("<x>", 100000)+strings.Repeat("</x>", 100000)), 1)
			})},
		{Name: "a sheet part of zero bytes", Outcome: Damaged, Part: t3,
			Data: Rewrite(base, t3, func([]byte) []byte { return nil })},
		{Name: "shared strings of only a comment", Outcome: Damaged, Part: "xl/sharedStrings.xml",
			Data: Rewrite(base, "xl/sharedStrings.xml", func([]byte) []byte { return []byte(`<?xml version="1.0"?><!-- nothing -->`) })},
		{Name: "a sheet part stored twice", Outcome: Damaged, Part: t3, Data: Duplicate(base, t3)},
		{Name: "a sheet part stored again with backslashes", Outcome: Damaged, Part: t3,
			Data: DuplicateAs(base, t3, strings.ReplaceAll(t3, "/", `\`))},
		{Name: "a sheet part stored again as ./ and in capitals", Outcome: Damaged, Part: t3,
			Data: DuplicateAs(base, t3, "./"+strings.ToUpper(t3))},
		{Name: "the package's relationships name another workbook part", Outcome: Damaged, Part: "_rels/.rels",
			Data: Rewrite(base, "_rels/.rels", func(b []byte) []byte {
				return bytes.Replace(b, []byte(`Target="xl/workbook.xml"`), []byte(`Target="xl/book2.xml"`), 1)
			})},
		{Name: "forged uncompressed size", Outcome: Damaged, Part: t3, Data: ForgeSize(base, t3)},
		{Name: "shared strings with a wrong checksum", Outcome: Damaged, Part: "xl/sharedStrings.xml",
			Data: ForgeChecksum(base, "xl/sharedStrings.xml")},
		{Name: "encrypted without a password to open, as WPS saves protected sheets", Outcome: Read,
			Data: Encrypt(base, "VelvetSweatshop")},
		{Name: "one 32,767-character shared string in 105,000 cells", Outcome: TooLarge,
			Data: SharedText(base, t3, strings.Repeat("文 件", 32767/3), 40, 2100, 50)},
		{Name: "as much shared text as is read (the worst file of text)", Outcome: Read,
			Data: SharedText(base, t3, strings.Repeat("a b", 32767/3), 40, 49, 50)},
	}
}

// Encrypt returns the workbook in an encrypted container (ECMA-376 standard encryption), as
// Excel and WPS write one with the password; with VelvetSweatshop, as they write a workbook
// that must be encrypted but has no password to open.
func Encrypt(data []byte, password string) []byte {
	out, err := excelize.Encrypt(data, &excelize.Options{Password: password})
	if err != nil {
		panic(err)
	}
	return out
}

// ForgeSpinCount returns an encrypted container (Encrypt's) whose EncryptionInfo claims
// agile encryption with spinCount rounds of key derivation: a crafted file that would have a
// reader hash for seconds before trying any password. The stream keeps its length.
func ForgeSpinCount(encrypted []byte, spinCount int) []byte {
	doc, err := mscfb.New(bytes.NewReader(encrypted))
	if err != nil {
		panic(err)
	}
	for e, err := doc.Next(); err == nil; e, err = doc.Next() {
		if e.Name != "EncryptionInfo" {
			continue
		}
		info, _ := io.ReadAll(e)
		at := bytes.Index(encrypted, info)
		forged := fmt.Sprintf("\x04\x00\x04\x00\x40\x00\x00\x00"+`<?xml version="1.0"?><encryption><keyData saltSize="16" blockSize="16"/>`+
			`<keyEncryptors><keyEncryptor><encryptedKey spinCount="%d" saltSize="16"/></keyEncryptor></keyEncryptors></encryption>`, spinCount)
		if at < 0 || len(forged) > len(info) {
			panic("EncryptionInfo not stored in one piece")
		}
		out := bytes.Clone(encrypted)
		copy(out[at:], forged+strings.Repeat(" ", len(info)-len(forged)))
		return out
	}
	panic("no EncryptionInfo")
}

// SharedText adds one shared string and refers to it from every cell of rows first..last,
// columns 1..cols of a sheet: little XML, much text.
func SharedText(data []byte, sheetPart, text string, first, last, cols int) []byte {
	sst := "xl/sharedStrings.xml"
	index := bytes.Count(part(data, sst), []byte("<si>"))
	data = Rewrite(data, sst, func(b []byte) []byte {
		return bytes.Replace(b, []byte("</sst>"), []byte("<si><t xml:space=\"preserve\">"+text+"</t></si></sst>"), 1)
	})
	return Rewrite(data, sheetPart, func(b []byte) []byte {
		var rows bytes.Buffer
		for r := first; r <= last; r++ {
			fmt.Fprintf(&rows, `<row r="%d">`, r)
			for c := 1; c <= cols; c++ {
				fmt.Fprintf(&rows, `<c t="s"><v>%d</v></c>`, index)
			}
			rows.WriteString("</row>")
		}
		return bytes.Replace(b, []byte("</sheetData>"), append(rows.Bytes(), "</sheetData>"...), 1)
	})
}

// Unannotatable are workbooks that read as usual but whose parts the workbook library cannot
// edit into an annotated copy.
func Unannotatable(base []byte) []Case {
	styles := "xl/styles.xml"
	t3 := SheetPart(base, "表三")
	warned := SetCell(base, t3, CellOf(base, "nb_t3_new_total"), `<f>SUM(D6:I6)</f><v>999999</v>`)
	return []Case{
		{Name: "no styles part (it is optional)", Outcome: Read, Data: Drop(base, styles)},
		{Name: "styles without fills", Outcome: Read, Data: Rewrite(base, styles, func(b []byte) []byte {
			return regexp.MustCompile(`(?s)<fills.*</fills>`).ReplaceAll(b, nil)
		})},
		{Name: "styles without cell formats", Outcome: Read, Data: Rewrite(base, styles, func(b []byte) []byte {
			return regexp.MustCompile(`(?s)<cellXfs.*</cellXfs>`).ReplaceAll(b, nil)
		})},
		{Name: "a sheet whose relationship spells its part in capitals", Outcome: Findings, Rule: "R6",
			Data: Rewrite(warned, "xl/_rels/workbook.xml.rels", func(b []byte) []byte {
				target := strings.TrimPrefix(t3, "xl/")
				return bytes.Replace(b, []byte(`Target="`+target), []byte(`Target="`+strings.ToUpper(target)), 1)
			})},
		{Name: "shared strings stored elsewhere than the workbook library reads them", Outcome: Findings, Rule: "R6",
			Data: Rewrite(Move(warned, "xl/sharedStrings.xml", "xl/strings.xml", "strings.xml"), "xl/_rels/workbook.xml.rels", func(b []byte) []byte {
				return bytes.Replace(b, []byte(`Target="/xl/sharedStrings.xml"`), []byte(`Target="strings.xml"`), 1)
			})},
		{Name: "a chartsheet where the 说明 worksheet is, with a warning to list there", Outcome: Findings, Rule: "R6", Data: Rewrite(warned, SheetPart(base, "说明"), func([]byte) []byte {
			return []byte(`<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>`)
		})},
	}
}

// Duplicate returns the package with a second entry of the same name after a part, holding
// the part with every number changed: which one a program reads decides what it sees.
func Duplicate(data []byte, name string) []byte { return DuplicateAs(data, name, name) }

// DuplicateAs is Duplicate with the second entry named as: another spelling of the part's
// name (xl\worksheets\sheet5.xml) that a consumer resolves to the same part.
func DuplicateAs(data []byte, name, as string) []byte {
	return repack(data, func(f *zip.File, b []byte, w *zip.Writer) error {
		err := store(w, f.Name, b)
		if err == nil && f.Name == name {
			err = store(w, as, regexp.MustCompile(`<v>[0-9]+</v>`).ReplaceAll(b, []byte("<v>7</v>")))
		}
		return err
	})
}

// Move returns the package with a part stored under another name, and the workbook's
// relationship to it naming target instead (relative to xl/, as written in the file).
func Move(data []byte, from, to, target string) []byte {
	data = Rewrite(data, "xl/_rels/workbook.xml.rels", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`Target="`+strings.TrimPrefix(from, "xl/")+`"`), []byte(`Target="`+target+`"`), 1)
	})
	return repack(data, func(f *zip.File, b []byte, w *zip.Writer) error {
		if f.Name == from {
			return store(w, to, b)
		}
		return store(w, f.Name, b)
	})
}

// TooLargeToCopy are workbooks that read as usual but are refused for an annotated copy: the
// workbook library would fill in every row and cell up to the farthest, or hold every part.
func TooLargeToCopy(base []byte) []Case {
	t3, explanations := SheetPart(base, "表三"), SheetPart(base, "说明")
	far := func(row string) []byte {
		return Rewrite(base, t3, func(b []byte) []byte {
			return bytes.Replace(b, []byte("</sheetData>"), []byte(row+"</sheetData>"), 1)
		})
	}
	return []Case{
		{Name: "a cell in the sheet's last row and column", Outcome: Read, Data: far(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`)},
		{Name: "a cell in the last column", Outcome: Read, Data: far(`<row r="2000"><c r="XFD2000"><v>1</v></c></row>`)},
		{Name: "a megabyte part that is not XML", Outcome: Read, Data: Add(base, "xl/media/image1.bin", make([]byte, 1<<20))},
		{Name: "the far cell in a sheet moved out of xl/worksheets/", Outcome: Read,
			Data: Move(far(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`), t3, "xl/ws/sheet3.xml", "ws/sheet3.xml")},
		{Name: "the far cell in a sheet stored without .xml", Outcome: Read,
			Data: Move(far(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`), t3, "xl/t3", "/xl/t3")},
		{Name: "the far cell in 说明 moved out of xl/worksheets/", Outcome: Read,
			Data: Move(Rewrite(base, explanations, func(b []byte) []byte {
				return regexp.MustCompile(`</sheetData>|<sheetData/>`).ReplaceAllLiteral(b, []byte(`<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>`))
			}), explanations, "xl/notes", "notes")},
	}
}

// Add returns the package with one more part.
func Add(data []byte, name string, content []byte) []byte {
	return repack(data, func(f *zip.File, b []byte, w *zip.Writer) error {
		err := store(w, f.Name, b)
		if err == nil && f.Name == "[Content_Types].xml" {
			err = store(w, name, content)
		}
		return err
	})
}

// Drop returns the package without one part.
func Drop(data []byte, name string) []byte {
	return repack(data, func(f *zip.File, b []byte, w *zip.Writer) error {
		if f.Name == name {
			return nil
		}
		return store(w, f.Name, b)
	})
}

// SheetPart is the part name of a sheet: xl/worksheets/sheet3.xml.
func SheetPart(data []byte, sheet string) string {
	wb := part(data, "xl/workbook.xml")
	m := regexp.MustCompile(`<sheet [^>]*name="` + regexp.QuoteMeta(sheet) + `"[^>]*r:id="([^"]+)"`).FindSubmatch(wb)
	if m == nil {
		panic("no sheet " + sheet)
	}
	rels := part(data, "xl/_rels/workbook.xml.rels")
	t := regexp.MustCompile(`Id="` + string(m[1]) + `"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="` + string(m[1]) + `"`).FindSubmatch(rels)
	target := string(t[1]) + string(t[2])
	return "xl/" + strings.TrimPrefix(strings.TrimPrefix(target, "/xl/"), "/")
}

// CellOf is the cell a defined name refers to: D6.
func CellOf(data []byte, name string) string {
	m := regexp.MustCompile(`<definedName name="` + name + `"[^>]*>[^<!]*!\$?([A-Z]+)\$?([0-9]+)[:<]`).FindSubmatch(part(data, "xl/workbook.xml"))
	if m == nil {
		panic("no defined name " + name)
	}
	return string(m[1]) + string(m[2])
}

// SetCell replaces the content of a cell of a sheet part with inner (raw XML: <f>…</f><v>…</v>),
// with the cell type t when given.
func SetCell(data []byte, sheetPart, cell, inner string, t ...string) []byte {
	typ := ""
	if len(t) > 0 {
		typ = ` t="` + t[0] + `"`
	}
	re := regexp.MustCompile(`<c r="` + cell + `"[^>]*?(/>|>.*?</c>)`)
	return Rewrite(data, sheetPart, func(b []byte) []byte {
		if !re.Match(b) {
			panic("no cell " + cell + " in " + sheetPart)
		}
		return re.ReplaceAllLiteral(b, []byte(`<c r="`+cell+`"`+typ+`>`+inner+`</c>`))
	})
}

// ManyRows appends n rows of numbers after the last row of a sheet.
func ManyRows(data []byte, sheetPart string, n int) []byte {
	return Rewrite(data, sheetPart, func(b []byte) []byte {
		var rows bytes.Buffer
		for i := 0; i < n; i++ {
			r := 1000 + i
			fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>行</t></is></c></row>`, r, r, i, r)
		}
		return bytes.Replace(b, []byte("</sheetData>"), append(rows.Bytes(), "</sheetData>"...), 1)
	})
}

// ManySheets adds n sheets to the workbook, all of them the given sheet part.
func ManySheets(data []byte, sheetPart string, n int) []byte {
	rels := "xl/_rels/workbook.xml.rels"
	target := strings.TrimPrefix(sheetPart, "xl/")
	data = Rewrite(data, rels, func(b []byte) []byte {
		return bytes.Replace(b, []byte("</Relationships>"), []byte(`<Relationship Id="rIdMany" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="`+target+`"/></Relationships>`), 1)
	})
	return Rewrite(data, "xl/workbook.xml", func(b []byte) []byte {
		var s bytes.Buffer
		for i := 0; i < n; i++ {
			fmt.Fprintf(&s, `<sheet name="多%d" sheetId="%d" r:id="rIdMany"/>`, i, 1000+i)
		}
		s.WriteString("</sheets>")
		return bytes.Replace(b, []byte("</sheets>"), s.Bytes(), 1)
	})
}

// Dense replaces a sheet's cells with rows × cols distinct texts: as much as the reader reads
// of one sheet, every cell a label candidate.
func Dense(data []byte, sheetPart string, rows, cols int) []byte {
	return Rewrite(data, sheetPart, func(b []byte) []byte {
		var d bytes.Buffer
		d.WriteString("<sheetData>")
		for r := 1; r <= rows; r++ {
			fmt.Fprintf(&d, `<row r="%d">`, r)
			for c := 1; c <= cols; c++ {
				fmt.Fprintf(&d, `<c t="inlineStr"><is><t>第%d行第%d列</t></is></c>`, r, c)
			}
			d.WriteString("</row>")
		}
		d.WriteString("</sheetData>")
		return regexp.MustCompile(`(?s)<sheetData>.*</sheetData>|<sheetData/>`).ReplaceAllLiteral(b, d.Bytes())
	})
}

// part is one part of a zip package, uncompressed.
func part(data []byte, name string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				panic(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				panic(err)
			}
			return b
		}
	}
	panic("no part " + name)
}

// Rewrite returns the package with one part changed by change.
func Rewrite(data []byte, name string, change func([]byte) []byte) []byte {
	return repack(data, func(f *zip.File, b []byte, w *zip.Writer) error {
		if f.Name == name {
			b = change(b)
		}
		return store(w, f.Name, b)
	})
}

// ForgeSize returns the package with a part whose directory entry claims it unpacks to
// fewer bytes than it does (as a zip bomb might, to pass a size check).
func ForgeSize(data []byte, name string) []byte {
	return forge(data, name, func(h *zip.FileHeader) { h.UncompressedSize64 /= 10 })
}

// ForgeChecksum returns the package with a part whose directory entry gives a wrong CRC-32,
// as a damaged download has: the part unpacks in full and fails only at its end.
func ForgeChecksum(data []byte, name string) []byte {
	return forge(data, name, func(h *zip.FileHeader) { h.CRC32 ^= 1 })
}

// forge stores the part name deflated under a directory entry that change has altered.
func forge(data []byte, name string, change func(*zip.FileHeader)) []byte {
	return repack(data, func(f *zip.File, b []byte, w *zip.Writer) error {
		if f.Name != name {
			return store(w, f.Name, b)
		}
		var deflated bytes.Buffer
		fw, _ := flate.NewWriter(&deflated, flate.DefaultCompression)
		fw.Write(b)
		fw.Close()
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(b),
			CompressedSize64: uint64(deflated.Len()), UncompressedSize64: uint64(len(b))}
		change(h)
		out, err := w.CreateRaw(h)
		if err == nil {
			_, err = out.Write(deflated.Bytes())
		}
		return err
	})
}

// store adds an entry to the archive.
func store(w *zip.Writer, name string, b []byte) error {
	out, err := w.Create(name)
	if err == nil {
		_, err = out.Write(b)
	}
	return err
}

func repack(data []byte, each func(f *zip.File, b []byte, w *zip.Writer) error) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := each(f, part(data, f.Name), w); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Blank is an empty template of the newest edition, as a blank --prev.
func Blank() []byte {
	var buf bytes.Buffer
	if err := xlsxwriter.Write(&buf, model.New(samplereport.Example2021().Edition)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Compound builds a minimal OLE2 compound file (version 3, 512-byte sectors) holding empty
// top-level streams with the given names (at most three): enough for the stream names to
// tell a legacy .xls from a .doc, a .ppt or an encrypted xlsx.
func Compound(names ...string) []byte {
	const (
		sector     = 512
		endOfChain = 0xFFFFFFFE
		free       = 0xFFFFFFFF
		fatSect    = 0xFFFFFFFD
		noStream   = 0xFFFFFFFF
	)
	le := binary.LittleEndian
	out := make([]byte, 3*sector)
	h := out[:sector]
	copy(h, olefile.Signature)
	le.PutUint16(h[24:], 0x003E)
	le.PutUint16(h[26:], 3)
	le.PutUint16(h[28:], 0xFFFE)
	le.PutUint16(h[30:], 9)
	le.PutUint16(h[32:], 6)
	le.PutUint32(h[44:], 1) // one FAT sector
	le.PutUint32(h[48:], 1) // the directory is sector 1
	le.PutUint32(h[56:], 4096)
	le.PutUint32(h[60:], endOfChain)
	le.PutUint32(h[68:], endOfChain)
	le.PutUint32(h[76:], 0) // the FAT is sector 0
	for i := 1; i < 109; i++ {
		le.PutUint32(h[76+4*i:], free)
	}
	fat := out[sector : 2*sector]
	for i := 0; i < sector/4; i++ {
		le.PutUint32(fat[4*i:], free)
	}
	le.PutUint32(fat[0:], fatSect)
	le.PutUint32(fat[4:], endOfChain)
	dir := out[2*sector:]
	entry := func(i int, name string, typ byte, child, right uint32) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = typ, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], endOfChain)
	}
	entry(0, "Root Entry", 5, 1, noStream)
	for i, n := range names {
		right := uint32(noStream)
		if i+1 < len(names) {
			right = uint32(i + 2)
		}
		entry(i+1, n, 2, noStream, right)
	}
	for i := len(names) + 1; i < 4; i++ {
		e := dir[i*128 : (i+1)*128]
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], noStream)
		le.PutUint32(e[76:], noStream)
	}
	return out
}

// WordBomb is a Word document (.docx) whose document part is paragraphs copies of one short
// paragraph: little on disk (deflate packs the repeats ~300 to 1), paragraphs × 46 bytes to
// parse. Its zip entry states the true size, as Word's would. It is written as a stream, so
// building a bomb of hundreds of megabytes holds only the packed bytes.
func WordBomb(paragraphs int) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(store(w, "[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)))
	must(store(w, "_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)))
	doc, err := w.Create("word/document.xml")
	must(err)
	_, err = io.WriteString(doc, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	must(err)
	p := []byte(`<w:p><w:r><w:t>政府信息公开</w:t></w:r></w:p>`)
	for range paragraphs {
		_, err = doc.Write(p)
		must(err)
	}
	_, err = io.WriteString(doc, `</w:body></w:document>`)
	must(err)
	must(w.Close())
	return buf.Bytes()
}
