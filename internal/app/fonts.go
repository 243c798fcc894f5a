package app

import (
	"fmt"

	"github.com/nianbao/nianbao/internal/fonts"
	"github.com/nianbao/nianbao/internal/message"
)

// FontOptions choose the faces a PDF is set in.
type FontOptions struct {
	// Source is auto (each official face that is installed, the embedded one for the rest),
	// builtin (the embedded faces only) or system (as auto, but at least one official face
	// must be installed).
	Source string
	Dirs   []string // the folders searched for installed fonts
	// Files are TrueType files that replace a role's face, with how the user named each
	// (--font-body) for errors.
	Files []FontFile
}

// FontFile is a TrueType file for one role.
type FontFile struct {
	Role fonts.Role
	Name string // how the user asked for it: --font-body
	Path string
}

// LoadFonts returns the font set the options ask for.
func LoadFonts(o FontOptions) (*fonts.Set, error) {
	var (
		set *fonts.Set
		err error
	)
	switch o.Source {
	case "auto":
		set, err = fonts.AutoIn(o.Dirs)
	case "builtin":
		set, err = fonts.Default()
	case "system":
		set, err = fonts.SystemIn(o.Dirs)
	default:
		return nil, message.Inputf("--fonts 只能是 auto、builtin 或 system，而不是“%s”。", o.Source)
	}
	if err != nil {
		return nil, err
	}
	for _, f := range o.Files {
		if err := set.Override(f.Role, f.Path); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return set, nil
}
