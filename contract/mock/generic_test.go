package mock

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// TestGenericHandler serves a spec without generated code: its examples,
// its fixtures, samples of its schemas, with the path's values echoed.
func TestGenericHandler(t *testing.T) {
	data, err := os.ReadFile("testdata/generic/things.yaml")
	require.NoError(t, err)
	s, err := contract.LoadSpec("testdata/generic/things.yaml", data)
	require.NoError(t, err)
	exsRecorded, errs := traffic.LoadFixtures(os.DirFS("testdata/generic/fixtures"), ".", func(q string) string { return "testdata/generic/fixtures/" + q })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	log := &syncBuffer{}
	m, err := New([]*contract.Spec{s}, exs, Options{Log: log})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	defer srv.Close()
	auth, js := "X-Auth-Token: "+token, "Content-Type: application/json"
	tests := []struct {
		name, method, path, body string
		headers                  []string
		status                   int
		want                     string // the body, or the error's message
		contentType              string // "": application/json
	}{
		{"the recording of the same path", http.MethodGet, "/v1/p-1/things/t-9", "", nil, 200,
			`{"thing": {"id": "t-9", "project_id": "p-1", "name": "the ninth thing", "size": 9}}`, ""},
		{"a recording beats an example; the path's project_id is echoed", http.MethodGet, "/v1/p-2/things/t-1", "", nil, 200,
			`{"thing": {"id": "t-9", "project_id": "p-2", "name": "the ninth thing", "size": 9}}`, ""},
		{"the spec's example by name", http.MethodGet, "/v1/p-3/things/t-1", "", []string{"Prefer: example=plain"}, 200,
			`{"thing": {"id": "XXX", "project_id": "p-3", "name": "plain thing"}}`, ""},
		{"a sample of the schema", http.MethodPost, "/v1/p-4/things", `{"name": "n", "size": 2}`, []string{js}, 201,
			`{"id": "00000000-0000-4000-8000-000000000000", "project_id": "p-4", "created_at": "2024-01-01T00:00:00Z", "size": 1, "tags": ["red"]}`, ""},
		{"an invalid body, where no error is documented: problem details", http.MethodPost, "/v1/p-4/things", `{"size": 0}`, []string{js}, 400,
			"/name: property \"name\" is missing", problemType},
		{"no token, where no error is documented: problem details", http.MethodPost, "/v1/p-4/things", `{"name": "n"}`, []string{js, "X-Auth-Token:"}, 401,
			"The request carries no credentials", problemType},
		{"no token, in the body of the documented 404", http.MethodDelete, "/v1/p-4/things/t-1", "", []string{"X-Auth-Token:"}, 401,
			"The request carries no credentials", ""},
		{"an empty documented response", http.MethodDelete, "/v1/p-4/things/t-1", "", nil, 204, "", ""},
		{"a sample of a documented error", http.MethodDelete, "/v1/p-4/things/t-1", "", []string{"Prefer: code=404"}, 404,
			"A sample of the 404 response DeleteThing documents; no fixture or example records one.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headers := tt.headers
			if !strings.Contains(strings.Join(headers, "\n"), "X-Auth-Token") {
				headers = append(headers, auth)
			}
			a := do(t, tt.method, srv.URL+tt.path, tt.body, headers...)
			require.Equal(t, tt.status, a.Status, "%+v %s", a.Error, a.Body)
			if ct := tt.contentType; tt.status >= 400 || tt.want != "" {
				if ct == "" {
					ct = "application/json"
				}
				require.Equal(t, ct, a.ContentType)
			}
			switch {
			case a.Error != nil:
				require.Contains(t, a.Error.ErrorMsg, tt.want)
			case tt.want == "":
				require.Empty(t, a.Body)
			default:
				var got, want any
				require.NoError(t, json.Unmarshal(a.Body, &got))
				require.NoError(t, json.Unmarshal([]byte(tt.want), &want))
				require.Empty(t, cmp.Diff(want, got))
			}
		})
	}
	require.Contains(t, log.String(), "from testdata/generic/fixtures/show-thing-t9.yaml")
}
