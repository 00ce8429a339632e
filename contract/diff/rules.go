package diff

import (
	"sort"

	"github.com/oasdiff/oasdiff/checker"

	"github.com/specdrift/specdrift/contract"
)

// RuleIDs lists the rule IDs of the changes a comparison reports (the
// oasdiff engine's), sorted.
func RuleIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range checker.GetAllRules() {
		if !seen[r.Id] {
			seen[r.Id] = true
			out = append(out, r.Id)
		}
	}
	sort.Strings(out)
	return out
}

// ApplyRules gives the changes and findings of rules in severity that
// severity, and drops those of the rules disabled, as validate does with
// contract.Options.
func (r *Result) ApplyRules(severity map[contract.RuleID]contract.Severity, disabled map[contract.RuleID]bool) {
	if len(severity) == 0 && len(disabled) == 0 {
		return
	}
	keep := func(f *contract.Finding) bool {
		if disabled[f.Rule] {
			return false
		}
		if s, ok := severity[f.Rule]; ok {
			f.Severity = s
		}
		return true
	}
	apply := func(fs []contract.Finding) []contract.Finding {
		out := fs[:0]
		for _, f := range fs {
			if keep(&f) {
				out = append(out, f)
			}
		}
		return out
	}
	for _, pr := range r.Pairs {
		changes := pr.Changes[:0]
		for _, c := range pr.Changes {
			f := contract.Finding{Rule: contract.RuleID(c.Rule), Severity: c.Severity}
			if keep(&f) {
				c.Severity = f.Severity
				changes = append(changes, c)
			}
		}
		pr.Changes = changes
		pr.Rejected = apply(pr.Rejected)
		pr.Resolved = apply(pr.Resolved)
		pr.CoverageLost = apply(pr.CoverageLost)
		pr.NotCovered = apply(pr.NotCovered)
	}
}
