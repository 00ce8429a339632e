package diff

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestApplyRules: a severity override reaches the changes and the fixture
// findings, and a disabled rule drops them, from the lists and the counts.
func TestApplyRules(t *testing.T) {
	res := comparePairDir(t, filepath.Join("testdata", "pairs", "07-success-status-changed"), embeddedFixtures(t))
	before := res.Summary(contract.SeverityError)
	require.Equal(t, Summary{Services: 1, Changes: 2, Breaking: 1, Exchanges: 3, Rejected: 1, NotCovered: 1, Errors: 2, Infos: 2, Failing: 2}, before)

	res.ApplyRules(
		map[contract.RuleID]contract.Severity{"response-success-status-added": contract.SeverityWarning, contract.RuleStatusNotCovered: contract.SeverityError},
		map[contract.RuleID]bool{contract.RuleUndocumentedStatus: true})
	pr := res.Pairs[0]
	require.Empty(t, pr.Rejected)
	require.Equal(t, contract.SeverityError, pr.NotCovered[0].Severity)
	var levels []string
	for _, c := range pr.Changes {
		levels = append(levels, c.Rule+" "+c.Severity.String())
	}
	slices.Sort(levels)
	require.Equal(t, []string{"response-success-status-added warning", "response-success-status-removed error"}, levels)
	require.Equal(t, Summary{Services: 1, Changes: 2, Breaking: 1, Exchanges: 3, NotCovered: 1, Errors: 2, Warnings: 1, Failing: 2}, res.Summary(contract.SeverityError))
}

func TestRuleIDs(t *testing.T) {
	ids := RuleIDs()
	require.Contains(t, ids, "response-success-status-removed")
	require.Contains(t, ids, "request-parameter-became-required")
	require.True(t, slices.IsSorted(ids))
}
