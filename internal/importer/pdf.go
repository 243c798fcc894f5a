package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// The PDF reader: the text layer of each page with every glyph's position, and the ruling
// lines that tables are drawn with, through github.com/ledongthuc/pdf (pure Go; it parses
// the file, its object streams and fonts' ToUnicode maps). The content streams are
// interpreted here rather than by the library's Content, which neither transforms the lines
// by the current matrix nor knows the widths of CID fonts. Tables are rebuilt from the lines
// (pdflayout.go); text outside them is joined into paragraphs. Text drawn invisibly (the OCR
// layer of a scan) is not read: a page of images is a scan, and said so.

// Bounds of a PDF: a published report has a few dozen pages.
const (
	maxPDFPages    = 300
	maxPageOps     = 400000  // content-stream operators of one page
	maxPDFOps      = 3000000 // of the whole file
	maxPageGlyphs  = 60000
	maxPageLines   = 20000 // ruling segments of one page
	maxFormDepth   = 4     // form XObjects inside form XObjects
	maxPagesNodes  = 20000 // nodes of the page tree walked
	maxPagesDepth  = 32
	maxWidthsItems = 70000
)

// errBudget stops a page whose content exceeds the bounds.
var errBudget = errors.New("over budget")

// maxPDFTime bounds the reading of one PDF (a report of a few dozen pages takes well under a
// second). The PDF library can loop for ever on a crafted object stream, which no scan of ours
// sees before it: the reading is then abandoned and the file said to be too large.
const maxPDFTime = 10 * time.Second

func readPDFFile(ctx context.Context, data []byte) (*Layout, error) {
	type read struct {
		layout *Layout
		err    error
	}
	done := make(chan read, 1)
	go func() {
		l, err := readPDFPages(ctx, data)
		done <- read{l, err}
	}()
	timer := time.NewTimer(maxPDFTime)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.layout, r.err
	case <-timer.C:
		return nil, fmt.Errorf("%w: not read within %v", ErrTooLarge, maxPDFTime)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func readPDFPages(ctx context.Context, data []byte) (l *Layout, err error) {
	defer func() {
		if p := recover(); p != nil {
			l, err = nil, fmt.Errorf("%w: %v", ErrDamaged, p)
		}
	}()
	start := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if start < 0 {
		return nil, fmt.Errorf("%w: no PDF header", ErrDamaged)
	}
	body := data[start:]
	if len(body) > 8 && body[5] == '2' {
		// The library knows versions 1.0 to 1.7; 2.0 reads the same for text.
		body = append([]byte("%PDF-1.7"), body[8:]...)
	}
	if openHexAtEnd(body) {
		// The library's lexer reads a hex string on past the end of its input for ever.
		return nil, fmt.Errorf("%w: a string left open at the end of the file", ErrDamaged)
	}
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, ErrEncrypted
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	pages := pageList(r.Trailer().Key("Root").Key("Pages"))
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w: no pages", ErrDamaged)
	}
	if len(pages) > maxPDFPages {
		return nil, fmt.Errorf("%w: %d pages", ErrTooLarge, len(pages))
	}
	budget := maxPDFOps
	var contents []*pageContent
	glyphs, visible, images := 0, 0, 0
	for _, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pc := &pageContent{budget: &budget}
		pc.read(p)
		contents = append(contents, pc)
		glyphs += len(pc.glyphs) + pc.invisible
		visible += len(pc.glyphs)
		images += pc.images
	}
	if visible == 0 {
		if !r.Trailer().Key("Encrypt").IsNull() {
			// Opened without a password, but its streams did not decrypt (an encryption the
			// library does not read): said as encrypted, not as a scan.
			return nil, ErrEncrypted
		}
		if glyphs > 0 || images > 0 {
			return nil, ErrScanned
		}
		return nil, fmt.Errorf("%w: no text", ErrScanned)
	}
	return layoutPages(contents), nil
}

// pageList walks the page tree, bounded in depth and nodes (a crafted tree may loop).
func pageList(root pdf.Value) []pdf.Value {
	var out []pdf.Value
	nodes := 0
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		if depth > maxPagesDepth || nodes > maxPagesNodes || len(out) > maxPDFPages {
			return
		}
		nodes++
		if v.Key("Type").Name() == "Page" || (v.Key("Kids").IsNull() && !v.Key("Contents").IsNull()) {
			out = append(out, v)
			return
		}
		kids := v.Key("Kids")
		for i := 0; i < kids.Len() && nodes <= maxPagesNodes; i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(root, 0)
	return out
}

// affine is a PDF matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f.
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// then is m followed by n.
func (m affine) then(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m affine) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// glyph is one character drawn on a page, in page space (y up).
type glyph struct {
	x, y, w, size float64
	text          string
}

// segment is a horizontal or vertical ruling line: x1 ≤ x2, y1 ≤ y2.
type segment struct{ x1, y1, x2, y2 float64 }

func (s segment) horizontal() bool { return s.y2-s.y1 < s.x2-s.x1 }

// pageContent is what one page draws.
type pageContent struct {
	glyphs        []glyph
	segments      []segment
	width, height float64
	images        int // image XObjects drawn
	invisible     int // glyphs drawn in rendering mode 3 (not painted)
	budget        *int
	ops           int
}

// font is a font as the reader needs it.
type font struct {
	enc      pdf.TextEncoding // the library's decoding, for fonts without a ToUnicode map
	unicode  *toUnicode
	twoByte  bool
	vertical bool
	readable bool
	widths   map[int]float64
	first    int
	simple   []float64
	dw       float64
}

func loadFont(v pdf.Value) *font {
	f := &font{dw: 1000, readable: true}
	pf := pdf.Font{V: v}
	enc := v.Key("Encoding")
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		f.vertical = strings.HasSuffix(enc.Name(), "-V")
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); !dw.IsNull() {
			f.dw = dw.Float64()
		}
		f.widths = cidWidths(d.Key("W"))
	} else {
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < 256; i++ {
			f.simple = append(f.simple, ws.Index(i).Float64())
		}
		f.dw = 500
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.unicode = readToUnicode(tu)
	}
	if f.unicode == nil {
		if f.twoByte && enc.Name() != "UniGB-UCS2-H" {
			f.readable = false // CIDs without a map to Unicode: nothing to read them by
		}
		f.enc = pf.Encoder()
	}
	return f
}

// cidWidths reads a CID font's W array: c [w1 w2 …] or c1 c2 w.
func cidWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	items := 0
	for i := 0; i < w.Len() && items < maxWidthsItems; {
		c := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && items < maxWidthsItems; j++ {
				out[c+j] = next.Index(j).Float64()
				items++
			}
			i += 2
			continue
		}
		last, width := int(next.Int64()), w.Index(i+2).Float64()
		for k := c; k <= last && items < maxWidthsItems; k++ {
			out[k] = width
			items++
		}
		i += 3
	}
	return out
}

func (f *font) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.widths[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.simple) {
		return f.simple[i]
	}
	return f.dw
}

// textState is the graphics and text state the interpreter tracks.
type textState struct {
	ctm                        affine
	tm, tlm                    affine
	tc, tw, th, tl, tfs, trise float64
	mode                       int
	font                       *font
}

// read interprets the page's content streams.
func (pc *pageContent) read(p pdf.Value) {
	box := p.Key("MediaBox")
	for v := p; box.IsNull() && !v.IsNull(); v = v.Key("Parent") {
		box = v.Key("MediaBox")
		if pc.ops++; pc.ops > 64 {
			break
		}
	}
	pc.width, pc.height = 595, 842
	if box.Len() == 4 {
		pc.width = math.Abs(box.Index(2).Float64() - box.Index(0).Float64())
		pc.height = math.Abs(box.Index(3).Float64() - box.Index(1).Float64())
	}
	res := p.Key("Resources")
	for v := p; res.IsNull() && !v.IsNull(); v = v.Key("Parent") {
		res = v.Key("Resources")
		if pc.ops++; pc.ops > 128 {
			break
		}
	}
	pc.ops = 0
	st := textState{ctm: identity, th: 1}
	pc.run(p.Key("Contents"), res, st, 0)
}

// run interprets one content stream (a page's, or a form's) with its resources.
func (pc *pageContent) run(strm, res pdf.Value, st textState, depth int) {
	// A damaged stream, or one over the bounds: what was read before is kept.
	defer func() { recover() }()
	fonts := map[string]*font{}
	var stack []textState
	var path [][]segment       // subpaths, in device space
	var cx, cy, sx, sy float64 // current point and subpath start, in user space
	addLine := func(x1, y1, x2, y2 float64) {
		a, b := st.ctm.apply(x1, y1)
		c, d := st.ctm.apply(x2, y2)
		if len(path) == 0 {
			path = append(path, nil)
		}
		path[len(path)-1] = append(path[len(path)-1], segment{min(a, c), min(b, d), max(a, c), max(b, d)})
	}
	keep := func(s segment) {
		if len(pc.segments) < maxPageLines {
			pc.segments = append(pc.segments, s)
		}
	}
	// stroke keeps every line of the path; fill keeps the subpaths thin enough to be lines
	// (Word draws borders as thin filled rectangles), not areas such as a shaded background.
	stroke := func() {
		for _, sub := range path {
			for _, s := range sub {
				keep(s)
			}
		}
		path = path[:0]
	}
	fill := func() {
		for _, sub := range path {
			if len(sub) == 0 {
				continue
			}
			box := sub[0]
			for _, s := range sub[1:] {
				box = segment{min(box.x1, s.x1), min(box.y1, s.y1), max(box.x2, s.x2), max(box.y2, s.y2)}
			}
			if box.x2-box.x1 <= thinRule || box.y2-box.y1 <= thinRule {
				keep(box)
			}
		}
		path = path[:0]
	}
	if !lexable(strm) {
		return // damaged: a string left open, which the library's lexer would read for ever
	}
	pdf.Interpret(strm, func(stk *pdf.Stack, op string) {
		if pc.ops++; pc.ops > maxPageOps {
			panic(errBudget)
		}
		if *pc.budget--; *pc.budget < 0 {
			panic(errBudget)
		}
		n := stk.Len()
		if n > 64 {
			n = 64
		}
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		for stk.Len() > 0 {
			stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, st)
			}
		case "Q":
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				st.ctm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}.then(st.ctm)
			}
		case "m":
			cx, cy = num(0), num(1)
			sx, sy = cx, cy
			if len(path) < 100000 {
				path = append(path, nil)
			}
		case "l":
			addLine(cx, cy, num(0), num(1))
			cx, cy = num(0), num(1)
		case "h":
			addLine(cx, cy, sx, sy)
			cx, cy = sx, sy
		case "re":
			x, y, w, h := num(0), num(1), num(2), num(3)
			if len(path) < 100000 {
				path = append(path, nil)
			}
			addLine(x, y, x+w, y)
			addLine(x+w, y, x+w, y+h)
			addLine(x+w, y+h, x, y+h)
			addLine(x, y+h, x, y)
			cx, cy = x, y
		case "S", "s", "B", "B*", "b", "b*":
			stroke()
		case "f", "F", "f*":
			fill()
		case "n": // a path only clipped (WPS clips every line of text), not drawn
			path = path[:0]
		case "BT":
			st.tm, st.tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				if fonts[name] == nil {
					fonts[name] = loadFont(res.Key("Font").Key(name))
				}
				st.font, st.tfs = fonts[name], num(1)
			}
		case "Tc":
			st.tc = num(0)
		case "Tw":
			st.tw = num(0)
		case "Tz":
			st.th = num(0) / 100
		case "TL":
			st.tl = num(0)
		case "Ts":
			st.trise = num(0)
		case "Tr":
			st.mode = int(num(0))
		case "Td", "TD":
			if op == "TD" {
				st.tl = -num(1)
			}
			st.tlm = affine{1, 0, 0, 1, num(0), num(1)}.then(st.tlm)
			st.tm = st.tlm
		case "Tm":
			if len(args) == 6 {
				st.tm = affine{num(0), num(1), num(2), num(3), num(4), num(5)}
				st.tlm = st.tm
			}
		case "T*":
			st.tlm = affine{1, 0, 0, 1, 0, -st.tl}.then(st.tlm)
			st.tm = st.tlm
		case "Tj", "'", "\"":
			if op != "Tj" {
				st.tlm = affine{1, 0, 0, 1, 0, -st.tl}.then(st.tlm)
				st.tm = st.tlm
			}
			if op == "\"" && len(args) == 3 {
				st.tw, st.tc = num(0), num(1)
			}
			if len(args) > 0 {
				pc.show(&st, args[len(args)-1].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len() && i < 100000; i++ {
					x := a.Index(i)
					if x.Kind() == pdf.String {
						pc.show(&st, x.RawString())
						continue
					}
					adj := -x.Float64() / 1000 * st.tfs
					if st.font != nil && st.font.vertical {
						st.tm = affine{1, 0, 0, 1, 0, adj}.then(st.tm)
					} else {
						st.tm = affine{1, 0, 0, 1, adj * st.th, 0}.then(st.tm)
					}
				}
			}
		case "Do":
			if len(args) == 1 {
				x := res.Key("XObject").Key(args[0].Name())
				switch x.Key("Subtype").Name() {
				case "Image":
					pc.images++
				case "Form":
					if depth < maxFormDepth {
						inner := st
						if m := x.Key("Matrix"); m.Len() == 6 {
							inner.ctm = affine{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
								m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}.then(st.ctm)
						}
						formRes := x.Key("Resources")
						if formRes.IsNull() {
							formRes = res
						}
						pc.run(x, formRes, inner, depth+1)
					}
				}
			}
		case "BI":
			pc.images++
		}
	})
}

// openHexAtEnd says whether data ends inside a hex string: a '<' (not '<<') outside literal
// strings, comments, stream data and inline images, with no '>' after it. The PDF library's
// lexer reads such a string on past the end of its input for ever, so it is never given one.
func openHexAtEnd(data []byte) bool {
	word := func(i int, w string) bool { // the keyword w stands at i, delimited
		if !bytes.HasPrefix(data[i:], []byte(w)) || (i > 0 && !isPDFSpace(data[i-1]) && data[i-1] != '>') {
			return false
		}
		j := i + len(w)
		return j == len(data) || isPDFSpace(data[j])
	}
	skipTo := func(i int, end string) int { // the index after the next delimited end
		for j := i; j < len(data); j++ {
			if data[j] == end[0] && word(j, end) {
				return j + len(end)
			}
		}
		return len(data)
	}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c == '(':
			depth := 1
			for i++; i < len(data) && depth > 0; i++ {
				switch data[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			i--
		case c == '<' && i+1 < len(data) && data[i+1] == '<':
			i++
		case c == '<':
			j := bytes.IndexByte(data[i:], '>')
			if j < 0 {
				return true
			}
			i += j
		case c == 's' && word(i, "stream"):
			i = skipTo(i, "endstream") - 1
		case c == 'I' && word(i, "ID"):
			i = skipTo(i, "EI") - 1
		}
	}
	return false
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

// maxStreamBytes bounds a decoded content stream.
const maxStreamBytes = 32 << 20

// lexable reads a content stream (an array of them too) as the library will, and says
// whether it is safe to interpret: within the size bound, and without a hex string or
// dictionary left open at its end (the library's lexer would read the end for ever).
func lexable(strm pdf.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var data []byte
	parts := []pdf.Value{strm}
	if strm.Kind() == pdf.Array {
		parts = parts[:0]
		for i := 0; i < strm.Len() && i < 1000; i++ {
			parts = append(parts, strm.Index(i))
		}
	}
	for _, p := range parts {
		rc := p.Reader()
		b, _ := io.ReadAll(io.LimitReader(rc, maxStreamBytes+1-int64(len(data))))
		rc.Close()
		data = append(data, b...)
		if len(data) > maxStreamBytes {
			return false
		}
	}
	return !openHexAtEnd(data)
}

// show draws a string with the current font, glyph by glyph.
func (pc *pageContent) show(st *textState, raw string) {
	f := st.font
	if f == nil {
		return
	}
	step := 1
	if f.twoByte {
		step = 2
	}
	for i := 0; i+step <= len(raw); i += step {
		code := int(raw[i])
		if step == 2 {
			code = code<<8 | int(raw[i+1])
		}
		w0 := f.width(code)
		trm := affine{st.tfs * st.th, 0, 0, st.tfs, 0, st.trise}.then(st.tm).then(st.ctm)
		size := math.Hypot(trm[2], trm[3])
		width := w0 / 1000 * math.Hypot(trm[0], trm[1])
		text := ""
		switch {
		case f.unicode != nil:
			text = f.unicode.text(code)
		case f.readable:
			text = f.enc.Decode(raw[i : i+step])
		}
		switch {
		case st.mode == 3 || st.mode == 7:
			pc.invisible++
		case text != "" && len(pc.glyphs) < maxPageGlyphs:
			pc.glyphs = append(pc.glyphs, glyph{x: trm[4], y: trm[5], w: width, size: size, text: text})
		}
		if f.vertical {
			st.tm = affine{1, 0, 0, 1, 0, -st.tfs + st.tc}.then(st.tm)
			continue
		}
		tx := w0/1000*st.tfs + st.tc
		if step == 1 && code == ' ' {
			tx += st.tw
		}
		st.tm = affine{1, 0, 0, 1, tx * st.th, 0}.then(st.tm)
	}
}
