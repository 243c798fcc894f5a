package olefile_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/nianbao/nianbao/internal/hostile"
	"github.com/nianbao/nianbao/internal/olefile"
)

func TestClassify(t *testing.T) {
	real := func(name string) []byte {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, c := range []struct {
		name string
		data []byte
		want olefile.Kind
	}{
		// Saved by LibreOffice 7 (soffice --convert-to doc / xls), as QA's real .doc was.
		{"LibreOffice .doc", real("libreoffice.doc"), olefile.Word},
		{"LibreOffice .xls", real("libreoffice.xls"), olefile.Workbook},
		{"Word 97", hostile.Compound("WordDocument", "1Table", "\x05SummaryInformation"), olefile.Word},
		{"Excel 97", hostile.Compound("Workbook", "\x05SummaryInformation"), olefile.Workbook},
		{"Excel 5 / WPS et", hostile.Compound("Book"), olefile.Workbook},
		{"PowerPoint 97", hostile.Compound("PowerPoint Document", "Current User"), olefile.Presentation},
		{"encrypted xlsx", hostile.Compound("\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"), olefile.Encrypted},
		{"encrypted by excelize", hostile.Encrypt(hostile.Blank(), "VelvetSweatshop"), olefile.Encrypted},
		{"an .msi or .msg", hostile.Compound("\x05SummaryInformation", "__substg1.0_0037001F"), olefile.Other},
		{"signature then garbage", append(append([]byte{}, olefile.Signature...), "garbage"...), olefile.Damaged},
		{"signature then zeros", append(append([]byte{}, olefile.Signature...), make([]byte, 600)...), olefile.Damaged},
	} {
		if !olefile.IsCompound(c.data) {
			t.Errorf("%s: not taken for a compound file", c.name)
		}
		if got := olefile.Classify(bytes.NewReader(c.data)); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
