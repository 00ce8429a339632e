package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// writeMarkdown is a pull-request comment: the summary, then per service
// the versions, a table of changes and tables of the fixture impact.
func writeMarkdown(w io.Writer, r *Result, failOn contract.Severity) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "## specdrift diff\n\n%s\n\n", mdEscape(summaryLine(r, failOn)))
	for _, pr := range r.Pairs {
		fmt.Fprintf(bw, "### %s\n\n| version | file | title | docs |\n|---|---|---|---|\n", pr.Service)
		for _, s := range []struct {
			name string
			side Side
		}{{"old", pr.Old}, {"new", pr.New}} {
			file := "(none)"
			if s.side.File != "" {
				file = "`" + s.side.File + "`"
			}
			fmt.Fprintf(bw, "| %s | %s | %s | %s |\n", s.name, file, mdEscape(s.side.Title), mdEscape(s.side.DocVersion))
		}
		fmt.Fprintln(bw)
		if len(pr.Changes) == 0 {
			fmt.Fprintf(bw, "No changes.\n\n")
		} else {
			fmt.Fprintf(bw, "#### Changes\n\n| level | rule | operation | change | old | new |\n|---|---|---|---|---|---|\n")
			for _, c := range pr.Changes {
				msg := mdEscape(c.Message)
				if c.Comment != "" {
					msg += "<br>_" + mdEscape(c.Comment) + "_"
				}
				fmt.Fprintf(bw, "| %s | `%s` | %s | %s | %s | %s |\n", c.Severity, c.Rule, mdEscape(operationHeading(c, pr.Service)), msg, mdLoc(c.Old), mdLoc(c.New))
			}
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "Fixtures: %d of the old version's fixtures checked under the new version.\n\n", pr.Exchanges)
		writeFindingsMarkdown(bw, "Fixtures the new version rejects", pr.Rejected)
		writeFindingsMarkdown(bw, "Statuses no longer covered", pr.CoverageLost)
		writeFindingsMarkdown(bw, "New statuses no fixture covers", pr.NotCovered)
		writeFindingsMarkdown(bw, "The new version's own problems", pr.Problems)
		if len(pr.Resolved) > 0 {
			fmt.Fprintf(bw, "#### No longer reported\n\n| severity | rule | operation | where |\n|---|---|---|---|\n")
			for _, f := range pr.Resolved {
				fmt.Fprintf(bw, "| %s | `%s` | `%s` | %s |\n", f.Severity, f.Rule, f.Operation, mdEscape(mdWhere(f)))
			}
			fmt.Fprintln(bw)
		}
		if len(pr.Errors) > 0 {
			fmt.Fprintf(bw, "#### Could not check\n\n")
			for _, e := range pr.Errors {
				fmt.Fprintf(bw, "- `%s`\n", e)
			}
			fmt.Fprintln(bw)
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(bw, "### Could not read\n\n")
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "- `%s`\n", e)
		}
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func writeFindingsMarkdown(bw *bufio.Writer, title string, fs []contract.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(bw, "#### %s\n\n| severity | rule | operation | where | expected | actual | spec | message |\n|---|---|---|---|---|---|---|---|\n", title)
	for _, f := range fs {
		fmt.Fprintf(bw, "| %s | `%s` | `%s` | %s | %s | %s | %s | %s |\n", f.Severity, f.Rule, f.Operation,
			mdEscape(mdWhere(f)), mdEscape(f.Expected), mdEscape(f.Actual), mdLoc(f.Spec), mdEscape(f.Message))
	}
	fmt.Fprintln(bw)
}

func mdWhere(f contract.Finding) string {
	out := "`" + f.Source + "`"
	if f.In != "" {
		out += " " + f.In
	}
	if f.Pointer != "" {
		out += " `" + f.Pointer + "`"
	}
	return out
}

func mdLoc(l contract.Location) string {
	if l.File == "" {
		return "—"
	}
	return "`" + l.String() + "`"
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", "<br>", "<", "&lt;", ">", "&gt;").Replace(s)
}
