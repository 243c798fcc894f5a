package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// flagsFirst moves a command's options in front of its file arguments, so that
// "nianbao render FILE -o OUT.pdf" works as written: urfave/cli stops reading options at
// the first argument that is not one. Everything after "--" stays as it is.
func flagsFirst(args []string, cmds []*cli.Command) []string {
	at := -1 // index of the command name
	for i := 1; i < len(args); i++ {
		if !strings.HasPrefix(args[i], "-") {
			at = i
			break
		}
	}
	if at < 0 {
		return args
	}
	var cmd *cli.Command
	for _, c := range cmds {
		if c.HasName(args[at]) {
			cmd = c
		}
	}
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, rest []string
	for i := at + 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i:]...)
			i = len(args)
		case strings.HasPrefix(a, "-") && a != "-":
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if takesValue[name] && !strings.Contains(name, "=") {
				if i+1 == len(args) {
					// An option last with no value: left last, with no argument after it to
					// take as its value, so that urfave/cli says the value is missing.
					return append(append([]string(nil), args[:at+1]...), flags...)
				}
				i++
				flags = append(flags, args[i])
			}
		default:
			rest = append(rest, a)
		}
	}
	out := append(append([]string(nil), args[:at+1]...), flags...)
	return append(out, rest...)
}
