package proxy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// echoUpstream answers every request with an empty ListAuthorisations page
// and keeps each request's URI and headers as it arrived.
type echoUpstream struct {
	*httptest.Server
	mu   sync.Mutex
	uris []string
	head []http.Header
}

func startEcho(t testing.TB) *echoUpstream {
	e := &echoUpstream{}
	e.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.uris = append(e.uris, r.RequestURI)
		e.head = append(e.head, r.Header.Clone())
		e.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"request_id":"r","authorisations":[]}`))
	}))
	t.Cleanup(e.Server.Close)
	return e
}

func (e *echoUpstream) requests() ([]string, []http.Header) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.uris...), append([]http.Header(nil), e.head...)
}

// proxyTo serves a proxy to rawURL on a loopback port.
func proxyTo(t testing.TB, rawURL string, opts Options) (*Proxy, *httptest.Server) {
	t.Helper()
	target, err := url.Parse(rawURL)
	require.NoError(t, err)
	opts.Upstream = target
	opts.Validator = contract.NewValidator(loadSpecs(t), contract.Options{})
	p, err := New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

// TestProxyForwardingHeaders: the upstream learns who the client is as a
// reverse proxy tells it, whatever the client claims: X-Forwarded-For gets
// the client's address appended, X-Forwarded-Host and -Proto are this
// proxy's.
func TestProxyForwardingHeaders(t *testing.T) {
	up := startEcho(t)
	_, srv := proxyTo(t, up.URL, Options{})
	host := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name string
		sent map[string]string
		want map[string]string
	}{
		{"none sent", nil, map[string]string{"X-Forwarded-For": "127.0.0.1", "X-Forwarded-Host": host, "X-Forwarded-Proto": "http"}},
		{"claims of the client", map[string]string{"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "admin.internal.example", "X-Forwarded-Proto": "https"},
			map[string]string{"X-Forwarded-For": "203.0.113.9, 127.0.0.1", "X-Forwarded-Host": host, "X-Forwarded-Proto": "http"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest("GET", srv.URL+listPath, nil)
			require.NoError(t, err)
			req.Header.Set("X-Auth-Token", "t")
			for k, v := range tt.sent {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, 200, resp.StatusCode)
			_, heads := up.requests()
			require.Len(t, heads, i+1)
			got := map[string]string{}
			for k := range tt.want {
				got[k] = strings.Join(heads[i].Values(k), " | ")
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("forwarding headers at the upstream (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProxyRefusesDotSegments sends paths that could climb out of the
// upstream's base path: none reaches the upstream, each gets a 400 naming
// why; paths that only look alike pass.
func TestProxyRefusesDotSegments(t *testing.T) {
	up := startEcho(t)
	_, srv := proxyTo(t, up.URL+"/base", Options{})
	addr := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		target  string
		refused bool
	}{
		{"/v3/../admin", true},
		{"/v3/%2e%2e/admin", true},
		{"/v3/%2E%2e/admin", true},
		{"/v3/..%2fadmin", true},
		{"/v3/%2e%2e%5cadmin", true},
		{"/v3/..\\admin", true},
		{"/v3/..;x=1/admin", true},
		{"/v3/./ccaas", true},
		{"/..", true},
		{"/v3/a..b/.well-known/x.y", false},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			before, _ := up.requests()
			c, err := net.Dial("tcp", addr)
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
			_, err = fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\nX-Auth-Token: t\r\nConnection: close\r\n\r\n", tt.target, addr)
			require.NoError(t, err)
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			after, _ := up.requests()
			if tt.refused {
				require.Equal(t, 400, resp.StatusCode, "%s", body)
				require.Contains(t, string(body), "urn:specdrift:problem:dot-segments")
				require.Equal(t, before, after, "nothing reached the upstream")
				return
			}
			require.Equal(t, 200, resp.StatusCode)
			require.Equal(t, append(before, "/base"+tt.target), after, "passed on as sent")
		})
	}
}
