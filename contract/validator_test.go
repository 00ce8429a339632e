package contract_test

import (
	"context"
	"net/http"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

func embeddedSpecs(t testing.TB) []*contract.Spec {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(p string) string { return path.Join("spec", p) })
	require.NoError(t, err)
	return specs
}

// fixture returns a fresh copy of an embedded fixture's exchange.
func fixture(t testing.TB, name string) *contract.Exchange {
	t.Helper()
	data, err := fixtures.Files.ReadFile(name)
	require.NoError(t, err)
	_, ex, err := contract.ReadFixture("fixtures/"+name, data)
	require.NoError(t, err)
	return ex
}

const (
	listAuth   = "cloudconnect/list-authorisations-200.yaml"
	createAuth = "cloudconnect/create-authorisation-201.yaml"
	authorize  = "dataarts/authorize-action-api-to-instance-204.yaml"
	confirm    = "servicetickets/confirm-authorizations-200.yaml"
)

func rules(fs []contract.Finding) []contract.RuleID {
	var out []contract.RuleID
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func has(fs []contract.Finding, id contract.RuleID) bool {
	for _, f := range fs {
		if f.Rule == id {
			return true
		}
	}
	return false
}

func setQuery(ex *contract.Exchange, q string) {
	ex.Request.URL = strings.SplitN(ex.Request.URL, "?", 2)[0] + q
}

func TestRules(t *testing.T) {
	specs := embeddedSpecs(t)
	extra, err := os.ReadFile("testdata/headers.yaml")
	require.NoError(t, err)
	headerSpec, err := contract.LoadSpec("testdata/headers.yaml", extra)
	require.NoError(t, err)
	getThing := func(body string, header http.Header) *contract.Exchange {
		return &contract.Exchange{Source: contract.Source{Name: "t"},
			Request:  contract.Request{Method: "GET", URL: "/things/1", Header: http.Header{}},
			Response: &contract.Response{Status: 200, Header: header, Body: []byte(body)}}
	}
	jsonHeader := func(extra ...string) http.Header {
		h := http.Header{"Content-Type": {"application/json"}}
		for i := 0; i+1 < len(extra); i += 2 {
			h.Set(extra[i], extra[i+1])
		}
		return h
	}
	body := func(ex *contract.Exchange, old, new string) {
		ex.Response.Body = []byte(strings.Replace(string(ex.Response.Body), old, new, 1))
	}
	reqBody := func(ex *contract.Exchange, old, new string) {
		ex.Request.Body = []byte(strings.Replace(string(ex.Request.Body), old, new, 1))
	}
	type mutate func(*contract.Exchange)
	cases := []struct {
		rule     contract.RuleID
		file     string
		exchange func() *contract.Exchange // instead of file
		opts     contract.Options
		trigger  mutate
		clean    mutate // applied to the base for the must-not case; nil: the base as it is
	}{
		{rule: contract.RuleRequestParameter, file: listAuth,
			trigger: func(ex *contract.Exchange) { setQuery(ex, "?limit=0&marker=m") },
			clean:   func(ex *contract.Exchange) { setQuery(ex, "?limit=1000&marker=m") }},
		{rule: contract.RuleMissingAuthentication, file: listAuth,
			trigger: func(ex *contract.Exchange) { ex.Request.Header.Del("X-Auth-Token") },
			clean: func(ex *contract.Exchange) {
				ex.Request.Header.Del("X-Auth-Token")
				req, err := http.NewRequest(ex.Request.Method, ex.Request.URL, nil)
				require.NoError(t, err)
				require.NoError(t, sign.Sign(req, "AK", "SK", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
				ex.Request.Header = req.Header
			}},
		{rule: contract.RuleUndocumentedQueryParameter, file: listAuth,
			trigger: func(ex *contract.Exchange) { setQuery(ex, "?page=2") },
			clean:   func(ex *contract.Exchange) { setQuery(ex, "?id=a&id=b&name=n") }},
		{rule: contract.RuleParametersTogether, file: listAuth,
			trigger: func(ex *contract.Exchange) { setQuery(ex, "?marker=abc") },
			clean:   func(ex *contract.Exchange) { setQuery(ex, "?marker=abc&limit=10") }},
		{rule: contract.RuleMissingContentType, file: createAuth,
			trigger: func(ex *contract.Exchange) { ex.Request.Header.Del("Content-Type") }},
		{rule: contract.RuleUndocumentedContentType, file: createAuth,
			trigger: func(ex *contract.Exchange) { ex.Response.Header.Set("Content-Type", "text/html") },
			clean:   func(ex *contract.Exchange) { ex.Response.Header.Set("Content-Type", "application/json;charset=utf-8") }},
		{rule: contract.RuleInvalidJSONBody, file: listAuth,
			trigger: func(ex *contract.Exchange) { ex.Response.Body = ex.Response.Body[:len(ex.Response.Body)-2] }},
		{rule: contract.RuleMissingRequestBody, file: createAuth,
			trigger: func(ex *contract.Exchange) { ex.Request.Body = nil }},
		{rule: contract.RuleRequestBodySchema, file: createAuth,
			trigger: func(ex *contract.Exchange) { reqBody(ex, `"vpc"`, `"vgw"`) }},
		{rule: contract.RuleUndocumentedRequestField, file: createAuth, opts: contract.Options{StrictRequests: true},
			trigger: func(ex *contract.Exchange) { reqBody(ex, `"region_id"`, `"colour" : "red", "region_id"`) }},
		{rule: contract.RuleUndocumentedStatus, file: listAuth,
			trigger: func(ex *contract.Exchange) { ex.Response.Status = 500 }},
		{rule: contract.RuleMissingResponseBody, file: listAuth,
			trigger: func(ex *contract.Exchange) { ex.Response.Body = nil }},
		{rule: contract.RuleUnexpectedResponseBody, file: authorize,
			trigger: func(ex *contract.Exchange) { ex.Response.Body = []byte(`{}`) }},
		{rule: contract.RuleResponseHeader, exchange: func() *contract.Exchange { return getThing(`{}`, jsonHeader()) },
			clean: func(ex *contract.Exchange) { ex.Response.Header.Set("X-Request-Id", "0123456789") }},
		{rule: contract.RuleResponseBodySchema, file: listAuth,
			trigger: func(ex *contract.Exchange) {
				body(ex, `"is_loaded_by_cloud_connection" : true`, `"is_loaded_by_cloud_connection" : "yes"`)
			}},
		{rule: contract.RuleUndocumentedResponseField, file: listAuth,
			trigger: func(ex *contract.Exchange) { body(ex, `"current_count" : 1`, `"current_count" : 1, "total" : 9`) }},
		{rule: contract.RuleUndocumentedResponseField, exchange: func() *contract.Exchange {
			return getThing(`{"kind":{"a":"x","zzz":1},"tags":{"any":"x"}}`, jsonHeader("X-Request-Id", "0123456789"))
		}, trigger: func(ex *contract.Exchange) { ex.Response.Body = []byte(`{"kind":{"a":"x"},"other":1}`) }},
		{rule: contract.RuleTimeOrder, file: listAuth,
			trigger: func(ex *contract.Exchange) {
				body(ex, `"updated_at" : "2023-09-20T08:03:51Z"`, `"updated_at" : "2023-09-20T08:03:50Z"`)
			}},
		{rule: contract.RuleTimeOrder, file: confirm,
			trigger: func(ex *contract.Exchange) {}, // the page's own request: expiry equal to its start
			clean: func(ex *contract.Exchange) {
				reqBody(ex, `"auth_expire_time" : 123`, `"auth_expire_time" : 124`)
				ex.Response = nil
			}},
		{rule: contract.RuleDuplicateID, file: listAuth,
			trigger: func(ex *contract.Exchange) {
				body(ex, `} ],`, `}, {"id" : "XXX"} ],`)
			}},
	}
	for _, tc := range cases {
		t.Run(string(tc.rule), func(t *testing.T) {
			specsFor := specs
			if tc.exchange != nil {
				specsFor = []*contract.Spec{headerSpec}
			}
			base := func() *contract.Exchange {
				if tc.exchange != nil {
					return tc.exchange()
				}
				return fixture(t, tc.file)
			}
			v := contract.NewValidator(specsFor, tc.opts)
			clean := base()
			if tc.clean != nil {
				tc.clean(clean)
			}
			res, err := v.Validate(context.Background(), clean)
			require.NoError(t, err)
			require.False(t, has(res.Findings, tc.rule), "must not trigger, got %v", res.Findings)

			bad := base()
			if tc.trigger != nil {
				tc.trigger(bad)
			}
			res, err = v.Validate(context.Background(), bad)
			require.NoError(t, err)
			require.True(t, has(res.Findings, tc.rule), "must trigger %s, got %v", tc.rule, rules(res.Findings))
			for _, f := range res.Findings {
				_, known := contract.LookupRule(f.Rule)
				require.True(t, known, "rule %s is not in the registry", f.Rule)
				require.NotEmpty(t, f.Message)
				require.NotEmpty(t, f.Operation)
			}
		})
	}
}

func TestUnknownOperation(t *testing.T) {
	v := contract.NewValidator(embeddedSpecs(t), contract.Options{})
	known := fixture(t, listAuth)
	unknown := fixture(t, listAuth)
	unknown.Request.URL = "https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing"
	unknown.Operation = ""
	out := v.ValidateAll(context.Background(), []*contract.Exchange{known, unknown}, true)
	require.Empty(t, out.Errors)
	require.Equal(t, []contract.RuleID{contract.RuleUnknownOperation}, rules(out.Findings))
	require.Equal(t, "fixtures/cloudconnect/list-authorisations-200.yaml:13", out.Findings[0].Source)

	out = v.ValidateAll(context.Background(), []*contract.Exchange{known, unknown}, false)
	require.Empty(t, out.Findings)
	require.Len(t, out.Errors, 1)
	require.Contains(t, out.Errors[0].Error(), "fixtures/cloudconnect/list-authorisations-200.yaml:13: GET https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing matches no operation")
}

// TestMisnamedOperation checks an exchange whose operation is not the one
// its method and path route to: the error (fixtures) and the finding (live
// traffic) name both operations, at the line of the operation it names.
func TestMisnamedOperation(t *testing.T) {
	v := contract.NewValidator(embeddedSpecs(t), contract.Options{})
	tests := []struct {
		name, operation, url string
		err                  string // of the fixture, at its file and line
		message              string // of the live-traffic finding
	}{
		{"another operation", "ListPermissions", "",
			"fixtures/cloudconnect/list-authorisations-200.yaml:3: the exchange names operation ListPermissions (GET /v3/{domain_id}/ccaas/permissions), " +
				"but its request GET https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations " +
				"routes to ListAuthorisations (GET /v3/{domain_id}/ccaas/authorisations): fix the operation or the request",
			"The exchange names operation ListPermissions (GET /v3/{domain_id}/ccaas/permissions), but its method and path are those of ListAuthorisations (GET /v3/{domain_id}/ccaas/authorisations): fix the operation or the request."},
		{"an operation no spec defines", "ListAuthorization", "",
			"fixtures/cloudconnect/list-authorisations-200.yaml:3: the exchange names operation ListAuthorization, which no spec defines, " +
				"but its request GET https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations " +
				"routes to ListAuthorisations (GET /v3/{domain_id}/ccaas/authorisations): fix the operation or the request",
			"The exchange names operation ListAuthorization, which no spec defines, but its method and path are those of ListAuthorisations (GET /v3/{domain_id}/ccaas/authorisations): fix the operation or the request."},
		{"a path no operation has", "ListPermissions", "https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing",
			"fixtures/cloudconnect/list-authorisations-200.yaml:13: GET https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing matches no operation of the specs " +
				"(the exchange names operation ListPermissions (GET /v3/{domain_id}/ccaas/permissions))",
			"No operation of the specs has this method and path: add it to the spec, or fix the request."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := fixture(t, listAuth)
			ex.Operation = tt.operation
			if tt.url != "" {
				ex.Request.URL = tt.url
			}
			out := v.ValidateAll(context.Background(), []*contract.Exchange{ex}, false)
			require.Len(t, out.Errors, 1)
			require.Equal(t, tt.err, out.Errors[0].Error())
			out = v.ValidateAll(context.Background(), []*contract.Exchange{ex}, true)
			require.Len(t, out.Findings, 1)
			require.Equal(t, tt.message, out.Findings[0].Message)
		})
	}
}

// TestEmbeddedFindings pins down where each finding of the embedded fixtures
// points: the fixture line, the body pointer and the spec line.
func TestEmbeddedFindings(t *testing.T) {
	v := contract.NewValidator(embeddedSpecs(t), contract.Options{})
	var exs []*contract.Exchange
	for _, f := range []string{createAuth, listAuth, "cloudconnect/list-permissions-200.yaml", authorize, confirm} {
		exs = append(exs, fixture(t, f))
	}
	out := v.ValidateAll(context.Background(), exs, false)
	require.Empty(t, out.Errors)
	type got struct{ Rule, Source, Pointer, Spec string }
	var all []got
	for _, f := range out.Findings {
		all = append(all, got{string(f.Rule), f.Source, f.Pointer, f.Spec.File + "#" + f.Spec.Pointer})
		// the spec line is the line of the pointer's last key
		data, err := os.ReadFile("../" + f.Spec.File)
		require.NoError(t, err)
		lines := strings.Split(string(data), "\n")
		require.Greater(t, f.Spec.Line, 0)
		key := f.Spec.Pointer[strings.LastIndexByte(f.Spec.Pointer, '/')+1:]
		require.Contains(t, lines[f.Spec.Line-1], key+":", "%s line %d", f.Spec.File, f.Spec.Line)
	}
	want := []got{
		{"time-order", "fixtures/cloudconnect/create-authorisation-201.yaml:41", "/authorisation/updated_at", "spec/cloudconnect.yaml#/components/schemas/Authorisation/x-specdrift-order"},
		{"time-order", "fixtures/servicetickets/confirm-authorizations-200.yaml:25", "/auth_expire_time", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsRequestBody/x-specdrift-order"},
		{"undocumented-query-parameter", "fixtures/servicetickets/confirm-authorizations-200.yaml:12", "group_id", "spec/servicetickets.yaml#/paths/~1v2~1servicerequest~1authorizations~1{authorization_id}/put/parameters"},
		{"undocumented-response-field", "fixtures/servicetickets/confirm-authorizations-200.yaml:49", "/agency_id", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsResponseBody/properties"},
		{"undocumented-response-field", "fixtures/servicetickets/confirm-authorizations-200.yaml:35", "/auth_detail_list", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsResponseBody/properties"},
		{"duplicate-id", "fixtures/servicetickets/confirm-authorizations-200.yaml:42", "/auth_detail_list/1/auth_detail_id", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsRequestBody/properties/auth_detail_list/x-specdrift-unique-by"},
		{"response-body-schema", "fixtures/servicetickets/confirm-authorizations-200.yaml:43", "/auth_detail_list/1/password", "spec/servicetickets.yaml#/components/schemas/TenantAgreeAuthDetailV2/properties/password/type"},
		{"undocumented-response-field", "fixtures/servicetickets/confirm-authorizations-200.yaml:46", "/auth_effective_time", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsResponseBody/properties"},
		{"time-order", "fixtures/servicetickets/confirm-authorizations-200.yaml:47", "/auth_expire_time", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsRequestBody/x-specdrift-order"},
		{"undocumented-response-field", "fixtures/servicetickets/confirm-authorizations-200.yaml:47", "/auth_expire_time", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsResponseBody/properties"},
		{"undocumented-response-field", "fixtures/servicetickets/confirm-authorizations-200.yaml:48", "/group_id", "spec/servicetickets.yaml#/components/schemas/ConfirmAuthorizationsResponseBody/properties"},
	}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	require.Equal(t, 5, out.Coverage.Covered())
	require.Equal(t, 7, out.Coverage.Bodies.Validated)
}

// TestFindingLinesInBody: a finding points at the fixture line of the value,
// also for numbers out of float64's range and for values in arrays.
func TestFindingLinesInBody(t *testing.T) {
	v := contract.NewValidator(embeddedSpecs(t), contract.Options{})
	ex := fixture(t, listAuth)
	body := strings.Replace(string(ex.Response.Body), `"current_count" : 1`, `"current_count" : 1e999`, 1)
	body = strings.Replace(body, `"created_at" : "2023-09-20T08:03:51Z"`, `"created_at" : "yesterday"`, 1)
	ex.Response.Body = []byte(body)
	res, err := v.Validate(context.Background(), ex)
	require.NoError(t, err)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Source+" "+f.Pointer+" "+f.Expected)
	}
	want := []string{
		"fixtures/cloudconnect/list-authorisations-200.yaml:28 /authorisations/0/created_at format date-time",
		"fixtures/cloudconnect/list-authorisations-200.yaml:41 /page_info/current_count integer (int32)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
