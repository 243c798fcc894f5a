//go:build unix

package desk

import (
	"errors"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/nianbao/nianbao/internal/outfile"
)

// Something else put in 已提交/ — here a FIFO, which would block a plain read — is neither
// read nor written over: opening says so at once instead of hanging.
func TestOpenRefusesAFIFOInSubmitted(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	s.SetAgencies([]string{"甲局"}, nil)
	if _, err := s.Accept(1, receive(t, s, "kept"), "a.xlsx", Inspection{}, time.Now()); err != nil {
		t.Fatal(err)
	}
	a, _ := s.Agency(1)
	s.Close()
	os.Remove(s.CurrentPath(a))
	if err := syscall.Mkfifo(s.CurrentPath(a), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error)
	go func() {
		s, err := Open(dir)
		if err == nil {
			s.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, outfile.ErrNotRegular) {
			t.Errorf("Open: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Open hangs on a FIFO in 已提交/")
	}
}
