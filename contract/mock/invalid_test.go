package mock

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const validCreate = `{"authorisation": {"region_id": "r1", "instance_id": "vpc-1", "instance_type": "vpc",
  "cloud_connection_domain_id": "peer-1", "cloud_connection_id": "cc-1", "project_id": "p1"}}`

// TestInvalidRequests sends requests that break the spec and checks that
// each gets the documented error, naming what was wrong, and one log line.
func TestInvalidRequests(t *testing.T) {
	srv, log := startMock(t, Options{})
	auth := "X-Auth-Token: " + token
	js := "Content-Type: application/json"
	cc := srv.URL + "/v3/" + domainID + "/ccaas/authorisations"
	da := srv.URL + "/v1/" + projectID + "/service/apis/authorize/action"
	st := srv.URL + "/v2/servicerequest/authorizations/Auth-1"
	tests := []struct {
		name, method, url, body string
		headers                 []string
		status                  int
		code                    string
		// names is what error_msg must mention.
		names []string
		logs  string // what the log line must mention
	}{
		{"missing required body field", http.MethodPost, cc,
			`{"authorisation": {"region_id": "r1", "instance_id": "vpc-1", "instance_type": "vpc", "cloud_connection_id": "cc-1", "project_id": "p1"}}`,
			[]string{auth, js}, 400, codeInvalid, []string{"/authorisation/cloud_connection_domain_id", "is missing"}, "request-body-schema"},
		{"wrong type", http.MethodPut, st, `{"auth_detail_list": [{"auth_detail_id": 1, "port": "22"}]}`,
			[]string{auth, js}, 400, codeInvalid, []string{"/auth_detail_list/0/port", "integer"}, "request-body-schema"},
		{"unknown enum value in the body", http.MethodPost, da, `{"api_id": "a1", "apply_type": "APPLY_TYPE_BOGUS"}`,
			[]string{auth, js, "workspace: ws-1"}, 400, codeInvalid, []string{"/apply_type", "APPLY_TYPE_BOGUS", "APPLY_TYPE_RENEW"}, "request-body-schema"},
		{"unknown enum value in a header", http.MethodPost, da, `{"api_id": "a1"}`,
			[]string{auth, js, "workspace: ws-1", "Dlm-Type: BOTH"}, 400, codeInvalid, []string{"Dlm-Type", "BOTH"}, "request-parameter"},
		{"missing required header", http.MethodPost, da, `{"api_id": "a1"}`,
			[]string{auth, js}, 400, codeInvalid, []string{"workspace", "missing"}, "request-parameter"},
		{"limit of 0", http.MethodGet, cc + "?limit=0&marker=m1", "",
			[]string{auth}, 400, codeInvalid, []string{`"limit"`, "at least 1"}, "request-parameter"},
		{"limit above its maximum", http.MethodGet, srv.URL + "/v3/" + domainID + "/ccaas/permissions?limit=1001&marker=m1", "",
			[]string{auth}, 400, codeInvalid, []string{`"limit"`, "at most 1000"}, "request-parameter"},
		{"path value too short", http.MethodGet, srv.URL + "/v3/short/ccaas/permissions", "",
			[]string{auth}, 400, codeInvalid, []string{`"domain_id"`, "minimum string length is 10"}, "request-parameter"},
		{"missing signature", http.MethodPost, cc, validCreate,
			[]string{js}, 401, codeUnauthorized, []string{"token (header X-Auth-Token)", "aksk (Authorization: SDK-HMAC-SHA256 "}, "missing-authentication"},
		{"malformed signature", http.MethodPost, cc, validCreate,
			[]string{js, "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=00", "X-Sdk-Date: 20240101T000000Z"},
			401, codeUnauthorized, []string{"no credentials", "aksk: malformed Authorization: Signature is not 64 hex digits"}, "missing-authentication"},
		{"signature without X-Sdk-Date", http.MethodPost, cc, validCreate,
			[]string{js, "Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=x-sdk-date, Signature=" + strings.Repeat("0a", 32)},
			401, codeUnauthorized, []string{"no credentials", "aksk: missing X-Sdk-Date"}, "missing-authentication"},
		{"body that is not JSON", http.MethodPost, cc, `{"authorisation": `,
			[]string{auth, js}, 400, codeInvalid, []string{"not valid JSON"}, "invalid-json-body"},
		{"undocumented content type", http.MethodPost, cc, validCreate,
			[]string{auth, "Content-Type: text/plain"}, 400, codeInvalid, []string{"Content-Type", "text/plain"}, "undocumented-content-type"},
		{"missing body", http.MethodPut, st, "",
			[]string{auth}, 400, codeInvalid, []string{"requires a request body"}, "missing-request-body"},
		{"unknown path", http.MethodGet, srv.URL + "/v3/" + domainID + "/ccaas/things", "",
			[]string{auth}, 404, codeNoRoute, []string{"/ccaas/things"}, "-> 404"},
		{"unknown method", http.MethodDelete, cc, "",
			[]string{auth}, 404, codeNoRoute, []string{"DELETE"}, "-> 404"},
	}
	var all []map[string]any
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := strings.Count(log.String(), "\n")
			a := do(t, tt.method, tt.url, tt.body, tt.headers...)
			require.Equal(t, tt.status, a.Status, "%+v", a.Error)
			require.NotNil(t, a.Error)
			require.Equal(t, tt.code, a.Error.ErrorCode)
			for _, n := range tt.names {
				require.Contains(t, a.Error.ErrorMsg, n)
			}
			lines := strings.Split(strings.TrimSpace(log.String()), "\n")
			require.Len(t, lines, before+1, "one log line per request")
			require.Contains(t, lines[len(lines)-1], tt.logs)
			require.Contains(t, lines[len(lines)-1], tt.method+" ")
			all = append(all, map[string]any{"case": tt.name, "status": a.Status, "error_code": a.Error.ErrorCode, "error_msg": a.Error.ErrorMsg})
		})
	}
	out, err := json.MarshalIndent(all, "", "  ")
	require.NoError(t, err)
	golden(t, "invalid.golden.json", append(out, '\n'))
}

// TestBodyTooLarge checks the limit on request bodies.
func TestBodyTooLarge(t *testing.T) {
	srv, _ := startMock(t, Options{MaxBody: 64})
	a := do(t, http.MethodPost, srv.URL+"/v3/"+domainID+"/ccaas/authorisations", validCreate,
		"X-Auth-Token: "+token, "Content-Type: application/json")
	require.Equal(t, http.StatusRequestEntityTooLarge, a.Status)
	require.Equal(t, codeTooLarge, a.Error.ErrorCode)
	require.Contains(t, a.Error.ErrorMsg, "64 bytes")
}
