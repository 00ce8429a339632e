package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// Summary counts what a comparison found. Errors, Warnings and Infos count
// every finding (changes, rejections, statuses no longer covered, new
// statuses no fixture covers) by severity; Failing those at or above the
// fail-on severity.
type Summary struct {
	Services     int `json:"services"`
	Changes      int `json:"changes"`
	Breaking     int `json:"breaking"` // changes at the error level
	Exchanges    int `json:"exchanges"`
	Rejected     int `json:"rejected"`
	CoverageLost int `json:"coverage_lost"`
	NotCovered   int `json:"not_covered"`
	Resolved     int `json:"resolved"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Infos        int `json:"infos"`
	Accepted     int `json:"accepted"`
	Unreadable   int `json:"unreadable"`
	Failing      int `json:"failing"`
}

// Summary computes the counts.
func (r *Result) Summary(failOn contract.Severity) Summary {
	rs := r.Report(failOn).Summary()
	s := Summary{Services: len(r.Pairs), Errors: rs.Errors, Warnings: rs.Warnings, Infos: rs.Infos,
		Accepted: r.Accepted, Unreadable: rs.Unreadable, Failing: rs.Failing}
	for _, pr := range r.Pairs {
		s.Changes += len(pr.Changes)
		for _, c := range pr.Changes {
			if c.Severity == contract.SeverityError {
				s.Breaking++
			}
		}
		s.Exchanges += pr.Exchanges
		s.Rejected += len(pr.Rejected)
		s.CoverageLost += len(pr.CoverageLost)
		s.NotCovered += len(pr.NotCovered)
		s.Resolved += len(pr.Resolved)
	}
	return s
}

// Write renders the result: text (for a person), markdown (a pull request
// comment), html (a page for a browser) and json in the diff's own shape;
// junit, sarif and github as the findings of Result.Report.
func Write(w io.Writer, r *Result, format string, failOn contract.Severity) error {
	r.Sort()
	switch format {
	case "", "text":
		return writeText(w, r, failOn)
	case "markdown":
		return writeMarkdown(w, r, failOn)
	case "json":
		return writeJSON(w, r, failOn)
	case "html":
		return writeHTML(w, r, failOn)
	}
	return report.Write(w, r.Report(failOn), format)
}

func summaryLine(r *Result, failOn contract.Severity) string {
	s := r.Summary(failOn)
	notCovered := ""
	if s.NotCovered > 0 {
		notCovered = fmt.Sprintf(", %d new status(es) no fixture covers", s.NotCovered)
	}
	out := fmt.Sprintf("diff: %d service(s), %d change(s) (%d breaking); %d fixture(s) checked: %d finding(s) the new version adds, %d status(es) no longer covered%s, %d finding(s) no longer reported; %d errors, %d warnings, %d infos",
		s.Services, s.Changes, s.Breaking, s.Exchanges, s.Rejected, s.CoverageLost, notCovered, s.Resolved, s.Errors, s.Warnings, s.Infos)
	if s.Accepted > 0 {
		out += fmt.Sprintf("; %d accepted by the baseline", s.Accepted)
	}
	if s.Unreadable > 0 {
		out += fmt.Sprintf("; %d inputs could not be checked", s.Unreadable)
	}
	verdict := "pass"
	if s.Failing > 0 {
		verdict = fmt.Sprintf("FAIL (%d at or above %s)", s.Failing, failOn)
	}
	if s.Unreadable > 0 {
		verdict = "INCOMPLETE"
	}
	return out + " — " + verdict
}

// sideLine describes one version: its file and the documentation version
// it follows.
func sideLine(s Side, absent string) string {
	if s.File == "" {
		return absent
	}
	out := s.File
	if s.DocVersion != "" {
		out += " (docs " + s.DocVersion + ")"
	}
	return out
}

// operationHeading names a change's operation with its operationId and
// documentation page: "GET /v3/... (ListAuthorisations, page 001)".
func operationHeading(c Change, service string) string {
	if c.Operation == "" {
		return service + " (" + c.Section + ")"
	}
	var extra []string
	if c.OperationID != "" {
		extra = append(extra, c.OperationID)
	}
	if c.Page != "" {
		extra = append(extra, "page "+c.Page)
	}
	if len(extra) == 0 {
		return c.Operation
	}
	return c.Operation + " (" + strings.Join(extra, ", ") + ")"
}

type jsonResult struct {
	Tool   string            `json:"tool"`
	FailOn contract.Severity `json:"fail_on"`
	Sum    Summary           `json:"summary"`
	Pairs  []*PairResult     `json:"pairs"`
	Errors []string          `json:"errors"`
}

func writeJSON(w io.Writer, r *Result, failOn contract.Severity) error {
	out := jsonResult{Tool: "diff", FailOn: failOn, Sum: r.Summary(failOn), Pairs: r.Pairs, Errors: r.Errors}
	if out.Pairs == nil {
		out.Pairs = []*PairResult{}
	}
	if out.Errors == nil {
		out.Errors = []string{}
	}
	for _, pr := range out.Pairs {
		pr.nonNil()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func (pr *PairResult) nonNil() {
	if pr.Changes == nil {
		pr.Changes = []Change{}
	}
	for _, fs := range []*[]contract.Finding{&pr.Rejected, &pr.Resolved, &pr.CoverageLost, &pr.NotCovered} {
		if *fs == nil {
			*fs = []contract.Finding{}
		}
	}
	if pr.Errors == nil {
		pr.Errors = []string{}
	}
}
