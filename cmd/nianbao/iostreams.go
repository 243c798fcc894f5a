package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/visible"
	"github.com/urfave/cli/v2"
)

// IOStreams are where the commands write and what they know about it: the standard streams
// of a terminal or a pipe when run, buffers in tests, so that command tests run in parallel.
type IOStreams struct {
	Out, ErrOut   io.Writer
	ErrIsTerminal bool      // stderr is a terminal: a progress bar can be drawn on it
	Colour        bool      // stdout is a terminal that wants colour
	bar           io.Writer // stderr as given, for the progress bar's own carriage returns
}

// escaped returns the streams with every write escaped (see escaper): what the commands print
// holds names and texts read from other people's files.
func (s *IOStreams) escaped() *IOStreams {
	out := *s
	out.bar = s.ErrOut
	out.Out = escaper{w: s.Out, keepColour: s.Colour}
	out.ErrOut = escaper{w: s.ErrOut}
	return &out
}

// escaper writes to a terminal what may hold text from a file: control characters other than
// line feed and tab, the marks that reverse the direction of text and the invisible format
// controls (package visible), are written as \x1b or \u202e, so that an agency name or a file name cannot clear the screen, move the cursor,
// set the window title or disguise itself. With keepColour the colour sequences the check
// printer writes (ESC [ … m) pass.
type escaper struct {
	w          io.Writer
	keepColour bool
}

// colourSequence is an SGR escape sequence: ESC [ 31 m.
var colourSequence = regexp.MustCompile(`^\x1b\[[0-9;]*m`)

func (e escaper) Write(p []byte) (int, error) {
	var b bytes.Buffer
	for i := 0; i < len(p); {
		if p[i] == 0x1b && e.keepColour {
			if m := colourSequence.Find(p[i:]); m != nil {
				b.Write(m)
				i += len(m)
				continue
			}
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == '\n' || r == '\t':
			b.Write(p[i : i+size])
		case r == utf8.RuneError && size == 1: // a byte that is not UTF-8, from a file name
			fmt.Fprintf(&b, "\\x%02x", p[i])
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, "\\x%02x", r)
		case visible.Deceptive(r) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.Write(p[i : i+size])
		}
		i += size
	}
	if _, err := e.w.Write(b.Bytes()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// systemStreams are the process's standard output and error. Colour is used on a terminal
// unless NO_COLOR is set (https://no-color.org).
func systemStreams() *IOStreams {
	return &IOStreams{Out: os.Stdout, ErrOut: os.Stderr, ErrIsTerminal: isTerminal(os.Stderr),
		Colour: isTerminal(os.Stdout) && os.Getenv("NO_COLOR") == ""}
}

// isTerminal reports whether f is a terminal (a character device), not a file or a pipe.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// sharedBoolFlag is a boolean flag that applications running at once can share, as they
// share cli.HelpFlag and cli.VersionFlag: cli.BoolFlag writes into itself when applied.
type sharedBoolFlag struct{ cli.BoolFlag }

func (f *sharedBoolFlag) Apply(set *flag.FlagSet) error {
	for _, n := range f.Names() {
		set.Bool(n, false, f.Usage)
	}
	return nil
}
