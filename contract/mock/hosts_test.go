package mock

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestRoutesByHost: specs that share a path under different servers' hosts
// are told apart by the host a request is sent to, for the answer, for
// its validation and for a preflight; a host no spec serves goes to the
// first spec.
func TestRoutesByHost(t *testing.T) {
	dir := "../testdata/specs/routing/hosted"
	specs, err := contract.SpecLoader{}.LoadDir(os.DirFS(dir), ".", func(q string) string { return dir + "/" + q })
	require.NoError(t, err)
	m, err := New(specs, nil, Options{CORS: true})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	tests := []struct{ host, want string }{
		{"beta.example.com", `{"count": 3}`},
		{"alpha.example.com:443", `{"name": "alpha thing"}`},
		{"", `{"name": "alpha thing"}`},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			var headers []string
			if tt.host != "" {
				headers = append(headers, "Host: "+tt.host)
			}
			a := do(t, http.MethodGet, srv.URL+"/things/7", "", headers...)
			require.Equal(t, http.StatusOK, a.Status, "%s", a.Raw)
			require.JSONEq(t, tt.want, string(a.Raw))
		})
	}
	a := do(t, http.MethodGet, srv.URL+"/nothing/7", "", "Host: beta.example.com")
	require.Equal(t, http.StatusNotFound, a.Status)
	a = do(t, http.MethodOptions, srv.URL+"/things/7", "", "Host: beta.example.com", "Origin: https://app.example.com", "Access-Control-Request-Method: GET")
	require.Equal(t, http.StatusNoContent, a.Status)
}
