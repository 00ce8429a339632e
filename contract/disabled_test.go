package contract_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// statuses is the coverage of each status of each operation, "ID status".
func statuses(c contract.Coverage) map[string]contract.StatusCoverage {
	out := map[string]contract.StatusCoverage{}
	for _, o := range c.Operations {
		for _, s := range o.Statuses {
			out[o.ID+" "+s.Status] = s
		}
	}
	return out
}

// TestDisabledRules checks Options.Disabled: the findings of a disabled
// rule are not reported, and an exchange whose only findings are of
// disabled rules is not counted as drifting in the coverage.
func TestDisabledRules(t *testing.T) {
	tests := []struct {
		name     string
		disabled map[contract.RuleID]bool
		rules    []contract.RuleID // of CreateAuthorisation's fixture
		drifting int               // CreateAuthorisation 201
	}{
		{"none", nil, []contract.RuleID{contract.RuleTimeOrder}, 1},
		{"its only rule", map[contract.RuleID]bool{contract.RuleTimeOrder: true}, nil, 0},
		{"another rule", map[contract.RuleID]bool{contract.RuleDuplicateID: true}, []contract.RuleID{contract.RuleTimeOrder}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := contract.NewValidator(embeddedSpecs(t), contract.Options{Disabled: tt.disabled})
			out := v.ValidateAll(context.Background(), []*contract.Exchange{fixture(t, createAuth), fixture(t, listAuth)}, false)
			require.Empty(t, out.Errors)
			if d := cmp.Diff(tt.rules, rules(out.Findings)); d != "" {
				t.Errorf("rules (-want +got):\n%s", d)
			}
			st := statuses(out.Coverage)
			require.Equal(t, contract.StatusCoverage{Status: "201", Exchanges: 1, Drifting: tt.drifting}, st["CreateAuthorisation 201"])
			require.Equal(t, contract.StatusCoverage{Status: "200", Exchanges: 1}, st["ListAuthorisations 200"], "a clean exchange does not drift")
		})
	}
}

// TestDisabledUnknownOperation: live traffic's unknown-operation finding
// is a rule like the others.
func TestDisabledUnknownOperation(t *testing.T) {
	unknown := fixture(t, listAuth)
	unknown.Request.URL = "https://cc.myhuaweicloud.com/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/nothing"
	unknown.Operation = ""
	v := contract.NewValidator(embeddedSpecs(t), contract.Options{Disabled: map[contract.RuleID]bool{contract.RuleUnknownOperation: true}})
	out := v.ValidateAll(context.Background(), []*contract.Exchange{unknown}, true)
	require.Empty(t, out.Findings)
	require.Empty(t, out.Errors)
}
