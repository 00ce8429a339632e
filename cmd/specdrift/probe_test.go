package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// boundaryServer answers ListItems of testdata/probe/planted.yaml, but 500
// for the largest limit.
func boundaryServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("limit") == "50" {
			w.WriteHeader(500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[]}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestProbeRecordReplay: probe finds the fault, writes its smallest
// request as a fixture, and replay of that fixture shows the fault again.
func TestProbeRecordReplay(t *testing.T) {
	srv := boundaryServer(t)
	dir := t.TempDir()
	code, out, stderr := runCLI(t, "probe", "--base-url", srv.URL, "--spec", "testdata/probe/planted.yaml", "--seed", "5", "--record", dir, "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	require.Contains(t, out, `"server-error"`)
	require.Contains(t, out, "GET /items?limit=50")
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	code, out, stderr = runCLI(t, "replay", "--base-url", srv.URL, "--spec", "testdata/probe/planted.yaml", "--fixtures", dir, "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	require.Contains(t, out, `"undocumented-status"`)
	code, _, stderr = runCLI(t, "validate", "--spec", "testdata/probe/planted.yaml", "--fixtures", dir)
	require.Equal(t, exitFindings, code, stderr)
}

// TestProbeSafeByDefault: without --allow-writes a POST is not sent; a
// cancelled run reports what it has and exits 3.
func TestProbeSafeByDefault(t *testing.T) {
	posts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			posts++
		}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	spec := filepath.Join(t.TempDir(), "w.yaml")
	require.NoError(t, os.WriteFile(spec, []byte("openapi: 3.0.3\ninfo: {title: w, version: '1'}\npaths:\n  /w:\n    post:\n      operationId: Write\n      responses: {'204': {description: done}}\n"), 0o644))
	code, out, stderr := runCLI(t, "probe", "--base-url", srv.URL, "--spec", spec, "--format", "json")
	require.Equal(t, exitCannot, code, stderr)
	require.Contains(t, out, `"probe-skipped"`)
	require.Zero(t, posts)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	code = run(ctx, []string{"probe", "--base-url", boundaryServer(t).URL, "--spec", "testdata/probe/planted.yaml"}, strings.NewReader(""), &o, &e)
	require.Equal(t, exitCannot, code, e.String())
	require.Contains(t, e.String(), "interrupted")
}

// TestProbeWorkflowInput: an Arazzo file probe cannot run is an input
// error naming its line (exit 3).
func TestProbeWorkflowInput(t *testing.T) {
	wf := filepath.Join(t.TempDir(), "w.arazzo.yaml")
	require.NoError(t, os.WriteFile(wf, []byte("arazzo: 1.0.0\nworkflows:\n  - workflowId: w\n    steps:\n      - stepId: a\n        operationPath: '{$sourceDescriptions.s.url}#/paths/~1items/get'\n"), 0o644))
	code, _, stderr := runCLI(t, "probe", "--base-url", boundaryServer(t).URL, "--spec", "testdata/probe/planted.yaml", "--workflow", wf)
	require.Equal(t, exitCannot, code, stderr)
	require.Contains(t, stderr, "w.arazzo.yaml:6: operationPath (give the operationId) is not supported")
}

// TestProbeHostile: an endpoint that redirects to another host never gets
// the credentials there; the redirect is a finding (an undocumented
// status) and nothing is sent to the other host.
func TestProbeHostile(t *testing.T) {
	other := 0
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other++ }))
	defer elsewhere.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.RequestURI(), http.StatusFound)
	}))
	defer srv.Close()
	code, out, stderr := runCLI(t, "probe", "--base-url", srv.URL, "--spec", "testdata/probe/planted.yaml", "--token", "s3cret-token", "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	require.Contains(t, out, `"undocumented-status"`)
	require.NotContains(t, out+stderr, "s3cret-token")
	require.Zero(t, other)
}
