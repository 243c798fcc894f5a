package samplereport

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/model"
	"github.com/nianbao/nianbao/internal/realtest"
	"github.com/nianbao/nianbao/template"
)

// Every single-report equation holds in both samples: they are meant to pass the checks.
func TestSamplesBalance(t *testing.T) {
	for _, r := range []*model.Report{Taicang2020(), Example2021()} {
		if len(r.Values) != len(r.Edition.Cells()) {
			t.Errorf("%s: %d values for %d cells", r.Agency(), len(r.Values), len(r.Edition.Cells()))
		}
		for _, id := range r.Edition.Identities {
			if id.CrossYear {
				continue
			}
			for _, eq := range id.Equations {
				sum := func(ts []template.Term) (s float64) {
					for _, tm := range ts {
						s += r.Values[tm.Key].Number
					}
					return s
				}
				if l, rt := sum(eq.Left), sum(eq.Right); math.Abs(l-rt) > 1e-9 {
					t.Errorf("%s %s %s: %v ≠ %v", r.Agency(), id.ID, eq.Scope, l, rt)
				}
			}
		}
	}
}

// The seed sample carries every prose paragraph of the published report.
func TestTaicangProseIsTheSeeds(t *testing.T) {
	seed, err := os.ReadFile("../../../shared/seed/taicang-keji-2020.txt")
	if err != nil {
		realtest.Missing(t, fmt.Sprint("shared/seed not found beside the repository: ", err))
	}
	text := strings.ReplaceAll(string(seed), "[bookmark: _GoBack]", "")
	r := Taicang2020()
	for key, f := range r.Prose {
		for _, p := range strings.Split(f.Text, "\n") {
			if !strings.Contains(text, p) {
				t.Errorf("prose %s: paragraph not in the seed: %.40s…", key, p)
			}
		}
	}
	for _, v := range []string{r.Agency(), r.InfoText("address"), r.InfoText("phone")} {
		if !strings.Contains(text, v) {
			t.Errorf("info %q not in the seed", v)
		}
	}
}

// The 2021 example has numbers in every table, so that it exercises every writer.
func TestExampleHasNumbersInEveryTable(t *testing.T) {
	r := Example2021()
	for _, tb := range r.Edition.Tables() {
		sum := 0.0
		for _, c := range tb.Cells() {
			sum += r.Values[c.Key].Number
		}
		if sum == 0 {
			t.Errorf("table %s is all zero", tb.Number)
		}
	}
	if r.Values["t4.review_total"].Number != 4 || r.Values["t4.suit_direct_total"].Number+r.Values["t4.suit_after_review_total"].Number != 3 {
		t.Error("table 四 does not match the prose: 复议4件, 诉讼3件")
	}
}
