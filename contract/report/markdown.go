package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// writeMarkdown is a pull-request comment: a summary, a table of findings
// per operation, and coverage.
func writeMarkdown(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	s := r.Summary()
	fmt.Fprintf(bw, "## specdrift %s\n\n%s\n\n", r.Tool, mdEscape(summaryLine(r, s)))
	ops, groups := byOperation(r.Findings)
	for _, op := range ops {
		fmt.Fprintf(bw, "### `%s`\n\n| severity | rule | where | expected | actual | spec | message |\n|---|---|---|---|---|---|---|\n", op)
		for _, f := range groups[op] {
			where := "`" + f.Source + "`"
			if f.Pointer != "" {
				where += " " + f.In + " `" + f.Pointer + "`"
			}
			spec := ""
			if f.Spec.File != "" {
				spec = "`" + f.Spec.String() + "`"
			}
			fmt.Fprintf(bw, "| %s | `%s` | %s | %s | %s | %s | %s |\n", f.Severity, f.Rule, mdEscape(where), mdEscape(f.Expected), mdEscape(f.Actual), spec, mdEscape(f.Message))
		}
		fmt.Fprintln(bw)
		for _, o := range r.omitted(op, false) {
			fmt.Fprintf(bw, "- %s\n", mdEscape(o.String()))
		}
		if len(r.omitted(op, false)) > 0 {
			fmt.Fprintln(bw)
		}
	}
	if len(r.Omitted) > 0 {
		for _, o := range r.omitted("", false) {
			fmt.Fprintf(bw, "- %s\n", mdEscape(o.String()))
		}
		fresh, accepted := omittedCounts(r)
		fmt.Fprintf(bw, "Not listed: %d new and %d accepted findings, beyond the first %d of each rule, operation and place. All findings by rule: %s.\n\n",
			fresh, accepted, KeepPerPlace, mdEscape(byRule(r.Counts)))
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(bw, "### Could not check\n\n")
		for _, e := range r.errorList() {
			fmt.Fprintf(bw, "- `%s`\n", e)
		}
		fmt.Fprintln(bw)
	}
	if c := r.Coverage; c != nil {
		fmt.Fprintf(bw, "### Coverage\n\n| operation | id | exchanges | statuses |\n|---|---|---|---|\n")
		for _, o := range c.Operations {
			var st []string
			for _, s := range o.Statuses {
				mark := fmt.Sprintf("%s ×%d", s.Status, s.Exchanges)
				if s.Exchanges == 0 {
					mark = s.Status + " (none)"
				}
				st = append(st, mark)
			}
			fmt.Fprintf(bw, "| `%s` | %s | %d | %s |\n", o.Operation, o.ID, o.Exchanges, strings.Join(st, ", "))
		}
		fmt.Fprintf(bw, "\nBodies validated: %d; skipped: %d.\n", c.Bodies.Validated, len(c.Bodies.Skipped)+c.Bodies.Unlisted)
		for _, sk := range c.Bodies.Skipped {
			fmt.Fprintf(bw, "- skipped %s body `%s`: %s\n", sk.Side, sk.Source, mdEscape(sk.Reason))
		}
		if c.Bodies.Unlisted > 0 {
			fmt.Fprintf(bw, "- and %d more skipped bodies\n", c.Bodies.Unlisted)
		}
	}
	return bw.Flush()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", "<br>", "<", "&lt;", ">", "&gt;").Replace(s)
}
