package proxy

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// encode applies the codings of a Content-Encoding value in order.
func encode(t testing.TB, value string, b []byte) []byte {
	t.Helper()
	for _, c := range strings.Split(value, ",") {
		var buf bytes.Buffer
		var w io.WriteCloser
		switch strings.TrimSpace(c) {
		case "gzip":
			w = gzip.NewWriter(&buf)
		case "deflate":
			w = zlib.NewWriter(&buf)
		case "br":
			w = brotli.NewWriter(&buf)
		default: // a coding the proxy does not know: bytes it cannot read
			buf.WriteString("\x28\xb5\x2f\xfd not really zstd")
			b = buf.Bytes()
			continue
		}
		_, err := w.Write(b)
		require.NoError(t, err)
		require.NoError(t, w.Close())
		b = buf.Bytes()
	}
	return b
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// gzipBomb is a gzip JSON body of 64 MiB that is about 64 KB on the wire.
func gzipBomb(t testing.TB) []byte {
	bombOnce.Do(func() {
		body := append([]byte(`{"request_id":"`), bytes.Repeat([]byte("a"), 64<<20)...)
		bomb = encode(t, "gzip", append(body, `","authorisations":[]}`...))
	})
	return bomb
}

// encodingUpstream serves ListAuthorisations, encoded as X-Upstream's
// query asks (enc=CODINGS, drift=1, bomb=1 for gzipBomb, corrupt=1 for
// gzip cut short) when the request's Accept-Encoding names enc, and as it
// is otherwise. It keeps the Accept-Encoding of each request.
type encodingUpstream struct {
	*httptest.Server
	mu     sync.Mutex
	accept []string
}

func startEncoding(t testing.TB) *encodingUpstream {
	u := &encodingUpstream{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.accept = append(u.accept, strings.Join(r.Header.Values("Accept-Encoding"), ", "))
		u.mu.Unlock()
		q, _ := url.ParseQuery(r.Header.Get("X-Upstream"))
		body := page(3, "encoded", q.Get("drift") == "1")
		enc := q.Get("enc")
		w.Header().Set("Content-Type", "application/json")
		if enc != "" && strings.Contains(r.Header.Get("Accept-Encoding"), strings.Split(enc, ",")[0]) {
			w.Header().Set("Content-Encoding", enc)
			w.Header().Set("Vary", "Accept-Encoding")
			switch {
			case q.Get("bomb") == "1":
				body = gzipBomb(t)
			case q.Get("corrupt") == "1":
				body = encode(t, enc, body)[:40]
			default:
				body = encode(t, enc, body)
			}
		}
		w.Write(body)
	}))
	t.Cleanup(u.Server.Close)
	return u
}

func (u *encodingUpstream) accepted() []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.accept...)
}

// rawGet fetches url with exactly the Accept-Encoding given (none if
// empty), and returns the body as it came on the wire.
func rawGet(t testing.TB, rawURL, acceptEncoding, control string) (*http.Response, []byte) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer client.CloseIdleConnections()
	req, err := http.NewRequest("GET", rawURL, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "t")
	req.Header.Set("X-Upstream", control)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

type ruleSeverity struct {
	Rule     contract.RuleID
	Severity contract.Severity
}

// TestProxyPassesCompressedBodies: the client's Accept-Encoding reaches the
// upstream as sent (none added), the upstream's bytes reach the client as
// sent, and a decoded copy is validated, bounded by --max-body decoded.
func TestProxyPassesCompressedBodies(t *testing.T) {
	tests := []struct {
		name    string
		accept  string
		control string
		maxBody int64
		want    []ruleSeverity
	}{
		{"the client asks for no coding", "", "enc=gzip&drift=1", 0, []ruleSeverity{{contract.RuleResponseBodySchema, contract.SeverityError}}},
		{"gzip", "gzip", "enc=gzip", 0, nil},
		{"gzip, drifting", "gzip, br", "enc=gzip&drift=1", 0, []ruleSeverity{{contract.RuleResponseBodySchema, contract.SeverityError}}},
		{"deflate, drifting", "deflate", "enc=deflate&drift=1", 0, []ruleSeverity{{contract.RuleResponseBodySchema, contract.SeverityError}}},
		{"br, drifting", "br", "enc=br&drift=1", 0, []ruleSeverity{{contract.RuleResponseBodySchema, contract.SeverityError}}},
		{"gzip then br, drifting", "gzip, br", "enc=gzip,br&drift=1", 0, []ruleSeverity{{contract.RuleResponseBodySchema, contract.SeverityError}}},
		{"a gzip bomb", "gzip", "enc=gzip&bomb=1", 1 << 20, []ruleSeverity{{contract.RuleBodyTooLarge, contract.SeverityWarning}}},
		{"gzip cut short", "gzip", "enc=gzip&corrupt=1", 0, []ruleSeverity{{contract.RuleContentEncoding, contract.SeverityError}}},
		{"a coding the proxy does not know", "zstd", "enc=zstd", 0, []ruleSeverity{{contract.RuleContentEncoding, contract.SeverityWarning}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := startEncoding(t)
			var log syncBuffer
			p, srv := proxyTo(t, u.URL, Options{Log: &log, MaxBody: tt.maxBody})
			direct, want := rawGet(t, u.URL+listPath, tt.accept, tt.control)
			resp, got := rawGet(t, srv.URL+listPath, tt.accept, tt.control)
			p.Wait()
			require.Equal(t, []string{tt.accept, tt.accept}, u.accepted(), "the upstream gets the client's Accept-Encoding, nothing added")
			require.Equal(t, want, got, "the bytes are passed on as the upstream sent them")
			direct.Header.Del("Date") // the two may be a second apart
			resp.Header.Del("Date")
			if diff := cmp.Diff(direct.Header, resp.Header); diff != "" {
				t.Errorf("headers (-upstream +through the proxy):\n%s", diff)
			}
			var found []ruleSeverity
			for _, f := range readFindings(t, log.String()) {
				found = append(found, ruleSeverity{f.Rule, f.Severity})
			}
			if diff := cmp.Diff(tt.want, found); diff != "" {
				t.Errorf("findings (-want +got):\n%s\n%s", diff, log.String())
			}
		})
	}
}

// TestProxyEnforcesCompressedBodies: --enforce judges the decoded body and
// passes on the encoded one; a bomb over the limit is passed on.
func TestProxyEnforcesCompressedBodies(t *testing.T) {
	u := startEncoding(t)
	_, srv := proxyTo(t, u.URL, Options{Enforce: true, EnforceAt: contract.SeverityError, MaxBody: 1 << 20})
	tests := []struct {
		control string
		status  int
	}{
		{"enc=br&drift=1", http.StatusBadGateway},
		{"enc=br", http.StatusOK},
		{"enc=gzip&bomb=1", http.StatusOK},
	}
	for _, tt := range tests {
		_, want := rawGet(t, u.URL+listPath, "gzip, br", tt.control)
		resp, got := rawGet(t, srv.URL+listPath, "gzip, br", tt.control)
		require.Equal(t, tt.status, resp.StatusCode, tt.control)
		if tt.status == http.StatusOK {
			require.Equal(t, want, got, tt.control)
		}
	}
}

// TestProxyRecordsDecodedBodies: a recorded fixture holds the decoded body,
// without the Content-Encoding that no longer applies to it.
func TestProxyRecordsDecodedBodies(t *testing.T) {
	u := startEncoding(t)
	dir := t.TempDir()
	sink, err := traffic.NewFixtureDir(dir)
	require.NoError(t, err)
	p, srv := proxyTo(t, u.URL, Options{Recorder: &traffic.Recorder{Sink: sink}})
	rawGet(t, srv.URL+listPath, "gzip", "enc=gzip")
	p.Wait()
	data, err := os.ReadFile(filepath.Join(dir, "list-authorisations-200.yaml"))
	require.NoError(t, err)
	_, ex, err := contract.ReadFixture("rec.yaml", data)
	require.NoError(t, err)
	require.Equal(t, string(page(3, "encoded", false)), string(ex.Response.Body))
	require.Empty(t, ex.Response.Header.Values("Content-Encoding"))
	require.Equal(t, "application/json", ex.Response.Header.Get("Content-Type"))
}

func TestDecodeBody(t *testing.T) {
	json := []byte(`{"a":1}`)
	tests := []struct {
		name     string
		encoding []string
		body     []byte
		want     []byte
		over     bool
		err      string
	}{
		{"no coding", nil, json, json, false, ""},
		{"identity", []string{"identity"}, json, json, false, ""},
		{"no body", []string{"gzip"}, nil, nil, false, ""},
		{"gzip", []string{"GZIP"}, encode(t, "gzip", json), json, false, ""},
		{"x-gzip", []string{"x-gzip"}, encode(t, "gzip", json), json, false, ""},
		{"raw deflate", []string{"deflate"}, rawDeflate(t, json), json, false, ""},
		{"two headers", []string{"gzip", "br"}, encode(t, "gzip,br", json), json, false, ""},
		{"over the limit decoded", []string{"gzip"}, encode(t, "gzip", bytes.Repeat([]byte(" "), 2000)), nil, true, ""},
		{"three codings", []string{"gzip, gzip, gzip"}, json, nil, false, "3 codings stacked"},
		{"unknown", []string{"compress"}, json, nil, false, `a content coding specdrift does not decode: "compress"`},
		{"not gzip", []string{"gzip"}, []byte("this is not gzip at all"), nil, false, "gzip: invalid header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, over, err := decodeBody(http.Header{"Content-Encoding": tt.encoding}, tt.body, 1000)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.over, over)
			require.Equal(t, string(tt.want), string(got))
		})
	}
}

func rawDeflate(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.DefaultCompression)
	require.NoError(t, err)
	_, err = w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return buf.Bytes()
}
