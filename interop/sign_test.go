package interop

import (
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/sign"
)

// TestSignatureMatchesTheSDKSigner signs the same requests at the same time
// with specdrift's signer (used by specdrift replay) and with the official
// SDK's SDK-HMAC-SHA256 signer, and requires the same Authorization header:
// the five operations as the pages show them, and requests that exercise
// the canonical form (repeated and escaped query values, extra and Host
// headers, an unsigned payload). specdrift always signs host (a signature
// without it is valid against any host); the SDK signs it when the request
// has a Host header, so each SDK request gets one.
func TestSignatureMatchesTheSDKSigner(t *testing.T) {
	const (
		ak = "HPUAEXAMPLEACCESSKEY"
		sk = "ExampleSecretKeyForSigning0123456789abcd"
	)
	at := time.Date(2025, 11, 25, 8, 30, 15, 0, time.UTC)
	createBody := `{"authorisation":{"region_id":"region_id","instance_id":"XXX","instance_type":"vpc","cloud_connection_domain_id":"XXX","cloud_connection_id":"XXX","project_id":"XXX"}}`
	tests := []struct {
		name     string
		endpoint string
		method   string
		path     string
		query    url.Values
		headers  map[string]string
		body     string
	}{
		{"CreateAuthorisation", "https://cc.myhuaweicloud.com", "POST", "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations", nil,
			map[string]string{"Content-Type": "application/json"}, createBody},
		{"ListAuthorisations", "https://cc.myhuaweicloud.com", "GET", "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations",
			url.Values{"limit": {"10"}, "marker": {"m/1 +x"}, "id": {"b", "a"}}, nil, ""},
		{"ListPermissions", "https://cc.myhuaweicloud.com", "GET", "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions",
			url.Values{"instance_id": {"i-1"}}, map[string]string{"X-Domain-Id": "0a5e4b2c8d9f41e6b7c3a1d2e4f60718"}, ""},
		{"AuthorizeActionApiToInstance", "https://dayu.cn-north-4.myhuaweicloud.com", "POST", "/v1/0833a5737480d53b2f250010d01a7b88/service/apis/authorize/action", nil,
			map[string]string{"Content-Type": "application/json;charset=UTF-8", "workspace": "3f1c5e7a9b2d4c6e8f0a1b2c3d4e5f60", "X-Project-Id": "0833a5737480d53b2f250010d01a7b88"},
			`{ "api_id" : "47046fe7830c1be77cb0dc23bd86afa5", "instance_id" : "21398ikjdsjd9087122d4e", "app_id" : "908489209a320df61607355c57c82882", "apply_type" : "APPLY_TYPE_AUTHORIZE", "time" : "2021-01-01T10:00:00.000Z" }`},
		{"ConfirmAuthorizations", "https://osm.myhuaweicloud.com", "PUT", "/v2/servicerequest/authorizations/Auth-123456",
			url.Values{"group_id": {"123"}}, map[string]string{"Content-Type": "application/json", "X-Language": "en-us"},
			`{"auth_detail_list":[{"auth_detail_id":123,"port":80,"account":"test","password":"test"}],"auth_effective_time":123,"auth_expire_time":123,"group_id":"test","agency_id":"test"}`},
		{"a Host header is signed", "https://cc.myhuaweicloud.com:8443", "GET", "/v3/x/ccaas/permissions", nil,
			map[string]string{"Host": "cc.myhuaweicloud.com:8443"}, ""},
		{"an unsigned payload", "https://osm.myhuaweicloud.com", "PUT", "/v2/files/a b~c", nil,
			map[string]string{"Content-Type": "application/octet-stream", sign.HeaderContentSha256: sign.UnsignedPayload}, "\x00\x01binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The SDK's signer, on the SDK's request type.
			b := request.NewHttpRequestBuilder().WithEndpoint(tt.endpoint).WithPath(tt.path).WithMethod(tt.method)
			for k, v := range tt.headers {
				b.AddHeaderParam(k, v)
			}
			if _, ok := tt.headers["Host"]; !ok {
				u, err := url.Parse(tt.endpoint)
				require.NoError(t, err)
				b.AddHeaderParam("Host", u.Host)
			}
			b.AddHeaderParam(sign.HeaderDate, at.Format(sign.DateFormat))
			keys := make([]string, 0, len(tt.query))
			for k := range tt.query {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if len(tt.query[k]) == 1 {
					b.AddQueryParam(k, reflect.ValueOf(tt.query[k][0]))
				} else {
					b.AddQueryParam(k, reflect.ValueOf(tt.query[k]))
				}
			}
			if tt.body != "" {
				b.WithBody("application/json", tt.body)
			}
			sdkHeaders, err := signer.Sign(b.Build(), ak, sk)
			require.NoError(t, err)

			// specdrift's signer, on a net/http request.
			target := tt.endpoint + (&url.URL{Path: tt.path}).EscapedPath()
			if len(tt.query) > 0 {
				target += "?" + tt.query.Encode()
			}
			req, err := http.NewRequest(tt.method, target, strings.NewReader(tt.body))
			require.NoError(t, err)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			require.NoError(t, sign.Sign(req, ak, sk, at))

			require.Equal(t, sdkHeaders["X-Sdk-Date"], req.Header.Get(sign.HeaderDate))
			require.NotEmpty(t, sdkHeaders["Authorization"])
			require.Equal(t, sdkHeaders["Authorization"], req.Header.Get("Authorization"))
			require.NoError(t, sign.Verify(req, sk, at, time.Minute), "and specdrift verifies what it signed")
		})
	}
}
