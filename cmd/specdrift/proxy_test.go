package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// safeBuffer is a stderr that the test reads while the command writes it.
type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeCloud answers ListAuthorisations with a page whose one item sends a
// boolean as a string, and everything else with 404.
func fakeCloud(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/ccaas/authorisations") {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"request_id":"r1","authorisations":[{"id":"a","is_loaded_by_cloud_connection":"yes"}],"page_info":{"current_count":1}}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(404)
		w.Write([]byte(`{"error_code":"CC.404","error_msg":"not found"}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestProxyCommand(t *testing.T) {
	up := fakeCloud(t)
	dir := t.TempDir()
	logPath, recDir := filepath.Join(dir, "findings.ndjson"), filepath.Join(dir, "recorded")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr safeBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"proxy", "--upstream", up.URL, "--listen", "127.0.0.1:0", "--log", logPath, "--record", recDir},
			strings.NewReader(""), &stdout, &stderr)
	}()
	addr := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
	}
	require.NotEmpty(t, base, stderr.String())

	req, err := http.NewRequest("GET", base+"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations", nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "MIIsecret-live-token")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode)
	require.Contains(t, string(body), `"is_loaded_by_cloud_connection":"yes"`, "passed on, drift and all")

	cancel()
	select {
	case code := <-done:
		require.Equal(t, exitFindings, code, stderr.String())
	case <-time.After(15 * time.Second):
		t.Fatal("the proxy did not stop")
	}
	require.Contains(t, stderr.String(), "specdrift proxy: 1 exchanges, 1 findings\n  GET /v3/{domain_id}/ccaas/authorisations  1 exchanges\n    error response-body-schema              1\n")
	require.Empty(t, stdout.String())

	data, err := os.ReadFile(logPath)
	require.NoError(t, err)
	var f contract.Finding
	require.NoError(t, json.Unmarshal(bytes.TrimSpace(data), &f), string(data))
	require.Equal(t, contract.RuleResponseBodySchema, f.Rule)
	require.Equal(t, "/authorisations/0/is_loaded_by_cloud_connection", f.Pointer)

	fixture, err := os.ReadFile(filepath.Join(recDir, "list-authorisations-200.yaml"))
	require.NoError(t, err)
	require.Contains(t, string(fixture), "X-Auth-Token: \"REDACTED\"")
	for _, out := range []string{string(data), string(fixture), stderr.String()} {
		require.NotContains(t, out, "MIIsecret-live-token")
	}
}

func TestProxyCommandUsage(t *testing.T) {
	tests := []struct {
		args []string
		err  string
	}{
		{[]string{"proxy"}, `--upstream "": want the http or https URL`},
		{[]string{"proxy", "--upstream", "ftp://x"}, `--upstream "ftp://x": want the http or https URL`},
		{[]string{"proxy", "--upstream", "http://127.0.0.1:1", "--listen", ":8080"}, "give the host: 127.0.0.1:8080"},
		{[]string{"proxy", "--upstream", "http://127.0.0.1:1", "--fail-on", "fatal"}, `--fail-on: unknown severity "fatal"`},
		{[]string{"proxy", "--upstream", "http://127.0.0.1:1", "--max-body", "0"}, "--max-body and --timeout must be positive"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		require.Equal(t, exitUsage, code, tt.args)
		require.Contains(t, stderr, tt.err)
	}
	code, _, stderr := runCLI(t, "proxy", "--upstream", "http://127.0.0.1:1", "--spec", filepath.Join(t.TempDir(), "missing.yaml"))
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, "missing.yaml")
}
