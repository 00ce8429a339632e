package contract_test

import (
	"context"
	"net/http"
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
