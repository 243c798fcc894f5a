package release

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// versionPackage is the package whose variables the build stamps (internal/version).
const versionPackage = "github.com/nianbao/nianbao/internal/version"

// mainPackage is the command that is released.
const mainPackage = "./cmd/nianbao"

// BuildFlags are the go build arguments of a release binary, before -o: no paths of the
// machine that built it (-trimpath), no VCS stamp (the version is stamped instead), no symbol
// tables (-s -w, 6 MB less) and no build ID, which would otherwise differ with the toolchain's
// cache state rather than with the source. Tests that run release binaries build with these,
// so that they share the build cache with the release.
func BuildFlags(s Stamp) []string {
	ldflags := []string{"-s", "-w", "-buildid=",
		"-X", versionPackage + ".Version=" + s.Version,
		"-X", versionPackage + ".Commit=" + s.Commit,
		"-X", versionPackage + ".Date=" + s.Date}
	return []string{"build", "-trimpath", "-buildvcs=false", "-ldflags=" + strings.Join(ldflags, " ")}
}

// BuildEnv is the environment of a release build for t: the process's, with cgo off and every
// setting that changes the code generated fixed to Go's default, whatever the caller's
// environment or go env file says (GOAMD64=v3 would leave out older processors).
func BuildEnv(t Target) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return slices.Contains([]string{"GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS", "GOAMD64", "GO386", "GOARM64",
			"GOEXPERIMENT", "GOTOOLCHAIN"}, name)
	})
	return append(env, "GOOS="+t.OS, "GOARCH="+t.Arch, "CGO_ENABLED=0", "GOFLAGS=-mod=readonly",
		"GOAMD64=v1", "GO386=sse2", "GOARM64=v8.0", "GOTOOLCHAIN=local")
}

// Build builds nianbao for t, stamped with s, into the file out. root is the module's folder.
func Build(ctx context.Context, root string, t Target, s Stamp, out string) error {
	args := append(BuildFlags(s), "-o", out, mainPackage)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = root, BuildEnv(t)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build for %s: %w\n%s", t, err, msg)
	}
	return nil
}

// licenceFile matches the files in which a module states its licence and notices.
var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|patents)([.-].*)?$`)

// licences are the licence texts of what the binary for t is made of: the Go toolchain's
// (runtime and standard library) as LICENSES/go/, and each module's as
// LICENSES/modules/PATH/, with an index LICENSES/modules.txt of module versions.
func licences(ctx context.Context, root string, t Target) ([]entry, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", "-f",
		`{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{with .Replace}}{{.Dir}}{{else}}{{.Dir}}{{end}}{{end}}{{end}}`, mainPackage)
	cmd.Dir, cmd.Env = root, BuildEnv(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	listed, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list for %s: %w\n%s", t, err, stderr.Bytes())
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %w", err)
	}
	out, err := licenceEntries(filepath.Join(strings.TrimSpace(string(goroot))), "go", "Go")
	if err != nil {
		return nil, err
	}
	var index strings.Builder
	index.WriteString("本程序包含以下 Go 模块，其许可证见 modules 文件夹中同名路径；Go 运行时和标准库的许可证见 go 文件夹。\n\n")
	seen := map[string]bool{}
	lines := strings.Split(strings.TrimSpace(string(listed)), "\n")
	slices.Sort(lines)
	for _, line := range lines {
		fields := strings.Fields(line)
		if len(fields) != 3 || seen[fields[0]] {
			continue
		}
		seen[fields[0]] = true
		files, err := licenceEntries(fields[2], path.Join("modules", fields[0]), fields[0])
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
		fmt.Fprintf(&index, "%s %s\n", fields[0], fields[1])
	}
	return append(out, entry{name: "LICENSES/modules.txt", data: []byte(index.String()), mode: 0o644}), nil
}

// licenceEntries are the licence files in dir, as LICENSES/under/NAME. A module without one
// stops the release: its code cannot be passed on without knowing the terms.
func licenceEntries(dir, under, what string) ([]entry, error) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("licence of %s: %w", what, err)
	}
	var out []entry
	for _, f := range files {
		if !f.Type().IsRegular() || !licenceFile.MatchString(f.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			return nil, fmt.Errorf("licence of %s: %w", what, err)
		}
		out = append(out, entry{name: path.Join("LICENSES", under, f.Name()), data: data, mode: 0o644})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("licence of %s: no LICENSE file in %s", what, dir)
	}
	return out, nil
}
