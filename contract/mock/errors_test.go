package mock

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// startSpecMock serves a mock of one spec of contract/testdata, with no
// fixtures: its examples and samples.
func startSpecMock(t *testing.T, file string) (*httptest.Server, *contract.Spec, *syncBuffer) {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	s, err := contract.LoadSpec(strings.TrimPrefix(file, "../"), data)
	require.NoError(t, err)
	log := &syncBuffer{}
	m, err := New([]*contract.Spec{s}, nil, Options{Log: log})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv, s, log
}

// TestErrorsAsTheSpecDocuments: a spec of bearer-secured operations, each
// documenting its errors its own way. A request without the token gets 401
// (not the 200 of a mock that knew only X-Auth-Token); every error body the
// mock answers validates against the response the operation documents for
// it (the status, its class, default), carrying the mock's code and message
// where the schema has room for them; where none is documented, RFC 9457
// problem details.
func TestErrorsAsTheSpecDocuments(t *testing.T) {
	const bearer = "Authorization: Bearer t0ken"
	srv, spec, log := startSpecMock(t, "../testdata/errors/bearer.yaml")
	undocumented, undocumentedSpec, _ := startSpecMock(t, "../testdata/errors/undocumented.yaml")
	v := contract.NewValidator([]*contract.Spec{spec}, contract.Options{})
	vu := contract.NewValidator([]*contract.Spec{undocumentedSpec}, contract.Options{})
	tests := []struct {
		name            string
		base            string
		v               *contract.Validator
		method, path    string
		headers         []string
		status          int
		contentType     string
		want            map[string]any // the fields of the body that the mock fills
		documented      bool           // the body must validate against the documented response
		messageContains string
	}{
		{"no token: the documented 401", srv.URL, v, http.MethodGet, "/things", nil, 401, "application/json",
			map[string]any{"code": 401.0}, true, "The request carries no credentials the operation accepts: send bearer (Authorization: Bearer)."},
		{"a basic password for a bearer token: the documented 401", srv.URL, v, http.MethodGet, "/things", []string{"Authorization: Basic dTpw"}, 401, "application/json",
			map[string]any{"code": 401.0}, true, "bearer: Authorization is not of the Bearer scheme."},
		{"the token: the sample", srv.URL, v, http.MethodGet, "/things", []string{bearer}, 200, "application/json", nil, true, ""},
		{"no token: the default, problem details from its example", srv.URL, v, http.MethodGet, "/things/abc", nil, 401, "application/problem+json",
			map[string]any{"type": "https://example.com/problems/thing", "title": "Unauthorized", "status": 401.0, "instance": "/things/xyz"}, true, "send bearer (Authorization: Bearer)"},
		{"an invalid path value: the default", srv.URL, v, http.MethodGet, "/things/ab", []string{bearer}, 400, "application/problem+json",
			map[string]any{"title": "Bad Request", "status": 400.0}, true, "minimum string length is 3"},
		{"no token: the 4XX range, in the fields x-specdrift-error names", srv.URL, v, http.MethodDelete, "/things/abc", nil, 401, "application/json",
			map[string]any{"fault": map[string]any{"id": "SPECDRIFT.0401", "text": "The request carries no credentials the o"}}, true, ""},
		{"security: [] asks for nothing", srv.URL, v, http.MethodGet, "/open", nil, 200, "application/json", nil, true, ""},
		// (not /things/abc/parts: {id} would take abc/parts, as a last parameter takes a slash where no template matches)
		{"no such path: the errors of the operation nearest it", srv.URL, v, http.MethodGet, "/things//parts", nil, 404, "application/problem+json",
			map[string]any{"title": "Not Found", "status": 404.0}, false, "GET /things//parts matches no operation"},
		{"no error documented: problem details", undocumented.URL, vu, http.MethodGet, "/things", nil, 401, "application/problem+json",
			map[string]any{"type": "about:blank", "title": "Unauthorized", "status": 401.0, "code": "SPECDRIFT.0401",
				"detail": "The request carries no credentials the operation accepts: send bearer (Authorization: Bearer)."}, false, ""},
		{"no error documented, no such path: problem details", undocumented.URL, vu, http.MethodGet, "/parts", nil, 404, "application/problem+json",
			map[string]any{"type": "about:blank", "title": "Not Found", "status": 404.0, "code": "SPECDRIFT.0404",
				"detail": "GET /parts matches no operation of the specs."}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, tt.base+tt.path, nil)
			require.NoError(t, err)
			for _, h := range tt.headers {
				k, val, _ := strings.Cut(h, ":")
				req.Header.Set(k, strings.TrimSpace(val))
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode, "%s", body)
			require.Equal(t, tt.contentType, resp.Header.Get("Content-Type"))
			var got map[string]any
			require.NoError(t, json.Unmarshal(body, &got), "%s", body)
			for k, want := range tt.want {
				require.Empty(t, cmp.Diff(want, got[k]), "%s in %s", k, body)
			}
			if tt.messageContains != "" {
				require.Contains(t, string(body), tt.messageContains)
			}
			if tt.status >= 400 && !strings.Contains(tt.contentType, "problem") {
				require.NotContains(t, string(body), "error_code", "no Huawei shape for a spec that does not document it")
			}
			require.NotContains(t, string(body), "X-Auth-Token")
			if !tt.documented {
				return
			}
			ex := &contract.Exchange{Source: contract.Source{Name: "mock"},
				Request:  contract.Request{Method: tt.method, URL: tt.path, Header: req.Header},
				Response: &contract.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}}
			res, err := tt.v.Validate(context.Background(), ex)
			require.NoError(t, err)
			for _, f := range res.Findings {
				require.False(t, strings.HasPrefix(f.In, "response"), "the mock's answer breaks the spec: %+v", f)
			}
			require.NotEmpty(t, res.Status, "the status is documented")
		})
	}
	require.NotContains(t, log.String(), "do not validate", "every documented error has a body that validates")
}

// TestHuaweiErrors: the embedded specs declare the body of their errors,
// {"error_code", "error_msg"}, as the response x-specdrift-error-response
// names; the mock's errors validate against it, for every operation, also
// for a path no operation has.
func TestHuaweiErrors(t *testing.T) {
	srv, _ := startMock(t, Options{})
	specs, _ := embedded(t)
	schemaOf := func(path string) *openapi3.Schema {
		for _, s := range specs {
			for _, o := range s.Operations {
				if strings.HasPrefix(path, "/"+strings.Split(strings.Trim(o.Path, "/"), "/")[0]+"/") {
					require.Equal(t, "#/components/responses/Error", s.Doc.Extensions["x-specdrift-error-response"], s.Name)
					return s.Doc.Components.Responses["Error"].Value.Content.Get("application/json").Schema.Value
				}
			}
		}
		t.Fatalf("no spec for %s", path)
		return nil
	}
	cc := "/v3/" + domainID + "/ccaas/authorisations"
	for _, tt := range []struct {
		name, method, path string
		headers            []string
		status             int
		code               string
	}{
		{"no credentials", http.MethodGet, cc, nil, 401, codeUnauthorized},
		{"a limit of 0", http.MethodGet, cc + "?limit=0&marker=m", []string{"X-Auth-Token: " + token}, 400, codeInvalid},
		{"a Prefer nothing satisfies", http.MethodGet, cc, []string{"X-Auth-Token: " + token, "Prefer: code=418"}, 400, codeNoResponse},
		{"no such path", http.MethodGet, "/v3/" + domainID + "/ccaas/things", []string{"X-Auth-Token: " + token}, 404, codeNoRoute},
		{"DataArts Studio: no credentials", http.MethodPost, "/v1/" + projectID + "/service/apis/authorize/action", nil, 401, codeUnauthorized},
		{"service tickets: no credentials", http.MethodPut, "/v2/servicerequest/authorizations/a-1", nil, 401, codeUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, tt.method, srv.URL+tt.path, "", tt.headers...)
			require.Equal(t, tt.status, a.Status)
			require.Equal(t, "application/json", a.ContentType)
			require.Equal(t, tt.code, a.Error.ErrorCode)
			require.NotEmpty(t, a.Error.ErrorMsg)
			var v map[string]any
			require.NoError(t, json.Unmarshal(a.Raw, &v))
			require.Empty(t, cmp.Diff([]string{"error_code", "error_msg"}, sortedKeys(v)))
			require.NoError(t, schemaOf(tt.path).VisitJSON(v))
		})
	}
}
