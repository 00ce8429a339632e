package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMockCORS checks that --cors reaches the mock: a preflight is
// answered 204 with it, and is no operation's call without it.
func TestMockCORS(t *testing.T) {
	for _, tt := range []struct {
		args           []string
		status         int
		methods, allow string
	}{
		{[]string{"--cors"}, http.StatusNoContent, "GET, POST", "http://app.example"},
		{nil, http.StatusNotFound, "", ""},
	} {
		base, stderr, stop := startCLI(t, append([]string{"mock", "--listen", "127.0.0.1:0", "--quiet"}, tt.args...)...)
		req, err := http.NewRequest(http.MethodOptions, base+"/v3/1234567890abcdef/ccaas/authorisations", nil)
		require.NoError(t, err)
		req.Header.Set("Origin", "http://app.example")
		req.Header.Set("Access-Control-Request-Method", "POST")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, tt.status, resp.StatusCode, stderr.String())
		require.Equal(t, tt.methods, resp.Header.Get("Access-Control-Allow-Methods"))
		require.Equal(t, tt.allow, resp.Header.Get("Access-Control-Allow-Origin"))
		require.Equal(t, exitOK, stop())
	}
}
