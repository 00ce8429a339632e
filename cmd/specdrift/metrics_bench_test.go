package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/proxy"
	"github.com/specdrift/specdrift/spec"
)

// BenchmarkProxyMetrics measures the proxy with its metrics off and on, in
// the same run, on a clean one-item ListAuthorisations page: the metrics
// should cost a few percent at most.
func BenchmarkProxyMetrics(b *testing.B) {
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(b, err)
	up := driftingCloud(b)
	target, err := url.Parse(up.URL)
	require.NoError(b, err)
	for _, on := range []bool{false, true} {
		name := "metrics=off"
		opts := proxy.Options{Upstream: target, Validator: contract.NewValidator(specs, contract.Options{})}
		if on {
			name, opts.Observer = "metrics=on", newProxyMetrics(prometheus.NewRegistry())
		}
		p, err := proxy.New(opts)
		require.NoError(b, err)
		srv := httptest.NewServer(p)
		b.Run(name, func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
			defer client.CloseIdleConnections()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req, err := http.NewRequest("GET", srv.URL+authorisations, nil)
					if err != nil {
						b.Error(err)
						return
					}
					req.Header.Set("X-Auth-Token", "t")
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
			p.Wait()
			if s := p.Summary(); s.Findings != 0 {
				b.Fatalf("the page drifts: %+v", s)
			}
		})
		srv.Close()
	}
}

// BenchmarkObserveExchange is what the metrics add to one exchange with a
// finding, to set beside the exchange's whole cost in BenchmarkProxyMetrics.
func BenchmarkObserveExchange(b *testing.B) {
	m := newProxyMetrics(prometheus.NewRegistry())
	o := proxy.Observation{Operation: "GET /v3/{domain_id}/ccaas/authorisations", Validation: 40 * time.Microsecond, Upstream: time.Millisecond,
		Findings: []contract.Finding{{Rule: contract.RuleResponseBodySchema, Severity: contract.SeverityError}}}
	b.ReportAllocs()
	for b.Loop() {
		m.ObserveExchange(o)
	}
}
