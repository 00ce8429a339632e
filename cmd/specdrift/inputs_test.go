package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// driftFixture is cleanFixture with a response body the schema rejects.
var driftFixture = strings.Replace(cleanFixture, `"permissions": []`, `"permissions": "none"`, 1)

// validateJSON runs validate --format json and decodes the report.
func validateJSON(t *testing.T, args ...string) (int, jsonReport, string) {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"validate", "--format", "json"}, args...)...)
	require.NotContains(t, stderr, "panic")
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep), "stdout:\n%s\nstderr:\n%s", out, stderr)
	return code, rep, stderr
}

func sources(rep jsonReport, rule contract.RuleID) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f.Source)
		}
	}
	return out
}

// Each document of a YAML fixture file is a fixture, named by its line.
func TestFixtureDocuments(t *testing.T) {
	dir := t.TempDir()
	two := writeFile(t, dir, "two.yaml", cleanFixture+"---\n"+driftFixture)
	code, rep, stderr := validateJSON(t, "--fixtures", two)
	require.Equal(t, exitFindings, code, stderr)
	require.Equal(t, 2, rep.Summary.Exchanges)
	drift := sources(rep, contract.RuleResponseBodySchema)
	require.Len(t, drift, 1)
	require.Equal(t, filepath.ToSlash(two)+":23", drift[0], "the line of the second document's body")

	broken := writeFile(t, dir, "broken.yaml", cleanFixture+"---\nrequest: [\n")
	code, _, stderr = runCLI(t, "validate", "--fixtures", broken)
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, "broken.yaml:14: malformed YAML")
}

// Unknown keys are input errors naming the key and its line: a misspelled
// key must not turn a fixture into a request-only one.
func TestUnknownKeysAreInputErrors(t *testing.T) {
	dir := t.TempDir()
	typo := writeFile(t, dir, "typo.yaml", strings.Replace(driftFixture, "response:", "respones:", 1))
	inRequest := writeFile(t, dir, "request.yaml", strings.Replace(cleanFixture, "  headers:\n    X-Auth", "  heders:\n    X-Auth", 1))
	inResponse := writeFile(t, dir, "response.yaml", strings.Replace(cleanFixture, "status: 200", "stauts: 200", 1))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"top level", []string{"--fixtures", typo}, `typo.yaml:7: unknown key "respones"`},
		{"in the request", []string{"--fixtures", inRequest}, `request.yaml:5: unknown key "heders" in the request`},
		{"in the response", []string{"--fixtures", inResponse}, `response.yaml:8: unknown key "stauts" in the response`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"validate"}, tt.args...)...)
			require.Equal(t, exitCannot, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			require.Contains(t, stderr, tt.stderr)
		})
	}
}
