package diff

import (
	"bufio"
	"fmt"
	"io"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// writeText is the report for a person: per service, the two versions, the
// changes grouped by operation with both locations, then the fixtures the
// new version rejects, the statuses they no longer cover, the new statuses
// none covers and the findings no longer reported; one summary line at the
// end.
func writeText(w io.Writer, r *Result, failOn contract.Severity) error {
	bw := bufio.NewWriter(w)
	pal := report.Palette{On: r.Color}
	for _, pr := range r.Pairs {
		fmt.Fprintf(bw, "%s\n", pal.Heading("== "+pr.Service))
		fmt.Fprintf(bw, "old: %s\n", sideLine(pr.Old, "(none: the new version adds this service)"))
		fmt.Fprintf(bw, "new: %s\n\n", sideLine(pr.New, "(none: the new version removes this service)"))
		if len(pr.Changes) == 0 {
			fmt.Fprintf(bw, "No changes.\n\n")
		} else {
			fmt.Fprintf(bw, "Changes:\n")
			last := "\x00"
			for _, c := range pr.Changes {
				if h := operationHeading(c, pr.Service); h != last {
					fmt.Fprintf(bw, "%s\n", h)
					last = h
				}
				fmt.Fprintf(bw, "  %s %s\n          %s\n", pal.Severity(c.Severity, fmt.Sprintf("%-7s", c.Severity)), c.Rule, c.Message)
				if c.Comment != "" {
					fmt.Fprintf(bw, "          why: %s\n", c.Comment)
				}
				fmt.Fprintf(bw, "          old: %s\n          new: %s\n", orNone(c.Old), orNone(c.New))
			}
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "Fixtures: %d of the old version's fixtures checked under the new version.\n\n", pr.Exchanges)
		writeFindingsText(bw, pal, "Fixtures the new version rejects:", pr.Rejected, true)
		writeFindingsText(bw, pal, "Statuses no longer covered:", pr.CoverageLost, true)
		writeFindingsText(bw, pal, "New statuses no fixture covers:", pr.NotCovered, true)
		writeFindingsText(bw, pal, "The new version's own problems:", pr.Problems, true)
		writeFindingsText(bw, pal, "No longer reported (the old version's findings the new version does not repeat):", pr.Resolved, false)
		if len(pr.Errors) > 0 {
			fmt.Fprintf(bw, "Could not check:\n")
			for _, e := range pr.Errors {
				fmt.Fprintf(bw, "  %s\n", e)
			}
			fmt.Fprintln(bw)
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(bw, "Could not read:\n")
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "  %s\n", e)
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "%s\n", pal.Summary(summaryLine(r, failOn)))
	return bw.Flush()
}

// writeFindingsText lists findings grouped by operation, as validate does;
// brief leaves out everything but the rule and the place.
func writeFindingsText(bw *bufio.Writer, pal report.Palette, title string, fs []contract.Finding, full bool) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(bw, "%s\n", title)
	last := "\x00"
	for _, f := range fs {
		if f.Operation != last {
			fmt.Fprintf(bw, "%s\n", f.Operation)
			last = f.Operation
		}
		fmt.Fprintf(bw, "  %s %s  %s\n", pal.Severity(f.Severity, fmt.Sprintf("%-7s", f.Severity)), f.Rule, where(f))
		if !full {
			continue
		}
		if f.Expected != "" || f.Actual != "" {
			fmt.Fprintf(bw, "          expected: %s\n          actual:   %s\n", orDash(f.Expected), orDash(f.Actual))
		}
		if f.Spec.File != "" {
			fmt.Fprintf(bw, "          spec:     %s\n", f.Spec)
		}
		fmt.Fprintf(bw, "          %s\n", f.Message)
	}
	fmt.Fprintln(bw)
}

func where(f contract.Finding) string {
	out := f.Source
	if f.In != "" {
		out += " " + f.In
	}
	if f.Pointer != "" {
		out += " " + f.Pointer
	}
	return out
}

func orNone(l contract.Location) string {
	if l.File == "" {
		return "(not in this version)"
	}
	return l.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
