package mock

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkListAuthorisations measures the mock answering ListAuthorisations
// over loopback, request validation on, beside its floor: a bare net/http
// handler serving the same bytes. The two are measured in alternating
// bursts of concurrent requests, so that whatever else loads the machine
// weighs on both alike. It reports each one's requests per second and p99
// latency, and mock/bare, the mock's throughput as a share of the floor's.
func BenchmarkListAuthorisations(b *testing.B) {
	mockSrv, _ := startMock(b, Options{Log: io.Discard})
	path := "/v3/" + domainID + "/ccaas/authorisations"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	resp := get(b, client, mockSrv.URL+path)
	body := readAll(b, resp)
	resp.Body.Close()
	require.Equal(b, http.StatusOK, resp.StatusCode, "%s", body)
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	defer bare.Close()

	const clients, perClient = 8, 32 // one burst: 256 requests from 8 clients
	sides := []*side{{name: "bare", url: bare.URL + path}, {name: "mock", url: mockSrv.URL + path}}
	for _, s := range sides {
		s.burst(b, client, clients, perClient) // warm the connections
		s.reset()
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range sides {
			s.burst(b, client, clients, perClient)
		}
	}
	b.StopTimer()
	for _, s := range sides {
		b.ReportMetric(s.rps(), s.name+"-req/s")
		b.ReportMetric(float64(s.p99().Microseconds()), s.name+"-p99-µs")
	}
	b.ReportMetric(sides[1].rps()/sides[0].rps(), "mock/bare")
}

// side is one server under measurement.
type side struct {
	name, url string
	elapsed   time.Duration
	latencies []time.Duration
}

func (s *side) reset() { s.elapsed, s.latencies = 0, nil }

// burst sends clients×perClient requests from concurrent clients and adds
// the wall time and each request's latency.
func (s *side) burst(b *testing.B, client *http.Client, clients, perClient int) {
	var (
		wg sync.WaitGroup
		mu sync.Mutex
	)
	start := time.Now()
	for range clients {
		wg.Go(func() {
			local := make([]time.Duration, 0, perClient)
			for range perClient {
				t0 := time.Now()
				resp := get(b, client, s.url)
				_, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Errorf("GET %s: %d %v", s.url, resp.StatusCode, err)
					return
				}
				local = append(local, time.Since(t0))
			}
			mu.Lock()
			s.latencies = append(s.latencies, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	s.elapsed += time.Since(start)
}

func (s *side) rps() float64 { return float64(len(s.latencies)) / s.elapsed.Seconds() }

func (s *side) p99() time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	slices.Sort(s.latencies)
	return s.latencies[len(s.latencies)*99/100]
}

func get(b testing.TB, client *http.Client, url string) *http.Response {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", token)
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	return resp
}

// BenchmarkManyKeys measures the mock answering a CreateAuthorisation body
// of 100,000 members (1.5 MB), the most it decodes: its decoding is the
// validator's scan and one decode, not a walk of every value.
func BenchmarkManyKeys(b *testing.B) {
	srv, _ := startMock(b, Options{Log: io.Discard})
	body := manyKeys(DefaultMaxBodyValues - 10)
	url := srv.URL + "/v3/" + domainID + "/ccaas/authorisations"
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		a := do(b, "POST", url, body, "X-Auth-Token: t", "Content-Type: application/json")
		require.Equal(b, http.StatusCreated, a.Status)
	}
}
