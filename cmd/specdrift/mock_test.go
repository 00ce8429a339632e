package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestMockCommandLine checks the exit codes of specdrift mock's mistakes.
func TestMockCommandLine(t *testing.T) {
	dir := t.TempDir()
	nowhere := writeFile(t, dir, "nowhere/a.yaml", strings.Replace(cleanFixture, "ccaas/permissions", "ccaas/nothing", 1))
	misnamed := writeFile(t, dir, "misnamed/a.yaml", strings.Replace(cleanFixture, "operation: ListPermissions", "operation: CreateAuthorisation", 1))
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer busy.Close()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no host", []string{"mock", "--listen", ":4010"}, exitUsage, "give the host: 127.0.0.1:4010"},
		{"no port", []string{"mock", "--listen", "127.0.0.1"}, exitUsage, "want HOST:PORT"},
		{"port out of range", []string{"mock", "--listen", "127.0.0.1:70000"}, exitUsage, "from 0 to 65535"},
		{"unknown flag", []string{"mock", "--port", "1"}, exitUsage, "unknown flag: --port"},
		{"arguments", []string{"mock", "spec.yaml"}, exitUsage, "unknown command"},
		{"missing spec", []string{"mock", "--listen", "127.0.0.1:0", "--spec", dir + "/none.yaml"}, exitCannot, "none.yaml: file does not exist"},
		{"fixture of no operation", []string{"mock", "--listen", "127.0.0.1:0", "--fixtures", nowhere}, exitCannot, "a.yaml:4: GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing matches no operation"},
		{"fixture of another operation", []string{"mock", "--listen", "127.0.0.1:0", "--fixtures", misnamed}, exitCannot,
			"a.yaml:1: the exchange names operation CreateAuthorisation (POST /v3/{domain_id}/ccaas/authorisations), but its request GET /v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions routes to ListPermissions (GET /v3/{domain_id}/ccaas/permissions)"},
		{"address in use", []string{"mock", "--listen", busy.Addr().String(), "--quiet"}, exitCannot, "address already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			require.Equal(t, tt.code, code, stderr)
			require.Empty(t, stdout)
			require.Contains(t, stderr, tt.stderr)
		})
	}
}

// TestMockServes starts specdrift mock in process on a loopback port, calls
// it over HTTP, and stops it the way SIGINT does: by cancelling its context.
func TestMockServes(t *testing.T) {
	tests := []struct {
		name, spec string
		ops        int
		path       string // answered with 200
	}{
		{"embedded specs", "", 5, "/v3/1234567890abcdef/ccaas/permissions"},
		{"a spec without generated code", "../../contract/mock/testdata/generic/things.yaml", 3, "/v1/p-7/things/t-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"mock", "--listen", "127.0.0.1:0"}
			if tt.spec != "" {
				args = append(args, "--spec", tt.spec)
			}
			base, stderr, stop := startCLI(t, args...)
			require.Contains(t, stderr.String(), "serving "+string(rune('0'+tt.ops))+" operations")

			resp := call(t, base+tt.path, "X-Auth-Token", "t")
			require.Equal(t, http.StatusOK, resp.status, resp.body)
			require.Contains(t, resp.body, strings.Split(tt.path, "/")[2], "the path's owner ID is echoed")
			resp = call(t, base+tt.path)
			require.Equal(t, http.StatusUnauthorized, resp.status, resp.body)

			require.Equal(t, exitOK, stop())
			log := stderr.String()
			require.Regexp(t, `mock: GET `+regexp.QuoteMeta(tt.path)+` -> 200 `, log)
			require.Regexp(t, `mock: GET `+regexp.QuoteMeta(tt.path)+` -> 401 .*\[missing-authentication`, log)
			require.True(t, strings.HasSuffix(log, "specdrift mock: stopped\n"), log)
		})
	}
}

// startCLI runs the CLI in a goroutine until the server says where it
// listens; stop cancels it and returns the exit code.
func startCLI(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, strings.NewReader(""), io.Discard, stderr) }()
	re := regexp.MustCompile(`on (http://127\.0\.0\.1:\d+)`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			stop := func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(10 * time.Second):
					t.Fatal("the mock did not stop within 10s")
					return -1
				}
			}
			return m[1], stderr, stop
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("the mock exited with %d: %s", code, stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("the mock did not say where it listens: %s", stderr)
	return "", nil, nil
}

type reply struct {
	status int
	body   string
}

func call(t *testing.T, url string, header ...string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return reply{resp.StatusCode, string(b)}
}

// syncBuffer is a stderr the server's goroutines and the test can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
