package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// nulls lists the places in a JSON document that hold null.
func nulls(v any, at string) []string {
	switch v := v.(type) {
	case nil:
		return []string{at}
	case map[string]any:
		var out []string
		for k, x := range v {
			out = append(out, nulls(x, at+"/"+k)...)
		}
		return out
	case []any:
		var out []string
		for i, x := range v {
			out = append(out, nulls(x, fmt.Sprintf("%s/%d", at, i))...)
		}
		return out
	}
	return nil
}

// TestJSONReportsHaveNoNull checks that every JSON report writes an empty
// list as [], never null, where the text report says 0 or none: bodies
// skipped, an operation's sources and statuses, the rules of a SARIF run.
func TestJSONReportsHaveNoNull(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean/ok.yaml", cleanFixture)
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[],"page_info":{"current_count":0}}`))
	}))
	defer live.Close()
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"validate, nothing skipped, operations without exchanges", []string{"validate", "--fixtures", clean, "--format", "json"}, exitOK},
		{"validate in SARIF, no findings", []string{"validate", "--fixtures", clean, "--format", "sarif"}, exitOK},
		{"replay of one operation", []string{"replay", "--base-url", live.URL, "--token", "t", "--operation", "ListPermissions", "--format", "json"}, exitOK},
		{"diff", []string{"diff", "--format", "json", pairFile("02-limit-range-widened", "old", "cloudconnect"), pairFile("02-limit-range-widened", "new", "cloudconnect")}, exitOK},
		{"diff in SARIF, no findings", []string{"diff", "--format", "sarif", pairFile("02-limit-range-widened", "old", "cloudconnect"), pairFile("02-limit-range-widened", "old", "cloudconnect")}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.args...)
			require.Equal(t, tt.code, code, stderr)
			var doc any
			require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
			require.Empty(t, nulls(doc, ""), out)
			if cov, ok := doc.(map[string]any)["coverage"].(map[string]any); ok {
				for _, o := range cov["operations"].([]any) {
					for _, key := range []string{"sources", "statuses"} {
						require.IsType(t, []any{}, o.(map[string]any)[key], "%s of %v", key, o)
					}
				}
			}
		})
	}
}
