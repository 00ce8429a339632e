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
	out := jsonReport{Tool: r.Tool, FailOn: r.FailOn, Summary: r.Summary(), Findings: nonNil(r.Findings), Accepted: accepted, Errors: r.Errors, Coverage: r.Coverage}
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
