package replay

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/traffic"
)

// Operations names operations the specs define; what it selects, and what
// it selects nothing for, is in the result.
func TestReplayOperations(t *testing.T) {
	specs, cases := setup(t)
	l := startLive(t)
	tests := []struct {
		name       string
		ops        []string
		unknown    string // the operation an UnknownOperationError names
		exchanges  int
		skipped    int
		unselected []string
	}{
		{"all", nil, "", 2, 3, nil},
		{"one read, any case", []string{"listpermissions"}, "", 1, 0, nil},
		{"one write", []string{"CreateAuthorisation"}, "", 0, 1, nil},
		{"a typo", []string{"ListPermissions", "ListPermisions"}, "ListPermisions", 0, 0, nil},
		{"an operation without a case", []string{"ListPermissions", "ListAuthorisations"}, "", 1, 0, []string{"ListAuthorisations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := cases
			if tt.unselected != nil {
				in = nil
				for _, c := range cases {
					if c.Exchange.Operation != "ListAuthorisations" {
						in = append(in, c)
					}
				}
			}
			res, err := Run(context.Background(), in, Options{BaseURL: mustURL(t, l.URL), Specs: specs, Token: "live-token", Operations: tt.ops})
			if tt.unknown != "" {
				var ue *UnknownOperationError
				require.True(t, errors.As(err, &ue), "%v", err)
				require.Equal(t, tt.unknown, ue.Operation)
				require.Equal(t, []string{"AuthorizeActionApiToInstance", "ConfirmAuthorizations", "CreateAuthorisation", "ListAuthorisations", "ListPermissions"}, ue.Known)
				require.EqualError(t, err, "ListPermisions: no spec defines this operation (the specs define AuthorizeActionApiToInstance, ConfirmAuthorizations, CreateAuthorisation, ListAuthorisations, ListPermissions)")
				return
			}
			require.NoError(t, err)
			require.Len(t, res.Exchanges, tt.exchanges)
			require.Equal(t, tt.skipped, res.Skipped)
			require.Equal(t, tt.unselected, res.Unselected)
		})
	}
}

// An exchange that names no operation (a HAR entry) is of the operation its
// request routes to: --operation selects it and its path parameters are
// replaced.
func TestReplayUnnamedExchanges(t *testing.T) {
	specs, cases := setup(t)
	var buf bytes.Buffer
	w := traffic.NewHARWriter(&buf, "test", "1")
	for _, c := range cases {
		require.NoError(t, w.Write(traffic.Record{Exchange: c.Exchange}))
	}
	require.NoError(t, w.Close())
	entries, errs := traffic.ReadFixtureFile("rec.har", buf.Bytes())
	require.Empty(t, errs)
	require.Len(t, entries, 5)
	require.Empty(t, entries[0].Exchange.Operation)

	l := startLive(t)
	res, err := Run(context.Background(), entries, Options{BaseURL: mustURL(t, l.URL), Specs: specs, Token: "live-token",
		Operations: []string{"ListPermissions"}, Vars: map[string]string{"domain_id": "ffeeddccbbaa99887766554433221100"}})
	require.NoError(t, err)
	require.Empty(t, res.Unselected)
	require.Len(t, res.Exchanges, 1)
	require.Equal(t, "ListPermissions", res.Exchanges[0].Operation)
	require.Equal(t, "/v3/ffeeddccbbaa99887766554433221100/ccaas/permissions", res.Exchanges[0].Request.URL)
	require.Empty(t, res.UnusedVars)
}

func TestVarNames(t *testing.T) {
	specs, cases := setup(t)
	want := []string{"authorization_id", "cc_endpoint", "domain_id", "endpoint", "project_id", "workspace"}
	if d := cmp.Diff(want, VarNames(cases, specs)); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
}
