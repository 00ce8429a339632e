package probe

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// planted serves ListItems of testdata/planted.yaml correctly but for one
// fault.
func planted(t *testing.T, fault string) ([]*contract.Spec, *url.URL) {
	t.Helper()
	data, err := os.ReadFile("testdata/planted.yaml")
	require.NoError(t, err)
	spec, err := contract.LoadSpec("testdata/planted.yaml", data)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		bad := func() { w.WriteHeader(400); w.Write([]byte(`{"message":"bad"}`)) }
		if k := q.Get("kind"); k != "" && k != "a" && k != "b" && k != "c" {
			bad()
			return
		}
		if n := q.Get("name"); len(n) > 8 && fault != "long-name" {
			bad()
			return
		}
		limit := 10
		if l := q.Get("limit"); l != "" {
			n, err := strconv.Atoi(l)
			if err != nil || n < 1 || n > 50 {
				bad()
				return
			}
			limit = n
		}
		if fault == "boundary-500" && limit == 50 {
			w.WriteHeader(500)
			return
		}
		body := map[string]any{"items": []string{"x"}}
		if fault == "enum-field" && q.Get("kind") == "c" {
			body["debug"] = true
		}
		json.NewEncoder(w).Encode(body)
	}))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return []*contract.Spec{spec}, u
}

// TestPlantedFaults: each planted fault is found once, and shrunk to the
// smallest request that shows it.
func TestPlantedFaults(t *testing.T) {
	tests := []struct {
		fault, rule, url string
	}{
		{"long-name", "invalid-request-accepted", "/items?name=aaaaaaaaa"},
		{"boundary-500", "server-error", "/items?limit=50"},
		{"enum-field", "response-body-schema", "/items?kind=c"},
	}
	for _, tt := range tests {
		t.Run(tt.fault, func(t *testing.T) {
			specs, u := planted(t, tt.fault)
			res, err := Run(context.Background(), Options{BaseURL: u, Specs: specs, Seed: 3})
			require.NoError(t, err)
			var rules []string
			for _, fl := range res.Failures { // a 500 is undocumented-status too
				rules = append(rules, string(fl.Finding.Rule))
				require.Equal(t, tt.url, fl.Exchange.Request.URL, fl.Finding.Rule)
			}
			require.Contains(t, rules, tt.rule)
		})
	}
	specs, u := planted(t, "")
	res, err := Run(context.Background(), Options{BaseURL: u, Specs: specs, Seed: 3})
	require.NoError(t, err)
	require.Empty(t, res.Findings)
}

// TestSeed: a seed gives the same requests, another seed others.
func TestSeed(t *testing.T) {
	specs, _ := planted(t, "")
	m := newModel(specs[0].Operations[0], nil)
	urls := func(seed uint64) []string {
		var out []string
		for _, c := range m.cases(100, seedOf(seed, m.op)) {
			r, err := m.request(c.in)
			require.NoError(t, err)
			out = append(out, r.URL)
		}
		return out
	}
	require.Equal(t, urls(1), urls(1))
	require.NotEqual(t, urls(1), urls(2))
}

// TestLatencyAndVars: a response slower than the latency budget is
// slow-response; a --var fixes its parameter in every request.
func TestLatencyAndVars(t *testing.T) {
	data, err := os.ReadFile("testdata/planted.yaml")
	require.NoError(t, err)
	spec, err := contract.LoadSpec("testdata/planted.yaml", data)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("kind") == "b" {
			time.Sleep(600 * time.Millisecond) // far over the budget, which a loopback call is far under
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items":[]}`))
	}))
	defer srv.Close()
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	res, err := Run(context.Background(), Options{BaseURL: u, Specs: []*contract.Spec{spec}, MaxExamples: 12, Latency: 200 * time.Millisecond,
		Validator: contract.Options{LenientResponses: true}})
	require.NoError(t, err)
	var slow []string
	for _, fl := range res.Failures {
		if fl.Finding.Rule == contract.RuleSlowResponse {
			slow = append(slow, fl.Exchange.Request.URL)
		}
	}
	require.Equal(t, []string{"/items?kind=b"}, slow)

	m := newModel(spec.Operations[0], map[string]string{"kind": "c"})
	for _, c := range m.cases(50, seedOf(1, m.op)) {
		r, err := m.request(c.in)
		require.NoError(t, err)
		require.Contains(t, r.URL, "kind=c")
	}
}
