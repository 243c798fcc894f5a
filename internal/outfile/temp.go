package outfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Temporary files are named .nianbao-PID-RANDOM.tmp, so that a later run can tell the
// leftovers of a killed run (its process is gone) from the files a running one is writing.
const (
	tempPrefix = ".nianbao-"
	tempSuffix = ".tmp"
	// staleAge is the age after which a temporary file is a leftover whatever its name says
	// (the process id may have been reused, or be unknown).
	staleAge = 24 * time.Hour
)

var (
	liveMu  sync.Mutex
	live    = map[string]bool{} // this process's temporary files
	stopped bool                // RemoveTemporaries was called: no new ones
	swept   sync.Map            // directories already cleaned of stale files
)

// errStopped is the error of a write begun after RemoveTemporaries.
var errStopped = errors.New("interrupted")

// createTemp creates a temporary file in dir and records it, under the lock that
// RemoveTemporaries takes, so that no file is created unrecorded or after it.
func createTemp(dir string) (*os.File, error) {
	liveMu.Lock()
	defer liveMu.Unlock()
	if stopped {
		return nil, errStopped
	}
	f, err := os.CreateTemp(dir, fmt.Sprintf("%s%d-*%s", tempPrefix, os.Getpid(), tempSuffix))
	if err == nil {
		live[f.Name()] = true
	}
	return f, err
}

func untrack(path string) { liveMu.Lock(); delete(live, path); liveMu.Unlock() }

// RemoveTemporaries removes the temporary files this process is writing, and makes any
// later write fail. The command calls it when interrupted (INT, TERM), just before exiting.
func RemoveTemporaries() {
	liveMu.Lock()
	defer liveMu.Unlock()
	stopped = true
	for path := range live {
		os.Remove(path)
		delete(live, path)
	}
}

// removeStale removes, once per directory and run, the temporary files left there by runs
// that were killed.
func removeStale(dir string) {
	if _, done := swept.LoadOrStore(filepath.Clean(dir), true); done {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, tempPrefix) || !strings.HasSuffix(name, tempSuffix) {
			continue
		}
		if stale(name, e) {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// stale reports whether a temporary file belongs to no running nianbao.
func stale(name string, e os.DirEntry) bool {
	if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAge {
		return true
	}
	pidText, _, ok := strings.Cut(strings.TrimPrefix(name, tempPrefix), "-")
	pid, err := strconv.Atoi(pidText)
	if !ok || err != nil || pid <= 0 {
		return false
	}
	return pid != os.Getpid() && !running(pid)
}
