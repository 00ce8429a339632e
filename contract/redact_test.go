package contract_test

import (
	"context"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// findingKeys are the findings of ex, without the values Redact changes.
func findingKeys(t *testing.T, v *contract.Validator, ex *contract.Exchange) []string {
	t.Helper()
	res, err := v.Validate(context.Background(), ex)
	require.NoError(t, err)
	var out []string
	for _, f := range res.Findings {
		out = append(out, string(f.Rule)+" "+f.In+" "+f.Pointer)
	}
	sort.Strings(out)
	return out
}

func operationByID(t testing.TB, specs []*contract.Spec, id string) *contract.Operation {
	t.Helper()
	for _, s := range specs {
		for _, o := range s.Operations {
			if o.ID == id {
				return o
			}
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

func TestRedactKeepsFindings(t *testing.T) {
	specs := embeddedSpecs(t)
	redactor := contract.NewRedactor(specs, false)
	v := contract.NewValidator(specs, contract.Options{})
	signed := fixture(t, listAuth)
	signed.Request.Header.Del("X-Auth-Token")
	req, err := http.NewRequest("GET", signed.Request.URL, nil)
	require.NoError(t, err)
	require.NoError(t, sign.Sign(req, "AKEXAMPLEAK", "secret-sk", time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)))
	signed.Request.Header = req.Header
	signed.Request.URL += "?limit=5&marker=m&access_token=abc%2Fdef"

	tests := []struct {
		name     string
		ex       *contract.Exchange
		op       string
		redacted []string
		gone     []string // secrets that must not survive
	}{
		{"password fields, one of them a number", fixture(t, confirm), "ConfirmAuthorizations",
			[]string{"request.header X-Auth-Token", "request.body /auth_detail_list/0/password", "response.body /auth_detail_list/0/password", "response.body /auth_detail_list/1/password"},
			[]string{"MIIExampleIAMToken", `"password" : "test"`, `"password" : "123456"`, `"password" : 123456`}},
		{"a signature and a query token", signed, "ListAuthorisations",
			[]string{"request.header Authorization", "request.query access_token"},
			[]string{"AKEXAMPLEAK", req.Header.Get("Authorization")[strings.Index(req.Header.Get("Authorization"), "Signature="):], "abc%2Fdef"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op := operationByID(t, specs, tt.op)
			red, places := redactor.Exchange(tt.ex, op)
			if diff := cmp.Diff(tt.redacted, places); diff != "" {
				t.Errorf("redacted (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(findingKeys(t, v, tt.ex), findingKeys(t, v, red)); diff != "" {
				t.Errorf("redaction changed the findings (-before +after):\n%s", diff)
			}
			all := red.Request.URL + string(red.Request.Body) + string(red.Response.Body)
			for k, vs := range red.Request.Header {
				all += k + ":" + strings.Join(vs, ",") + "\n"
			}
			for _, secret := range tt.gone {
				require.NotContains(t, all, secret)
			}
		})
	}
	// The originals are untouched and the signed copy still looks signed.
	require.Equal(t, "MIIExampleIAMToken", tests[0].ex.Request.Header.Get("X-Auth-Token"))
	require.Contains(t, signed.Request.Header.Get("Authorization"), "AKEXAMPLEAK")
	red, _ := redactor.Exchange(signed, operationByID(t, specs, "ListAuthorisations"))
	require.True(t, sign.LooksSigned(red.Request.Header))
	require.Equal(t, signed.Request.Header.Get("X-Sdk-Date"), red.Request.Header.Get("X-Sdk-Date"))
}

func TestRedactKeepsLayout(t *testing.T) {
	body := "{\n  \"user\": \"ann\",\n  \"Password\" : \"hunter2\",\n  \"creds\": {\"api_key\": [\"k1\", 7, true, null]},\n  \"n\": 1\n}"
	ex := &contract.Exchange{Request: contract.Request{Method: "POST", URL: "/x", Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}}
	redactor := contract.NewRedactor(nil, false)
	red, places := redactor.Exchange(ex, nil)
	want := "{\n  \"user\": \"ann\",\n  \"Password\" : \"REDACTED\",\n  \"creds\": {\"api_key\": [\"REDACTED\", 0, false, null]},\n  \"n\": 1\n}"
	require.Equal(t, want, string(red.Request.Body))
	require.Equal(t, []string{"request.body /Password", "request.body /creds/api_key/0", "request.body /creds/api_key/1", "request.body /creds/api_key/2", "request.body /creds/api_key/3"}, places)

	form := &contract.Exchange{Request: contract.Request{Method: "POST", URL: "/login", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Cookie": {"sid=abc; theme=dark"}},
		Body: []byte("user=ann&password=hunter2")}, Response: &contract.Response{Status: 200, Header: http.Header{"Set-Cookie": {"sid=xyz; Path=/; HttpOnly"}}}}
	red, _ = redactor.Exchange(form, nil)
	require.Equal(t, "user=ann&password=REDACTED", string(red.Request.Body))
	require.Equal(t, "sid=REDACTED; theme=REDACTED", red.Request.Header.Get("Cookie"))
	require.Equal(t, "sid=REDACTED; Path=/; HttpOnly", red.Response.Header.Get("Set-Cookie"))

	notJSON := &contract.Exchange{Request: contract.Request{Method: "POST", URL: "/x", Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"token": "abc"`)}}
	red, places = redactor.Exchange(notJSON, nil)
	require.Equal(t, "REDACTED", string(red.Request.Body), "a body that is not JSON is replaced whole")
	require.Equal(t, []string{"request.body (the whole body: application/json, 15 bytes, not parsed)"}, places)
	red, places = contract.NewRedactor(nil, true).Exchange(notJSON, nil)
	require.Equal(t, `{"token": "abc"`, string(red.Request.Body), "unless unparsed bodies are kept")
	require.Empty(t, places)
}

func TestRedactFinding(t *testing.T) {
	tests := []struct {
		f      contract.Finding
		actual string
	}{
		{contract.Finding{In: "request.header", Pointer: "X-Auth-Token", Actual: "MIIsecret (string)"}, "(string, redacted)"},
		{contract.Finding{In: "request.header", Pointer: "X-Auth-Token|Authorization", Actual: "no credentials"}, "no credentials"},
		{contract.Finding{In: "request.query", Pointer: "access_token", Actual: "access_token=abc"}, "(redacted)"},
		{contract.Finding{In: "response.body", Pointer: "/auth_detail_list/1/password", Actual: "123456 (number)"}, "(number, redacted)"},
		{contract.Finding{In: "response.body", Pointer: "/auth_detail_list/1/port", Actual: "22 (number)"}, "22 (number)"},
		{contract.Finding{In: "request.query", Pointer: "limit", Actual: "0 (number)"}, "0 (number)"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.actual, contract.NewRedactor(nil, false).Finding(tt.f).Actual, tt.f.Pointer)
	}
}

func TestIsSecretName(t *testing.T) {
	secret := []string{"password", "Password", "passwd", "pwd", "user_pass", "client_secret", "clientSecret", "X-Auth-Token", "access_token",
		"token", "X-Subject-Token", "sig", "signature", "X-Amz-Signature", "X-Amz-Credential", "api_key", "X-Api-Key", "apiKey", "X-Auth-Key",
		"AWSAccessKeyId", "secretKey", "private_key", "key", "session_id", "JSESSIONID", "PHPSESSID", "sid", "auth", "otp", "passphrase"}
	plain := []string{"auth_detail_id", "auth_effective_time", "authorization_id", "key_id", "key_name", "keyword", "monkey", "marker", "limit",
		"domain_id", "X-Domain-Id", "X-Project-Id", "X-Sdk-Date", "account", "agency_id", "workspace", "X-Language", "Content-Type", "cwd", "bypass", "ping"}
	for _, n := range secret {
		require.True(t, contract.IsSecretName(n), n)
	}
	for _, n := range plain {
		require.False(t, contract.IsSecretName(n), n)
	}
}

func TestRedactURLAndHeaders(t *testing.T) {
	r := contract.NewRedactor(nil, false)
	urls := []struct{ in, want string }{
		{"https://admin:pw@api.example.com/v1?limit=1&sig=abc", "https://api.example.com/v1?limit=1&sig=REDACTED"},
		{"/v1?limit=1;token=abc&x=2", "/v1?limit=1;token=REDACTED&x=2"},
		{"/cb#access_token=abc&state=s", "/cb#access_token=REDACTED&state=s"},
		{"/v1/items;jsessionid=abc/x?q", "/v1/items;jsessionid=REDACTED/x?q"},
		{"http://u@h:bad/x?password=p", "http://h:bad/x?password=REDACTED"},
	}
	for _, tt := range urls {
		require.Equal(t, tt.want, r.URL(tt.in), tt.in)
	}
	headers := []struct{ name, in, want string }{
		{"Cookie", "abcsecret", " REDACTED"},
		{"Cookie", "a=1; abcsecret; b=2", "a=REDACTED; REDACTED; b=REDACTED"},
		{"Set-Cookie", "sid=xyz; Path=/; HttpOnly", "sid=REDACTED; Path=/; HttpOnly"},
		{"Set-Cookie", "xyz", "REDACTED"},
		{"Authorization", "Bearer abc", "Bearer REDACTED"},
		{"Proxy-Authorization", "Basic abc", "Basic REDACTED"},
		{"X-Auth-Key", "abc", "REDACTED"},
		{"Location", "https://app.example/cb?code=1&access_token=abc#id_token=xyz", "https://app.example/cb?code=1&access_token=REDACTED#id_token=REDACTED"},
		{"Link", `<https://api.example/p?page=2&api_key=abc>; rel="next"`, `<https://api.example/p?page=2&api_key=REDACTED>; rel="next"`},
		{"Refresh", "5; url=/next?token=abc", "5; url=/next?token=REDACTED"},
		{"X-Request-Id", "abc", "abc"},
	}
	for _, tt := range headers {
		require.Equal(t, tt.want, r.HeaderValue(tt.name, tt.in, contract.Marker), tt.name+": "+tt.in)
	}
}

func secretsSpec(t *testing.T) []*contract.Spec {
	t.Helper()
	data, err := os.ReadFile("testdata/secrets.yaml")
	require.NoError(t, err)
	s, err := contract.LoadSpec("testdata/secrets.yaml", data)
	require.NoError(t, err)
	return []*contract.Spec{s}
}

// TestRedactBySpec redacts what only the spec says is secret: an apiKey
// header and query parameter whose names say nothing, and fields whose
// schema is "format: password" or writeOnly.
func TestRedactBySpec(t *testing.T) {
	specs := secretsSpec(t)
	v := contract.NewValidator(specs, contract.Options{StrictRequests: true})
	ex := &contract.Exchange{Source: contract.Source{Name: "t.yaml"}, Request: contract.Request{Method: "POST", URL: "/v1/users?appid=APPID-1234",
		Header: http.Header{"X-Vendor-Cred": {"VENDOR-5678"}, "Content-Type": {"application/json"}},
		Body:   []byte(`{"name":"ann","hint":"HINT-9012","recovery":"RECOVERY-3456","age":"old"}`)}}
	red, places := v.Redactor().Exchange(ex, operationByID(t, specs, "CreateUser"))
	require.Equal(t, []string{"request.header X-Vendor-Cred", "request.query appid", "request.body /hint", "request.body /recovery"}, places)
	require.Equal(t, "/v1/users?appid=REDACTED", red.Request.URL)
	require.Equal(t, `{"name":"ann","hint":"REDACTED","recovery":"REDACTED","age":"old"}`, string(red.Request.Body))
	require.Equal(t, contract.Marker, red.Request.Header.Get("X-Vendor-Cred"))
	require.Equal(t, map[string]any{"appid": "x"}, contract.NewRedactor(nil, false).Value(map[string]any{"appid": "x"}, nil), "a name only a spec declares")
	require.Equal(t, map[string]any{"appid": contract.RedactedText}, v.Redactor().Value(map[string]any{"appid": "x"}, nil))

	// A body of the wrong type quotes its objects: their secret fields are redacted.
	ex.Request.Body = []byte(`[{"hint":"HINT-9012","recovery":"RECOVERY-3456","token":"TOKEN-7890"}]`)
	res, err := v.Validate(context.Background(), ex)
	require.NoError(t, err)
	var actuals []string
	for _, f := range res.Findings {
		actuals = append(actuals, string(f.Rule)+" "+f.Pointer+" "+f.Actual)
	}
	// appid is the spec's apiKey in the query: documented by the security
	// scheme, so not an undocumented-query-parameter finding either
	require.Equal(t, []string{
		`request-body-schema  [{"hint":"(redacted)","recovery":"(redacted)","token":"(redacted)"}]`,
	}, actuals)
}

// TestRedactQuotedParameter checks that a secret query parameter's value
// is blanked wherever a finding quotes it: kin-openapi's parse error
// quotes the value in the message.
func TestRedactQuotedParameter(t *testing.T) {
	specs := secretsSpec(t)
	v := contract.NewValidator(specs, contract.Options{})
	ex := &contract.Exchange{Source: contract.Source{Name: "t.yaml"}, Request: contract.Request{Method: "GET", URL: "/v1/things?session_token=notanumber42",
		Header: http.Header{"X-Vendor-Cred": {"VENDOR-5678"}}}}
	res, err := v.Validate(context.Background(), ex)
	require.NoError(t, err)
	require.Len(t, res.Findings, 1)
	f := res.Findings[0]
	require.Equal(t, contract.RuleRequestParameter, f.Rule)
	require.Equal(t, "session_token", f.Pointer)
	for _, text := range []string{f.Actual, f.Expected, f.Message} {
		require.NotContains(t, text, "notanumber42")
	}
	require.Contains(t, f.Message, contract.RedactedText)
}
