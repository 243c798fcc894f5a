package rule

import "testing"

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if seen[r.ID] || r.Title == "" {
			t.Errorf("rule %q duplicated or without title", r.ID)
		}
		seen[r.ID] = true
	}
	for _, id := range []string{"I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "C1", "C2", "C3", "V1", "R1"} {
		if !seen[id] {
			t.Errorf("rule %s missing from the catalogue", id)
		}
	}
	if r, _ := Lookup("I7"); r.Severity != Warning {
		t.Error("I7 should be a warning")
	}
	if r, _ := Lookup("I6"); r.Severity != Error {
		t.Error("I6 should be an error")
	}
}
