package diff

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// Result is what comparing the pairs found.
type Result struct {
	Pairs    []*PairResult
	Accepted int      // findings a baseline accepted (see Accept), left out of Pairs
	Errors   []string // inputs of no one pair that could not be read: fixture files
	// Revisions are the labels of the git revisions files were read at
	// (Git.Files names them "label:path"). The formats CI systems read name
	// such a file by its path alone, the file of the working tree, so that
	// annotations land on it; the text, markdown and json reports keep the
	// revision.
	Revisions []string
	// Color has the text report colour levels and the verdict (ANSI), for
	// a terminal.
	Color bool
}

// Side describes one version of a pair in a report.
type Side struct {
	File       string `json:"file,omitempty"` // "" when the version has no such service
	Title      string `json:"title,omitempty"`
	DocVersion string `json:"doc_version,omitempty"`
	Pages      []Page `json:"pages,omitempty"`
}

// PairResult is the comparison of one service's two versions.
type PairResult struct {
	Service string `json:"service"`
	Old     Side   `json:"old"`
	New     Side   `json:"new"`
	// Changes are oasdiff's, most severe first.
	Changes []Change `json:"changes"`
	// Exchanges counts the fixtures that belong to the old version.
	Exchanges int `json:"exchanges"`
	// Rejected are findings the new version reports on those fixtures and
	// the old one did not.
	Rejected []contract.Finding `json:"rejected"`
	// Resolved are findings the old version reported and the new one does not.
	Resolved []contract.Finding `json:"resolved"`
	// CoverageLost are documented statuses the fixtures covered under the
	// old version that no fixture exercises under the new one.
	CoverageLost []contract.Finding `json:"coverage_lost"`
	// NotCovered are statuses the new version adds that no fixture
	// exercises.
	NotCovered []contract.Finding `json:"not_covered"`
	// Errors are fixtures that could not be checked.
	Errors []string `json:"errors"`
	// Problems are the new version's own faults (contract.Spec.Problems):
	// examples that break their schemas, ambiguous paths.
	Problems []contract.Finding `json:"problems,omitempty"`
}

// Findings is everything the pair reports as findings: each change (the
// oasdiff rule ID as the rule, its level as the severity, the new location
// as the source and the old one as the spec location), each rejection, each
// status no longer covered, each new status no fixture covers and each
// problem of the new version.
func (pr *PairResult) Findings() []contract.Finding {
	out := make([]contract.Finding, 0, len(pr.Changes)+len(pr.Rejected)+len(pr.CoverageLost)+len(pr.NotCovered)+len(pr.Problems))
	for _, c := range pr.Changes {
		out = append(out, c.Finding(pr.Service))
	}
	out = append(out, pr.Rejected...)
	out = append(out, pr.CoverageLost...)
	out = append(out, pr.NotCovered...)
	return append(out, pr.Problems...)
}

// Finding carries a change as a finding. The source is where the change is
// in the new version (else the old one), so that CI annotations land on the
// lines a pull request changed; the spec location is where it was.
func (c Change) Finding(service string) contract.Finding {
	f := contract.Finding{
		Rule:      contract.RuleID(c.Rule),
		Severity:  c.Severity,
		Operation: c.Operation,
		In:        "spec",
		Pointer:   c.Fingerprint,
		Message:   c.Message,
	}
	if f.Operation == "" {
		f.Operation = service + " " + c.Section
	}
	switch {
	case c.New.File != "":
		f.Source = sourceOf(c.New)
		f.Spec = c.Old
	default:
		f.Source = sourceOf(c.Old)
	}
	if c.Comment != "" {
		f.Message += " (" + c.Comment + ")"
	}
	return f
}

// workingTree drops the revision label from a name that starts with one
// ("label:path:12" → "path:12").
func (r *Result) workingTree(name string) string {
	for _, rev := range r.Revisions {
		if rest, ok := strings.CutPrefix(name, rev+":"); ok {
			return rest
		}
	}
	return name
}

func sourceOf(l contract.Location) string {
	if l.Line > 0 {
		return fmt.Sprintf("%s:%d", l.File, l.Line)
	}
	return l.File
}

// Report is the result as a report.Report, for the formats CI systems read:
// files read at a revision are named by their path in the working tree.
func (r *Result) Report(failOn contract.Severity) *report.Report {
	rep := &report.Report{Tool: "diff", FailOn: failOn}
	for _, e := range r.Errors {
		rep.Errors = append(rep.Errors, r.workingTree(e))
	}
	for _, pr := range r.Pairs {
		for _, f := range pr.Findings() {
			f.Source = r.workingTree(f.Source)
			rep.Findings = append(rep.Findings, f)
		}
		for _, e := range pr.Errors {
			rep.Errors = append(rep.Errors, r.workingTree(e))
		}
	}
	return rep
}

// Accept drops the findings a baseline accepts, by their keys, and returns
// how many it dropped.
func (r *Result) Accept(b *contract.Baseline) int {
	if b == nil {
		return 0
	}
	// a baseline names files by their working-tree path, as Report does,
	// so that it holds when the revision it was written at moves on
	key := func(f contract.Finding) string {
		f.Source = r.workingTree(f.Source)
		return f.Key()
	}
	n := 0
	for _, pr := range r.Pairs {
		fs := pr.Findings()
		named := make([]contract.Finding, len(fs))
		for i, f := range fs {
			named[i] = f
			named[i].Source = r.workingTree(f.Source)
		}
		_, accepted := b.Split(named)
		if len(accepted) == 0 {
			continue
		}
		n += len(accepted)
		r.Accepted += len(accepted)
		drop := keys(accepted)
		keep := func(f contract.Finding) bool { return !drop[key(f)] }
		pr.Changes = filter(pr.Changes, func(c Change) bool { return keep(c.Finding(pr.Service)) })
		pr.Rejected = filter(pr.Rejected, keep)
		pr.CoverageLost = filter(pr.CoverageLost, keep)
		pr.NotCovered = filter(pr.NotCovered, keep)
		pr.Problems = filter(pr.Problems, keep)
	}
	return n
}

func filter[T any](in []T, keep func(T) bool) []T {
	out := in[:0]
	for _, x := range in {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Sort orders everything so that every format is deterministic: changes by
// operation, then as oasdiff ranks them; findings by operation, source and
// place.
func (r *Result) Sort() {
	for _, pr := range r.Pairs {
		sort.SliceStable(pr.Changes, func(i, j int) bool { return pr.Changes[i].Operation < pr.Changes[j].Operation })
		for _, fs := range [][]contract.Finding{pr.Rejected, pr.Resolved, pr.CoverageLost, pr.NotCovered, pr.Problems} {
			rep := report.Report{Findings: fs}
			rep.Sort()
		}
		sort.Strings(pr.Errors)
	}
	sort.Strings(r.Errors)
}
