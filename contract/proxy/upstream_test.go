package proxy

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/spec"
)

const listPath = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations"

func loadSpecs(t testing.TB) []*contract.Spec {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	return specs
}

// page is a ListAuthorisations response body of n items, compact JSON,
// about 650 bytes an item, the same for the same n and seed. With drift,
// item 0 says is_loaded_by_cloud_connection as a string.
func page(n int, seed string, drift bool) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"request_id":"%032x","authorisations":[`, len(seed)*7919+n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		loaded := `true`
		if drift && i == 0 {
			loaded = `"true"`
		}
		fmt.Fprintf(&b, `{"id":"%08x-%s-4c2b-9f1e-%012d","name":"authorisation-%s-%06d","description":"Lets the networking account load VPC %06d of the production workload into its cloud connection",`+
			`"domain_id":"0a5e4b2c8d9f41e6b7c3a1d2e4f60718","created_at":"2023-09-20T08:03:51Z","updated_at":"2023-09-21T%02d:%02d:%02dZ",`+
			`"project_id":"1f2e3d4c5b6a79880a9b8c7d6e5f4a3b","region_id":"ap-southeast-1","instance_type":"vpc","instance_id":"5e8b3a1c-7d2f-4e6a-9b0c-%012d",`+
			`"cloud_connection_domain_id":"7c6b5a4938271605f4e3d2c1b0a99887","cloud_connection_id":"b7a6c5d4-e3f2-4a1b-8c9d-%012d","status":"authorized","is_loaded_by_cloud_connection":%s}`,
			i, seed[:4], i, seed, i, i, i%24, i%60, (i*7)%60, i, i*3, loaded)
	}
	fmt.Fprintf(&b, `],"page_info":{"next_marker":"m%d","current_count":%d}}`, n, n)
	return b.Bytes()
}

// upstream serves ListAuthorisations as the request's X-Upstream header
// (a query string) asks: items=N (default 1), drift=1 for a drifting item,
// seed=S to vary the body per request, chunked=1 to stream it in pieces
// with flushes, status=N for another status, fault= hang, reset, truncate,
// not-http, not-json or bare (no Content-Type). It records the headers it
// sent by seed, and the request bodies it received.
type upstream struct {
	*httptest.Server
	mu       sync.Mutex
	sent     map[string]http.Header
	received [][]byte
}

func startUpstream(t testing.TB) *upstream {
	u := &upstream{sent: map[string]http.Header{}}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Server.Close)
	return u
}

// fixedDate is the Date of the upstream's answers, so that two calls'
// headers compare equal whenever they are made.
const fixedDate = "Mon, 02 Jan 2006 15:04:05 GMT"

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	q, _ := url.ParseQuery(r.Header.Get("X-Upstream"))
	u.mu.Lock()
	u.received = append(u.received, body)
	u.mu.Unlock()
	switch q.Get("fault") {
	case "hang":
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	case "reset", "truncate", "not-http":
		c, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer c.Close()
		if q.Get("fault") == "not-http" {
			buf.WriteString("SSH-2.0-OpenSSH_9.2p1\r\n")
			buf.Flush()
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n" + string(page(1, "trunc", false)[:100]))
		buf.Flush()
		if tc, ok := c.(*net.TCPConn); ok && q.Get("fault") == "reset" {
			tc.SetLinger(0)
		}
		return
	case "bare":
		w.Header()["Content-Type"] = nil
		w.Header().Set("Date", fixedDate) // not net/http's clock, which may tick between two calls
		w.Write([]byte("{}"))
		return
	case "not-json":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Date", fixedDate)
		w.Write([]byte("<html>gateway error</html>"))
		return
	}
	n, _ := strconv.Atoi(q.Get("items"))
	if !q.Has("items") {
		n = 1
	}
	seed := q.Get("seed") + "seed"
	b := page(n, seed, q.Get("drift") == "1")
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Request-Id", seed)
	h.Add("Set-Cookie", "a=1; Path=/")
	h.Add("Set-Cookie", "b=2; Path=/")
	h.Set("Date", fixedDate)
	status := http.StatusOK
	if s, err := strconv.Atoi(q.Get("status")); err == nil {
		status = s
	}
	if q.Get("chunked") != "1" {
		h.Set("Content-Length", strconv.Itoa(len(b)))
	}
	u.mu.Lock()
	u.sent[seed] = h.Clone()
	u.mu.Unlock()
	w.WriteHeader(status)
	if q.Get("chunked") == "1" {
		rc := http.NewResponseController(w)
		for len(b) > 0 {
			k := min(len(b), 1000)
			w.Write(b[:k])
			rc.Flush()
			b = b[k:]
		}
		return
	}
	w.Write(b)
}

func (u *upstream) headersSent(seed string) http.Header {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.sent[seed+"seed"]
}

// startProxy serves a proxy to u on a loopback port.
func startProxy(t testing.TB, u *upstream, opts Options) (*Proxy, string) {
	t.Helper()
	target, err := url.Parse(u.URL)
	require.NoError(t, err)
	opts.Upstream = target
	if opts.Validator == nil {
		opts.Validator = contract.NewValidator(loadSpecs(t), contract.Options{})
	}
	p, err := New(opts)
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

// syncBuffer is a log that tests can read while the proxy writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
