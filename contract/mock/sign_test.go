package mock

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

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
