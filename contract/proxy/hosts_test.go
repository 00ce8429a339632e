package proxy

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestValidatesAgainstTheUpstreamHostsSpec: of specs that share a path
// under different servers' hosts, an exchange is validated against the
// spec of the upstream's host, the host the request went to.
func TestValidatesAgainstTheUpstreamHostsSpec(t *testing.T) {
	dir := "../testdata/specs/routing/hosted"
	specs, err := contract.SpecLoader{}.LoadDir(os.DirFS(dir), ".", func(q string) string { return dir + "/" + q })
	require.NoError(t, err)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"count": 3}`) // beta's shape
	}))
	t.Cleanup(up.Close)
	addr := up.Listener.Addr().String()
	_, port, err := net.SplitHostPort(addr)
	require.NoError(t, err)
	// Any host reaches the upstream on loopback.
	transport := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(transport.CloseIdleConnections)
	for _, tt := range []struct {
		host     string
		findings bool
	}{{"beta.example.com", false}, {"alpha.example.com", true}} {
		t.Run(tt.host, func(t *testing.T) {
			var log syncBuffer
			target, err := url.Parse("http://" + net.JoinHostPort(tt.host, port))
			require.NoError(t, err)
			p, err := New(Options{Upstream: target, Validator: contract.NewValidator(specs, contract.Options{}), Transport: transport, Log: &log})
			require.NoError(t, err)
			srv := httptest.NewServer(p)
			t.Cleanup(srv.Close)
			resp, err := http.Get(srv.URL + "/things/7")
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			require.NoError(t, resp.Body.Close())
			require.Equal(t, http.StatusOK, resp.StatusCode)
			p.Wait()
			if !tt.findings {
				require.Empty(t, log.String())
				return
			}
			require.Contains(t, log.String(), `"file":"../testdata/specs/routing/hosted/alpha.yaml"`)
			require.Contains(t, log.String(), `property \"name\" is missing`)
			require.NotContains(t, log.String(), "beta.yaml")
		})
	}
}
