package replay

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestReplayRefusesTargetsOffTheBaseURL replays fixtures whose recorded URL,
// appended to the base URL as text, would reach another listener on
// loopback (another host or port): each is refused as bad input naming the
// fixture's line, and the other listener receives nothing, with a token or
// AK/SK signing alike.
func TestReplayRefusesTargetsOffTheBaseURL(t *testing.T) {
	specs, _ := setup(t)
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(http.StatusTeapot)
	}))
	t.Cleanup(other.Close)
	l := startLive(t)
	otherURL := mustURL(t, other.URL)
	otherHost, otherPort, err := net.SplitHostPort(otherURL.Host)
	require.NoError(t, err)
	const path = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations"

	tests := []struct {
		name, base, url string
		sent            bool // to the base URL, with the recorded path
		refusal         string
	}{
		{"userinfo", l.URL, "@" + otherURL.Host + path, false, "a path must start with /"},
		{"another port", "http://" + otherHost + ":" + otherPort[:len(otherPort)-1], otherPort[len(otherPort)-1:] + path, false, "a path must start with /"},
		{"a longer host", "http://127.0.0", strings.TrimPrefix(otherHost, "127.0.0") + ":" + otherPort + path, false, "a path must start with /"},
		{"scheme-relative", l.URL, "//" + otherURL.Host + path, false, "names another host"},
		{"a backslash", l.URL, "/\\" + otherURL.Host + path, false, "backslash"},
		{"dot segments", l.URL + "/gw/", "/../" + path, false, "leaves the base URL's path"},
		{"encoded dot segments", l.URL + "/gw/", "/%2e%2e" + path, false, "leaves the base URL's path"},
		{"another scheme", l.URL, "ftp://" + otherURL.Host + path, false, "only http and https"},
		{"an absolute URL of another host: its path goes to the base URL", l.URL, other.URL + path + "?limit=1", true, ""},
	}
	for _, creds := range []Options{{Token: "live-token"}, {AK: testAK, SK: testSK}} {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := len(l.requests())
				ex := &contract.Exchange{Source: contract.Source{Name: "fixtures/evil.yaml", Lines: map[string]int{"exchange": 3, "request.url": 7}},
					Operation: "ListAuthorisations", Request: contract.Request{Method: "GET", URL: tt.url, Header: http.Header{"X-Auth-Token": {"recorded"}}}}
				opts := creds
				opts.BaseURL, opts.Specs = mustURL(t, tt.base), specs
				res, err := Run(context.Background(), []Case{{Exchange: ex}}, opts)
				require.NoError(t, err)
				require.Zero(t, elsewhere.Load(), "the other listener received a request")
				if tt.sent {
					require.Empty(t, res.Errors)
					got := l.requests()
					require.Len(t, got, before+1)
					require.Equal(t, path+"?limit=1", got[len(got)-1].URL.RequestURI())
					return
				}
				require.Len(t, res.Errors, 1)
				require.Contains(t, res.Errors[0].Error(), "fixtures/evil.yaml:7: request url ")
				require.Contains(t, res.Errors[0].Error(), tt.refusal)
				require.Empty(t, res.Exchanges)
				require.Len(t, l.requests(), before, "nothing is sent")
			})
		}
	}
}

// TestBaseURLUserinfoIsNeverShown replays against a base URL with a user
// name and password: they are not sent, and no finding or error shows them.
func TestBaseURLUserinfoIsNeverShown(t *testing.T) {
	specs, cases := setup(t)
	var auth atomic.Value
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth.Store(r.Header.Get("Authorization") + "|" + r.URL.User.String())
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close() // a reset: a finding whose message names the base URL
	}))
	t.Cleanup(live.Close)
	base := mustURL(t, live.URL)
	base.User = url.UserPassword("admin-user-9f1", "PASS-4c2e")
	res, err := Run(context.Background(), cases, Options{BaseURL: base, Specs: specs, Operations: []string{"ListPermissions"}})
	require.NoError(t, err)
	require.Len(t, res.Findings, 1)
	require.Equal(t, contract.RuleUpstreamReset, res.Findings[0].Rule)
	require.Equal(t, "|", auth.Load(), "no Basic auth, no userinfo sent")
	text := strings.Join([]string{res.Findings[0].Message, res.Findings[0].Actual, res.Findings[0].Expected}, "\n")
	require.Contains(t, text, live.URL)
	require.NotContains(t, text, "admin-user-9f1")
	require.NotContains(t, text, "PASS-4c2e")
}
