package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
)

// recordedAPI answers each request with the response recorded in the
// embedded fixture of the same method and path, as the documented API
// would if it answered as its pages say.
func recordedAPI(t *testing.T) string {
	t.Helper()
	rs, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	require.Empty(t, errs)
	exs := traffic.Exchanges(rs)
	byRoute := map[string]*contract.Response{}
	for _, ex := range exs {
		u, err := url.Parse(ex.Request.URL)
		require.NoError(t, err)
		byRoute[ex.Request.Method+" "+u.Path] = ex.Response
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp, ok := byRoute[r.Method+" "+r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, vs := range resp.Header {
			w.Header()[k] = vs
		}
		w.WriteHeader(resp.Status)
		w.Write(resp.Body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// summaryOf reads the counts of a json report, of any command.
func summaryOf(t *testing.T, out string) (accepted, failing int) {
	t.Helper()
	var r struct {
		Summary struct{ Accepted, Failing int }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	return r.Summary.Accepted, r.Summary.Failing
}

// TestWriteBaselineRoundTrips: every command that reads --baseline writes
// one with --write-baseline, and the next run with it accepts every
// finding (--fail-on info: not one is new).
func TestWriteBaselineRoundTrips(t *testing.T) {
	dir := t.TempDir()
	_, ndjson := writeLogs(t, dir)
	pages := seedPages(t)
	dataarts, err := os.ReadFile("../../spec/dataarts.yaml")
	require.NoError(t, err)
	onlyDataArts := writeFile(t, dir, "spec/dataarts.yaml", string(dataarts))
	oldPage, err := os.ReadFile(pages[2])
	require.NoError(t, err)
	newPage := writeFile(t, dir, "new.txt", strings.Replace(string(oldPage), "Maximum: 1000", "Maximum: 2000", 1))
	api := recordedAPI(t)

	tests := []struct {
		name string
		args []string
	}{
		{"validate", []string{"validate"}},
		{"validate a traffic log", []string{"validate", "--ndjson", ndjson}},
		{"replay", []string{"replay", "--base-url", api, "--token", "t", "--allow-writes"}},
		{"diff", []string{"diff", pairFile("05-query-parameter-required", "old", "cloudconnect"), pairFile("05-query-parameter-required", "new", "cloudconnect")}},
		{"docs check", []string{"docs", "check", "--spec", onlyDataArts, pages[0]}},
		{"docs lint", append([]string{"docs", "lint"}, pages...)},
		{"docs diff", []string{"docs", "diff", pages[2], newPage}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(tt.args, "--format", "json", "--fail-on", "info")
			code, out, stderr := runCLI(t, args...)
			require.NotEqual(t, exitCannot, code, stderr)
			_, failing := summaryOf(t, out)
			require.Positive(t, failing, "the run has findings to accept")

			bl := filepath.Join(dir, "baseline-"+string(rune('a'+i))+".json")
			code, out, stderr = runCLI(t, append(args, "--write-baseline", bl)...)
			require.Equal(t, exitOK, code, stderr)
			require.Contains(t, stderr, "specdrift: wrote ")
			require.Contains(t, stderr, " accepted findings to "+bl)
			accepted, failing := summaryOf(t, out)
			require.Equal(t, 0, failing)
			require.Positive(t, accepted)
			written := accepted

			code, out, stderr = runCLI(t, append(args, "--baseline", bl)...)
			require.Equal(t, exitOK, code, stderr)
			accepted, failing = summaryOf(t, out)
			require.Equal(t, 0, failing, out)
			require.Equal(t, written, accepted)
		})
	}
}

// TestValidateBaselineAcceptsReplay: the baseline validate writes from the
// fixtures accepts every finding of replaying them against an API that
// answers as they record.
func TestValidateBaselineAcceptsReplay(t *testing.T) {
	bl := filepath.Join(t.TempDir(), "baseline.json")
	code, _, stderr := runCLI(t, "validate", "--write-baseline", bl)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stderr, "wrote 11 accepted findings")

	api := recordedAPI(t)
	code, out, stderr := runCLI(t, "replay", "--base-url", api, "--token", "t", "--allow-writes", "--format", "json", "--fail-on", "info", "--baseline", bl)
	require.Equal(t, exitOK, code, "stdout:\n%s\nstderr:\n%s", out, stderr)
	var r struct {
		Summary  struct{ Exchanges, Accepted, Failing int }
		Findings []contract.Finding
		Accepted []contract.Finding
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Equal(t, 5, r.Summary.Exchanges)
	require.Empty(t, r.Findings)
	require.Equal(t, 11, r.Summary.Accepted)
	for _, f := range r.Accepted {
		require.True(t, strings.HasSuffix(f.Source, ".yaml#replay"), f.Source)
	}
}
