package release

import (
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"fmt"
)

// checkBinary makes sure the file built for t is a program for t as the release promises:
// for Windows a console program (so that a double-click opens the window the desk runs in)
// for the right processor; for Linux a static program (no interpreter: it runs on any
// distribution, whatever its C library) for the right processor; for macOS the right
// processor. It catches a build that cgo, a linker flag or an environment setting changed.
func checkBinary(t Target, path string) error {
	switch t.OS {
	case "windows":
		f, err := pe.Open(path)
		if err != nil {
			return fmt.Errorf("%s: not a Windows program: %w", t, err)
		}
		defer f.Close()
		machine := map[string]uint16{"amd64": pe.IMAGE_FILE_MACHINE_AMD64, "386": pe.IMAGE_FILE_MACHINE_I386, "arm64": pe.IMAGE_FILE_MACHINE_ARM64}[t.Arch]
		var subsystem uint16
		switch h := f.OptionalHeader.(type) {
		case *pe.OptionalHeader32:
			subsystem = h.Subsystem
		case *pe.OptionalHeader64:
			subsystem = h.Subsystem
		}
		if f.Machine != machine || subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_CUI {
			return fmt.Errorf("%s: machine %#x, subsystem %d; want %#x and a console program (%d)", t, f.Machine, subsystem, machine, pe.IMAGE_SUBSYSTEM_WINDOWS_CUI)
		}
	case "linux":
		f, err := elf.Open(path)
		if err != nil {
			return fmt.Errorf("%s: not a Linux program: %w", t, err)
		}
		defer f.Close()
		machine := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64, "loong64": elf.EM_LOONGARCH}[t.Arch]
		if f.Machine != machine {
			return fmt.Errorf("%s: machine %v, want %v", t, f.Machine, machine)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				return fmt.Errorf("%s: dynamically linked (it names an interpreter): built with cgo?", t)
			}
		}
	case "darwin":
		f, err := macho.Open(path)
		if err != nil {
			return fmt.Errorf("%s: not a macOS program: %w", t, err)
		}
		defer f.Close()
		cpu := map[string]macho.Cpu{"amd64": macho.CpuAmd64, "arm64": macho.CpuArm64}[t.Arch]
		if f.Cpu != cpu {
			return fmt.Errorf("%s: processor %v, want %v", t, f.Cpu, cpu)
		}
	default:
		return fmt.Errorf("%s: no check for this system", t)
	}
	return nil
}
