package proxy

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/internal/cputime"
)

// benchClients is the number of concurrent client connections.
const benchClients = 16

// pageServer serves the same ListAuthorisations page to every request, as
// fast as net/http can.
func pageServer(body []byte) *httptest.Server {
	length := strconv.Itoa(len(body))
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{length}
		w.Write(body)
	}))
}

// load sends b.N GETs of ListAuthorisations to base over benchClients
// connections and reports requests per second, CPU per request (of the
// whole process: client, proxy and upstream, plus other, the CPU time of a
// proxy in another process, if set) and the p50 and p99 latency. wait, if
// set, runs before the clock stops (validations still running). It
// returns the CPU per request, in µs.
func load(b *testing.B, base string, wantLen int, wait func(), other func() time.Duration) float64 {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchClients, MaxConnsPerHost: benchClients, DisableCompression: true}}
	defer client.CloseIdleConnections()
	fetch := func() error {
		req, err := http.NewRequest("GET", base+listPath+"?limit=1000&marker=m0", nil)
		if err != nil {
			return err
		}
		req.Header.Set("X-Auth-Token", "MIIExampleIAMToken")
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && (resp.StatusCode != 200 || int(n) != wantLen) {
			err = fmt.Errorf("status %d, %d bytes", resp.StatusCode, n)
		}
		return err
	}
	for i := 0; i < benchClients; i++ { // open the connections
		require.NoError(b, fetch())
	}
	if wait != nil {
		wait()
	}
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ResetTimer()
	if other == nil {
		other = func() time.Duration { return 0 }
	}
	cpu0, t0 := cputime.Now()+other(), time.Now()
	for c := 0; c < benchClients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N {
					return
				}
				start := time.Now()
				if err := fetch(); err != nil {
					failed.Store(err)
					return
				}
				lat[i] = time.Since(start)
			}
		}()
	}
	wg.Wait()
	if wait != nil {
		wait()
	}
	elapsed, cpu := time.Since(t0), cputime.Now()+other()-cpu0
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	perReq := float64(cpu.Microseconds()) / float64(b.N)
	b.ReportMetric(perReq, "cpu-µs/req")
	b.ReportMetric(float64(lat[b.N/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[b.N*99/100].Microseconds()), "p99-µs")
	return perReq
}

// BenchmarkProxy measures ListAuthorisations with a 1-item and a 1000-item
// page (about 650 KB) three ways in the same run: straight to the upstream
// (direct), through a bare httputil.ReverseProxy (bare, the floor), and
// through the validating proxy (specdrift). The proxy's cost is its
// throughput as a fraction of bare's, its CPU per request as a multiple of
// bare's (x-bare-cpu, of the whole process: client and upstream too), and
// its added latency is its p50 and p99 less direct's.
func BenchmarkProxy(b *testing.B) {
	v := contract.NewValidator(loadSpecs(b), contract.Options{})
	for _, items := range []int{1, 1000} {
		body := page(items, "bench", false)
		up := pageServer(body)
		target, err := url.Parse(up.URL)
		require.NoError(b, err)

		bare := httputil.NewSingleHostReverseProxy(target)
		bare.Transport = NewTransport()
		bareSrv := httptest.NewServer(bare)

		p, err := New(Options{Upstream: target, Validator: v})
		require.NoError(b, err)
		sdSrv := httptest.NewServer(p)

		b.Run(fmt.Sprintf("items=%d/direct", items), func(b *testing.B) { load(b, up.URL, len(body), nil, nil) })
		var bareCPU float64
		b.Run(fmt.Sprintf("items=%d/bare", items), func(b *testing.B) { bareCPU = load(b, bareSrv.URL, len(body), nil, nil) })
		b.Run(fmt.Sprintf("items=%d/specdrift", items), func(b *testing.B) {
			if c := load(b, sdSrv.URL, len(body), p.Wait, nil); bareCPU > 0 {
				b.ReportMetric(c/bareCPU, "x-bare-cpu")
			}
			if s := p.Summary(); s.Findings != 0 {
				b.Fatalf("the page drifts: %+v", s)
			}
		})
		sdSrv.Close()
		bareSrv.Close()
		up.Close()
	}
}

// BenchmarkProxyAnnouncedBody measures what one request costs the proxy
// when it announces an 8 MiB body and sends one byte before its client
// hangs up: B/op is the memory allocated for it (client, proxy and
// upstream), which follows the byte that came, not the 8 MiB announced.
func BenchmarkProxyAnnouncedBody(b *testing.B) {
	first := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var one [1]byte
		if _, err := io.ReadFull(r.Body, one[:]); err == nil {
			first <- struct{}{}
		}
		io.Copy(io.Discard, r.Body)
	}))
	defer up.Close()
	target, err := url.Parse(up.URL)
	require.NoError(b, err)
	p, err := New(Options{Upstream: target, Validator: contract.NewValidator(loadSpecs(b), contract.Options{})})
	require.NoError(b, err)
	srv := httptest.NewServer(p)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-Auth-Token: t\r\nContent-Length: %d\r\n\r\n{", listPath, addr, 8<<20)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c, err := net.Dial("tcp", addr)
		require.NoError(b, err)
		_, err = io.WriteString(c, head)
		require.NoError(b, err)
		<-first
		c.Close()
	}
	b.StopTimer()
	p.Wait()
}
