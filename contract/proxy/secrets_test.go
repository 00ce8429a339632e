package proxy

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// memSink keeps recorded exchanges.
type memSink struct {
	mu   sync.Mutex
	recs []traffic.Record
}

func (m *memSink) Write(r traffic.Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.recs = append(m.recs, r)
	return nil
}

func (m *memSink) Close() error { return nil }

// TestUpstreamUserinfoNeverLeaves runs a proxy whose upstream URL has a
// user name and password: they are not sent upstream (no Basic auth), and
// neither the 400 answer to a forward-proxy request, nor the log of a
// fault, nor a recorded URL shows them.
func TestUpstreamUserinfoNeverLeaves(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		if r.URL.Query().Get("fault") == "reset" {
			c, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				c.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(page(1, "aseed", false))
	}))
	t.Cleanup(up.Close)
	target, err := url.Parse(up.URL)
	require.NoError(t, err)
	target.User = url.UserPassword("admin-user-3e9", "PASS-77ab")
	log, sink := &syncBuffer{}, &memSink{}
	p, err := New(Options{Upstream: target, Validator: contract.NewValidator(loadSpecs(t), contract.Options{}), Log: log,
		Recorder: &traffic.Recorder{Sink: sink, Origin: "test"}})
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)

	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	require.NoError(t, err)
	_, err = io.WriteString(conn, "GET http://elsewhere/ HTTP/1.1\r\nHost: elsewhere\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	forward, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	conn.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.Contains(t, string(forward), "forwards only to its upstream "+up.URL)

	get(t, http.DefaultClient, srv.URL+listPath, "")
	get(t, http.DefaultClient, srv.URL+listPath+"?fault=reset", "")
	p.Wait()
	require.Contains(t, log.String(), "upstream-reset")
	require.Len(t, sink.recs, 1)
	require.Equal(t, up.URL+listPath, sink.recs[0].Exchange.Request.URL)
	for _, text := range []string{string(forward), log.String(), sink.recs[0].Exchange.Request.URL} {
		require.NotContains(t, text, "admin-user-3e9")
		require.NotContains(t, text, "PASS-77ab")
	}
	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, seen)
	for _, auth := range seen {
		require.Empty(t, auth, "no Basic auth from the URL")
	}
}
