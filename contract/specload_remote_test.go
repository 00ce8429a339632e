package contract_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestRemoteRefs: a $ref to a URL is an error, and nothing is fetched,
// unless the loader allows remote refs; then the file is fetched and
// locations in it name the URL.
func TestRemoteRefs(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/pet.yaml" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("Pet:\n  type: object\n  properties:\n    name:\n      type: string\n  example:\n    name: 5\n"))
	}))
	defer srv.Close()
	api := "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: A pet.\n" +
		"          content:\n            application/json:\n              schema:\n                $ref: '" + srv.URL + "/pet.yaml#/Pet'\n"
	fsys := mapFS(map[string]string{"api.yaml": api})

	_, err := contract.SpecLoader{}.LoadDir(fsys, ".", func(q string) string { return q })
	var ie *contract.InputError
	require.ErrorAs(t, err, &ie)
	require.Equal(t, "api.yaml", ie.File)
	require.Equal(t, 12, ie.Line)
	require.Contains(t, err.Error(), "remote references are not followed unless allowed (--remote-refs)")
	require.Zero(t, hits.Load(), "nothing is fetched")

	specs, err := contract.SpecLoader{RemoteRefs: true, Client: srv.Client()}.LoadDir(fsys, ".", func(q string) string { return q })
	require.NoError(t, err)
	require.NotZero(t, hits.Load())
	s := specs[0]
	require.Equal(t, []string{"api.yaml", srv.URL + "/pet.yaml"}, s.Files())
	require.Len(t, s.Problems, 1)
	p := s.Problems[0]
	require.Equal(t, contract.RuleSpecExampleInvalid, p.Rule)
	require.Equal(t, srv.URL+"/pet.yaml:7", p.Source)
	require.Equal(t, "/Pet/example/name", p.Pointer)
	require.Equal(t, contract.Location{File: srv.URL + "/pet.yaml", Pointer: "/Pet/properties/name/type", Line: 5}, p.Spec)
}
