package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

const authorisations = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations"

// driftingCloud answers ListAuthorisations cleanly, or with a boolean sent
// as a string (X-Want: drift), or with a body in a coding specdrift does
// not decode (X-Want: compress); everything else with 404.
func driftingCloud(t testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method != "GET" || !strings.HasSuffix(r.URL.Path, "/ccaas/authorisations") {
			w.WriteHeader(404)
			w.Write([]byte(`{"error_code":"CC.404","error_msg":"not found"}`))
			return
		}
		loaded := "true"
		if r.Header.Get("X-Want") == "drift" {
			loaded = `"yes"`
		}
		if r.Header.Get("X-Want") == "compress" {
			w.Header().Set("Content-Encoding", "compress")
		}
		w.Write([]byte(`{"request_id":"r1","authorisations":[{"id":"a","is_loaded_by_cloud_connection":` + loaded + `}],"page_info":{"current_count":1}}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// scrape reads the metrics at url, the samples named with one of the
// prefixes, "name{labels}" to value.
func scrape(t *testing.T, url string, prefixes ...string) map[string]string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	out := map[string]string{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		require.Positive(t, i, line)
		series, value := line[:i], line[i+1:]
		for _, p := range prefixes {
			if strings.HasPrefix(series, p) {
				out[series] = value
			}
		}
	}
	require.NoError(t, sc.Err())
	return out
}

var metricsAt = regexp.MustCompile(`metrics at (http://127\.0\.0\.1:\d+/metrics)`)

// metricsURL waits for the command to say where its metrics are.
func metricsURL(t *testing.T, stderr interface{ String() string }) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := metricsAt.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no metrics address: %s", stderr)
	return ""
}

func get(t *testing.T, url string, header ...string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// TestProxyMetrics sends a known mix of exchanges through the proxy and
// scrapes its metrics endpoint.
func TestProxyMetrics(t *testing.T) {
	up := driftingCloud(t)
	p := startProxy(t, "--upstream", up.URL, "--metrics-listen", "127.0.0.1:0", "--log", t.TempDir()+"/findings.ndjson")
	metrics := metricsURL(t, p.stderr)

	for _, want := range []string{"clean", "clean", "clean", "drift", "drift", "compress"} {
		require.Equal(t, 200, get(t, p.base+authorisations, "X-Auth-Token", "t", "X-Want", want), want)
	}
	require.Equal(t, 404, get(t, p.base+"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing", "X-Auth-Token", "t"))

	// Responses are validated after they are delivered: wait for all seven.
	const list = `operation="GET /v3/{domain_id}/ccaas/authorisations"`
	all := func() map[string]string {
		return scrape(t, metrics, "specdrift_exchanges_total", "specdrift_findings_total", "specdrift_bodies_skipped_total",
			"specdrift_validation_seconds_count", "specdrift_upstream_seconds_count")
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if all()["specdrift_validation_seconds_count"] == "7" {
			break
		}
	}
	// An exchange's validation time is the last of its metrics to be set,
	// but a scrape gathers the metrics concurrently, some maybe before the
	// seventh exchange set them: once seven are seen, scrape all again.
	got := all()
	want := map[string]string{
		`specdrift_exchanges_total{` + list + `}`:                                                   "6",
		`specdrift_exchanges_total{operation="(unknown)"}`:                                          "1",
		`specdrift_findings_total{` + list + `,rule="response-body-schema",severity="error"}`:       "2",
		`specdrift_findings_total{` + list + `,rule="content-encoding",severity="warning"}`:         "1",
		`specdrift_findings_total{operation="(unknown)",rule="unknown-operation",severity="error"}`: "1",
		`specdrift_bodies_skipped_total{reason="content-encoding",side="response"}`:                 "1",
		`specdrift_validation_seconds_count`:                                                        "7",
		`specdrift_upstream_seconds_count{` + list + `}`:                                            "6",
		`specdrift_upstream_seconds_count{operation="(unknown)"}`:                                   "1",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
	require.Equal(t, exitFindings, p.stop(t), p.stderr.String())
}

// TestMockMetrics sends a known mix of requests to the mock and scrapes its
// metrics endpoint.
func TestMockMetrics(t *testing.T) {
	base, stderr, stop := startCLI(t, "mock", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--quiet")
	metrics := metricsURL(t, stderr)
	perms := base + "/v3/1234567890abcdef/ccaas/permissions"
	for range 3 {
		require.Equal(t, 200, get(t, perms, "X-Auth-Token", "t"))
	}
	require.Equal(t, 401, get(t, perms))
	require.Equal(t, 404, get(t, base+"/v3/1234567890abcdef/ccaas/nothing", "X-Auth-Token", "t"))

	got := scrape(t, metrics, "specdrift_mock_requests_total", "specdrift_mock_request_seconds_count")
	const op = `operation="GET /v3/{domain_id}/ccaas/permissions"`
	want := map[string]string{
		`specdrift_mock_requests_total{` + op + `,status="200"}`:            "3",
		`specdrift_mock_requests_total{` + op + `,status="401"}`:            "1",
		`specdrift_mock_requests_total{operation="(unknown)",status="404"}`: "1",
		`specdrift_mock_request_seconds_count{` + op + `}`:                  "4",
		`specdrift_mock_request_seconds_count{operation="(unknown)"}`:       "1",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
	require.Equal(t, exitOK, stop())
}

func TestMetricsListenUsage(t *testing.T) {
	for _, cmd := range [][]string{{"mock"}, {"proxy", "--upstream", "http://127.0.0.1:1"}} {
		for _, tt := range []struct{ addr, err string }{
			{":9464", `--metrics-listen ":9464": give the host: 127.0.0.1:9464`},
			{"127.0.0.1", `--metrics-listen "127.0.0.1": address 127.0.0.1: missing port`},
			{"127.0.0.1:99999", "from 0 to 65535"},
		} {
			code, _, stderr := runCLI(t, append(cmd, "--listen", "127.0.0.1:0", "--metrics-listen", tt.addr)...)
			require.Equal(t, exitUsage, code, stderr)
			require.Contains(t, stderr, tt.err)
		}
	}
}
