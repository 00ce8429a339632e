package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

const petsSpec = "../../contract/testdata/specs/examples/pets.yaml"

// TestProxySaysItsSpecs: the proxy names the specs it validates against as
// it starts, and its summary warns when most exchanges matched none of
// their operations.
func TestProxySaysItsSpecs(t *testing.T) {
	up := fakeCloud(t)
	p := startProxy(t, "--upstream", up.URL, "--spec", petsSpec)
	resp, err := http.Get(p.base + "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, exitFindings, p.stop(t), p.stderr.String())
	lines := strings.Split(p.stderr.String(), "\n")
	require.Equal(t, "specdrift proxy: validating against 1 spec: "+petsSpec+" (4 operations)", lines[0])
	require.Contains(t, p.stderr.String(), "specdrift proxy: 1 exchanges, 1 findings\n"+
		"specdrift proxy: warning: 1 of 1 exchanges match no operation of the specs: are they the specs of this upstream? (--spec)\n")

	p = startProxy(t, "--upstream", up.URL)
	require.Equal(t, exitOK, p.stop(t), p.stderr.String())
	require.True(t, strings.HasPrefix(p.stderr.String(), "specdrift proxy: validating against the embedded specs (--spec names others): "+
		"spec/cloudconnect.yaml (3 operations), spec/dataarts.yaml (1 operation), spec/servicetickets.yaml (1 operation)\n"), p.stderr.String())
}

// TestReplaySpecExamples: replay with --spec and no --fixtures sends the
// requests of the spec's examples, each once, under the base URL (writes
// only with --allow-writes), and says so.
func TestReplaySpecExamples(t *testing.T) {
	var mu sync.Mutex
	var got []string
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+string(body))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id": 2, "name": "Rex", "kind": "dog"}`))
	}))
	defer live.Close()
	tests := []struct {
		args []string
		sent []string
	}{
		{nil, []string{"GET /v1/pets/2?fields=all "}},
		{[]string{"--allow-writes"}, []string{
			"GET /v1/pets/2?fields=all ",
			"POST /v1/pets ",
			`POST /v1/pets {"collar":"red","kind":"dog","name":"Rex"}`,
			`POST /v1/pets {"kind":"cat","name":"Tom"}`,
			`POST /v1/pets {"kind":"fish","name":"Nemo"}`,
			`PUT /v1/pets/101 {"kind":"dog","name":"Max"}`,
		}},
	}
	for _, tt := range tests {
		got = nil
		_, _, stderr := runCLI(t, append([]string{"replay", "--base-url", live.URL, "--spec", petsSpec, "--token", "t"}, tt.args...)...)
		require.Equal(t, "specdrift replay: validating against 1 spec: "+petsSpec+" (4 operations); replaying 6 requests of the spec's examples", strings.Split(stderr, "\n")[0])
		slices.Sort(got)
		require.Equal(t, tt.sent, got)
	}
}

// TestReplayWarnsWhenMostMatchNoOperation: fixtures of another API than the
// spec's are each an error, and replay says at the end that most of what it
// replayed matched no operation.
func TestReplayWarnsWhenMostMatchNoOperation(t *testing.T) {
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	defer live.Close()
	code, _, stderr := runCLI(t, "replay", "--base-url", live.URL, "--spec", petsSpec, "--fixtures", "../../fixtures", "--token", "t")
	require.Equal(t, exitCannot, code, stderr)
	require.Contains(t, stderr, "replaying 5 requests of ../../fixtures\n")
	require.Contains(t, stderr, "specdrift replay: warning: 2 of 2 exchanges match no operation of the specs: are they the specs of this API? (--spec)\n")
}
