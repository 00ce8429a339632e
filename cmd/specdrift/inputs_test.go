package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// driftFixture is cleanFixture with a response body the schema rejects.
var driftFixture = strings.Replace(cleanFixture, `"permissions": []`, `"permissions": "none"`, 1)

// nowhereFixture names an operation of the specs but routes to none.
var nowhereFixture = strings.Replace(cleanFixture, "ccaas/permissions", "ccaas/nothing", 1)

// writeLog records the exchanges of the fixtures given as a HAR file or an
// NDJSON log (by the extension of name), as proxy --record writes them.
func writeLog(t *testing.T, dir, name string, fixtures ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	sink, err := traffic.OpenSink(p, "test", "1")
	require.NoError(t, err)
	for i, fx := range fixtures {
		_, ex, err := contract.ReadFixture("fixture.yaml", []byte(fx))
		require.NoError(t, err, "fixture %d", i)
		require.NoError(t, sink.Write(traffic.Record{Exchange: ex}))
	}
	require.NoError(t, sink.Close())
	return p
}

// rename moves a file to a name whose extension says nothing of its format.
func rename(t *testing.T, from, to string) string {
	t.Helper()
	require.NoError(t, os.Rename(from, to))
	return to
}

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

// Every format specdrift writes is a fixture path: each exchange of it is
// validated, by extension or by content.
func TestFixturePathTakesEveryFormat(t *testing.T) {
	dir := t.TempDir()
	ndjson := writeLog(t, dir, "rec.ndjson", cleanFixture, driftFixture)
	har := writeLog(t, dir, "rec.har", cleanFixture, driftFixture)
	jsonl := writeLog(t, dir, "rec.jsonl", cleanFixture, driftFixture)
	ndjsonByContent := rename(t, writeLog(t, dir, "x.ndjson", cleanFixture, driftFixture), filepath.Join(dir, "capture.json"))
	harByContent := rename(t, writeLog(t, dir, "x.har", cleanFixture, driftFixture), filepath.Join(dir, "capture.log"))
	folder := filepath.Join(dir, "mixed")
	writeFile(t, folder, "a.yaml", cleanFixture)
	writeLog(t, folder, "b.ndjson", driftFixture)
	writeLog(t, folder, "c/d.har", driftFixture)

	tests := []struct {
		name      string
		path      string
		exchanges int
		drift     []string // sources of the response-body-schema findings
	}{
		{"ndjson", ndjson, 2, []string{ndjson + "#line 2"}},
		{"jsonl", jsonl, 2, []string{jsonl + "#line 2"}},
		{"har", har, 2, []string{har + "#entries/1"}},
		{"ndjson by content", ndjsonByContent, 2, []string{ndjsonByContent + "#line 2"}},
		{"har by content", harByContent, 2, []string{harByContent + "#entries/1"}},
		{"a folder of every format", folder, 3, []string{filepath.ToSlash(folder) + "/b.ndjson#line 1", filepath.ToSlash(folder) + "/c/d.har#entries/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, rep, stderr := validateJSON(t, "--fixtures", tt.path)
			require.Equal(t, exitFindings, code, stderr)
			require.Empty(t, stderr)
			require.Equal(t, tt.exchanges, rep.Summary.Exchanges)
			require.ElementsMatch(t, tt.drift, sources(rep, contract.RuleResponseBodySchema))
		})
	}
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
	line := `{"operation":"ListPermissions","request":{"method":"GET","url":"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"},"respones":{"status":200}}`
	ndjson := writeFile(t, dir, "typo.ndjson", line+"\n")
	baseline := writeFile(t, dir, "baseline.json", `{
  "comment": "accepted",
  "accepted": [
    {
      "rule": "response-body-schema",
      "operation": "GET /v3/{domain_id}/ccaas/permissions",
      "pointr": "/permissions"
    }
  ]
}
`)
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"top level", []string{"--fixtures", typo}, `typo.yaml:7: unknown key "respones"`},
		{"in the request", []string{"--fixtures", inRequest}, `request.yaml:5: unknown key "heders" in the request`},
		{"in the response", []string{"--fixtures", inResponse}, `response.yaml:8: unknown key "stauts" in the response`},
		{"in an ndjson line", []string{"--fixtures", ndjson}, `typo.ndjson:1: not an exchange: unknown field "respones"`},
		{"in an ndjson log", []string{"--ndjson", ndjson}, `typo.ndjson:1: not an exchange: unknown field "respones"`},
		{"in a baseline", []string{"--baseline", baseline}, `baseline.json:7: not a baseline file: unknown key "pointr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"validate"}, tt.args...)...)
			require.Equal(t, exitCannot, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			require.Contains(t, stderr, tt.stderr)
		})
	}
}

// A vars file names fixture placeholders and path parameters; any other
// key is an input error with its line, before anything is sent.
func TestReplayVarsFileIsStrict(t *testing.T) {
	sent := 0
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[]}`))
	}))
	defer live.Close()
	dir := t.TempDir()
	fixture := writeFile(t, dir, "ok.yaml", cleanFixture)
	tests := []struct {
		name, vars string
		code       int
		stderr     string
	}{
		{"a placeholder-less path parameter", "domain_id: 00112233445566778899aabbccddeeff\n", exitOK, ""},
		{"a misspelled name", "domain_id: 00112233445566778899aabbccddeeff\ndomian_id: 1\n", exitCannot, `vars.yaml:2: unknown key "domian_id"`},
		{"a value that is not a string", "domain_id: [1, 2]\n", exitCannot, "vars.yaml:1: domain_id: want a string"},
		{"two documents", "domain_id: a\n---\ndomain_id: b\n", exitCannot, "vars.yaml:3: a second YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent = 0
			vars := writeFile(t, dir, "vars.yaml", tt.vars)
			code, out, stderr := runCLI(t, "replay", "--base-url", live.URL, "--token", "t", "--fixtures", fixture, "--vars", vars)
			require.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			require.Contains(t, stderr, tt.stderr)
			if tt.code != exitOK {
				require.Zero(t, sent, "nothing is sent when the input is wrong")
			}
		})
	}
}

// --operation names an operation of the specs, and must select something.
func TestReplayOperationFilter(t *testing.T) {
	dir := t.TempDir()
	fixture := writeFile(t, dir, "ok.yaml", cleanFixture)
	unused := "http://127.0.0.1:1" // never called: each run stops before sending
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"an operation no spec defines", []string{"--operation", "ListPermisions"}, exitUsage,
			[]string{`--operation ListPermisions: no spec defines this operation`, "AuthorizeActionApiToInstance, ConfirmAuthorizations, CreateAuthorisation, ListAuthorisations, ListPermissions"}},
		{"an operation without a fixture", []string{"--fixtures", fixture, "--operation", "ListAuthorisations"}, exitCannot,
			[]string{"--operation ListAuthorisations: no fixture of " + fixture + " is of this operation"}},
		{"only writes, not allowed", []string{"--operation", "CreateAuthorisation"}, exitCannot,
			[]string{"nothing was replayed: the 1 selected request changes state", "--allow-writes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"replay", "--base-url", unused, "--token", "t"}, tt.args...)...)
			require.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			for _, s := range tt.stderr {
				require.Contains(t, stderr, s)
			}
			require.NotContains(t, out, "unreachable")
		})
	}
}

// A source with no exchange at all cannot pass: exit 3, the source named.
func TestEmptySourcesCannotPass(t *testing.T) {
	dir := t.TempDir()
	emptyNDJSON := writeFile(t, dir, "empty.ndjson", "")
	blankNDJSON := writeFile(t, dir, "blank.ndjson", "\n\n  \n")
	emptyHAR := writeFile(t, dir, "empty.har", `{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[]}}`)
	comments := writeFile(t, dir, "comments.yaml", "# nothing recorded yet\n")
	folder := filepath.Join(dir, "folder")
	writeFile(t, folder, "only.ndjson", "")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"empty ndjson log", []string{"--ndjson", emptyNDJSON}, emptyNDJSON + ": no exchanges"},
		{"blank ndjson log", []string{"--ndjson", blankNDJSON}, blankNDJSON + ": no exchanges"},
		{"empty har", []string{"--har", emptyHAR}, emptyHAR + ": no exchanges"},
		{"empty ndjson fixture", []string{"--fixtures", emptyNDJSON}, emptyNDJSON + ": no exchanges"},
		{"blank ndjson fixture", []string{"--fixtures", blankNDJSON}, blankNDJSON + ": no exchanges"},
		{"empty har fixture", []string{"--fixtures", emptyHAR}, emptyHAR + ": no exchanges"},
		{"yaml of comments", []string{"--fixtures", comments}, comments + ": no exchanges"},
		{"a folder of an empty log", []string{"--fixtures", folder}, filepath.ToSlash(folder) + "/only.ndjson: no exchanges"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"validate"}, tt.args...)...)
			require.Equal(t, exitCannot, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
			require.Contains(t, stderr, tt.stderr)
		})
	}
}

// Fixtures and traffic logs combine: every exchange of every source is
// validated, each source as what it is (a log as live traffic, fixtures as
// curated).
func TestValidateCombinesSources(t *testing.T) {
	dir := t.TempDir()
	cleanLog := writeLog(t, dir, "clean.ndjson", cleanFixture)
	driftHAR := writeLog(t, dir, "drift.har", driftFixture)
	nowhereLog := writeLog(t, dir, "nowhere.ndjson", strings.Replace(nowhereFixture, "operation: ListPermissions\n", "", 1))
	drift := writeFile(t, dir, "drift.yaml", driftFixture)
	clean := writeFile(t, dir, "clean.yaml", cleanFixture)
	nowhere := writeFile(t, dir, "nowhere.yaml", nowhereFixture)

	t.Run("drift in the fixtures", func(t *testing.T) {
		code, rep, stderr := validateJSON(t, "--ndjson", cleanLog, "--fixtures", drift)
		require.Equal(t, exitFindings, code, stderr)
		require.Equal(t, 2, rep.Summary.Exchanges)
		require.Equal(t, []string{filepath.ToSlash(drift) + ":11"}, sources(rep, contract.RuleResponseBodySchema))
	})
	t.Run("drift in the log", func(t *testing.T) {
		code, rep, stderr := validateJSON(t, "--fixtures", clean, "--har", driftHAR)
		require.Equal(t, exitFindings, code, stderr)
		require.Equal(t, 2, rep.Summary.Exchanges)
		require.Equal(t, []string{driftHAR + "#entries/0"}, sources(rep, contract.RuleResponseBodySchema))
	})
	t.Run("each source routes as it is", func(t *testing.T) {
		code, rep, stderr := validateJSON(t, "--fixtures", nowhere, "--ndjson", nowhereLog, "--har", driftHAR)
		require.Equal(t, exitCannot, code, "the fixture that routes nowhere is bad input")
		require.Contains(t, stderr, filepath.ToSlash(nowhere)+":4: GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing matches no operation")
		require.Equal(t, 3, rep.Summary.Exchanges)
		require.Equal(t, []string{nowhereLog + "#line 1"}, sources(rep, contract.RuleUnknownOperation), "the log's is live traffic")
		require.Equal(t, []string{driftHAR + "#entries/0"}, sources(rep, contract.RuleResponseBodySchema))
	})
}

// diff reports a fixture of the compared specs that routes nowhere as
// validate does; fixtures of other services are left out.
func TestDiffFixtureThatRoutesNowhere(t *testing.T) {
	dir := t.TempDir()
	old, new := pairFile("02-limit-range-widened", "old", "cloudconnect"), pairFile("02-limit-range-widened", "new", "cloudconnect")
	folder := filepath.Join(dir, "fixtures")
	writeFile(t, folder, "ok.yaml", cleanFixture)
	other := strings.Replace(strings.Replace(cleanFixture, "ListPermissions", "ShowThing", 1), "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions", "/v9/things/1", 1)
	writeFile(t, folder, "other-service.yaml", other)
	code, out, stderr := runCLI(t, "diff", "--fixtures", folder, old, new)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out, stderr)

	writeFile(t, folder, "nowhere.yaml", nowhereFixture)
	code, out, stderr = runCLI(t, "diff", "--fixtures", folder, old, new)
	require.Equal(t, exitCannot, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	require.Contains(t, stderr, filepath.ToSlash(folder)+"/nowhere.yaml:4: GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing matches no operation of the specs (the exchange names operation ListPermissions, which no spec defines)")
	require.Contains(t, out, "INCOMPLETE")

	// A fixture whose request routes but whose operation is wrong is one of
	// these specs too.
	require.NoError(t, os.Remove(filepath.Join(folder, "nowhere.yaml")))
	writeFile(t, folder, "misnamed.yaml", strings.Replace(cleanFixture, "ListPermissions", "ShowThing", 1))
	code, out, stderr = runCLI(t, "diff", "--fixtures", folder, old, new)
	require.Equal(t, exitCannot, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	require.Contains(t, stderr, filepath.ToSlash(folder)+"/misnamed.yaml:4: GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions matches no operation of the specs (the exchange names operation ShowThing, which no spec defines)")
}
