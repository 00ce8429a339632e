package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/sign"
)

const createBody = `{"authorisation":{"region_id":"r1","instance_id":"vpc-1","instance_type":"vpc","cloud_connection_domain_id":"peer-1","cloud_connection_id":"cc-1","project_id":"p1"}}`

// signedCreate is a CreateAuthorisation signed with ak and sk at at.
func signedCreate(t *testing.T, base, ak, sk string, at time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations", strings.NewReader(createBody))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	require.NoError(t, sign.Sign(req, ak, sk, at))
	return req
}

func statusOf(t *testing.T, req *http.Request) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// TestMockCommandVerifiesSignatures: with --ak/--sk or --credentials,
// specdrift mock refuses a signature that does not verify or whose date is
// out of its 15 minutes, and with --reject-replays one seen before;
// without them it says at start that it checks the form only.
func TestMockCommandVerifiesSignatures(t *testing.T) {
	const ak, sk = "AKMOCKEXAMPLE0001", "mock-secret-example-1"
	creds := writeFile(t, t.TempDir(), "credentials.csv", "User Name,Access Key Id,Secret Access Key\nops,AKMOCKEXAMPLE0002,mock-secret-example-2\n")
	now := time.Now()
	tests := []struct {
		name   string
		flags  []string
		banner string
		want   map[string]int // case → status
	}{
		{"--ak/--sk --reject-replays", []string{"--ak", ak, "--sk", sk, "--reject-replays"}, "the signatures of aksk (sdk-hmac-sha256) are verified with the secret keys of 1 access key(s)",
			map[string]int{"good": 201, "replayed": 401, "wrong secret key": 401, "signed in 1970": 401, "signed in 2099": 401, "other key": 401}},
		{"--credentials and --ak/--sk", []string{"--credentials", creds, "--ak", ak, "--sk", sk}, "of 2 access key(s)",
			map[string]int{"good": 201, "replayed": 201, "wrong secret key": 401, "signed in 1970": 401, "signed in 2099": 401, "other key": 201}},
		{"no secret keys", nil, "checked for its form only, not verified",
			map[string]int{"good": 201, "replayed": 201, "wrong secret key": 201, "signed in 1970": 201, "signed in 2099": 201, "other key": 201}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, stderr, stop := startCLI(t, append([]string{"mock", "--listen", "127.0.0.1:0"}, tt.flags...)...)
			defer stop()
			require.Contains(t, stderr.String(), tt.banner)
			good := signedCreate(t, base, ak, sk, now)
			replayed := good.Clone(good.Context())
			replayed.Body, replayed.ContentLength = io.NopCloser(strings.NewReader(createBody)), int64(len(createBody))
			got := map[string]int{
				"good":             statusOf(t, good),
				"replayed":         statusOf(t, replayed),
				"wrong secret key": statusOf(t, signedCreate(t, base, ak, "not-the-secret", now)),
				"signed in 1970":   statusOf(t, signedCreate(t, base, ak, sk, time.Unix(0, 0))),
				"signed in 2099":   statusOf(t, signedCreate(t, base, ak, sk, time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC))),
				"other key":        statusOf(t, signedCreate(t, base, "AKMOCKEXAMPLE0002", "mock-secret-example-2", now)),
			}
			require.Equal(t, tt.want, got)
			require.NotContains(t, stderr.String(), sk, "no secret key in the log")
			require.NotContains(t, stderr.String(), "mock-secret-example-2")
		})
	}
}

func TestMockCommandCredentialsUsage(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "keys.txt", "AKONE s3cret-one\nAKTWO\n")
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--ak", "AKONE"}, exitUsage, "--ak and --sk go together"},
		{[]string{"--sk", "s3cret-one"}, exitUsage, "--ak and --sk go together"},
		{[]string{"--reject-replays"}, exitUsage, "--reject-replays needs the secret keys"},
		{[]string{"--credentials", dir + "/none.txt"}, exitCannot, "none.txt: no such file or directory"},
		{[]string{"--credentials", bad}, exitCannot, "keys.txt:2: want an access key and its secret key"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, append([]string{"mock", "--listen", "127.0.0.1:0", "--quiet"}, tt.args...)...)
		require.Equal(t, tt.code, code, tt.args)
		require.Contains(t, stderr, tt.stderr)
		require.NotContains(t, stderr, "s3cret-one")
	}
}
