package proxy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/mock"
)

// TestProxyAndMockJudgeCredentialsAlike puts the proxy in front of a mock
// of the same bearer-secured spec: what the mock refuses with 401, the
// proxy reports as missing-authentication, in the same words, and what
// one accepts the other does too.
func TestProxyAndMockJudgeCredentialsAlike(t *testing.T) {
	const file = "../testdata/errors/bearer.yaml"
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	spec, err := contract.LoadSpec("contract/testdata/errors/bearer.yaml", data)
	require.NoError(t, err)
	m, err := mock.New([]*contract.Spec{spec}, nil, mock.Options{})
	require.NoError(t, err)
	upstream := httptest.NewServer(m)
	t.Cleanup(upstream.Close)
	target, err := url.Parse(upstream.URL)
	require.NoError(t, err)
	var log syncBuffer
	p, err := New(Options{Upstream: target, Validator: contract.NewValidator([]*contract.Spec{spec}, contract.Options{}), Log: &log})
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)

	tests := []struct {
		name          string
		authorization string
		status        int
	}{
		{"no credentials", "", 401},
		{"a password, not a token", "Basic dTpw", 401},
		{"a bearer token", "Bearer t0ken", 200},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/things", nil)
			require.NoError(t, err)
			if tt.authorization != "" {
				req.Header.Set("Authorization", tt.authorization)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode, "%s", body)
			var found []string
			for _, f := range waitFindings(t, p, &log, i+1) {
				if f.Source == fmt.Sprintf("/things#exchange %d", i+1) {
					found = append(found, string(f.Rule)+": "+f.Message)
				}
			}
			var want []string
			if tt.status == 401 {
				var e struct{ Message string }
				require.NoError(t, json.Unmarshal(body, &e))
				want = []string{string(contract.RuleMissingAuthentication) + ": " + e.Message}
			}
			require.Empty(t, cmp.Diff(want, found))
		})
	}
}
