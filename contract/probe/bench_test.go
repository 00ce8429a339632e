package probe

import (
	"context"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/specdrift/specdrift/contract/outbound"
)

// BenchmarkProbeMock: requests generated, sent and validated per second
// against the mock (ListPermissions, 200 requests, 4 workers), beside the
// floor of the same number of one fixed request sent to the same mock by a
// bare net/http client with as many goroutines. x-floor is the time of an
// operation's probe over the floor's (1/x-floor is its share of the
// floor's rate).
func BenchmarkProbeMock(b *testing.B) {
	specs, u := startMock(b)
	const n, workers = 200, 4
	var floorNs float64
	b.Run("floor", func(b *testing.B) {
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
		target := u.String() + "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"
		for b.Loop() {
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := w; i < n; i += workers {
						req, _ := http.NewRequest(http.MethodGet, target, nil)
						req.Header.Set("X-Auth-Token", "MIIExampleIAMToken")
						resp, err := client.Do(req)
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
		floorNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(float64(n)/(floorNs/1e9), "req/s")
	})
	b.Run("probe", func(b *testing.B) {
		sent := 0
		for b.Loop() {
			res, err := Run(context.Background(), Options{BaseURL: u, Specs: specs, Operations: []string{"ListPermissions"}, MaxExamples: n,
				Workers: workers, Seed: 1, Credentials: outbound.Credentials{Token: "MIIExampleIAMToken"}})
			if err != nil || len(res.Findings) > 0 {
				b.Fatal(err, res.Findings)
			}
			sent += res.Sent
		}
		ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(float64(sent)/float64(b.N)/(ns/1e9), "req/s")
		if floorNs > 0 {
			b.ReportMetric(ns/floorNs, "x-floor")
		}
	})
}
