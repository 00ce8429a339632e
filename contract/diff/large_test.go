package diff

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/stretchr/testify/require"
)

// TestLargePair runs the large public pair of the benchmark once: every
// change the engine finds is carried, and the four recorded calls come out
// as they must (one untouched, one to a removed endpoint, one without the
// newly required parameter, one over the new limit).
func TestLargePair(t *testing.T) {
	oldData, newData := largePair(t)
	ctx := context.Background()
	loaded, err := LoadPairs(ctx, []Pair{{Service: "pagerduty", Old: &File{Name: "old/pagerduty.json", Data: oldData}, New: &File{Name: "new/pagerduty.json", Data: newData}}})
	require.NoError(t, err)
	res, err := Compare(ctx, loaded, Options{Fixtures: largeFixtures(t)})
	require.NoError(t, err)
	pr := res.Pairs[0]
	require.Equal(t, 4, pr.Exchanges)
	require.Empty(t, pr.Errors)

	l := checker.NewDefaultLocalizer()
	var want, got []string
	for _, c := range oasdiffCheck(t, loaded[0].Old.info, loaded[0].New.info) {
		want = append(want, c.GetId()+" "+strings.TrimSpace(c.GetOperation()+" "+c.GetPath())+" "+c.GetUncolorizedText(l))
	}
	for _, c := range pr.Changes {
		got = append(got, c.Rule+" "+c.Operation+" "+c.Message)
		require.NotEmpty(t, c.Old.File+c.New.File, "%s has no location", c.Rule)
	}
	sort.Strings(want)
	sort.Strings(got)
	require.Greater(t, len(want), 500)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes differ from the engine's (-oasdiff +ours):\n%s", d)
	}

	var rejected []string
	for _, f := range pr.Rejected {
		rejected = append(rejected, string(f.Rule)+" "+f.Source+" "+f.In+" "+f.Pointer)
	}
	sort.Strings(rejected)
	require.Equal(t, []string{
		"request-parameter testdata/large/fixtures/get-alert-grouping-setting-200.yaml:5 request.query region",
		"request-parameter testdata/large/fixtures/list-addons-200.yaml:5 request.query limit",
		"undocumented-response-field testdata/large/fixtures/list-addons-200.yaml:13 response.body /limit",
		"unknown-operation testdata/large/fixtures/escalation-policy-metrics-200.yaml:5 request.url ",
	}, rejected)
}
