package contract_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

func loadTestSpec(t *testing.T, file string) *contract.Spec {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	s, err := contract.LoadSpec(file, data)
	require.NoError(t, err)
	return s
}

// credentialsFinding is what the missing-authentication finding says.
type credentialsFinding struct {
	In, Pointer, Expected, Actual, Message, Spec string
}

// TestCredentialsFromTheSpec checks each way a spec asks for credentials
// (apiKey in header, query and cookie; http basic, bearer and another
// scheme; oauth2 and openIdConnect as bearer tokens; a signature form),
// alternatives, a requirement of two schemes, `security: []`, an empty
// alternative, the operation's override and the document's default: what
// satisfies the operation, what does not, and the finding, which names the
// schemes the operation accepts.
func TestCredentialsFromTheSpec(t *testing.T) {
	v := contract.NewValidator([]*contract.Spec{loadTestSpec(t, "testdata/security/schemes.yaml")}, contract.Options{})
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:password"))
	signedReq, err := http.NewRequest(http.MethodGet, "http://x/signed", nil)
	require.NoError(t, err)
	require.NoError(t, sign.Sign(signedReq, "AK", "SK", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
	signed := []string{"Authorization: " + signedReq.Header.Get("Authorization"), "X-Sdk-Date: " + signedReq.Header.Get(sign.HeaderDate)}
	const bearerWants = "bearer (Authorization: Bearer)"
	bearerSpec := "testdata/security/schemes.yaml#/security"
	opSpec := func(p string) string {
		return "testdata/security/schemes.yaml#/paths/~1" + strings.TrimPrefix(p, "/") + "/get/security"
	}
	missing := func(in, pointer, wants, path string) *credentialsFinding {
		return &credentialsFinding{In: in, Pointer: pointer, Expected: wants, Actual: "no credentials",
			Message: "The request carries no credentials the operation accepts: send " + wants + ".", Spec: opSpec(path)}
	}
	wrongForm := func(pointer, wants, path, why string) *credentialsFinding {
		return &credentialsFinding{In: "request.header", Pointer: pointer, Expected: wants, Actual: "no credentials of the form wanted",
			Message: "The request carries no credentials of the form the operation accepts: send " + wants + ". " + why, Spec: opSpec(path)}
	}
	tests := []struct {
		name    string
		path    string // with its query
		headers []string
		want    *credentialsFinding // nil: satisfied
		met     []string            // the schemes Result.Credentials names when satisfied
	}{
		{"apiKey in a header", "/header", []string{"X-Api-Key: k"}, nil, []string{"header"}},
		{"apiKey header missing", "/header", []string{"X-Other: k"}, missing("request.header", "X-Api-Key", "header (header X-Api-Key)", "/header"), nil},
		{"apiKey header empty", "/header", []string{"X-Api-Key: "}, missing("request.header", "X-Api-Key", "header (header X-Api-Key)", "/header"), nil},
		{"apiKey header is not a query parameter", "/header?X-Api-Key=k", nil, missing("request.header", "X-Api-Key", "header (header X-Api-Key)", "/header"), nil},
		{"apiKey in the query", "/query?api_key=k", nil, nil, []string{"query"}},
		{"apiKey query missing", "/query?other=k", []string{"api_key: k"}, missing("request.query", "api_key", "query (query api_key)", "/query"), nil},
		{"apiKey in a cookie", "/cookie", []string{"Cookie: theme=dark; SID=s1"}, nil, []string{"cookie"}},
		{"apiKey cookie missing", "/cookie", []string{"Cookie: theme=dark"}, missing("request.cookie", "SID", "cookie (cookie SID)", "/cookie"), nil},
		{"basic", "/basic", []string{"Authorization: " + basic}, nil, []string{"basic"}},
		{"basic, the scheme name in lower case", "/basic", []string{"Authorization: basic " + strings.TrimPrefix(basic, "Basic ")}, nil, []string{"basic"}},
		{"basic missing", "/basic", nil, missing("request.header", "Authorization", "basic (Authorization: Basic)", "/basic"), nil},
		{"basic that is not user:password", "/basic", []string{"Authorization: Basic bm90LWEtcGFpcg=="},
			wrongForm("Authorization", "basic (Authorization: Basic)", "/basic", "basic: Authorization: Basic is not base64 of user:password."), nil},
		{"a bearer token for basic", "/basic", []string{"Authorization: Bearer t0ken"},
			wrongForm("Authorization", "basic (Authorization: Basic)", "/basic", "basic: Authorization is not of the Basic scheme."), nil},
		{"bearer", "/bearer", []string{"Authorization: Bearer t0ken"}, nil, []string{"bearer"}},
		{"bearer without a token", "/bearer", []string{"Authorization: Bearer"},
			wrongForm("Authorization", bearerWants, "/bearer", "bearer: Authorization: Bearer carries no credentials."), nil},
		{"a bare token is not a bearer token, and is not repeated", "/bearer", []string{"Authorization: t0ken-secret"},
			wrongForm("Authorization", bearerWants, "/bearer", "bearer: Authorization is not of the Bearer scheme."), nil},
		{"another http scheme by its name", "/digest", []string{`Authorization: Digest username="u", response="r"`}, nil, []string{"digest"}},
		{"another http scheme missing", "/digest", []string{"Authorization: Bearer t0ken"},
			wrongForm("Authorization", "digest (Authorization: Digest)", "/digest", "digest: Authorization is not of the Digest scheme."), nil},
		{"oauth2 is a bearer token", "/oauth2", []string{"Authorization: Bearer t0ken"}, nil, []string{"oauth"}},
		{"oauth2 missing", "/oauth2", []string{"X-Api-Key: k"}, missing("request.header", "Authorization", "oauth (Authorization: Bearer)", "/oauth2"), nil},
		{"openIdConnect is a bearer token", "/oidc", []string{"Authorization: Bearer t0ken"}, nil, []string{"oidc"}},
		{"openIdConnect missing", "/oidc", nil, missing("request.header", "Authorization", "oidc (Authorization: Bearer)", "/oidc"), nil},
		{"alternatives: the first", "/either", []string{"X-Api-Key: k"}, nil, []string{"header"}},
		{"alternatives: the second", "/either", []string{"Authorization: Bearer t0ken"}, nil, []string{"bearer"}},
		{"alternatives: both", "/either", []string{"X-Api-Key: k", "Authorization: Bearer t0ken"}, nil, []string{"header", "bearer"}},
		{"alternatives: neither", "/either", nil,
			missing("request.header", "X-Api-Key|Authorization", "header (header X-Api-Key), or "+bearerWants, "/either"), nil},
		{"two schemes together", "/both", []string{"X-Api-Key: k", "Cookie: SID=s1"}, nil, []string{"cookie", "header"}},
		{"two schemes together: one of them", "/both", []string{"X-Api-Key: k"},
			missing("request", "SID|X-Api-Key", "cookie (cookie SID) and header (header X-Api-Key)", "/both"), nil},
		{"an empty alternative asks for nothing", "/optional", nil, nil, nil},
		{"security: [] asks for nothing", "/open", nil, nil, nil},
		{"the document's default", "/default", []string{"Authorization: Bearer t0ken"}, nil, []string{"bearer"}},
		{"the document's default missing", "/default", []string{"X-Api-Key: k"},
			&credentialsFinding{In: "request.header", Pointer: "Authorization", Expected: bearerWants, Actual: "no credentials",
				Message: "The request carries no credentials the operation accepts: send " + bearerWants + ".", Spec: bearerSpec}, nil},
		{"an operation's override is not the default", "/header", []string{"Authorization: Bearer t0ken"},
			missing("request.header", "X-Api-Key", "header (header X-Api-Key)", "/header"), nil},
		{"a signature of its form", "/signed", signed, nil, []string{"signed"}},
		{"a signature without its date", "/signed", signed[:1],
			wrongForm("Authorization", "signed (Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=... with X-Sdk-Date)", "/signed",
				"signed: missing X-Sdk-Date header."), nil},
		{"a bearer token is not a signature", "/signed", []string{"Authorization: Bearer t0ken"},
			wrongForm("Authorization", "signed (Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=... with X-Sdk-Date)", "/signed",
				`signed: malformed Authorization: algorithm "Bearer", want SDK-HMAC-SHA256.`), nil},
		{"a signature form specdrift does not know: its value", "/otherform", []string{"X-Signature: s"}, nil, []string{"otherform"}},
		{"a signature form specdrift does not know: missing", "/otherform", nil,
			missing("request.header", "X-Signature", "otherform (header X-Signature (a some-form-specdrift-does-not-know signature))", "/otherform"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, kv := range tt.headers {
				k, val, ok := strings.Cut(kv, ":")
				require.True(t, ok)
				h.Add(k, strings.TrimSpace(val))
			}
			ex := &contract.Exchange{Source: contract.Source{Name: "t"}, Request: contract.Request{Method: http.MethodGet, URL: "https://api.example.com" + tt.path, Header: h}}
			res, err := v.Validate(context.Background(), ex)
			require.NoError(t, err)
			var got *credentialsFinding
			for _, f := range res.Findings {
				require.False(t, f.Rule == contract.RuleUndocumentedQueryParameter && f.Pointer == "api_key", "a query credential is documented by its scheme: %+v", f)
				if f.Rule != contract.RuleMissingAuthentication {
					continue
				}
				require.Nil(t, got, "one finding")
				got = &credentialsFinding{In: f.In, Pointer: f.Pointer, Expected: f.Expected, Actual: f.Actual, Message: f.Message, Spec: f.Spec.File + "#" + f.Spec.Pointer}
				require.NotContains(t, f.Message, "t0ken", "the credential is not repeated")
				require.NotContains(t, f.Message, "X-Auth-Token")
			}
			require.Empty(t, cmp.Diff(tt.want, got))
			var met []string
			for _, s := range res.Credentials {
				met = append(met, s.Name)
			}
			require.Empty(t, cmp.Diff(tt.met, met), "Result.Credentials")
		})
	}
}

// TestCredentialsOfOtherVersions: a Swagger 2.0 document's
// securityDefinitions (converted) and an OpenAPI 3.1 mutualTLS scheme,
// which no request shows and which is not held against one.
func TestCredentialsOfOtherVersions(t *testing.T) {
	tests := []struct {
		file, path string
		headers    http.Header
		message    string // "": no finding
	}{
		{"testdata/security/swagger.yaml", "/things", http.Header{"X-Api-Key": {"k"}}, ""},
		{"testdata/security/swagger.yaml", "/things", http.Header{}, "The request carries no credentials the operation accepts: send key (header X-Api-Key)."},
		{"testdata/security/swagger.yaml", "/login", http.Header{"X-Api-Key": {"k"}}, "The request carries no credentials the operation accepts: send basic (Authorization: Basic)."},
		{"testdata/security/swagger.yaml", "/login", http.Header{"Authorization": {"Basic dTpw"}}, ""},
		{"testdata/security/mutualtls.yaml", "/things", http.Header{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.path, func(t *testing.T) {
			v := contract.NewValidator([]*contract.Spec{loadTestSpec(t, tt.file)}, contract.Options{})
			res, err := v.Validate(context.Background(), &contract.Exchange{Source: contract.Source{Name: "t"},
				Request: contract.Request{Method: http.MethodGet, URL: tt.path, Header: tt.headers}})
			require.NoError(t, err)
			var got []string
			for _, f := range res.Findings {
				got = append(got, f.Message)
			}
			var want []string
			if tt.message != "" {
				want = []string{tt.message}
			}
			require.Empty(t, cmp.Diff(want, got))
		})
	}
}

// TestSpecCredentials lists where a spec's schemes carry credentials, for
// redaction: each place once, header names as the spec writes them.
func TestSpecCredentials(t *testing.T) {
	got := loadTestSpec(t, "testdata/security/schemes.yaml").Credentials()
	want := []contract.Credential{
		{In: "cookie", Name: "SID"},
		{In: "header", Name: "Authorization"},
		{In: "header", Name: "X-Api-Key"},
		{In: "header", Name: "X-Signature"},
		{In: "query", Name: "api_key"},
	}
	require.Empty(t, cmp.Diff(want, got))
	for _, s := range embeddedSpecs(t) {
		require.Empty(t, cmp.Diff([]contract.Credential{{In: "header", Name: "Authorization"}, {In: "header", Name: "X-Auth-Token"}}, s.Credentials()), s.Name)
	}
}
