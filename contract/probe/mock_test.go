package probe

import (
	"context"
	"net/http/httptest"
	"net/url"
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/mock"
	"github.com/specdrift/specdrift/contract/outbound"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

func embedded(t testing.TB) ([]*contract.Spec, []*contract.Exchange) {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	recorded, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	require.Empty(t, errs)
	return specs, traffic.Exchanges(recorded)
}

func startMock(t testing.TB) ([]*contract.Spec, *url.URL) {
	t.Helper()
	specs, exs := embedded(t)
	m, err := mock.New(specs, exs, mock.Options{})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	return specs, u
}

// TestMockHuawei probes the mock of the five embedded operations: every
// positive request is accepted, every negative one refused with the
// documented error, so probe reports nothing but the drift of the pages'
// own examples, which the mock serves as recorded and validate reports.
func TestMockHuawei(t *testing.T) {
	specs, u := startMock(t)
	_, exs := embedded(t)
	known := map[string]bool{}
	for _, f := range contract.NewValidator(specs, contract.Options{}).ValidateAll(context.Background(), exs, false).Findings {
		known[string(f.Rule)+" "+f.Operation+" "+f.In+" "+f.Pointer] = true
	}
	for _, creds := range []outbound.Credentials{{Token: "MIIExampleIAMToken"}, {AK: "AKEXAMPLE", SK: "secret"}} {
		res, err := Run(context.Background(), Options{BaseURL: u, Specs: specs, MaxExamples: 250, Seed: 1, AllowWrites: true, Credentials: creds})
		require.NoError(t, err)
		for _, f := range res.Findings {
			if !known[string(f.Rule)+" "+f.Operation+" "+f.In+" "+f.Pointer] {
				t.Errorf("%s %s %s %s: %s", f.Rule, f.Operation, f.In, f.Pointer, f.Message)
			}
		}
		require.Len(t, res.PerOperation, 5)
		for id, n := range res.PerOperation {
			require.GreaterOrEqual(t, n, 200, id)
		}
		require.False(t, res.Stopped || res.OutOfTime)
		t.Logf("sent %d (%d negative) of %d generated; %v", res.Sent, res.Negatives, res.Generated, res.PerOperation)
		require.Greater(t, res.Negatives, 5*40, "negative requests, each refused")
		require.Positive(t, res.Followed, "the list after CreateAuthorisation")
	}
}
