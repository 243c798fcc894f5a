//go:build unix

package outfile

import (
	"errors"
	"syscall"
)

// running reports whether a process with the id exists.
func running(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
