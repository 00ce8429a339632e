package proxy

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

func readFindings(t testing.TB, log string) []contract.Finding {
	t.Helper()
	var out []contract.Finding
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var f contract.Finding
		require.NoError(t, json.Unmarshal(sc.Bytes(), &f), sc.Text())
		out = append(out, f)
	}
	return out
}

func rulesOf(fs []contract.Finding) []contract.RuleID {
	var out []contract.RuleID
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

// get calls url with a token, asking the test upstream for control.
func get(t testing.TB, client *http.Client, url, control string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("X-Auth-Token", "MIIsecretToken")
	req.Header.Set("X-Upstream", control)
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

func TestProxyPassesResponsesThroughUnchanged(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		maxBody int64
		status  int
		rules   []contract.RuleID
	}{
		{"a conformant page", "seed=a", 0, 200, nil},
		{"a drifting page", "seed=b&drift=1", 0, 200, []contract.RuleID{contract.RuleResponseBodySchema}},
		{"1000 items, streamed in chunks", "seed=c&items=1000&chunked=1", 0, 200, nil},
		{"an undocumented status", "seed=d&status=503", 0, 503, []contract.RuleID{contract.RuleUndocumentedStatus}},
		{"a body over the validation limit", "seed=e&items=100&drift=1", 10000, 200, []contract.RuleID{contract.RuleBodyTooLarge}},
		{"a JSON content type with HTML in it", "fault=not-json", 0, 200, []contract.RuleID{contract.RuleInvalidJSONBody}},
		{"no content type", "fault=bare", 0, 200, []contract.RuleID{contract.RuleMissingContentType}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := startUpstream(t)
			var log syncBuffer
			p, base := startProxy(t, u, Options{Log: &log, MaxBody: tt.maxBody})
			direct, wantBody := get(t, u.Client(), u.URL+listPath, tt.query)
			resp, body := get(t, http.DefaultClient, base+listPath, tt.query)
			p.Wait()

			require.Equal(t, tt.status, resp.StatusCode)
			require.Equal(t, wantBody, body, "the body is passed on byte for byte")
			if diff := cmp.Diff(direct.Header, resp.Header); diff != "" {
				t.Errorf("headers (-upstream +through the proxy):\n%s", diff)
			}
			found := readFindings(t, log.String())
			if diff := cmp.Diff(tt.rules, rulesOf(found)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, f := range found {
				require.Equal(t, listPath+"#exchange 1", f.Source)
				require.Equal(t, "GET /v3/{domain_id}/ccaas/authorisations", f.Operation)
			}
			require.NotContains(t, log.String(), "MIIsecretToken")
			s := p.Summary()
			require.Equal(t, 1, s.Exchanges, "the direct call does not go through the proxy")
			require.Equal(t, len(tt.rules), s.Findings)
		})
	}
}

func TestProxyEnforce(t *testing.T) {
	u := startUpstream(t)
	var log syncBuffer
	_, base := startProxy(t, u, Options{Log: &log, Enforce: true, EnforceAt: contract.SeverityError, MaxBody: 100 << 10})

	resp, body := get(t, http.DefaultClient, base+listPath, "seed=a&drift=1")
	require.Equal(t, http.StatusBadGateway, resp.StatusCode)
	require.Equal(t, "application/problem+json", resp.Header.Get("Content-Type"))
	var pr problem
	require.NoError(t, json.Unmarshal(body, &pr))
	require.Equal(t, "urn:specdrift:problem:drift", pr.Type)
	require.Equal(t, 502, pr.Status)
	require.Equal(t, []contract.RuleID{contract.RuleResponseBodySchema}, rulesOf(pr.Findings))
	require.Contains(t, pr.Detail, "response-body-schema at response.body /authorisations/0/is_loaded_by_cloud_connection")
	require.Equal(t, listPath+"#exchange 1", pr.Instance)

	_, want := get(t, u.Client(), u.URL+listPath, "seed=b")
	resp, body = get(t, http.DefaultClient, base+listPath+"?marker=x", "seed=b")
	require.Equal(t, http.StatusOK, resp.StatusCode, "a drifting request does not hold back a good response")
	require.Equal(t, want, body)
	require.Equal(t, []contract.RuleID{contract.RuleResponseBodySchema, contract.RuleParametersTogether}, rulesOf(readFindings(t, log.String())))

	resp, body = get(t, http.DefaultClient, base+listPath, "seed=c&items=300&drift=1")
	require.Equal(t, http.StatusOK, resp.StatusCode, "a body over the limit is passed on")
	require.Equal(t, page(300, "cseed", true), body)
}

func TestProxyIsNotAnOpenProxy(t *testing.T) {
	u := startUpstream(t)
	other := startUpstream(t)
	_, base := startProxy(t, u, Options{})
	addr := strings.TrimPrefix(base, "http://")
	for _, line := range []string{
		"GET " + other.URL + listPath + " HTTP/1.1\r\nHost: " + strings.TrimPrefix(other.URL, "http://") + "\r\n\r\n",
		"CONNECT " + strings.TrimPrefix(other.URL, "http://") + " HTTP/1.1\r\nHost: " + strings.TrimPrefix(other.URL, "http://") + "\r\n\r\n",
	} {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
		_, err = c.Write([]byte(line))
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		c.Close()
		require.Equal(t, http.StatusBadRequest, resp.StatusCode, line)
		require.Contains(t, string(body), "forwards only to its upstream")
	}
	require.Empty(t, other.received, "nothing reached the other server")
	require.Empty(t, u.received, "nor the upstream")
}

func TestProxyRecords(t *testing.T) {
	u := startUpstream(t)
	dir := t.TempDir()
	sink, err := traffic.NewFixtureDir(dir)
	require.NoError(t, err)
	p, base := startProxy(t, u, Options{Recorder: &traffic.Recorder{Sink: sink, Origin: "specdrift proxy"}, MaxBody: 100 << 10})
	get(t, http.DefaultClient, base+listPath+"?limit=2&marker=m", "seed=a")
	get(t, http.DefaultClient, base+listPath, "seed=b&items=300") // over the limit: not recorded
	p.Wait()
	data, err := os.ReadFile(filepath.Join(dir, "list-authorisations-200.yaml"))
	require.NoError(t, err)
	fx, ex, err := contract.ReadFixture("rec.yaml", data)
	require.NoError(t, err)
	require.Equal(t, "ListAuthorisations", fx.Operation)
	require.Equal(t, u.URL+listPath+"?limit=2&marker=m", ex.Request.URL)
	require.Equal(t, contract.Marker, ex.Request.Header.Get("X-Auth-Token"))
	require.Equal(t, string(page(1, "aseed", false)), string(ex.Response.Body))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
}

func TestSummaryText(t *testing.T) {
	s := newSummary()
	s.add("GET /a", []contract.Finding{{Rule: "b-rule", Severity: contract.SeverityError}, {Rule: "a-rule", Severity: contract.SeverityWarning}, {Rule: "b-rule", Severity: contract.SeverityError}})
	s.add("(unknown)", []contract.Finding{{Rule: contract.RuleUnknownOperation, Severity: contract.SeverityError}})
	s.add("GET /a", nil)
	var sb strings.Builder
	require.NoError(t, s.clone().WriteText(&sb))
	want := `specdrift proxy: 3 exchanges, 4 findings
  (unknown)                  1 exchanges
    error unknown-operation  1
  GET /a                     2 exchanges
    warning a-rule           1
    error b-rule             2
`
	require.Equal(t, want, sb.String())
	require.Equal(t, 3, s.clone().Failing(contract.SeverityError))
	require.Equal(t, 4, s.clone().Failing(contract.SeverityWarning))
}

// TestSummaryNeverReached checks when the proxy counts as never having
// reached its upstream: requests came, and every one failed to connect.
func TestSummaryNeverReached(t *testing.T) {
	refused := []contract.Finding{{Rule: contract.RuleUpstreamUnreachable, Severity: contract.SeverityError}}
	timedOut := []contract.Finding{{Rule: contract.RuleUpstreamTimeout, Severity: contract.SeverityError}}
	tests := []struct {
		name      string
		exchanges [][]contract.Finding
		want      bool
	}{
		{"no request", nil, false},
		{"every request refused", [][]contract.Finding{refused, refused}, true},
		{"one of two reached it", [][]contract.Finding{refused, nil}, false},
		{"reached, then timed out", [][]contract.Finding{timedOut}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSummary()
			for _, fs := range tt.exchanges {
				s.add("GET /a", fs)
			}
			require.Equal(t, tt.want, s.clone().NeverReached())
		})
	}
}
