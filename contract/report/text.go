package report

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// writeText is the report for a person: findings grouped by operation, each
// with both locations and what to do, then coverage, then one summary line.
func writeText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	pal := Palette{On: r.Color}
	ops, groups := byOperation(r.Findings)
	for _, op := range ops {
		fmt.Fprintf(bw, "%s\n", pal.Heading(op))
		for _, f := range groups[op] {
			where := f.Source
			if f.Pointer != "" {
				where += " " + f.In + " " + f.Pointer
			} else if f.In != "" {
				where += " " + f.In
			}
			fmt.Fprintf(bw, "  %s %s  %s\n", pal.Severity(f.Severity, fmt.Sprintf("%-7s", f.Severity)), f.Rule, where)
			if f.Expected != "" || f.Actual != "" {
				fmt.Fprintf(bw, "          expected: %s\n          actual:   %s\n", orDash(f.Expected), orDash(f.Actual))
			}
			if f.Spec.File != "" {
				fmt.Fprintf(bw, "          spec:     %s\n", f.Spec)
			}
			fmt.Fprintf(bw, "          %s\n", f.Message)
		}
		for _, o := range r.omitted(op, false) {
			fmt.Fprintf(bw, "  %s\n", o)
		}
		fmt.Fprintln(bw)
	}
	writeOmittedText(bw, r)
	if len(r.Errors) > 0 {
		fmt.Fprintf(bw, "Could not check:\n")
		for _, e := range r.errorList() {
			fmt.Fprintf(bw, "  %s\n", e)
		}
		fmt.Fprintln(bw)
	}
	if c := r.Coverage; c != nil {
		writeCoverageText(bw, c)
	}
	s := r.Summary()
	fmt.Fprintf(bw, "%s\n", pal.Summary(summaryLine(r, s)))
	return bw.Flush()
}

func writeCoverageText(bw *bufio.Writer, c *contract.Coverage) {
	fmt.Fprintf(bw, "Coverage:\n")
	for _, o := range c.Operations {
		var st []string
		for _, s := range o.Statuses {
			mark := fmt.Sprintf("%s×%d", s.Status, s.Exchanges)
			if s.Exchanges == 0 {
				mark = s.Status + " (no exchange)"
			}
			st = append(st, mark)
		}
		fmt.Fprintf(bw, "  %-58s %-28s %d exchange(s); statuses: %s\n", o.Operation, o.ID, o.Exchanges, strings.Join(st, ", "))
	}
	fmt.Fprintf(bw, "  bodies validated: %d; skipped: %d\n", c.Bodies.Validated, len(c.Bodies.Skipped)+c.Bodies.Unlisted)
	for _, s := range c.Bodies.Skipped {
		fmt.Fprintf(bw, "    skipped %s body %s: %s\n", s.Side, s.Source, s.Reason)
	}
	if c.Bodies.Unlisted > 0 {
		fmt.Fprintf(bw, "    and %d more skipped bodies\n", c.Bodies.Unlisted)
	}
	fmt.Fprintln(bw)
}

// writeOmittedText says what the findings above leave out: those of rules
// at places beyond the ones listed, and the exact counts by rule.
func writeOmittedText(bw *bufio.Writer, r *Report) {
	if len(r.Omitted) == 0 {
		return
	}
	for _, o := range r.omitted("", false) {
		fmt.Fprintf(bw, "%s\n", o)
	}
	fresh, accepted := omittedCounts(r)
	fmt.Fprintf(bw, "Not listed: %d new and %d accepted findings, beyond the first %d of each rule, operation and place.\nAll findings by rule: %s\n\n",
		fresh, accepted, KeepPerPlace, byRule(r.Counts))
}

func omittedCounts(r *Report) (fresh, accepted int) {
	for _, o := range r.Omitted {
		if o.Accepted {
			accepted += o.Count
		} else {
			fresh += o.Count
		}
	}
	return fresh, accepted
}

// byRule renders the counts by rule, in registry order.
func byRule(c *Counts) string {
	if c == nil {
		return ""
	}
	var out []string
	seen := map[contract.RuleID]bool{}
	for _, rule := range contract.Rules {
		seen[rule.ID] = true
		if n := c.Rules[rule.ID]; n > 0 {
			out = append(out, fmt.Sprintf("%s %d", rule.ID, n))
		}
	}
	var other []string
	for id, n := range c.Rules {
		if !seen[id] { // oasdiff's rule IDs in diff
			other = append(other, fmt.Sprintf("%s %d", id, n))
		}
	}
	sort.Strings(other)
	return strings.Join(append(out, other...), ", ")
}
func summaryLine(r *Report, s Summary) string {
	out := fmt.Sprintf("%s: ", r.Tool)
	if r.Coverage != nil {
		out += fmt.Sprintf("%d exchanges, %d of %d operations covered; ", s.Exchanges, s.Covered, s.Operations)
	}
	out += fmt.Sprintf("%d errors, %d warnings, %d infos", s.Errors, s.Warnings, s.Infos)
	if n := s.Accepted - s.BySpec; n > 0 {
		out += fmt.Sprintf("; %d accepted by the baseline", n)
	}
	if s.BySpec > 0 {
		out += fmt.Sprintf("; %d accepted by the spec (x-specdrift-deviation / completed-from)", s.BySpec)
	}
	if s.Unreadable > 0 {
		out += fmt.Sprintf("; %d inputs could not be checked", s.Unreadable)
	}
	verdict := "pass"
	if s.Failing > 0 {
		verdict = fmt.Sprintf("FAIL (%d at or above %s)", s.Failing, r.FailOn)
	}
	if s.Unreadable > 0 {
		verdict = "INCOMPLETE"
	}
	return out + " — " + verdict
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
