package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const problemsSpec = "../../contract/testdata/specs/problems.yaml"

// itemFixture is a clean exchange of problems.yaml's GET /items/{id}.
const itemFixture = `request:
  method: GET
  url: /items/1
response:
  status: 200
  headers:
    Content-Type: application/json
  body: '{"id": 1}'
`

// TestValidateReportsSpecProblems: the spec's own problems are findings of
// the report (the exchange itself is clean), they fail the run, and a
// baseline written from it accepts them.
func TestValidateReportsSpecProblems(t *testing.T) {
	dir := t.TempDir()
	fixture := writeFile(t, dir, "item.yaml", itemFixture)
	baseline := filepath.Join(dir, "baseline.json")
	code, out, stderr := runCLI(t, "validate", "--spec", problemsSpec, "--fixtures", fixture)
	require.Equal(t, exitFindings, code, stderr)
	for _, want := range []string{
		"GET /items/{id}\n  error   spec-example-invalid  ../../contract/testdata/specs/problems.yaml:15 spec /paths/~1items~1{id}/get/parameters/0/example",
		"spec-ambiguous-paths", "spec-default-invalid", "spec-invalid", "spec-example-no-value",
		"validate: 1 exchanges, 1 of 2 operations covered; 5 errors, 2 warnings, 0 infos",
	} {
		require.Contains(t, out, want)
	}
	code, _, stderr = runCLI(t, "validate", "--spec", problemsSpec, "--fixtures", fixture, "--write-baseline", baseline)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stderr, "wrote 7 accepted findings")
	code, out, stderr = runCLI(t, "validate", "--spec", problemsSpec, "--fixtures", fixture, "--baseline", baseline)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, out, "0 errors, 0 warnings, 0 infos; 7 accepted by the baseline — pass")
}

// TestMockSaysSpecProblems: a server names its specs' problems on stderr
// as it starts, and serves.
func TestMockSaysSpecProblems(t *testing.T) {
	base, stderr, stop := startCLI(t, "mock", "--listen", "127.0.0.1:0", "--spec", problemsSpec)
	require.Contains(t, stderr.String(), "specdrift: ../../contract/testdata/specs/problems.yaml:15: error spec-example-invalid: The example breaks its schema at its root: value must be an integer.")
	require.Contains(t, stderr.String(), "warning spec-ambiguous-paths")
	require.Less(t, strings.Index(stderr.String(), "spec-example-invalid"), strings.Index(stderr.String(), "serving 2 operations"))
	require.NotEmpty(t, base)
	require.Equal(t, exitOK, stop())
}

func TestWarnSpecProblemsIsBounded(t *testing.T) {
	s := &contract.Spec{}
	for i := range maxProblemsOnStderr + 5 {
		s.Problems = append(s.Problems, contract.Finding{Rule: contract.RuleSpecExampleInvalid, Severity: contract.SeverityError,
			Source: fmt.Sprintf("big.json:%d", i+1), Message: "Bad."})
	}
	var buf bytes.Buffer
	warnSpecProblems(&buf, []*contract.Spec{s})
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	require.Len(t, lines, maxProblemsOnStderr+1)
	require.Equal(t, "specdrift: big.json:1: error spec-example-invalid: Bad.", lines[0])
	require.Equal(t, "specdrift: ... and 5 more problems of the specs (specdrift validate --spec lists them all)", lines[maxProblemsOnStderr])
}

// TestRemoteRefsFlag: a spec's $ref to a URL is refused, and nothing is
// fetched, unless --remote-refs is given.
func TestRemoteRefsFlag(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("Pet:\n  type: object\n  properties:\n    name:\n      type: string\n"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	spec := writeFile(t, dir, "api.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: A pet.\n"+
		"          content:\n            application/json:\n              schema:\n                $ref: '"+srv.URL+"/pet.yaml#/Pet'\n")
	fixture := writeFile(t, dir, "fixtures/pet.yaml", "request:\n  method: GET\n  url: /pets\nresponse:\n  status: 200\n  headers:\n    Content-Type: application/json\n  body: '{\"name\": 5}'\n")

	code, _, stderr := runCLI(t, "validate", "--spec", spec, "--fixtures", fixture)
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, "api.yaml:12: $ref to \""+srv.URL+"/pet.yaml\": remote references are not followed unless allowed (--remote-refs)")
	require.Zero(t, hits.Load())

	code, out, stderr := runCLI(t, "validate", "--remote-refs", "--spec", spec, "--fixtures", fixture)
	require.Equal(t, exitFindings, code, stderr)
	require.Contains(t, out, "spec:     "+srv.URL+"/pet.yaml:5#/Pet/properties/name/type")
	require.NotZero(t, hits.Load())
}

// TestDiffOfMultiFileFolders: folders whose specs $ref a file of shared
// schemas compare as one service, the change in the shared file located
// there.
func TestDiffOfMultiFileFolders(t *testing.T) {
	dir := t.TempDir()
	api := "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: Pets.\n" +
		"          content:\n            application/json:\n              schema: {$ref: 'shared.yaml#/Pet'}\n"
	for side, typ := range map[string]string{"old": "string", "new": "integer"} {
		writeFile(t, dir, side+"/api.yaml", api)
		writeFile(t, dir, side+"/shared.yaml", "Pet:\n  type: object\n  properties:\n    name:\n      type: "+typ+"\n")
	}
	pet := "request:\n  method: GET\n  url: /pets\nresponse:\n  status: 200\n  headers:\n    Content-Type: application/json\n  body: '{\"name\": \"Rex\"}'\n"
	code, out, stderr := runCLI(t, "diff", filepath.Join(dir, "old"), filepath.Join(dir, "new"), "--fixtures", writeFile(t, dir, "fixtures/pet.yaml", pet))
	require.Equal(t, exitFindings, code, stderr)
	require.Contains(t, out, "== api\n")
	require.NotContains(t, out, "== shared")
	require.Contains(t, out, "new: "+filepath.ToSlash(filepath.Join(dir, "new/shared.yaml"))+":5")
	require.Contains(t, out, "response-body-schema", "the recorded name is no integer")
}
