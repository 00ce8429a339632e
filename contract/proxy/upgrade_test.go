package proxy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// echoProtocol is an upstream that upgrades any connection that asks to
// the "echo" protocol: it answers 101 and sends back each line it reads.
func echoProtocol(t testing.TB, upgraded *atomic.Int64) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "echo" {
			http.Error(w, "upgrade to echo", http.StatusUpgradeRequired)
			return
		}
		c, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer c.Close()
		upgraded.Add(1)
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
		rw.Flush()
		for {
			line, err := rw.ReadString('\n')
			if err != nil {
				return
			}
			rw.WriteString(line)
			rw.Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestProxyUpgrades: an upgraded connection is logged as not validated;
// --enforce refuses upgrades unless AllowUpgrade.
func TestProxyUpgrades(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		status int
		msg    string
	}{
		{"passed and logged", Options{}, http.StatusSwitchingProtocols, "The upstream upgraded the connection"},
		{"refused under --enforce", Options{Enforce: true, EnforceAt: contract.SeverityError}, http.StatusForbidden, "--enforce refused it"},
		{"--enforce --allow-upgrade", Options{Enforce: true, EnforceAt: contract.SeverityError, AllowUpgrade: true}, http.StatusSwitchingProtocols, "The upstream upgraded the connection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var upgraded atomic.Int64
			up := echoProtocol(t, &upgraded)
			var log syncBuffer
			tt.opts.Log = &log
			p, srv := proxyTo(t, up.URL, tt.opts)
			c, err := net.Dial("tcp", srv.Listener.Addr().String())
			require.NoError(t, err)
			defer c.Close()
			require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
			_, err = fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n", listPath)
			require.NoError(t, err)
			br := bufio.NewReader(c)
			resp, err := http.ReadResponse(br, nil)
			require.NoError(t, err)
			require.Equal(t, tt.status, resp.StatusCode)
			if tt.status == http.StatusSwitchingProtocols {
				_, err = io.WriteString(c, "ping\n")
				require.NoError(t, err)
				line, err := br.ReadString('\n')
				require.NoError(t, err)
				require.Equal(t, "ping\n", line, "the tunnel works")
				require.Equal(t, int64(1), upgraded.Load())
			} else {
				body, err := io.ReadAll(resp.Body)
				require.NoError(t, err)
				var pr problem
				require.NoError(t, json.Unmarshal(body, &pr), "%s", body)
				require.Equal(t, "urn:specdrift:problem:upgrade-refused", pr.Type)
				require.Equal(t, []contract.RuleID{contract.RuleUpgradeNotValidated}, rulesOf(pr.Findings))
				require.Equal(t, int64(0), upgraded.Load(), "the upstream never saw it")
			}
			p.Wait()
			found := readFindings(t, log.String())
			require.Equal(t, []contract.RuleID{contract.RuleUpgradeNotValidated}, rulesOf(found), log.String())
			require.Contains(t, found[0].Message, tt.msg)
			require.Equal(t, "GET /v3/{domain_id}/ccaas/authorisations", found[0].Operation)
			require.Equal(t, 1, p.Summary().Exchanges)
		})
	}
}
