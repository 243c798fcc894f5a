// Command release builds the files that offices download: nianbao for Windows (amd64, 386,
// arm64), Linux (amd64, arm64, loong64) and macOS (arm64, amd64), each archive with the README,
// the licences, 发布说明.txt and the blank templates, and SHA256SUMS and 发布说明.txt beside
// them. Two runs on the same commit give the same bytes. Run it from the repository root:
//
//	go run ./cmd/release [--out dist] [--version v1.2.0] [--targets linux/amd64,linux/arm64]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/nianbao/nianbao/internal/release"
)

func main() {
	out := flag.String("out", "dist", "folder to write the release into")
	ver := flag.String("version", "", "version to stamp, such as v1.2.0 (default: the commit's tag, else a pseudo-version)")
	targets := flag.String("targets", "", "comma-separated os/arch to build (default: all)")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "release: unexpected arguments:", flag.Args())
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *out, *ver, *targets); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out, ver, targetList string) error {
	var targets []release.Target
	if targetList != "" {
		var err error
		if targets, err = release.ParseTargets(targetList); err != nil {
			return err
		}
	}
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	if _, err := os.Stat("go.mod"); err != nil {
		return fmt.Errorf("run from the repository root: %w", err)
	}
	stamp, err := release.StampFromGit(ctx, root, ver)
	if err != nil {
		return err
	}
	fmt.Printf("release %s (commit %s, %s) into %s\n", stamp.Version, stamp.Commit, stamp.Date, out)
	start := time.Now()
	files, err := release.Run(ctx, release.Options{Root: root, Out: out, Stamp: stamp, Targets: targets, Log: os.Stdout})
	if err != nil {
		return err
	}
	fmt.Printf("%d files in %.0f s\n", len(files), time.Since(start).Seconds())
	return nil
}
