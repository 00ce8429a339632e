package proxy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// waitFindings waits until the proxy has logged n exchanges.
func waitFindings(t testing.TB, p *Proxy, log *syncBuffer, n int) []contract.Finding {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); p.Summary().Exchanges < n; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d exchanges logged, want %d: %s", p.Summary().Exchanges, n, log.String())
		}
	}
	return readFindings(t, log.String())
}

// TestProxyTellsClientTimeoutsApart: when the time runs out while the
// proxy waits on its client (a response the client does not read, a
// request body it trickles), the finding is client-timeout, not one
// against a healthy upstream; an upstream that is slow is still
// upstream-timeout.
func TestProxyTellsClientTimeoutsApart(t *testing.T) {
	trickle := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"request_id":"r","authorisations":[`))
		for i := 0; r.Context().Err() == nil && i < 200; i++ {
			http.NewResponseController(w).Flush()
			time.Sleep(50 * time.Millisecond)
			w.Write([]byte(" "))
		}
	}))
	t.Cleanup(trickle.Close)
	u := startUpstream(t)
	big := pageServer(page(30000, "bigseed", false)) // 20 MB, at once
	t.Cleanup(big.Close)
	tests := []struct {
		name     string
		upstream string
		request  string // sent raw; the client then reads nothing (or all, with reads)
		reads    bool
		status   int // what the client gets, 0: nothing
		rule     contract.RuleID
	}{
		{"a client that does not read a 20 MB response", big.URL,
			"GET " + listPath + " HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n", false, 0, contract.RuleClientTimeout},
		{"a client that trickles its request body", u.URL,
			"POST " + listPath + " HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"authoris", true, http.StatusRequestTimeout, contract.RuleClientTimeout},
		{"an upstream that trickles its response", trickle.URL,
			"GET " + listPath + " HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n", true, http.StatusOK, contract.RuleUpstreamTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log syncBuffer
			// a timeout long beside what the upstream takes for 20 MB, so
			// that a loaded machine's slowness cannot turn the client's
			// wait into the upstream's
			p, srv := proxyTo(t, tt.upstream, Options{Log: &log, Timeout: 2 * time.Second})
			c, err := net.Dial("tcp", srv.Listener.Addr().String())
			require.NoError(t, err)
			defer c.Close()
			_, err = io.WriteString(c, tt.request)
			require.NoError(t, err)
			if tt.reads {
				require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
				resp, err := http.ReadResponse(bufio.NewReader(c), nil)
				require.NoError(t, err)
				require.Equal(t, tt.status, resp.StatusCode)
				io.Copy(io.Discard, resp.Body)
			} else {
				// Long after the timeout, the client is still there, not
				// reading; then it leaves.
				time.Sleep(5 * time.Second)
				c.Close()
			}
			found := waitFindings(t, p, &log, 1)
			require.Equal(t, []contract.RuleID{tt.rule}, rulesOf(found), log.String())
			if tt.rule == contract.RuleClientTimeout {
				require.Equal(t, contract.SeverityInfo, found[0].Severity)
				require.Contains(t, found[0].Message, "waiting mostly on the client, not on "+tt.upstream)
			}
		})
	}
}

// TestProxyEndsStalledExchangesOnTime: a client that does not read its
// response holds the proxy no longer than the timeout.
func TestProxyEndsStalledExchangesOnTime(t *testing.T) {
	big := pageServer(page(30000, "bigseed", false))
	t.Cleanup(big.Close)
	var log syncBuffer
	// Long enough for the upstream to send what the buffers hold on a busy
	// machine (race detector, other tests beside), so that it is the
	// client that stalls the exchange.
	const timeout = 3 * time.Second
	p, srv := proxyTo(t, big.URL, Options{Log: &log, Timeout: timeout})
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	require.NoError(t, err)
	defer c.Close()
	start := time.Now()
	_, err = fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n", listPath)
	require.NoError(t, err)
	found := waitFindings(t, p, &log, 1)
	require.Less(t, time.Since(start), 2*timeout, "ended at the timeout, with the client still connected")
	require.Equal(t, []contract.RuleID{contract.RuleClientTimeout}, rulesOf(found))
}
