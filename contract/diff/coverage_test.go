package diff

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestStatusCoverage tells the statuses the fixtures no longer cover
// (status-coverage-lost) from those the new version adds and no fixture
// covers (status-not-covered); a status no fixture covered under either
// version is neither.
func TestStatusCoverage(t *testing.T) {
	const (
		ok = `        "200":
          description: The permission list has been queried.`
		withMissing = `        "404":
          description: No such domain.
` + ok
		withGap = `        "500":
          description: The service failed.
` + ok
		renamed = "operationId: ListPermissionsV2\n"
	)
	cc := specFile(t, "cloudconnect.yaml")
	tests := []struct {
		name       string
		old, new   File
		lost       []string // "rule operation status"
		notCovered []string
	}{
		{"a status the new version adds", cc, edit(t, cc, "new/cloudconnect.yaml", ok, withMissing),
			nil, []string{"status-not-covered GET /v3/{domain_id}/ccaas/permissions 404"}},
		{"the fixture no longer routes to its renamed operation", cc, edit(t, cc, "new/cloudconnect.yaml", "operationId: ListPermissions\n", renamed),
			[]string{"status-coverage-lost GET /v3/{domain_id}/ccaas/permissions 200"}, nil},
		{"both", cc, edit(t, edit(t, cc, "new/cloudconnect.yaml", ok, withMissing), "new/cloudconnect.yaml", "operationId: ListPermissions\n", renamed),
			[]string{"status-coverage-lost GET /v3/{domain_id}/ccaas/permissions 200"}, []string{"status-not-covered GET /v3/{domain_id}/ccaas/permissions 404"}},
		{"a status no fixture covered before either", edit(t, cc, "old/cloudconnect.yaml", ok, withGap), edit(t, cc, "new/cloudconnect.yaml", ok, withGap),
			nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loaded, err := LoadPairs(context.Background(), []Pair{{Service: "cloudconnect", Old: &tt.old, New: &tt.new}})
			require.NoError(t, err)
			res, err := Compare(context.Background(), loaded, Options{Fixtures: embeddedFixtures(t)})
			require.NoError(t, err)
			pr := res.Pairs[0]
			var lost, notCovered []string
			for _, f := range pr.CoverageLost {
				lost = append(lost, string(f.Rule)+" "+f.Operation+" "+f.Pointer)
			}
			for _, f := range pr.NotCovered {
				notCovered = append(notCovered, string(f.Rule)+" "+f.Operation+" "+f.Pointer)
			}
			require.Empty(t, cmp.Diff(tt.lost, lost), "coverage lost")
			require.Empty(t, cmp.Diff(tt.notCovered, notCovered), "not covered")
			s := res.Summary(0)
			require.Equal(t, len(tt.lost), s.CoverageLost)
			require.Equal(t, len(tt.notCovered), s.NotCovered)
		})
	}
}
