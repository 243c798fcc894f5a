// Package realtest lets a test that drives a real component (LibreOffice, python3-uno,
// python3-lxml, poppler, Chromium, Firefox, a Chinese system font, qemu, the shared/ folder
// beside the repository) say that the component is missing. On a developer's machine the test
// is skipped with a loud message; where NIANBAO_REQUIRE_REAL=1 is set (CI sets it in .ci/run)
// it fails instead, so a green run means every real component was really driven.
package realtest

import (
	"os"
	"testing"
)

// RequireEnv is the environment variable that turns a missing real component into a failure.
const RequireEnv = "NIANBAO_REQUIRE_REAL"

// Required reports whether missing real components fail tests rather than skip them.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Missing ends the test because a real component is missing: msg says which, how to install
// it and what was not tested. It skips the test, or fails it when NIANBAO_REQUIRE_REAL=1.
func Missing(t testing.TB, msg string) {
	t.Helper()
	if Required() {
		t.Fatalf("REAL COMPONENT MISSING (%s=1 makes this a failure): %s", RequireEnv, msg)
	}
	t.Skip("SKIPPED LOUDLY, a real component is missing: " + msg)
}
