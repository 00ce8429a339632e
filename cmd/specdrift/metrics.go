package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/specdrift/specdrift/contract/mock"
	"github.com/specdrift/specdrift/contract/proxy"
)

// metricsHelp is the --metrics-listen flag's usage.
const metricsHelp = "serve Prometheus metrics on HOST:PORT at /metrics (off unless given; 0.0.0.0:PORT for every interface)"

// proxyMetrics counts the proxy's exchanges for Prometheus; it is a
// proxy.Observer.
type proxyMetrics struct {
	exchanges  *prometheus.CounterVec
	findings   *prometheus.CounterVec
	skipped    *prometheus.CounterVec
	validation prometheus.Histogram
	upstream   *prometheus.HistogramVec
}

func newProxyMetrics(reg prometheus.Registerer) *proxyMetrics {
	m := &proxyMetrics{
		exchanges: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specdrift_exchanges_total",
			Help: "Exchanges validated, by operation ((unknown): matching none)."}, []string{"operation"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specdrift_findings_total",
			Help: "Findings, by operation, rule and severity."}, []string{"operation", "rule", "severity"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specdrift_bodies_skipped_total",
			Help: "Bodies passed on without being validated, by side and reason (too-large, content-encoding, incomplete)."}, []string{"side", "reason"}),
		validation: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "specdrift_validation_seconds",
			Help: "Time spent validating one exchange.", Buckets: prometheus.ExponentialBuckets(0.00005, 4, 9)}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "specdrift_upstream_seconds",
			Help: "Time from the request to the upstream's response header, by operation.", Buckets: prometheus.DefBuckets}, []string{"operation"}),
	}
	reg.MustRegister(m.exchanges, m.findings, m.skipped, m.validation, m.upstream)
	return m
}

// ObserveExchange counts one exchange.
func (m *proxyMetrics) ObserveExchange(o proxy.Observation) {
	m.exchanges.WithLabelValues(o.Operation).Inc()
	for _, f := range o.Findings {
		m.findings.WithLabelValues(o.Operation, string(f.Rule), f.Severity.String()).Inc()
	}
	for _, b := range o.Skipped {
		m.skipped.WithLabelValues(b.Side, b.Reason).Inc()
	}
	m.validation.Observe(o.Validation.Seconds())
	if o.Upstream > 0 {
		m.upstream.WithLabelValues(o.Operation).Observe(o.Upstream.Seconds())
	}
}

// mockMetrics counts the mock's requests for Prometheus; it is a
// mock.Observer.
type mockMetrics struct {
	requests *prometheus.CounterVec
	elapsed  *prometheus.HistogramVec
}

func newMockMetrics(reg prometheus.Registerer) *mockMetrics {
	m := &mockMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "specdrift_mock_requests_total",
			Help: "Requests answered, by operation ((unknown): matching none; (preflight): CORS preflight) and status."}, []string{"operation", "status"}),
		elapsed: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "specdrift_mock_request_seconds",
			Help: "Time spent answering one request, by operation.", Buckets: prometheus.ExponentialBuckets(0.00005, 4, 9)}, []string{"operation"}),
	}
	reg.MustRegister(m.requests, m.elapsed)
	return m
}

// ObserveRequest counts one request.
func (m *mockMetrics) ObserveRequest(o mock.Observation) {
	m.requests.WithLabelValues(o.Operation, strconv.Itoa(o.Status)).Inc()
	m.elapsed.WithLabelValues(o.Operation).Observe(o.Elapsed.Seconds())
}

// checkMetricsListen is checkListen for --metrics-listen, which may be
// empty (no metrics).
func checkMetricsListen(addr string) error {
	if addr == "" {
		return nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usageError("--metrics-listen %q: %v (want HOST:PORT, such as 127.0.0.1:9464)", addr, err)
	}
	if host == "" {
		return usageError("--metrics-listen %q: give the host: 127.0.0.1%s for this machine, or 0.0.0.0%s for every interface", addr, addr, addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return usageError("--metrics-listen %q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}

// serveMetrics serves the metrics of reg on addr at /metrics until the
// returned function is called. name is the command, for the banner.
func serveMetrics(addr, name string, reg *prometheus.Registry, stderr io.Writer) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, cannotRun(fmt.Errorf("--metrics-listen: %w", err))
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stderr, "specdrift %s: metrics at http://%s/metrics\n", name, ln.Addr())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "specdrift %s: metrics: %v\n", name, err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
		<-done
	}, nil
}
