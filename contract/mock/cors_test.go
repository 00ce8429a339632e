package mock

import (
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestCORS sends browser-like requests to the mock over loopback, with and
// without CORS, and checks the status and the CORS headers of the answers.
func TestCORS(t *testing.T) {
	const origin = "http://app.example:3000"
	auths := "/v3/" + domainID + "/ccaas/authorisations"
	preflight := []string{"Origin: " + origin, "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: x-auth-token, content-type"}
	tests := []struct {
		name    string
		cors    bool
		method  string
		path    string
		headers []string
		status  int
		want    map[string]string // the Access-Control-* and Vary headers
	}{
		{"preflight", true, "OPTIONS", auths, preflight, http.StatusNoContent, map[string]string{
			"Access-Control-Allow-Origin":      origin,
			"Access-Control-Allow-Credentials": "true",
			"Access-Control-Allow-Methods":     "GET, POST",
			"Access-Control-Allow-Headers":     "x-auth-token, content-type",
			"Access-Control-Max-Age":           "600",
			"Vary":                             "Access-Control-Request-Headers, Origin",
		}},
		{"preflight of a path no operation has", true, "OPTIONS", "/v3/" + domainID + "/ccaas/nothing", preflight, http.StatusNotFound, map[string]string{
			"Access-Control-Allow-Origin":      origin,
			"Access-Control-Allow-Credentials": "true",
			"Access-Control-Expose-Headers":    "Content-Type",
			"Vary":                             "Origin",
		}},
		{"call from a page", true, "GET", auths, []string{"Origin: " + origin, "X-Auth-Token: " + token}, http.StatusOK, map[string]string{
			"Access-Control-Allow-Origin":      origin,
			"Access-Control-Allow-Credentials": "true",
			"Vary":                             "Origin",
		}},
		{"call without an Origin", true, "GET", auths, []string{"X-Auth-Token: " + token}, http.StatusOK, map[string]string{
			"Access-Control-Allow-Origin": "*",
		}},
		{"call without credentials, still readable by the page", true, "GET", auths, []string{"Origin: " + origin}, http.StatusUnauthorized, map[string]string{
			"Access-Control-Allow-Origin":      origin,
			"Access-Control-Allow-Credentials": "true",
			"Access-Control-Expose-Headers":    "Content-Type",
			"Vary":                             "Origin",
		}},
		{"preflight without --cors: an OPTIONS no operation has", false, "OPTIONS", auths, preflight, http.StatusNotFound, map[string]string{}},
		{"call from a page without --cors", false, "GET", auths, []string{"Origin: " + origin, "X-Auth-Token: " + token}, http.StatusOK, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, log := startMock(t, Options{CORS: tt.cors})
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			require.NoError(t, err)
			for _, h := range tt.headers {
				k, v, _ := strings.Cut(h, ": ")
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			_, err = io.Copy(io.Discard, resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode, log.String())

			got := map[string]string{}
			var names []string
			for k := range resp.Header {
				switch {
				case strings.HasPrefix(k, "Access-Control-") || k == "Vary":
					got[k] = strings.Join(resp.Header.Values(k), ", ")
				case k != "Date" && k != "Content-Length":
					names = append(names, k) // net/http adds those two after the handler
				}
			}
			want := tt.want
			if tt.cors && tt.status == http.StatusOK {
				// a recorded answer exposes every header it has
				slices.Sort(names)
				require.Contains(t, names, "Content-Type")
				want = maps.Clone(want)
				want["Access-Control-Expose-Headers"] = strings.Join(names, ", ")
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("CORS headers (-want +got):\n%s", d)
			}
			if tt.status == http.StatusNoContent {
				require.Contains(t, log.String(), "OPTIONS "+tt.path+" -> 204", "the preflight is logged")
				require.NotContains(t, log.String(), "missing-authentication", "and not validated")
			}
		})
	}
}
