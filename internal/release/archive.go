package release

import (
	"archive/tar"
	"archive/zip"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// entry is one file of an archive: its path under the archive's top folder (slash-separated),
// its bytes and its permission bits (0o755 for the binary, 0o644 for the rest).
type entry struct {
	name string
	data []byte
	mode fs.FileMode
}

// member is a file or folder as written into an archive, in the order written.
type member struct {
	name string // full path inside the archive; folders end in "/"
	entry
	dir bool
}

// members lays entries out under top: every folder once, before what it holds, and
// everything in byte order of its path, so that the archive does not depend on the order in
// which the files were gathered.
func members(top string, entries []entry) ([]member, error) {
	seen := map[string]bool{}
	var out []member
	addDir := func(dir string) {
		for d := dir; d != "." && d != "/" && !seen[d+"/"]; d = path.Dir(d) {
			seen[d+"/"] = true
			out = append(out, member{name: d + "/", entry: entry{mode: 0o755}, dir: true})
		}
	}
	addDir(top)
	for _, e := range entries {
		name := path.Join(top, e.name)
		if !strings.HasPrefix(name, top+"/") || seen[name] || strings.HasSuffix(e.name, "/") {
			return nil, fmt.Errorf("archive entry %q: outside the archive's folder or twice", e.name)
		}
		seen[name] = true
		addDir(path.Dir(name))
		out = append(out, member{name: name, entry: e})
	}
	slices.SortFunc(out, func(a, b member) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// writeTarGz writes entries as a gzip-compressed tar under the folder top. Every entry has the
// time mtime, owner 0:0 with no names, and its own mode; the gzip header has no name and no time.
func writeTarGz(w io.Writer, top string, entries []entry, mtime time.Time) error {
	ms, err := members(top, entries)
	if err != nil {
		return err
	}
	gz, err := gzip.NewWriterLevel(w, gzip.DefaultCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, m := range ms {
		h := &tar.Header{Name: m.name, Mode: int64(m.mode.Perm()), ModTime: mtime.UTC().Truncate(time.Second),
			Typeflag: tar.TypeReg, Size: int64(len(m.data)), Format: tar.FormatPAX}
		if m.dir {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(m.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

// writeZip writes entries as a zip under the folder top, for Windows. Every entry has the time
// mtime. A name that is not ASCII is stored in GBK, as the zip support of Chinese Windows
// (Explorer's 全部解压缩) reads names without the UTF-8 flag, with its UTF-8 form beside it in
// the Info-ZIP Unicode Path field, which 7-Zip, WinRAR, Bandizip and Info-ZIP's unzip read.
func writeZip(w io.Writer, top string, entries []entry, mtime time.Time) error {
	ms, err := members(top, entries)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.DefaultCompression)
	})
	for _, m := range ms {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: mtime.UTC().Truncate(time.Second)}
		if m.dir {
			h.Method = zip.Store
		}
		mode := m.mode.Perm()
		if m.dir {
			mode |= fs.ModeDir
		}
		h.SetMode(mode)
		if !isASCII(m.name) {
			legacy, extra, err := gbkName(m.name)
			if err != nil {
				return err
			}
			h.Name, h.NonUTF8, h.Extra = legacy, true, extra
		}
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(m.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// unicodePathTag is the Info-ZIP Unicode Path extra field (APPNOTE 4.6.9).
const unicodePathTag = 0x7075

// gbkName is name in GBK, and the Info-ZIP Unicode Path field that carries it in UTF-8: tag,
// size, version 1, the CRC-32 of the GBK name, the UTF-8 name.
func gbkName(name string) (string, []byte, error) {
	legacy, err := simplifiedchinese.GBK.NewEncoder().String(name)
	if err != nil {
		return "", nil, fmt.Errorf("archive entry %q cannot be written in GBK: %w", name, err)
	}
	field := binary.LittleEndian.AppendUint16(nil, unicodePathTag)
	field = binary.LittleEndian.AppendUint16(field, uint16(1+4+len(name)))
	field = append(field, 1)
	field = binary.LittleEndian.AppendUint32(field, crc32.ChecksumIEEE([]byte(legacy)))
	return legacy, append(field, name...), nil
}

// zipName is the name of a zip entry as a reader that knows the Unicode Path field shows it:
// the UTF-8 name from that field when its CRC matches the stored name, else the stored name.
func zipName(f *zip.File) string {
	for extra := f.Extra; len(extra) >= 4; {
		tag, size := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if len(extra) < 4+size {
			break
		}
		body := extra[4 : 4+size]
		if tag == unicodePathTag && size > 5 && body[0] == 1 &&
			binary.LittleEndian.Uint32(body[1:]) == crc32.ChecksumIEEE([]byte(f.Name)) && utf8.Valid(body[5:]) {
			return string(body[5:])
		}
		extra = extra[4+size:]
	}
	return f.Name
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
