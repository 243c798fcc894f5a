package xlsxreader

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"

	"github.com/nianbao/nianbao/internal/olefile"
	"github.com/richardlehane/mscfb"
	"github.com/xuri/excelize/v2"
)

// defaultPassword is the password Excel (and WPS after it) encrypts a workbook with when it
// must be encrypted but no password to open was set — a workbook with protected sheets or
// structure saved by WPS, for one (excelize issue 2170). Excel opens such a file without
// asking; so does the reader.
const defaultPassword = "VelvetSweatshop"

// maxSpinCount bounds the key derivation of agile encryption: Office uses 100,000 rounds of
// the hash; a crafted file may ask for millions, seconds of work, before the password is
// even tried.
const maxSpinCount = 100000

// unwrap returns the workbook to read from a file's contents: the contents themselves, or
// the workbook inside an encrypted container that opens with the default password, refused
// like any other file (sniff) if it is not one. Any other password, or a container that does
// not decrypt within the bounds, is ErrEncrypted.
func unwrap(data []byte) ([]byte, error) {
	err := sniff(data)
	if !errors.Is(err, ErrEncrypted) {
		return data, err
	}
	plain, err := decryptDefault(data)
	switch {
	case err != nil || len(plain) == 0:
		return nil, ErrEncrypted
	case len(plain) > MaxFileSize: // the bounds of any file, on the workbook inside
		return nil, ErrTooLarge
	}
	if !bytes.HasPrefix(plain, zipSignature) && !olefile.IsCompound(plain) {
		return nil, ErrEncrypted // another password: the key decrypted noise
	}
	return plain, sniff(plain) // once: a container inside is refused, not opened in turn
}

// decryptDefault decrypts an encrypted container with the default password. The library's
// decryption is not written for hostile input: its panics are an error here.
func decryptDefault(data []byte) (plain []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			plain, err = nil, ErrEncrypted
		}
	}()
	if !boundedKeyDerivation(data) {
		return nil, ErrEncrypted
	}
	return excelize.Decrypt(data, &excelize.Options{Password: defaultPassword})
}

// spinCount finds the rounds of key derivation that agile encryption asks for.
var spinCount = regexp.MustCompile(`spinCount="\s*([0-9]+)\s*"`)

// boundedKeyDerivation reports whether the container's EncryptionInfo asks for at most
// maxSpinCount rounds of hashing (standard encryption has a fixed 50,000).
func boundedKeyDerivation(data []byte) bool {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return false
	}
	for i := 0; i < maxArchiveEntries; i++ {
		entry, err := doc.Next()
		if err != nil {
			return false
		}
		if entry.Name != "EncryptionInfo" {
			continue
		}
		info, err := io.ReadAll(io.LimitReader(entry, 64<<10))
		if err != nil {
			return false
		}
		for _, m := range spinCount.FindAllSubmatch(info, -1) {
			if n, err := strconv.Atoi(string(m[1])); err != nil || n > maxSpinCount {
				return false
			}
		}
		return true
	}
	return false
}
