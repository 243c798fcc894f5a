// Package fonts provides the TrueType faces the PDF report is set in: an embedded default set
// that needs nothing installed (Noto Serif SC, Noto Sans SC, and Droid Sans Fallback for rare
// characters), the official faces when they are installed (System), and single faces the
// user names (Override). Every face is checked before the PDF library sees it, because
// gofpdf takes only single TrueType files with a BMP cmap and fails silently otherwise.
package fonts

import (
	_ "embed"
	"fmt"
	"hash/fnv"
	"math"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nianbao/nianbao/internal/infile"
)

// Role is where a face is used.
type Role int

// The roles of GB/T 9704: body text, the title, 一、 headings, （一） headings, tables, page numbers.
const (
	Body Role = iota
	Title
	Heading    // 一、
	Subheading // （一）
	Table
	PageNumber
)

// Roles lists every role in order.
func Roles() []Role { return []Role{Body, Title, Heading, Subheading, Table, PageNumber} }

// Label is the role's name in a report's vocabulary, for listings and notes.
func (r Role) Label() string {
	switch r {
	case Body:
		return "正文"
	case Title:
		return "标题"
	case Heading:
		return "一级标题（一、）"
	case Subheading:
		return "二级标题（（一））"
	case Table:
		return "表格"
	case PageNumber:
		return "页码"
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// Face is one TrueType face, parsed once. Its bytes are not handed out: gofpdf writes into the
// fonts it is given, and faces are shared by documents typeset in parallel, so it gets cuts
// (Subset) of its own.
type Face struct {
	Family  string // name to register with gofpdf.AddUTF8FontFromBytes, unique per face
	Name    string // human name, e.g. "Noto Serif SC Regular"
	License string // short licence name, e.g. "SIL Open Font License 1.1"
	Source  string // where it came from: "内置" or a file path

	sfnt *sfntInfo // the parsed file, read only; nil for a face without one (no characters)
}

// Has reports whether the face has a glyph for r (from its cmap format 4; false outside the BMP).
func (f *Face) Has(r rune) bool { return f.sfnt != nil && f.sfnt.glyphs.has(r) }

// Advance is the advance width of r in ems, in thousandths as PDF widths are (and rounded as
// gofpdf rounds them, so that measuring agrees with what it writes); 0 for a character the
// face lacks.
func (f *Face) Advance(r rune) float64 {
	if !f.Has(r) {
		return 0
	}
	aw := f.sfnt.advance(int(f.sfnt.glyphs[r]))
	if aw >= 1<<15 { // gofpdf reads widths as signed
		return 0
	}
	return math.Round(float64(aw)*1000/float64(f.sfnt.unitsPerEm)) / 1000
}

// Set maps each role to a face, plus fallbacks tried in order for characters a face lacks.
type Set struct {
	Faces     map[Role]*Face
	Fallbacks []*Face
	// Notes say, in Chinese, which wanted faces were not found and what stands in for them.
	Notes []string
}

// FaceFor returns the face to use for rune r in role, trying the role's face then Fallbacks;
// nil if none has it.
func (s *Set) FaceFor(r Role, ch rune) *Face {
	if f := s.Faces[r]; f != nil && f.Has(ch) {
		return f
	}
	for _, f := range s.Fallbacks {
		if f.Has(ch) {
			return f
		}
	}
	return nil
}

// Override replaces the face of role r with the TrueType file at path (--font-body FILE …).
// Collections and CFF fonts are refused with a *FileError wrapping ErrCollection or ErrCFF.
func (s *Set) Override(r Role, path string) error {
	f, err := Load(path)
	if err != nil {
		return err
	}
	if s.Faces == nil {
		s.Faces = make(map[Role]*Face)
	}
	s.Faces[r] = f
	return nil
}

// FileError is a font file that cannot be used, and why: ErrNotFont, ErrCollection, ErrCFF,
// ErrNoUnicodeCmap or ErrEmbeddingRestricted.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// maxFontFile is far above the largest Chinese TrueType font (about 30 MB), and keeps a
// device such as /dev/zero, or a wrong file, from filling the memory.
const maxFontFile = 128 << 20

// Load reads and checks the TrueType file at path. A file that cannot be read gives the file
// system's *fs.PathError, one that is not a usable font a *FileError.
func Load(path string) (*Face, error) {
	data, err := infile.ReadFile(path, maxFontFile)
	if err != nil {
		return nil, err
	}
	info, err := parseSFNT(data)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	base := filepath.Base(path)
	name := info.fullName
	if name == "" {
		name = strings.TrimSuffix(base, filepath.Ext(base))
	}
	h := fnv.New32a()
	h.Write([]byte(path))
	f := &Face{
		Family:  fmt.Sprintf("file-%x", h.Sum32()),
		Name:    name,
		License: "以字体文件自身的授权为准",
		Source:  path,
		sfnt:    info,
	}
	return f, nil
}

// The embedded faces; data/make.sh documents how each file was cut (Nianbao Kai is LXGW
// WenKai cut and renamed).
var (
	//go:embed data/NotoSerifSC-Regular.ttf
	notoSerifRegular []byte
	//go:embed data/NotoSerifSC-Bold.ttf
	notoSerifBold []byte
	//go:embed data/NotoSansSC-Bold.ttf
	notoSansBold []byte
	//go:embed data/DroidSansFallback-Rest.ttf
	droidRest []byte
	//go:embed data/NianbaoKai-Regular.ttf
	nianbaoKai []byte
)

// Source of the embedded faces.
const builtin = "内置"

// embeddedFaces are the parsed embedded faces, shared by every Set (faces are read-only).
type embeddedFaces struct{ serif, serifBold, sansBold, kai, droid *Face }

var embedded = sync.OnceValues(func() (*embeddedFaces, error) {
	const ofl = "SIL Open Font License 1.1"
	mk := func(family, name, license string, data []byte) (*Face, error) {
		info, err := parseSFNT(data)
		if err != nil {
			return nil, fmt.Errorf("embedded font %s: %w", name, err)
		}
		return &Face{Family: family, Name: name, License: license, Source: builtin, sfnt: info}, nil
	}
	var e embeddedFaces
	var err error
	if e.serif, err = mk("NotoSerifSC-Regular", "Noto Serif SC Regular", ofl, notoSerifRegular); err != nil {
		return nil, err
	}
	if e.serifBold, err = mk("NotoSerifSC-Bold", "Noto Serif SC Bold", ofl, notoSerifBold); err != nil {
		return nil, err
	}
	if e.sansBold, err = mk("NotoSansSC-Bold", "Noto Sans SC Bold", ofl, notoSansBold); err != nil {
		return nil, err
	}
	if e.kai, err = mk("NianbaoKai-Regular", "Nianbao Kai", ofl, nianbaoKai); err != nil {
		return nil, err
	}
	if e.droid, err = mk("DroidSansFallback", "Droid Sans Fallback", "Apache License 2.0", droidRest); err != nil {
		return nil, err
	}
	return &e, nil
})

// Default returns the embedded set: Noto Serif SC Regular (a Song face: no free simplified
// 仿宋 is complete enough) for body, tables and page numbers, Noto Serif SC Bold standing in
// for 小标宋 in the title, Noto Sans SC Bold (a Hei face) for 一、 headings and LXGW WenKai
// (a 楷 face) for （一） headings; falling back to Noto Serif SC Regular and then Droid Sans
// Fallback, which holds the rare characters the Noto cut leaves out.
func Default() (*Set, error) {
	e, err := embedded()
	if err != nil {
		return nil, err
	}
	return &Set{
		Faces: map[Role]*Face{
			Body: e.serif, Title: e.serifBold, Heading: e.sansBold,
			Subheading: e.kai, Table: e.serif, PageNumber: e.serif,
		},
		Fallbacks: []*Face{e.serif, e.droid},
	}, nil
}

// Embedded reports whether the face is one of the program's own, rather than a file of this
// machine's: a Word document names an embedded face's official counterpart, which the
// reader's computer has, instead of the stand-in.
func (f *Face) Embedded() bool { return f.Source == builtin }
