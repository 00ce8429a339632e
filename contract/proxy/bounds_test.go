package proxy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestCaptureGrowsWithBytesRead feeds captures bodies that announce one
// length and bring another: the copy's capacity follows the bytes that
// arrived, and a body as long as it says ends in one buffer of its length.
func TestCaptureGrowsWithBytesRead(t *testing.T) {
	tests := []struct {
		name     string
		declared int64
		sent     int
		chunk    int
		maxCap   int
	}{
		{"announces 8 MiB, sends 1 byte", 8 << 20, 1, 1, minGrow},
		{"announces 8 MiB, sends 100 KB", 8 << 20, 100_000, 4096, 2 * 100_000},
		{"announces 800 KB, sends 150 KB", 800_000, 150_000, 4096, trustShare * 150_000},
		{"announces nothing, sends 100 KB", -1, 100_000, 4096, 2 * 100_000},
		{"announces 100 KB and sends it", 100_000, 100_000, 4096, 100_000},
		{"announces 3000 and sends it in one read", 3000, 3000, 3000, 3000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := strings.Repeat("x", tt.sent)
			c := newCapture(io.NopCloser(&chunked{r: strings.NewReader(body), n: tt.chunk}), tt.declared, 16<<20, nil)
			got, err := io.ReadAll(c)
			require.NoError(t, err)
			require.Equal(t, body, string(got))
			require.Equal(t, body, string(c.snapshot().body))
			require.LessOrEqual(t, cap(c.buf), tt.maxCap, "capacity for %d bytes read", tt.sent)
			if tt.declared == int64(tt.sent) {
				require.Equal(t, tt.sent, cap(c.buf), "an honest length ends in one buffer of that length")
			}
		})
	}
}

// chunked returns at most n bytes a Read.
type chunked struct {
	r io.Reader
	n int
}

func (c *chunked) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// announcer is a client that opens n connections to the proxy at addr,
// each with a POST that declares Content-Length 8 MiB and sends one byte,
// and waits until the upstream has received every byte that was sent.
func announcer(t testing.TB, addr string, n int, arrived *atomic.Int64) []net.Conn {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		conns = append(conns, c)
		_, err = fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-Auth-Token: t\r\nContent-Length: %d\r\n\r\n{", listPath, addr, 8<<20)
		require.NoError(t, err)
	}
	for deadline := time.Now().Add(20 * time.Second); arrived.Load() < int64(n); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the upstream got %d of %d bodies' first byte", arrived.Load(), n)
		}
	}
	return conns
}

// firstByteUpstream reads the first byte of each request body, counts it,
// and reads on until the body ends.
func firstByteUpstream(t testing.TB, arrived *atomic.Int64) *url.URL {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		br := bufio.NewReader(r.Body)
		if _, err := br.ReadByte(); err == nil {
			arrived.Add(1)
		}
		io.Copy(io.Discard, br)
	}))
	t.Cleanup(up.Close)
	target, err := url.Parse(up.URL)
	require.NoError(t, err)
	return target
}

// TestProxyAnnouncedBodyCostsWhatArrives opens connections that each
// announce an 8 MiB request body and send one byte: what the proxy
// allocates for them follows the bytes that arrived, not the lengths
// announced (it used to allocate each announced length up front).
func TestProxyAnnouncedBodyCostsWhatArrives(t *testing.T) {
	const n = 32
	var arrived atomic.Int64
	p, err := New(Options{Upstream: firstByteUpstream(t, &arrived), Validator: contract.NewValidator(loadSpecs(t), contract.Options{})})
	require.NoError(t, err)
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	conns := announcer(t, srv.Listener.Addr().String(), n, &arrived)
	runtime.ReadMemStats(&after)
	for _, c := range conns {
		c.Close()
	}
	p.Wait()
	perRequest := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("%d bytes allocated per request that announced 8 MiB and sent 1 byte", perRequest)
	require.Less(t, perRequest, uint64(256<<10), "far below the 8 MiB announced")
}
