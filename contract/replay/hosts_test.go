package replay

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestReplayRoutesByRecordedHost: of specs that share a path under
// different servers' hosts, a recorded request is of the spec of the host
// it was recorded for (its absolute URL's, else its Host header's), not of
// the base URL's it is replayed to, and is validated against that spec.
func TestReplayRoutesByRecordedHost(t *testing.T) {
	dir := "../testdata/specs/routing/hosted"
	specs, err := contract.SpecLoader{}.LoadDir(os.DirFS(dir), ".", func(q string) string { return dir + "/" + q })
	require.NoError(t, err)
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"count": 3}`) // beta's shape
	}))
	t.Cleanup(live.Close)
	cases := []Case{
		{Exchange: &contract.Exchange{Source: contract.Source{Name: "a.har", Entry: "entry 1"},
			Request: contract.Request{Method: "GET", URL: "https://beta.example.com/things/1", Header: http.Header{}}}},
		{Exchange: &contract.Exchange{Source: contract.Source{Name: "b.json"},
			Request: contract.Request{Method: "GET", URL: "/things/2", Header: http.Header{"Host": {"beta.example.com"}}}}},
		{Exchange: &contract.Exchange{Source: contract.Source{Name: "c.json"},
			Request: contract.Request{Method: "GET", URL: "/things/3", Header: http.Header{}}}},
	}
	res, err := Run(context.Background(), cases, Options{BaseURL: mustURL(t, live.URL), Specs: specs})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	require.Len(t, res.Exchanges, 3)
	v := contract.NewValidator(specs, contract.Options{})
	for i, want := range []string{"betaThing", "betaThing", "alphaThing"} {
		ex := res.Exchanges[i]
		require.Equal(t, want, ex.Operation, "case %d", i)
		out, err := v.Validate(context.Background(), ex)
		require.NoError(t, err)
		require.Equal(t, want, out.Operation.ID, "case %d", i)
		require.Equal(t, want == "alphaThing", len(out.Findings) > 0, "case %d: %v", i, out.Findings)
	}
}

// TestReplayPlacesTheTokenAsTheSpecSays: --token goes where the operation's
// security wants it, Authorization: Bearer for a bearer spec, and replaces
// the recorded credentials.
func TestReplayPlacesTheTokenAsTheSpecSays(t *testing.T) {
	spec, err := contract.LoadSpec("bearer.yaml", []byte(`openapi: 3.0.3
info: {title: Bearer, version: "1"}
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /me:
    get:
      operationId: getMe
      responses: {"200": {description: OK}}
  /health:
    get:
      operationId: health
      security: []
      responses: {"200": {description: OK}}
`))
	require.NoError(t, err)
	got := make(chan http.Header, 2)
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got <- r.Header.Clone() }))
	t.Cleanup(live.Close)
	recorded := http.Header{"Authorization": {"Bearer recorded"}, "X-Auth-Token": {"recorded"}}
	cases := []Case{
		{Exchange: &contract.Exchange{Source: contract.Source{Name: "me.json"}, Operation: "getMe", Request: contract.Request{Method: "GET", URL: "/me", Header: recorded}}},
		{Exchange: &contract.Exchange{Source: contract.Source{Name: "health.json"}, Operation: "health", Request: contract.Request{Method: "GET", URL: "/health", Header: recorded}}},
	}
	res, err := Run(context.Background(), cases, Options{BaseURL: mustURL(t, live.URL), Specs: []*contract.Spec{spec}, Token: "live", Concurrency: 1})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	me, health := <-got, <-got
	require.Equal(t, "Bearer live", me.Get("Authorization"))
	require.Equal(t, "recorded", me.Get("X-Auth-Token"), "a header no scheme of the spec names is no credential of it")
	require.Empty(t, health.Get("Authorization"), "security: [] takes no credentials, and the recorded ones do not go")
}
