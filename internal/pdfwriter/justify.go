package pdfwriter

import (
	"math"
	"strings"

	"github.com/nianbao/nianbao/internal/cjk"
)

// dashOverlap is how much more than 1 em (as a share of it) each half of —— is stretched
// to when its glyph is narrower: enough to cover side bearings of 5 % of an em.
const dashOverlap = 0.12

// placed is a stretch of text in one face at x, with tc points of space after each
// character, scaled horizontally by scale (1 but for —— and …… stretched to 2 em).
type placed struct {
	family    string
	text      string
	x, tc     float64
	scale     float64
	width     float64 // of the characters, without the space after them
	n         int     // characters
	composite bool    // one grapheme cluster of several characters: spaced as one
}

// place turns a line set by cjk (every grapheme cluster at its own x from x0) into as few
// stretches of text as the PDF needs: characters of one face and scale whose spacing is
// even share one stretch, written with the Tc operator.
func (f *faces) place(st style, x0 float64, glyphs []cjk.Glyph) []placed {
	var out []placed
	for i, g := range glyphs {
		rs := f.runs(st, g.Text)
		if g.Half { // a compressed mark: its half-width form
			rs[0].family, rs[0].width = f.halfFamily(f.set.FaceFor(st.role, []rune(g.Text)[0])), g.Width
		}
		natural := 0.0
		for _, r := range rs {
			natural += r.width
		}
		scale, x := 1.0, x0+g.X
		if len(rs) == 1 && natural > 0 && g.Width-natural > 1e-6 {
			scale = g.Width / natural
			if strings.ContainsAny(g.Text, "—―") {
				// A dash narrower than 1 em has side bearings: stretched to 1 em, the two
				// halves of —— would still show a gap. Stretch it a little more, centred,
				// so that the halves overlap and read as one line; at either end of the
				// line the overlap goes inwards, so the ink stays inside the type area.
				scale = g.Width * (1 + dashOverlap) / natural
				switch i {
				case 0:
				case len(glyphs) - 1:
					x -= g.Width * dashOverlap
				default:
					x -= g.Width * dashOverlap / 2
				}
			}
		}
		for _, r := range rs {
			w := r.width * scale
			if r.family == "" { // a glyph-less space: nothing to print
				x += w
				continue
			}
			item := placed{family: r.family, text: r.text, x: x, scale: scale, width: w, n: r.n,
				composite: r.n > 1}
			if n := len(out); n > 0 && out[n-1].takes(item) {
				p := &out[n-1]
				if p.n == 1 {
					p.tc = item.x - (p.x + p.width)
				}
				p.text += item.text
				p.width += item.width
				p.n++
			} else {
				out = append(out, item)
			}
			x += w
		}
	}
	return out
}

// takes reports whether the stretch p can go on with the character q.
func (p placed) takes(q placed) bool {
	if p.family != q.family || p.scale != q.scale || p.composite || q.composite {
		return false
	}
	if p.n == 1 {
		return true
	}
	return math.Abs(q.x-(p.x+p.width+float64(p.n)*p.tc)) < 1e-6
}
