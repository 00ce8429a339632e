package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runCLI runs the CLI in process from dir and returns the exit code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test ./cmd/specdrift -update")
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestValidateGolden(t *testing.T) {
	ext := map[string]string{"text": "txt", "json": "json", "junit": "junit.xml", "sarif": "sarif.json", "github": "github.txt", "markdown": "md", "html": "html"}
	for format, e := range ext {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, "validate", "--format", format)
			require.Equal(t, exitFindings, code, stderr)
			require.Empty(t, stderr)
			golden(t, "validate."+e, out)
			_, again, _ := runCLI(t, "validate", "--format", format)
			require.Equal(t, out, again, "report is not deterministic")
		})
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

const cleanFixture = `operation: ListPermissions
request:
  method: GET
  url: /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions
  headers:
    X-Auth-Token: t
response:
  status: 200
  headers:
    Content-Type: application/json
  body: '{"request_id": "bce57c774ed47dd828963e5ec3a0b06d", "permissions": []}'
`

func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean/ok.yaml", cleanFixture)
	badYAML := writeFile(t, dir, "mixed/a-bad.yaml", "operation: ListPermissions\nrequest:\n  method: GET\n  url: [unclosed\n")
	writeFile(t, dir, "mixed/b-ok.yaml", cleanFixture)
	writeFile(t, dir, "mixed/c-nowhere.yaml", strings.Replace(cleanFixture, "ccaas/permissions", "ccaas/nothing", 1))
	misnamed := writeFile(t, dir, "misnamed/a.yaml", strings.Replace(cleanFixture, "operation: ListPermissions", "operation: ListAuthorisations", 1))
	badSpec := writeFile(t, dir, "bad-spec.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {200: {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}}}\n")
	malformedSpec := writeFile(t, dir, "malformed.yaml", "openapi: 3.0.3\ninfo: {title: x\n")
	invalidJSON := writeFile(t, dir, "json/body.yaml", strings.Replace(cleanFixture, `"permissions": []}`, `"permissions": [}`, 1))
	baseline := filepath.Join(dir, "baseline.json")

	cases := []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings of stderr, in order
		stdout []string
	}{
		{"clean", []string{"validate", "--fixtures", clean}, exitOK, nil, []string{"1 exchanges, 1 of 5 operations covered; 0 errors, 0 warnings, 0 infos — pass"}},
		{"drift", []string{"validate"}, exitFindings, nil, []string{"FAIL (5 at or above error)"}},
		{"a spec alone: its own examples", []string{"validate", "--spec", "../../contract/testdata/specs/examples/pets.yaml"}, exitFindings, nil,
			[]string{"../../contract/testdata/specs/examples/pets.yaml:40 response.body /adopted", "6 exchanges, 3 of 4 operations covered; 4 errors, 1 warnings"}},
		{"a spec without examples", []string{"validate", "--spec", "../../contract/testdata/specs/routing/paths.yaml"}, exitOK,
			[]string{"specdrift: the specs have no examples of responses"}, []string{"0 exchanges, 0 of 10 operations covered"}},
		{"the embedded specs' examples, not the fixtures", []string{"validate", "--spec", "../../spec"}, exitFindings, nil,
			[]string{"time-order  ../../spec/cloudconnect.yaml:82 response.body /authorisation/updated_at", "5 exchanges, 5 of 5 operations covered; 2 errors, 0 warnings"}},
		{"fail-on warning counts warnings", []string{"validate", "--fail-on", "warning", "--format", "json"}, exitFindings, nil, []string{`"failing": 11`}},
		{"write baseline", []string{"validate", "--write-baseline", baseline}, exitOK, []string{"wrote 11 accepted findings"}, []string{"11 accepted by the baseline — pass"}},
		{"with baseline", []string{"validate", "--baseline", baseline}, exitOK, nil, []string{"0 errors, 0 warnings, 0 infos; 11 accepted by the baseline — pass"}},
		{"lenient responses", []string{"validate", "--strict=false", "--fail-on", "warning"}, exitFindings, nil, []string{"2 errors, 1 warnings"}},
		{"invalid JSON body is drift", []string{"validate", "--fixtures", invalidJSON}, exitFindings, nil, []string{"invalid-json-body", "json/body.yaml:11"}},
		{"a fixture that names another operation than its request's", []string{"validate", "--fixtures", misnamed}, exitCannot,
			[]string{"misnamed/a.yaml:1: the exchange names operation ListAuthorisations (GET /v3/{domain_id}/ccaas/authorisations), but its request GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions routes to ListPermissions (GET /v3/{domain_id}/ccaas/permissions): fix the operation or the request"},
			[]string{"INCOMPLETE"}},
		{"unknown flag", []string{"validate", "--colour"}, exitUsage, []string{"unknown flag: --colour"}, nil},
		{"bad format", []string{"validate", "--format", "pdf"}, exitUsage, []string{`--format "pdf"`}, nil},
		{"bad fail-on", []string{"validate", "--fail-on", "fatal"}, exitUsage, []string{"--fail-on"}, nil},
		{"stray argument", []string{"validate", "extra"}, exitUsage, []string{"unknown command"}, nil},
		{"unknown command", []string{"frobnicate"}, exitUsage, []string{"unknown command"}, nil},
		{"missing spec", []string{"validate", "--spec", filepath.Join(dir, "none.yaml")}, exitCannot, []string{"none.yaml: file does not exist"}, nil},
		{"spec that does not load", []string{"validate", "--spec", badSpec}, exitCannot, []string{"bad-spec.yaml:6: not an OpenAPI document"}, nil},
		{"malformed spec", []string{"validate", "--spec", malformedSpec}, exitCannot, []string{"malformed.yaml:2: malformed YAML"}, nil},
		{"missing fixtures", []string{"validate", "--fixtures", filepath.Join(dir, "nope")}, exitCannot, []string{"nope: file does not exist"}, nil},
		{"no fixtures in the folder", []string{"validate", "--fixtures", t.TempDir()}, exitCannot, []string{"no fixture files (*.yaml, *.yml, *.ndjson, *.jsonl, *.har) found"}, nil},
		{"missing baseline", []string{"validate", "--baseline", filepath.Join(dir, "nope.json")}, exitCannot, []string{"nope.json"}, nil},
		{"broken fixtures do not stop the others", []string{"validate", "--fixtures", filepath.Dir(badYAML)}, exitCannot,
			[]string{"mixed/a-bad.yaml:4: malformed YAML", "mixed/c-nowhere.yaml:4: GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing matches no operation of the specs (the exchange names operation ListPermissions (GET /v3/{domain_id}/ccaas/permissions))"},
			[]string{"GET /v3/{domain_id}/ccaas/permissions", "ListPermissions              1 exchange(s)", "INCOMPLETE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, s := range tc.stderr {
				require.Contains(t, stderr, s)
				stderr = stderr[strings.Index(stderr, s):]
			}
			for _, s := range tc.stdout {
				require.Contains(t, stdout, s)
			}
			require.NotContains(t, stderr, "panic")
			require.NotContains(t, stderr, "goroutine ")
		})
	}
}

func TestHelpNamesExitCodes(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"validate", "--help"}} {
		code, out, _ := runCLI(t, args...)
		require.Equal(t, exitOK, code)
		require.Contains(t, out, "Exit codes:")
		require.Contains(t, out, "3  could not run")
	}
}
