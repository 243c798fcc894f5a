package fonts

import (
	"bytes"
	"compress/flate"
	"io"
	"testing"
)

// BenchmarkInflateEmbedded measures what keeping the embedded faces compressed in the binary
// would cost: inflating all five when a render starts (every Default set parses all five).
// It reports the compressed size beside the time. Measured for issue 21 on a loaded 2-core
// machine (load 17–21): the 15.8 MB of faces deflate to 9.4 MB, which makes the stripped
// linux/amd64 binary 24.7 MB instead of 31.2 MB, but its .tar.gz only 15.46 MB instead of
// 15.50 MB (the archive compresses the faces anyway), while a render of the 2025 sample took
// 255 ms of processor time instead of 63 ms (medians of 30 runs each, interleaved), far over
// the 5 ms allowed. So the faces stay uncompressed in the binary.
//
//	go test ./internal/fonts -run '^$' -bench InflateEmbedded -benchtime 20x
func BenchmarkInflateEmbedded(b *testing.B) {
	faces := [][]byte{notoSerifRegular, notoSerifBold, notoSansBold, droidRest, nianbaoKai}
	var packed [][]byte
	raw, size := 0, 0
	for _, f := range faces {
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestCompression)
		w.Write(f)
		w.Close()
		packed = append(packed, buf.Bytes())
		raw += len(f)
		size += buf.Len()
	}
	b.SetBytes(int64(raw))
	for b.Loop() {
		for i, p := range packed {
			out := make([]byte, 0, len(faces[i]))
			buf := bytes.NewBuffer(out)
			if _, err := io.Copy(buf, flate.NewReader(bytes.NewReader(p))); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(raw)/1e6, "MB-raw")
	b.ReportMetric(float64(size)/1e6, "MB-deflated")
}
