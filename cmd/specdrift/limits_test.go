package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// servers starts specdrift mock and specdrift proxy (to a fake cloud) with
// extra flags, and returns their base URLs; both answer limitsPath with
// 200.
func servers(t *testing.T, flags ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, args := range map[string][]string{
		"mock":  {"mock", "--listen", "127.0.0.1:0", "--quiet"},
		"proxy": {"proxy", "--listen", "127.0.0.1:0", "--upstream", fakeCloud(t).URL, "--log", t.TempDir() + "/log.ndjson"},
	} {
		base, _, stop := startCLI(t, append(args, flags...)...)
		t.Cleanup(func() {
			// the fake cloud drifts: the proxy saw findings
			require.Equal(t, map[string]int{"mock": exitOK, "proxy": exitFindings}[name], stop())
		})
		out[name] = base
	}
	return out
}

const limitsPath = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations"

// closedWithin says how a raw connection that sent what it sent ends: the
// server closes it within d (true), or not.
func closedWithin(t *testing.T, c net.Conn, d time.Duration) bool {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(d)))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// TestServerTimeouts: a connection that sends no request, one that
// trickles its body, and one left idle after a request are each closed by
// mock and proxy once their timeout has passed.
func TestServerTimeouts(t *testing.T) {
	bases := servers(t, "--read-header-timeout", "300ms", "--read-timeout", "600ms", "--idle-timeout", "300ms")
	tests := []struct {
		name string
		send func(c net.Conn)
	}{
		{"no request", func(net.Conn) {}},
		{"half the headers", func(c net.Conn) { io.WriteString(c, "GET "+limitsPath+" HTTP/1.1\r\nHost: x\r\n") }},
		{"a trickled body", func(c net.Conn) {
			io.WriteString(c, "POST "+limitsPath+" HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
		}},
		{"idle after a request", func(c net.Conn) {
			io.WriteString(c, "GET "+limitsPath+" HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			require.NoError(t, err)
			io.Copy(io.Discard, resp.Body)
			require.Equal(t, 200, resp.StatusCode)
		}},
	}
	for _, server := range []string{"mock", "proxy"} {
		for _, tt := range tests {
			t.Run(server+"/"+tt.name, func(t *testing.T) {
				c, err := net.Dial("tcp", strings.TrimPrefix(bases[server], "http://"))
				require.NoError(t, err)
				defer c.Close()
				tt.send(c)
				require.True(t, closedWithin(t, c, 5*time.Second), "the server closed the connection")
			})
		}
	}
}

// TestServerMaxConns: with --max-conns 2 and two connections open, a third
// client waits; once one of the two closes, it is served.
func TestServerMaxConns(t *testing.T) {
	bases := servers(t, "--max-conns", "2")
	for _, server := range []string{"mock", "proxy"} {
		t.Run(server, func(t *testing.T) {
			addr := strings.TrimPrefix(bases[server], "http://")
			var held []net.Conn
			for range 2 {
				c, err := net.Dial("tcp", addr)
				require.NoError(t, err)
				defer c.Close()
				held = append(held, c)
			}
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 500 * time.Millisecond}
			get := func() error {
				req, err := http.NewRequest("GET", bases[server]+limitsPath, nil)
				require.NoError(t, err)
				req.Header.Set("X-Auth-Token", "t")
				resp, err := client.Do(req)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				io.Copy(io.Discard, resp.Body)
				if resp.StatusCode != 200 {
					return fmt.Errorf("status %d", resp.StatusCode)
				}
				return nil
			}
			require.Error(t, get(), "a third connection is not served while two are open")
			held[0].Close()
			client.Timeout = 5 * time.Second
			require.NoError(t, get(), "served once one of them closed")
		})
	}
}

func TestServerLimitsUsage(t *testing.T) {
	for _, args := range [][]string{
		{"mock", "--max-conns", "0"},
		{"mock", "--read-timeout", "0s"},
		{"mock", "--idle-timeout", "-1s"},
		{"mock", "--max-body-memory", "0"},
		{"proxy", "--upstream", "http://127.0.0.1:1", "--write-timeout", "-1s"},
		{"proxy", "--upstream", "http://127.0.0.1:1", "--read-header-timeout", "0s"},
	} {
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, exitUsage, code, args)
		require.Contains(t, stderr, "must be positive", args)
	}
}
