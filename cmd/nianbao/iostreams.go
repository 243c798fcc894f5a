package main

import (
	"flag"
	"io"
	"os"

	"github.com/urfave/cli/v2"
)

// IOStreams are where the commands write and what they know about it: the standard streams
// of a terminal or a pipe when run, buffers in tests, so that command tests run in parallel.
type IOStreams struct {
	Out, ErrOut   io.Writer
	ErrIsTerminal bool // stderr is a terminal: a progress bar can be drawn on it
	Colour        bool // stdout is a terminal that wants colour
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
