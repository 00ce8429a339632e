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
	Omitted  []Omission         `json:"omitted,omitempty"` // present when findings and accepted are a sample
	Errors   []string           `json:"errors"`
	Coverage *contract.Coverage `json:"coverage,omitempty"`
}

func writeJSON(w io.Writer, r *Report) error {
	// accepted lists what a baseline and what the spec accepts, in one order
	accepted := append(append([]contract.Finding{}, r.Accepted...), r.AcceptedBySpec...)
	sort.SliceStable(accepted, func(i, j int) bool { return less(accepted[i], accepted[j]) })
	out := jsonReport{Tool: r.Tool, FailOn: r.FailOn, Summary: r.Summary(), Findings: nonNil(r.Findings), Accepted: accepted, Omitted: r.Omitted, Errors: r.errorList(), Coverage: listsOf(r.Coverage)}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// ndjsonSummary is the last line of --format ndjson: the json report
// without its lists of findings, which the lines before it carry.
type ndjsonSummary struct {
	Tool     string             `json:"tool"`
	FailOn   contract.Severity  `json:"fail_on"`
	Summary  Summary            `json:"summary"`
	Errors   []string           `json:"errors"`
	Coverage *contract.Coverage `json:"coverage,omitempty"`
}

// writeNDJSON writes each finding on a line, accepted ones with
// "accepted": true, then the summary line. A Collector with a Stream has
// written the findings as they came: its report lists none, and this
// writes the summary line alone.
func writeNDJSON(w io.Writer, r *Report) error {
	for _, list := range []struct {
		fs       []contract.Finding
		accepted bool
	}{{r.Findings, false}, {r.Accepted, true}} {
		for _, f := range list.fs {
			if err := WriteNDJSONFinding(w, f, list.accepted); err != nil {
				return err
			}
		}
	}
	out := ndjsonSummary{Tool: r.Tool, FailOn: r.FailOn, Summary: r.Summary(), Errors: r.errorList(), Coverage: r.Coverage}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	enc := json.NewEncoder(w)
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
