package replay

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/contract/traffic/upstreamtest"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

const (
	testAK = "HPUAEXAMPLEAK"
	testSK = "example-secret-key"
)

var signTime = time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)

func setup(t testing.TB) ([]*contract.Spec, []Case) {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	cases, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	require.Empty(t, errs)
	require.Len(t, cases, 5)
	return specs, cases
}

// live is a stand-in for the real service: it checks the credentials (a
// token, or an SDK-HMAC-SHA256 signature verified with the secret key),
// answers each operation, and remembers what it received.
type live struct {
	*httptest.Server
	mu       sync.Mutex
	got      []*http.Request
	bodies   map[string]string
	inFlight atomic.Int32
	maxIn    atomic.Int32
	delay    time.Duration
}

func startLive(t testing.TB) *live {
	l := &live{bodies: map[string]string{}}
	l.Server = httptest.NewServer(http.HandlerFunc(l.serve))
	t.Cleanup(l.Close)
	return l
}

func (l *live) serve(w http.ResponseWriter, r *http.Request) {
	n := l.inFlight.Add(1)
	defer l.inFlight.Add(-1)
	for {
		m := l.maxIn.Load()
		if n <= m || l.maxIn.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(l.delay)
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	l.mu.Lock()
	l.got = append(l.got, r)
	l.bodies[r.Method+" "+r.URL.Path] = string(body)
	l.mu.Unlock()
	switch {
	case r.Header.Get("X-Auth-Token") == "live-token":
	case r.Header.Get("Authorization") != "":
		if err := sign.Verify(r, testSK, signTime, 0); err != nil {
			http.Error(w, `{"error_code":"APIGW.0301","error_msg":"`+err.Error()+`"}`, http.StatusUnauthorized)
			return
		}
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}`))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/authorisations"):
		w.Write([]byte(`{"request_id":"r1","authorisations":[],"page_info":{"current_count":0}}`))
	case r.Method == "GET" && strings.HasSuffix(r.URL.Path, "/permissions"):
		w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[{"id":"p","created_at":"yesterday"}]}`))
	case r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/authorisations"):
		w.WriteHeader(201)
		w.Write([]byte(`{"request_id":"r2","authorisation":{"id":"a","created_at":"2023-09-20T08:03:51Z","updated_at":"2023-09-20T08:03:51Z"}}`))
	case r.Method == "POST":
		w.Header().Del("Content-Type")
		w.WriteHeader(204)
	default:
		w.Write([]byte(`{"error_code":"x","error_msg":"y"}`))
	}
}

func (l *live) requests() []*http.Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]*http.Request(nil), l.got...)
	sort.Slice(out, func(i, j int) bool { return out[i].Method+out[i].URL.Path < out[j].Method+out[j].URL.Path })
	return out
}

func mustURL(t testing.TB, raw string) *url.URL {
	u, err := url.Parse(raw)
	require.NoError(t, err)
	return u
}

func TestReplayWithTokenSkipsWrites(t *testing.T) {
	specs, cases := setup(t)
	l := startLive(t)
	res, err := Run(context.Background(), cases, Options{BaseURL: mustURL(t, l.URL+"/gw/"), Specs: specs, Token: "live-token",
		Vars: map[string]string{"domain_id": "ffeeddccbbaa99887766554433221100", "region": "unused"}})
	require.NoError(t, err)

	var paths []string
	for _, r := range l.requests() {
		paths = append(paths, r.Method+" "+r.URL.RequestURI())
		require.Equal(t, "live-token", r.Header.Get("X-Auth-Token"))
	}
	want := []string{
		"GET /gw/v3/ffeeddccbbaa99887766554433221100/ccaas/authorisations",
		"GET /gw/v3/ffeeddccbbaa99887766554433221100/ccaas/permissions",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	var skipped []string
	for _, f := range res.Findings {
		require.Equal(t, contract.RuleReplaySkipped, f.Rule)
		require.Equal(t, contract.SeverityInfo, f.Severity)
		skipped = append(skipped, f.Source)
	}
	require.Equal(t, []string{
		"fixtures/cloudconnect/create-authorisation-201.yaml:11",
		"fixtures/dataarts/authorize-action-api-to-instance-204.yaml:12",
		"fixtures/servicetickets/confirm-authorizations-200.yaml:10",
	}, skipped)
	require.Len(t, res.Exchanges, 2)
	require.Equal(t, []string{"region"}, res.UnusedVars)
	require.Zero(t, res.Unreachable)

	out := contract.NewValidator(specs, contract.Options{}).ValidateAll(context.Background(), res.Exchanges, false)
	require.Empty(t, out.Errors)
	var rules []string
	for _, f := range out.Findings {
		rules = append(rules, string(f.Rule)+" "+f.Source+" "+f.Pointer)
	}
	require.Equal(t, []string{"response-body-schema fixtures/cloudconnect/list-permissions-200.yaml#replay /permissions/0/created_at"}, rules)
}

func TestReplaySignsWithAKSK(t *testing.T) {
	specs, cases := setup(t)
	l := startLive(t)
	res, err := Run(context.Background(), cases, Options{BaseURL: mustURL(t, l.URL), Specs: specs, AK: testAK, SK: testSK, AllowWrites: true,
		Now: func() time.Time { return signTime }, Vars: map[string]string{"workspace": "ws-live", "project_id": "proj-live-0001"}})
	require.NoError(t, err)
	require.Empty(t, res.Findings)
	reqs := l.requests()
	require.Len(t, reqs, 5)
	for _, r := range reqs {
		require.Empty(t, r.Header.Get("X-Auth-Token"), "the recorded token is not sent")
		a, err := sign.Parse(r.Header.Get("Authorization"))
		require.NoError(t, err)
		require.Equal(t, testAK, a.Access)
	}
	for _, ex := range res.Exchanges {
		require.NotEqual(t, 401, ex.Response.Status, "%s %s: %s", ex.Request.Method, ex.Request.URL, ex.Response.Body)
		require.True(t, sign.LooksSigned(ex.Request.Header), "the exchange shows the signed request")
	}
	var dataarts *http.Request
	for _, r := range reqs {
		if strings.Contains(r.URL.Path, "/service/apis/") {
			dataarts = r
		}
	}
	require.Equal(t, "/v1/proj-live-0001/service/apis/authorize/action", dataarts.URL.Path, "a path parameter by name")
	require.Equal(t, "ws-live", dataarts.Header.Get("workspace"), "a placeholder in a header")
	l.mu.Lock()
	require.Contains(t, l.bodies["PUT /v2/servicerequest/authorizations/Auth-123456"], `"password" : "test"`, "the body goes as recorded")
	l.mu.Unlock()
}

func TestReplayFaults(t *testing.T) {
	specs, cases := setup(t)
	tests := []struct {
		fault upstreamtest.Fault
		rule  contract.RuleID
	}{
		{upstreamtest.Refuse, contract.RuleUpstreamUnreachable},
		{upstreamtest.Hang, contract.RuleUpstreamTimeout},
		{upstreamtest.Reset, contract.RuleUpstreamReset},
		{upstreamtest.Truncate, contract.RuleUpstreamReset},
		{upstreamtest.NotHTTP, contract.RuleUpstreamNotHTTP},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			base := upstreamtest.Start(t, tt.fault)
			res, err := Run(context.Background(), cases, Options{BaseURL: mustURL(t, base), Specs: specs, Timeout: 300 * time.Millisecond, Operations: []string{"listauthorisations", "ListPermissions"}})
			require.NoError(t, err)
			require.Len(t, res.Exchanges, 2)
			require.Len(t, res.Findings, 2)
			for i, f := range res.Findings {
				require.Equal(t, tt.rule, f.Rule)
				require.Nil(t, res.Exchanges[i].Response)
				require.True(t, strings.HasPrefix(f.Operation, "GET /v3/{domain_id}/ccaas/"), f.Operation)
			}
			if tt.fault == upstreamtest.Refuse {
				require.Equal(t, 2, res.Unreachable)
			} else {
				require.Zero(t, res.Unreachable)
			}
		})
	}
}

func TestReplayConcurrencyIsBounded(t *testing.T) {
	specs, cases := setup(t)
	var many []Case
	for i := 0; i < 12; i++ {
		many = append(many, cases...)
	}
	l := startLive(t)
	l.delay = 20 * time.Millisecond
	res, err := Run(context.Background(), many, Options{BaseURL: mustURL(t, l.URL), Specs: specs, Token: "live-token", Concurrency: 3, AllowWrites: true})
	require.NoError(t, err)
	require.Len(t, res.Exchanges, 60)
	require.Equal(t, int32(3), l.maxIn.Load())
	for i, ex := range res.Exchanges {
		require.Equal(t, many[i].Exchange.Source.Name, ex.Source.Name, "results keep the order of the cases")
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	specs, cases := setup(t)
	base := mustURL(t, "http://127.0.0.1:1")
	tests := []struct {
		opts Options
		err  string
	}{
		{Options{BaseURL: mustURL(t, "ftp://x")}, "the base URL must be an http or https URL with a host"},
		{Options{BaseURL: mustURL(t, "/relative")}, "the base URL must be an http or https URL with a host"},
		{Options{BaseURL: base, Token: "t", AK: "a", SK: "s"}, "give a token or an AK/SK pair, not both"},
		{Options{BaseURL: base, AK: "a"}, "AK/SK signing needs both the access key and the secret key"},
	}
	for _, tt := range tests {
		tt.opts.Specs = specs
		_, err := Run(context.Background(), cases, tt.opts)
		require.EqualError(t, err, tt.err)
	}
}

func TestReplayBadCaseAndCancel(t *testing.T) {
	specs, cases := setup(t)
	l := startLive(t)
	bad := *cases[1].Exchange
	bad.Request.URL = "http://[::1"
	in := []Case{{Exchange: &bad}, cases[2]}
	res, err := Run(context.Background(), in, Options{BaseURL: mustURL(t, l.URL), Specs: specs, Token: "live-token"})
	require.NoError(t, err)
	require.Len(t, res.Exchanges, 1, "the good case is still replayed")
	require.Len(t, res.Errors, 1)
	require.Contains(t, res.Errors[0].Error(), `fixtures/cloudconnect/list-authorisations-200.yaml:13: request url "http://[::1" not sent`)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Run(ctx, cases, Options{BaseURL: mustURL(t, l.URL), Specs: specs})
	require.ErrorIs(t, err, context.Canceled)
}
