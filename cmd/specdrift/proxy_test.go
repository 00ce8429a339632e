package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
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

// proxyRun is the proxy command running in process on a loopback port.
type proxyRun struct {
	base           string // http://127.0.0.1:PORT
	stdout, stderr *safeBuffer
	cancel         context.CancelFunc
	done           chan int
}

// startProxy runs specdrift proxy with args on a free loopback port and
// waits until it listens.
func startProxy(t *testing.T, args ...string) *proxyRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	p := &proxyRun{stdout: &safeBuffer{}, stderr: &safeBuffer{}, cancel: cancel, done: make(chan int, 1)}
	go func() {
		p.done <- run(ctx, append([]string{"proxy", "--listen", "127.0.0.1:0"}, args...), strings.NewReader(""), p.stdout, p.stderr)
	}()
	addr := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	for deadline := time.Now().Add(10 * time.Second); p.base == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := addr.FindStringSubmatch(p.stderr.String()); m != nil {
			p.base = m[1]
		}
	}
	require.NotEmpty(t, p.base, p.stderr.String())
	return p
}

// stop stops the proxy as SIGINT would and returns its exit code.
func (p *proxyRun) stop(t *testing.T) int {
	t.Helper()
	p.cancel()
	select {
	case code := <-p.done:
		return code
	case <-time.After(15 * time.Second):
		t.Fatal("the proxy did not stop")
	}
	return -1
}

func TestProxyCommand(t *testing.T) {
	up := fakeCloud(t)
	dir := t.TempDir()
	logPath, recDir := filepath.Join(dir, "findings.ndjson"), filepath.Join(dir, "recorded")
	p := startProxy(t, "--upstream", up.URL, "--log", logPath, "--record", recDir)
	base, stdout, stderr := p.base, p.stdout, p.stderr

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

	require.Equal(t, exitFindings, p.stop(t), stderr.String())
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

// closedAddr is a loopback address that refuses connections: a listener
// that was opened and closed.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

// TestProxyUnreachableUpstream checks the exit code of a proxy whose
// upstream refuses every connection: it could not do its work (3), as the
// exit-code table says of an unreachable upstream. A proxy that saw no
// request at all has nothing to say (0).
func TestProxyUnreachableUpstream(t *testing.T) {
	tests := []struct {
		name     string
		requests int
		code     int
		stderr   string
	}{
		{"every request fails to connect", 2, exitCannot, ": unreachable: none of the 2 requests could connect to it\n"},
		{"no request came", 0, exitOK, "specdrift proxy: 0 exchanges, 0 findings\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upstream := "http://" + closedAddr(t)
			p := startProxy(t, "--upstream", upstream)
			for range tt.requests {
				resp, err := http.Get(p.base + "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations")
				require.NoError(t, err)
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				require.NoError(t, err)
				require.Equal(t, http.StatusBadGateway, resp.StatusCode)
				require.Contains(t, string(body), `"type": "urn:specdrift:problem:upstream-unreachable"`)
			}
			require.Equal(t, tt.code, p.stop(t), p.stderr.String())
			require.Contains(t, p.stderr.String(), tt.stderr)
			if tt.code == exitCannot {
				require.Contains(t, p.stderr.String(), "specdrift: "+upstream+": unreachable")
			}
		})
	}
}

// TestProxyCommandWriteFailures sends a drifting exchange through a proxy
// whose log or recording is on a full disk (/dev/full, or a file name
// linked to it): the proxy says so and exits 3, rather than 1 with the
// findings or recordings lost.
func TestProxyCommandWriteFailures(t *testing.T) {
	require.FileExists(t, "/dev/full", "this test writes to Linux's /dev/full")
	dir := t.TempDir()
	for _, name := range []string{"rec.ndjson", "rec.har"} {
		require.NoError(t, os.Symlink("/dev/full", filepath.Join(dir, name)))
	}
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"--log", []string{"--log", "/dev/full"}, "writes to --log or --record failed"},
		{"--record FILE.ndjson", []string{"--record", filepath.Join(dir, "rec.ndjson")}, "writes to --log or --record failed"},
		{"--record FILE.har", []string{"--record", filepath.Join(dir, "rec.har")}, "--record " + filepath.Join(dir, "rec.har")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startProxy(t, append([]string{"--upstream", fakeCloud(t).URL}, tt.args...)...)
			req, err := http.NewRequest("GET", p.base+"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations", nil)
			require.NoError(t, err)
			req.Header.Set("X-Auth-Token", "t")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			require.Equal(t, 200, resp.StatusCode, "the client is served all the same")
			require.Equal(t, exitCannot, p.stop(t), p.stderr.String())
			require.Contains(t, p.stderr.String(), tt.msg)
			require.Contains(t, p.stderr.String(), "no space left on device")
		})
	}
}
