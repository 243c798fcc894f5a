package app

import (
	"strconv"
	"strings"
	"testing"
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
