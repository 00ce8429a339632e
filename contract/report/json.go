package report

import (
	"encoding/json"
	"io"
	"sort"

	"github.com/specdrift/specdrift/contract"
)

type jsonReport struct {
	Tool     string             `json:"tool"`
	FailOn   contract.Severity  `json:"fail_on"`
	Summary  Summary            `json:"summary"`
	Findings []contract.Finding `json:"findings"`
	Accepted []contract.Finding `json:"accepted"`
	Errors   []string           `json:"errors"`
	Coverage *contract.Coverage `json:"coverage,omitempty"`
}

func writeJSON(w io.Writer, r *Report) error {
	// accepted lists what a baseline and what the spec accepts, in one order
	accepted := append(append([]contract.Finding{}, r.Accepted...), r.AcceptedBySpec...)
	sort.SliceStable(accepted, func(i, j int) bool { return less(accepted[i], accepted[j]) })
	out := jsonReport{Tool: r.Tool, FailOn: r.FailOn, Summary: r.Summary(), Findings: nonNil(r.Findings), Accepted: accepted, Errors: r.Errors, Coverage: listsOf(r.Coverage)}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func nonNil(fs []contract.Finding) []contract.Finding {
	if fs == nil {
		return []contract.Finding{}
	}
	return fs
}

// listsOf is a copy of the coverage whose empty lists are empty, not nil, so
// that they are written as [] and never as null.
func listsOf(c *contract.Coverage) *contract.Coverage {
	if c == nil {
		return nil
	}
	out := *c
	out.Operations = append([]contract.OperationCoverage{}, c.Operations...)
	for i := range out.Operations {
		o := &out.Operations[i]
		o.Sources = append([]string{}, o.Sources...)
		o.Statuses = append([]contract.StatusCoverage{}, o.Statuses...)
	}
	out.Bodies.Skipped = append([]contract.BodySkip{}, c.Bodies.Skipped...)
	return &out
}
