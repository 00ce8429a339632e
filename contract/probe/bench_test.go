package probe

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/specdrift/specdrift/contract/internal/cputime"
	"github.com/specdrift/specdrift/contract/outbound"
)

// BenchmarkProbeMock: requests generated, sent and validated per second
// against the mock (ListPermissions, 200 requests, 4 workers), beside the
// floor of the same number of one fixed request sent to the same mock by a
// bare net/http client with as many goroutines. The two alternate in each
// iteration, which goes first alternating too, so that both see the same
// machine. x-floor is the time of a probe over the floor's (1/x-floor is
// its share of the floor's rate), in wall time and in processor time
// (x-floor-cpu: the client's and the mock's, which share the process).
func BenchmarkProbeMock(b *testing.B) {
	specs, u := startMock(b)
	const n, workers = 200, 4
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	target := u.String() + "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"
	// bare sends count requests built by build from workers goroutines.
	bare := func(count int, build func(i int) *http.Request) {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < count; i += workers {
					resp, err := client.Do(build(i))
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}()
		}
		wg.Wait()
	}
	floor := func() {
		bare(n, func(int) *http.Request {
			req, _ := http.NewRequest(http.MethodGet, target, nil)
			req.Header.Set("X-Auth-Token", "MIIExampleIAMToken")
			return req
		})
	}
	opts := Options{BaseURL: u, Specs: specs, Operations: []string{"ListPermissions"}, MaxExamples: n,
		Workers: workers, Seed: 1, Credentials: outbound.Credentials{Token: "MIIExampleIAMToken"}}
	// The same requests the probe sends, recorded once and sent again by
	// the bare client: what the mock costs for them, without the probe.
	rec := &recorder{next: client.Transport}
	recOpts := opts
	recOpts.Client = &http.Client{Transport: rec}
	if _, err := Run(context.Background(), recOpts); err != nil {
		b.Fatal(err)
	}
	same := func() {
		bare(len(rec.reqs), func(i int) *http.Request {
			r := rec.reqs[i]
			req, _ := http.NewRequest(r.method, r.url, bytes.NewReader(r.body))
			req.Header = r.header.Clone()
			return req
		})
	}
	sent := 0
	probe := func() {
		res, err := Run(context.Background(), opts)
		if err != nil || len(res.Findings) > 0 || res.Sent != n {
			b.Fatal(err, res.Sent, res.Findings)
		}
		sent += res.Sent
	}
	var wFloor, wProbe, wSame, cFloor, cProbe, cSame time.Duration
	timed := func(f func(), wall, cpu *time.Duration) {
		c, w := cputime.Now(), time.Now()
		f()
		*wall += time.Since(w)
		*cpu += cputime.Now() - c
	}
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			timed(floor, &wFloor, &cFloor)
			timed(same, &wSame, &cSame)
			timed(probe, &wProbe, &cProbe)
		} else {
			timed(probe, &wProbe, &cProbe)
			timed(same, &wSame, &cSame)
			timed(floor, &wFloor, &cFloor)
		}
	}
	b.ReportMetric(float64(n*b.N)/wFloor.Seconds(), "floor-req/s")
	b.ReportMetric(float64(sent)/wProbe.Seconds(), "req/s")
	b.ReportMetric(float64(wProbe)/float64(wFloor), "x-floor")
	b.ReportMetric(float64(wProbe)/float64(wSame), "x-same")
	if cFloor > 0 && cSame > 0 {
		b.ReportMetric(float64(cProbe)/float64(cFloor), "x-floor-cpu")
		b.ReportMetric(float64(cProbe)/float64(cSame), "x-same-cpu")
	}
}

type recorded struct {
	method, url string
	header      http.Header
	body        []byte
}

// recorder keeps each request it passes on.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []recorded
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, recorded{req.Method, req.URL.String(), req.Header.Clone(), body})
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}
