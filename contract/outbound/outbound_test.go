package outbound

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// huawei is the security of the Huawei specs' operations: a token in
// X-Auth-Token, or an AK/SK signature.
var huawei = []contract.SecurityRequirement{
	{{Name: "token", Type: "apiKey", In: "header", Param: "X-Auth-Token"}},
	{{Name: "aksk", Type: "apiKey", In: "header", Param: "Authorization", Signature: sign.FormSDKHMACSHA256}},
}

func TestTarget(t *testing.T) {
	tests := []struct {
		base, recorded, want, refused string
	}{
		{"https://api.example.com", "/v3/x?limit=1", "https://api.example.com/v3/x?limit=1", ""},
		{"https://api.example.com/gw", "/v3/x", "https://api.example.com/gw/v3/x", ""},
		{"https://api.example.com/gw/", "https://prod.example.com/v3/a%2Fb?q=%20", "https://api.example.com/gw/v3/a%2Fb?q=%20", ""},
		{"https://admin:pw@api.example.com:8443/", "/v3/x", "https://api.example.com:8443/v3/x", ""},
		{"http://127.0.0.1:808", "1/v3/x", "", "a path must start with /"},
		{"https://cc.example.com", ".attacker.example/v3", "", "a path must start with /"},
		{"https://cc.example.com", "@attacker.example/v3", "", "a path must start with /"},
		{"https://cc.example.com", "//attacker.example/v3", "", "names another host"},
		{"https://cc.example.com", "http:attacker.example/v3", "", "only http and https"},
		{"https://cc.example.com", "http:///v3/x", "", "the URL has no host"},
		{"https://cc.example.com", "/\\attacker.example/v3", "", "backslash"},
		{"https://cc.example.com", "/v3/%2E%2E/%2e%2E/x", "", "leaves the base URL's path"},
		{"https://cc.example.com", "javascript:alert(1)", "", "only http and https"},
		{"https://cc.example.com", "", "", "a path must start with /"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.base)
		require.NoError(t, err)
		b, err := NewBase(u)
		require.NoError(t, err)
		p, q, err := SplitRecorded(tt.recorded)
		if err == nil {
			ref := p
			if q != "" {
				ref += "?" + q
			}
			var target *url.URL
			if target, err = b.Target(ref); err == nil {
				require.Equal(t, tt.want, target.String(), tt.recorded)
				require.Empty(t, tt.refused, tt.recorded)
				continue
			}
		}
		require.NotEmpty(t, tt.refused, "%s: %v", tt.recorded, err)
		require.ErrorContains(t, err, tt.refused, tt.recorded)
		var re *RefusedError
		require.ErrorAs(t, err, &re)
	}
}

func TestNewBaseDropsUserinfo(t *testing.T) {
	u, err := url.Parse("https://admin:PASS@api.example.com/gw?x=1")
	require.NoError(t, err)
	b, err := NewBase(u)
	require.NoError(t, err)
	require.Equal(t, "https://api.example.com/gw?x=1", b.String())
	require.Equal(t, "https://api.example.com/gw", b.Root())
	for _, bad := range []string{"ftp://h/", "/relative", "mailto:a@b"} {
		u, err := url.Parse(bad)
		require.NoError(t, err)
		_, err = NewBase(u)
		require.Error(t, err, bad)
	}
	require.Equal(t, "http://h:1/x@y", stripUserinfo("http://u:p@h:1/x@y"))
	require.Equal(t, "http://h:bad", stripUserinfo("http://u:p@h:bad"))
}

func TestNewRequestCredentials(t *testing.T) {
	u, err := url.Parse("https://api.example.com:8443/gw/")
	require.NoError(t, err)
	b, err := NewBase(u)
	require.NoError(t, err)
	target, err := b.Target("/v3/x")
	require.NoError(t, err)
	recorded := http.Header{"X-Auth-Token": {"recorded"}, "Host": {"evil.example"}, "X-Sdk-Date": {"20200101T000000Z"}, "X-Project-Id": {"p"}}
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

	req, err := b.NewRequest(context.Background(), "GET", target, recorded, nil, Credentials{}, huawei)
	require.NoError(t, err)
	require.Equal(t, "recorded", req.Header.Get("X-Auth-Token"), "no credentials given: the recorded ones go")
	require.Empty(t, req.Header.Get("Host"))
	require.Equal(t, "api.example.com:8443", req.Host)

	req, err = b.NewRequest(context.Background(), "GET", target, recorded, nil, Credentials{AK: "AK", SK: "SK", Now: func() time.Time { return now }}, huawei)
	require.NoError(t, err)
	require.Empty(t, req.Header.Get("X-Auth-Token"))
	a, err := sign.Parse(req.Header.Get("Authorization"))
	require.NoError(t, err)
	require.Equal(t, []string{"host", "x-project-id", "x-sdk-date"}, a.SignedHeaders)
	require.NoError(t, sign.Verify(req, "SK", now, time.Minute))

	other, err := url.Parse("https://api.example.com:9443/gw/v3/x")
	require.NoError(t, err)
	_, err = b.NewRequest(context.Background(), "GET", other, recorded, nil, Credentials{Token: "t"}, huawei)
	require.ErrorContains(t, err, "its port is not the base URL's")
	_, err = b.NewRequest(context.Background(), "GET", target, recorded, nil, Credentials{Token: "t", AK: "a"}, huawei)
	require.ErrorContains(t, err, "not both")
}

// TestCredentialsGoWhereTheSpecSays: a token goes where the first scheme of
// the operation's security that takes one wants it, the recorded
// credentials never go, and an operation that takes none gets none.
func TestCredentialsGoWhereTheSpecSays(t *testing.T) {
	u, err := url.Parse("https://api.example.com/")
	require.NoError(t, err)
	b, err := NewBase(u)
	require.NoError(t, err)
	target, err := b.Target("/things?api_key=recorded&page=2")
	require.NoError(t, err)
	recorded := http.Header{"Authorization": {"Bearer recorded"}, "X-Api-Key": {"recorded"}, "Cookie": {"SID=recorded; theme=dark"}}
	bearer := contract.SecurityScheme{Name: "bearer", Type: "http", In: "header", Param: "Authorization", AuthScheme: "Bearer"}
	basic := contract.SecurityScheme{Name: "basic", Type: "http", In: "header", Param: "Authorization", AuthScheme: "Basic"}
	header := contract.SecurityScheme{Name: "key", Type: "apiKey", In: "header", Param: "X-Api-Key"}
	query := contract.SecurityScheme{Name: "q", Type: "apiKey", In: "query", Param: "api_key"}
	cookie := contract.SecurityScheme{Name: "sid", Type: "apiKey", In: "cookie", Param: "SID"}
	mtls := contract.SecurityScheme{Name: "mtls", Type: "mutualTLS"}
	// kept is the recorded header without Authorization, which always
	// goes, and with the given pairs: the places no scheme of the
	// operation's names stay as recorded.
	kept := func(kv ...string) http.Header {
		h := http.Header{"X-Api-Key": {"recorded"}, "Cookie": {"SID=recorded; theme=dark"}}
		for i := 0; i+1 < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name     string
		token    string
		security []contract.SecurityRequirement
		header   http.Header
		query    string
	}{
		{"bearer", "tok", []contract.SecurityRequirement{{bearer}}, kept("Authorization", "Bearer tok"), "api_key=recorded&page=2"},
		{"basic takes user:password", "me:pw", []contract.SecurityRequirement{{basic}}, kept("Authorization", "Basic bWU6cHc="), "api_key=recorded&page=2"},
		{"not basic without a colon: the next alternative", "tok", []contract.SecurityRequirement{{basic}, {header}},
			http.Header{"X-Api-Key": {"tok"}, "Cookie": {"SID=recorded; theme=dark"}}, "api_key=recorded&page=2"},
		{"query", "tok", []contract.SecurityRequirement{{query}}, kept(), "api_key=tok&page=2"},
		{"cookie", "tok", []contract.SecurityRequirement{{cookie}}, http.Header{"Cookie": {"theme=dark; SID=tok"}, "X-Api-Key": {"recorded"}}, "api_key=recorded&page=2"},
		{"no credentials wanted: none sent", "tok", nil, kept(), "api_key=recorded&page=2"},
		{"only what a token cannot be: none", "tok", []contract.SecurityRequirement{{mtls}, {}}, kept(), "api_key=recorded&page=2"},
		{"signature only, a token given: none", "tok", huawei[1:], kept(), "api_key=recorded&page=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := b.NewRequest(context.Background(), "GET", target, recorded, nil, Credentials{Token: tt.token}, tt.security)
			require.NoError(t, err)
			require.Equal(t, tt.header, req.Header)
			require.Equal(t, tt.query, req.URL.RawQuery)
		})
	}
}
