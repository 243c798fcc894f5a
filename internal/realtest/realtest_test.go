package realtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The helper's two behaviours are seen from outside, in a child test process: a skip without
// the variable, a failure with it.
func TestMissing(t *testing.T) {
	if os.Getenv("REALTEST_CHILD") == "1" {
		Missing(t, "soffice not found (libreoffice-calc-nogui)")
		t.Log("NOT REACHED")
		return
	}
	for _, tc := range []struct {
		require  string
		wantFail bool
		want     string
	}{
		{"", false, "SKIPPED LOUDLY, a real component is missing: soffice not found"},
		{"0", false, "--- SKIP"},
		{"1", true, "REAL COMPONENT MISSING"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMissing$", "-test.v")
		cmd.Env = append(os.Environ(), "REALTEST_CHILD=1", RequireEnv+"="+tc.require)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tc.wantFail {
			t.Errorf("%s=%q: failed %v, want %v\n%s", RequireEnv, tc.require, failed, tc.wantFail, out)
		}
		if !strings.Contains(string(out), tc.want) || strings.Contains(string(out), "NOT REACHED") {
			t.Errorf("%s=%q: output lacks %q or went on:\n%s", RequireEnv, tc.require, tc.want, out)
		}
	}
}
