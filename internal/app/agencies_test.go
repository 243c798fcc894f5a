package app

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseAgencies(t *testing.T) {
	got, dups := ParseAgencies([]byte("\ufeff甲局\r\n\r\n　乙局　\r\n甲局\n丙局"))
	var names []string
	for _, a := range got {
		names = append(names, a.Name+"@"+strconv.Itoa(a.Line))
	}
	if strings.Join(names, ",") != "甲局@1,乙局@3,丙局@5" || len(dups) != 1 || !strings.Contains(dups[0], "第4行") {
		t.Errorf("ParseAgencies = %v, %v", names, dups)
	}
}

// A name with a bidirectional or invisible format control is refused, naming the control.
func TestCheckAgencyRefusesFormatControls(t *testing.T) {
	for _, name := range []string{"太仓市\u202e局政财", "财政局\u200b", "\u2066财政局\u2069"} {
		if err := CheckAgency(name); err == nil || !strings.Contains(err.Error(), "U+") {
			t.Errorf("CheckAgency(%+q) = %v", name, err)
		}
	}
	if err := CheckAgency("太仓市财政局（太仓市国有资产监督管理办公室）"); err != nil {
		t.Error(err)
	}
	if _, skipped := ParseAgencies([]byte("甲局\n乙\u202e局\n")); len(skipped) != 1 || !strings.Contains(skipped[0], "第2行") {
		t.Errorf("skipped %v", skipped)
	}
}

// One year validation: the desk and the command line ask CheckYear with their own clock.
func TestCheckYear(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for year, ok := range map[int]bool{2018: false, 2019: true, 2025: true, 2026: true, 2027: false} {
		if err := CheckYear(year, now); (err == nil) != ok {
			t.Errorf("CheckYear(%d) = %v", year, err)
		}
		if _, err := TemplateEdition("", year, now); (err == nil) != ok {
			t.Errorf("TemplateEdition(%d) = %v: the desk would accept a year it cannot make a template for", year, err)
		}
	}
}
