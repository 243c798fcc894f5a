package checkjson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/internal/rule"
	"github.com/nianbao/nianbao/internal/version"
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

// The document names the program that checked, as docs/check-json.md says.
func TestDocumentNamesTheGenerator(t *testing.T) {
	var buf bytes.Buffer
	if err := New(nil).Encode(&buf); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got["generator"] != version.Generator() || got["generator"] != "nianbao dev" {
		t.Errorf("generator %v, want %q", got["generator"], version.Generator())
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "check-json.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), `"generator": "nianbao v`) {
		t.Error("docs/check-json.md does not show the generator")
	}
}
