// Package report renders specdrift's findings in the formats CI systems
// read: text, json, junit, sarif, github and markdown, and a page for a
// browser (html). Every format renders the same Report, sorted and
// byte-deterministic.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// Formats lists the output formats, the default first.
var Formats = []string{"text", "json", "junit", "sarif", "github", "markdown", "ndjson", "html"}

// Report is everything one run has to say. A report built by a Collector
// lists a bounded sample of its findings, says in Omitted what it leaves
// out, and carries its exact Counts.
type Report struct {
	Tool     string             // "validate", "replay", "diff", ...
	FailOn   contract.Severity  // findings at or above this fail the run
	Findings []contract.Finding // new findings
	Accepted []contract.Finding // findings a baseline accepts
	// AcceptedBySpec are findings the spec itself records as deliberate
	// (x-specdrift-deviation, x-specdrift-completed-from), with no baseline.
	AcceptedBySpec []contract.Finding
	Errors         []string           // inputs that could not be read or checked
	MoreErrors     int                // inputs that could not be checked beyond those listed in Errors
	Coverage       *contract.Coverage // nil when the run has no exchanges
	Omitted        []Omission         // findings counted but not listed; nil when every one is listed
	Counts         *Counts            // the exact counts; nil: count the lists
	Color          bool               // the text format colours severities and the verdict (ANSI), for a terminal
}

// Summary counts the findings by severity.
type Summary struct {
	Exchanges  int `json:"exchanges"`
	Operations int `json:"operations"`
	Covered    int `json:"operations_covered"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	Accepted   int `json:"accepted"`         // by a baseline or by the spec
	BySpec     int `json:"accepted_by_spec"` // of those, by the spec
	Unreadable int `json:"unreadable"`
	Failing    int `json:"failing"` // new findings at or above FailOn
}

// Summary computes the counts.
func (r *Report) Summary() Summary {
	s := Summary{Accepted: len(r.Accepted) + len(r.AcceptedBySpec), BySpec: len(r.AcceptedBySpec), Unreadable: len(r.Errors) + r.MoreErrors}
	if r.Coverage != nil {
		s.Exchanges, s.Operations, s.Covered = r.Coverage.Exchanges, len(r.Coverage.Operations), r.Coverage.Covered()
	}
	if c := r.Counts; c != nil {
		s.Errors, s.Warnings, s.Infos, s.Accepted, s.BySpec, s.Failing = c.Errors, c.Warnings, c.Infos, c.Accepted, c.BySpec, c.Failing
		return s
	}
	for _, f := range r.Findings {
		switch f.Severity {
		case contract.SeverityError:
			s.Errors++
		case contract.SeverityWarning:
			s.Warnings++
		default:
			s.Infos++
		}
		if f.Severity >= r.FailOn {
			s.Failing++
		}
	}
	return s
}

// Sort orders findings by operation, source, place and rule, so that every
// format is deterministic.
func (r *Report) Sort() {
	for _, fs := range [][]contract.Finding{r.Findings, r.Accepted, r.AcceptedBySpec} {
		sort.SliceStable(fs, func(i, j int) bool { return less(fs[i], fs[j]) })
	}
	sort.Strings(r.Errors)
}

func less(a, b contract.Finding) bool {
	ka := []string{a.Operation, fileOf(a.Source), a.In, a.Pointer, string(a.Rule), a.Message}
	kb := []string{b.Operation, fileOf(b.Source), b.In, b.Pointer, string(b.Rule), b.Message}
	for i := range ka {
		if ka[i] != kb[i] {
			return ka[i] < kb[i]
		}
	}
	return false
}

// Write renders the report in format.
func Write(w io.Writer, r *Report, format string) error {
	r.Sort()
	switch format {
	case "", "text":
		return writeText(w, r)
	case "json":
		return writeJSON(w, r)
	case "junit":
		return writeJUnit(w, r)
	case "sarif":
		return writeSARIF(w, r)
	case "github":
		return writeGitHub(w, r)
	case "markdown":
		return writeMarkdown(w, r)
	case "ndjson":
		return writeNDJSON(w, r)
	case "html":
		return writeHTML(w, r)
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats, ", "))
}

// errorList is the errors to list, with a last line for those not listed.
func (r *Report) errorList() []string {
	if r.MoreErrors == 0 {
		return r.Errors
	}
	return append(r.Errors[:len(r.Errors):len(r.Errors)], fmt.Sprintf("and %d more inputs that could not be checked", r.MoreErrors))
}

// omitted returns the omissions of the new findings (accepted false) or
// the accepted ones, of operation op ("" for those of no operation).
func (r *Report) omitted(op string, accepted bool) []Omission {
	var out []Omission
	for _, o := range r.Omitted {
		if o.Operation == op && o.Accepted == accepted {
			out = append(out, o)
		}
	}
	return out
}

// byOperation groups findings by operation, in order.
func byOperation(fs []contract.Finding) (ops []string, groups map[string][]contract.Finding) {
	groups = map[string][]contract.Finding{}
	for _, f := range fs {
		if _, ok := groups[f.Operation]; !ok {
			ops = append(ops, f.Operation)
		}
		groups[f.Operation] = append(groups[f.Operation], f)
	}
	return ops, groups
}

// fileOf is the file of a source, without line or entry.
func fileOf(src string) string { return contract.SourceFile(src) }

func lineOf(src string) int {
	_, n := contract.SplitSource(src)
	return n
}
