package mock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestServesPairedExamples: with no fixtures, a request like one of the
// spec's request examples gets the response example of the same name
// (contract.Operation.ExampleExchanges pairs them), under the server's
// base path or from the root.
func TestServesPairedExamples(t *testing.T) {
	const file = "../testdata/specs/examples/pets.yaml"
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	s, err := contract.LoadSpec(file, data)
	require.NoError(t, err)
	log := &syncBuffer{}
	m, err := New([]*contract.Spec{s}, nil, Options{Log: log})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	defer srv.Close()
	tests := []struct {
		name, path, body string
		want             string // the response's name
	}{
		{"the dog", "/pets", `{"name": "Rex", "kind": "dog"}`, "Rex"},
		{"the cat", "/pets", `{"name": "Tom", "kind": "cat"}`, "Tom"},
		{"under the base path", "/v1/pets", `{"name": "Rex", "kind": "dog"}`, "Rex"},
		{"no example of its own: the first", "/pets", `{"name": "Nemo", "kind": "fish"}`, "Tom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, http.MethodPost, srv.URL+tt.path, tt.body, "Content-Type: application/json", "X-Api-Key: k")
			require.Equal(t, http.StatusCreated, a.Status, "%+v", a.Error)
			var got struct{ Name string }
			require.NoError(t, json.Unmarshal(a.Body, &got))
			if diff := cmp.Diff(tt.want, got.Name); diff != "" {
				t.Fatal(diff)
			}
		})
	}
	require.Contains(t, log.String(), "from "+file+"#/paths/~1pets/post/responses/201/content/application~1json/examples/dog")
}
