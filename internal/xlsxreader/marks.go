package xlsxreader

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"

	"github.com/nianbao/nianbao/internal/infile"
	"github.com/nianbao/nianbao/internal/workbook"
)

// maxPropsPart bounds the document-properties part read to find the marks.
const maxPropsPart = 1 << 20

// OutputKind reports which of nianbao's own outputs the file at path is (one of the
// workbook.Output* kinds), or "" for any other file, including one that cannot be read. It
// reads only the archive's directory and its custom document properties.
func OutputKind(path string) string {
	f, info, err := infile.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	if info.Size() > MaxFileSize {
		return ""
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		return ""
	}
	for _, zf := range zr.File {
		if !strings.EqualFold(zf.Name, "docProps/custom.xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return ""
		}
		defer rc.Close()
		var props struct {
			Property []struct {
				Name  string `xml:"name,attr"`
				Value struct {
					Text string `xml:",chardata"`
				} `xml:",any"`
			} `xml:"property"`
		}
		if xml.NewDecoder(io.LimitReader(rc, maxPropsPart)).Decode(&props) != nil {
			return ""
		}
		kind := ""
		for _, p := range props.Property {
			switch p.Name {
			case workbook.PropOutput:
				return strings.TrimSpace(p.Value.Text)
			case workbook.PropSources:
				kind = workbook.OutputAggregate // an aggregate written before PropOutput
			}
		}
		return kind
	}
	return ""
}

// OutputError is a workbook found among the inputs that is one of nianbao's own earlier
// outputs (Kind is a workbook.Output* value), set aside rather than read as a bureau's.
type OutputError struct {
	Path string
	Kind string
}

func (e *OutputError) Error() string {
	return e.Path + ": an earlier output of nianbao (" + e.Kind + ")"
}
