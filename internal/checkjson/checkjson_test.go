package checkjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/rule"
)

// TestJSONDocsListEveryRule keeps docs/check-json.md in step with the rule catalogue.
func TestJSONDocsListEveryRule(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "check-json.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rule.All() {
		row := "| " + r.ID + " | " + r.Severity.Code() + " |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/check-json.md lacks the row %q", row)
		}
	}
	if !strings.Contains(string(doc), Schema) {
		t.Errorf("docs/check-json.md does not name the schema %s", Schema)
	}
}
