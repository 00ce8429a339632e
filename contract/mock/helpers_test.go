package mock

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const (
	domainID  = "0a5e4b2c8d9f41e6b7c3a1d2e4f60718" // the fixtures' {domain_id}
	projectID = "0833a5737480d53b2f250010d01a7b88"
	token     = "MIIExampleIAMToken"
)

// embedded loads the embedded specs and fixtures, as specdrift mock does
// without flags.
func embedded(t testing.TB) ([]*contract.Spec, []*contract.Exchange) {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	exsRecorded, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	return specs, exs
}

// startMock serves a mock of the embedded specs on a loopback port.
func startMock(t testing.TB, opts Options) (*httptest.Server, *syncBuffer) {
	t.Helper()
	specs, exs := embedded(t)
	log := &syncBuffer{}
	if opts.Log == nil {
		opts.Log = log
	}
	m, err := New(specs, exs, opts)
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv, log
}

// errorBody is the body of the embedded specs' errors (their ErrorBody).
type errorBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
}

// answer is what the mock said: the status, the error code and message
// of an error, or the body.
type answer struct {
	Status      int             `json:"status"`
	ContentType string          `json:"-"`
	Raw         []byte          `json:"-"` // the body as it came
	Error       *errorBody      `json:"error,omitempty"`
	Body        json.RawMessage `json:"body,omitempty"`
}

// do sends a request with the given headers ("Name: value") and returns
// the answer.
func do(t testing.TB, method, url, body string, headers ...string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	for _, h := range headers {
		k, v, ok := strings.Cut(h, ":")
		require.True(t, ok, "header %q", h)
		if strings.EqualFold(k, "Host") {
			req.Host = strings.TrimSpace(v) // the client sends req.Host, not a Host header
			continue
		}
		req.Header.Add(k, strings.TrimSpace(v))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	a := answer{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Raw: data}
	if resp.StatusCode >= 400 {
		var e errorBody
		if a.ContentType == problemType {
			var p struct{ Code, Detail string }
			require.NoError(t, json.Unmarshal(data, &p), "problem details %s", data)
			e = errorBody{ErrorCode: p.Code, ErrorMsg: p.Detail}
		} else {
			require.NoError(t, json.Unmarshal(data, &e), "error body %s", data)
		}
		a.Error = &e
		return a
	}
	if len(data) > 0 {
		var buf bytes.Buffer
		require.NoError(t, json.Indent(&buf, data, "", "  "), "body %s", data)
		a.Body = buf.Bytes()
	}
	return a
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(file), 0o755))
		require.NoError(t, os.WriteFile(file, got, 0o644))
		return
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err, "run go test -update to create it")
	require.Equal(t, string(want), string(got), "testdata/%s is out of date: go test ./contract/mock -run %s -update", name, t.Name())
}

// syncBuffer is a log the server's goroutines can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// pathAndQuery strips the scheme and host of a recorded URL.
func pathAndQuery(t testing.TB, raw string) string {
	t.Helper()
	u, err := neturl.Parse(raw)
	require.NoError(t, err)
	return u.RequestURI()
}

func bytesReader(b []byte) io.Reader {
	if len(b) == 0 {
		return nil
	}
	return bytes.NewReader(b)
}

func readAll(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return b
}
