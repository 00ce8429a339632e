package diff

import (
	_ "embed"
	"io"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

//go:embed html/diff.tmpl
var htmlBody string

// htmlDiff is the body of the diff's page: per service, the versions, the
// changes by operation and the impact on the fixtures.
type htmlDiff struct {
	Pairs  []htmlPair
	Errors []string
}

type htmlPair struct {
	Service   string
	Old, New  Side
	Changes   []htmlChangeGroup
	Exchanges int
	Impact    []htmlImpact
	Errors    []string
}

// htmlChangeGroup is the changes of one operation (or section).
type htmlChangeGroup struct {
	Heading string
	Changes []Change
}

// htmlImpact is one list of the fixture impact, by operation.
type htmlImpact struct {
	ID, Title string
	Groups    []htmlFindingGroup
}

type htmlFindingGroup struct {
	Operation string
	Table     report.HTMLTable
}

// writeHTML is the result as a page: the summary line, the changes of each
// service grouped by operation with both locations, then the fixtures the
// new version rejects, the statuses they no longer cover, the new statuses
// none covers and the findings no longer reported, with filters by
// severity and rule over all of them.
func writeHTML(w io.Writer, r *Result, failOn contract.Severity) error {
	s := r.Summary(failOn)
	data := htmlDiff{Errors: r.Errors}
	var all []contract.Finding
	for _, pr := range r.Pairs {
		p := htmlPair{Service: pr.Service, Old: pr.Old, New: pr.New, Exchanges: pr.Exchanges, Errors: pr.Errors}
		for _, c := range pr.Changes {
			h := operationHeading(c, pr.Service)
			if n := len(p.Changes); n == 0 || p.Changes[n-1].Heading != h {
				p.Changes = append(p.Changes, htmlChangeGroup{Heading: h})
			}
			g := &p.Changes[len(p.Changes)-1]
			g.Changes = append(g.Changes, c)
		}
		for _, l := range []struct {
			id, title string
			fs        []contract.Finding
			counted   bool
		}{
			{"rejected", "Fixtures the new version rejects", pr.Rejected, true},
			{"coverage-lost", "Statuses no longer covered", pr.CoverageLost, true},
			{"not-covered", "New statuses no fixture covers", pr.NotCovered, true},
			{"resolved", "No longer reported (the old version's findings the new version does not repeat)", pr.Resolved, false},
		} {
			if len(l.fs) > 0 {
				p.Impact = append(p.Impact, htmlImpact{ID: l.id, Title: l.title, Groups: byOperationHTML(l.fs, l.counted)})
			}
		}
		all = append(all, pr.Findings()...)
		all = append(all, pr.Resolved...)
		data.Pairs = append(data.Pairs, p)
	}
	page := report.HTMLPage{Title: "specdrift diff", Summary: summaryLine(r, failOn), Verdict: report.Verdict(s.Failing, s.Unreadable),
		Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Accepted: s.Accepted, Total: s.Errors + s.Warnings + s.Infos,
		Rules: report.HTMLRules(all), Body: data}
	return report.WriteHTML(w, page, htmlBody)
}

func byOperationHTML(fs []contract.Finding, counted bool) []htmlFindingGroup {
	var out []htmlFindingGroup
	for _, f := range fs {
		if n := len(out); n == 0 || out[n-1].Operation != f.Operation {
			out = append(out, htmlFindingGroup{Operation: f.Operation, Table: report.HTMLTable{New: counted}})
		}
		g := &out[len(out)-1]
		g.Table.Findings = append(g.Table.Findings, f)
	}
	return out
}
