package contract

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

func TestSourceFile(t *testing.T) {
	tests := map[string]string{
		"fixtures/a.yaml":              "fixtures/a.yaml",
		"fixtures/a.yaml:12":           "fixtures/a.yaml",
		"fixtures/a.yaml#replay":       "fixtures/a.yaml",
		"log.ndjson#line 7":            "log.ndjson",
		"log.ndjson#line 7:3":          "log.ndjson",
		"t.har#entries/2":              "t.har",
		"/v3/x/ccaas/perms#exchange 5": "/v3/x/ccaas/perms",
		"#odd":                         "#odd",
	}
	for src, want := range tests {
		require.Equal(t, want, SourceFile(src), src)
	}
}

// TestBaselineKeyIgnoresHowTheExchangeWasObtained: a baseline written from
// the findings of fixtures accepts the same findings when the fixtures'
// requests were replayed, and one written from a log accepts the same
// drift on other lines of it; a finding of another file, rule or place is
// new.
func TestBaselineKeyIgnoresHowTheExchangeWasObtained(t *testing.T) {
	f := func(rule RuleID, src, ptr string) Finding {
		return Finding{Rule: rule, Operation: "GET /v3/{domain_id}/ccaas/authorisations", Source: src, In: "response.body", Pointer: ptr, Message: "m " + src}
	}
	b := NewBaseline([]Finding{
		f(RuleResponseBodySchema, "fixtures/a.yaml:12", "/x"),
		f(RuleResponseBodySchema, "fixtures/a.yaml:14", "/x"), // the same key
		f(RuleResponseBodySchema, "log.ndjson#line 3", "/x"),
	})
	want := []BaselineEntry{
		{Rule: RuleResponseBodySchema, Operation: "GET /v3/{domain_id}/ccaas/authorisations", Source: "fixtures/a.yaml", In: "response.body", Pointer: "/x", Message: "m fixtures/a.yaml:12"},
		{Rule: RuleResponseBodySchema, Operation: "GET /v3/{domain_id}/ccaas/authorisations", Source: "log.ndjson", In: "response.body", Pointer: "/x", Message: "m log.ndjson#line 3"},
	}
	if diff := cmp.Diff(want, b.Accepted); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	fresh, accepted := b.Split([]Finding{
		f(RuleResponseBodySchema, "fixtures/a.yaml#replay", "/x"),
		f(RuleResponseBodySchema, "log.ndjson#line 90", "/x"),
		f(RuleResponseBodySchema, "fixtures/b.yaml#replay", "/x"),
		f(RuleUndocumentedResponseField, "fixtures/a.yaml#replay", "/x"),
		f(RuleResponseBodySchema, "fixtures/a.yaml#replay", "/y"),
	})
	require.Equal(t, []string{"fixtures/a.yaml#replay", "log.ndjson#line 90"}, sources(accepted))
	require.Equal(t, []string{"fixtures/b.yaml#replay", "fixtures/a.yaml#replay", "fixtures/a.yaml#replay"}, sources(fresh))

	// baselines written before keep matching: their sources had the entry
	old := &Baseline{Accepted: []BaselineEntry{{Rule: RuleResponseBodySchema, Operation: "GET /v3/{domain_id}/ccaas/authorisations", Source: "log.ndjson#line 3", In: "response.body", Pointer: "/x"}}}
	_, accepted = old.Split([]Finding{f(RuleResponseBodySchema, "log.ndjson#line 3", "/x")})
	require.Len(t, accepted, 1)
}

func sources(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Source)
	}
	return out
}
