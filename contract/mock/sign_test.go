package mock

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// TestSignatures checks AK/SK requests: any well-formed signature without
// SecretKeys; with them, only one that verifies.
func TestSignatures(t *testing.T) {
	const ak, sk = "AKEXAMPLE0000000", "secret-key-example"
	now := time.Now()
	checking, _ := startMock(t, Options{SecretKeys: map[string]string{ak: sk}})
	trusting, _ := startMock(t, Options{})
	tests := []struct {
		name     string
		ak, sk   string
		at       time.Time
		tamper   bool
		checking int // status with SecretKeys
		trusting int // status without
		msg      string
	}{
		{"good signature", ak, sk, now, false, 201, 201, ""},
		{"wrong secret key", ak, "not-the-key", now, false, 401, 201, "signature mismatch"},
		{"unknown access key", "AKOTHER", sk, now, false, 401, 201, `access key "AKOTHER" is unknown`},
		{"body changed after signing", ak, sk, now, true, 401, 201, "signature mismatch"},
		{"signed an hour ago", ak, sk, now.Add(-time.Hour), false, 401, 201, "too far from current time"},
		{"signed in 1970", ak, sk, time.Unix(0, 0), false, 401, 201, "too far from current time"},
		{"signed in 2099", ak, sk, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC), false, 401, 201, "too far from current time"},
		{"signed 14 minutes ahead", ak, sk, now.Add(14 * time.Minute), false, 201, 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, srv := range []struct {
				url  string
				want int
			}{{checking.URL, tt.checking}, {trusting.URL, tt.trusting}} {
				req, err := http.NewRequest(http.MethodPost, srv.url+"/v3/"+domainID+"/ccaas/authorisations", strings.NewReader(validCreate))
				require.NoError(t, err)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Domain-Id", domainID)
				require.NoError(t, sign.Sign(req, tt.ak, tt.sk, tt.at))
				if tt.tamper {
					body := strings.Replace(validCreate, "vpc-1", "vpc-2", 1)
					req.Body, req.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
				}
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				body := readAll(t, resp)
				resp.Body.Close()
				require.Equal(t, srv.want, resp.StatusCode, "%s", body)
				if srv.want == 401 {
					var e errorBody
					require.NoError(t, json.Unmarshal(body, &e))
					require.Equal(t, codeUnauthorized, e.ErrorCode)
					require.Contains(t, e.ErrorMsg, tt.msg)
				}
			}
		})
	}
}

// TestRejectReplays sends the same signed request twice: with
// RejectReplays the second is refused, a request signed anew is not;
// without it, both are answered.
func TestRejectReplays(t *testing.T) {
	const ak, sk = "AKEXAMPLE0000000", "secret-key-example"
	keys := map[string]string{ak: sk}
	tests := []struct {
		name   string
		opts   Options
		second int
	}{
		{"RejectReplays", Options{SecretKeys: keys, RejectReplays: true}, 401},
		{"without it", Options{SecretKeys: keys}, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := startMock(t, tt.opts)
			signed := func(at time.Time) *http.Request {
				req, err := http.NewRequest(http.MethodPost, srv.URL+"/v3/"+domainID+"/ccaas/authorisations", strings.NewReader(validCreate))
				require.NoError(t, err)
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Domain-Id", domainID)
				require.NoError(t, sign.Sign(req, ak, sk, at))
				return req
			}
			send := func(req *http.Request) (int, errorBody) {
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				body := readAll(t, resp)
				resp.Body.Close()
				var e errorBody
				if resp.StatusCode == 401 {
					require.NoError(t, json.Unmarshal(body, &e))
				}
				return resp.StatusCode, e
			}
			now := time.Now()
			first := signed(now)
			again := first.Clone(first.Context())
			again.Body, again.ContentLength = io.NopCloser(strings.NewReader(validCreate)), int64(len(validCreate))
			status, _ := send(first)
			require.Equal(t, 201, status)
			status, e := send(again)
			require.Equal(t, tt.second, status)
			if status == 401 {
				require.Equal(t, codeUnauthorized, e.ErrorCode)
				require.Contains(t, e.ErrorMsg, "seen before")
			}
			status, _ = send(signed(now.Add(time.Second)))
			require.Equal(t, 201, status, "signed anew")
		})
	}
}

// TestReplaysForgetAfterTheWindow: a signature is remembered until its
// date leaves the window, and no longer.
func TestReplaysForgetAfterTheWindow(t *testing.T) {
	var r replays
	date := time.Date(2025, 11, 25, 8, 0, 0, 0, time.UTC)
	require.True(t, r.first("ABC", date, date))
	require.False(t, r.first("abc", date, date.Add(signatureWindow-time.Second)), "hex in either case")
	require.True(t, r.first("abc", date, date.Add(signatureWindow)), "its date has left the window")
	require.True(t, r.first("def", date.Add(time.Hour), date.Add(time.Hour)))
	require.Len(t, r.seen, 1, "the expired one is swept")
}

// TestVerificationFollowsTheScheme: with secret keys, the mock verifies
// the signature of a scheme declared x-specdrift-signature:
// sdk-hmac-sha256, also beside a token that the operation would accept
// alone; a spec that declares no such scheme has no signature to verify,
// and a request it accepts is accepted whatever Authorization says.
func TestVerificationFollowsTheScheme(t *testing.T) {
	keys := map[string]string{"AKEXAMPLE0000000": "secret-key-example"}
	specs, exs := embedded(t)
	embeddedMock, err := New(specs, exs, Options{SecretKeys: keys})
	require.NoError(t, err)
	data, err := os.ReadFile("testdata/generic/things.yaml")
	require.NoError(t, err)
	things, err := contract.LoadSpec("testdata/generic/things.yaml", data)
	require.NoError(t, err)
	thingsMock, err := New([]*contract.Spec{things}, nil, Options{SecretKeys: keys})
	require.NoError(t, err)
	tests := []struct {
		name   string
		m      *Server
		path   string
		body   string
		status int
	}{
		{"the embedded specs' aksk: verified, though the token alone would do", embeddedMock, "/v3/" + domainID + "/ccaas/authorisations", validCreate, 401},
		{"a spec without a signature scheme: nothing to verify", thingsMock, "/v1/p-1/things", `{"name": "n"}`, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.m)
			defer srv.Close()
			req, err := http.NewRequest(http.MethodPost, srv.URL+tt.path, strings.NewReader(tt.body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Auth-Token", token)
			require.NoError(t, sign.Sign(req, "AKEXAMPLE0000000", "not-the-secret-key", time.Now()))
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body := readAll(t, resp)
			resp.Body.Close()
			require.Equal(t, tt.status, resp.StatusCode, "%s", body)
			if tt.status == 401 {
				require.Contains(t, string(body), "signature mismatch")
			}
		})
	}
}

// TestChecks: the banner says what the mock checks of credentials, from
// the schemes of the specs: the embedded ones, and one that declares no
// signature, where the secret keys verify nothing.
func TestChecks(t *testing.T) {
	specs, exs := embedded(t)
	data, err := os.ReadFile("testdata/generic/things.yaml")
	require.NoError(t, err)
	things, err := contract.LoadSpec("testdata/generic/things.yaml", data)
	require.NoError(t, err)
	keys := map[string]string{"A": "s"}
	const token = "; token (header X-Auth-Token): accepted when present in the form wanted, and never verified (that needs the service)"
	for _, tt := range []struct {
		specs []*contract.Spec
		opts  Options
		want  string
	}{
		{specs, Options{}, "no secret keys: the signatures of aksk (sdk-hmac-sha256): each is checked for its form only, not verified, and its X-Sdk-Date is not checked against the clock" + token},
		{specs, Options{SecretKeys: keys}, "the signatures of aksk (sdk-hmac-sha256) are verified with the secret keys of 1 access key(s), X-Sdk-Date within 15m0s of the clock" + token},
		{specs, Options{SecretKeys: keys, RejectReplays: true}, "the signatures of aksk (sdk-hmac-sha256) are verified with the secret keys of 1 access key(s), X-Sdk-Date within 15m0s of the clock, a signature seen before refused" + token},
		{[]*contract.Spec{things}, Options{}, token[2:]},
		{[]*contract.Spec{things}, Options{SecretKeys: keys}, "the secret keys of 1 access key(s) verify nothing: no operation accepts an sdk-hmac-sha256 signature" + token},
	} {
		fx := exs
		if tt.specs[0] == things {
			fx = nil
		}
		m, err := New(tt.specs, fx, tt.opts)
		require.NoError(t, err)
		require.Equal(t, tt.want, m.Checks())
	}
}
