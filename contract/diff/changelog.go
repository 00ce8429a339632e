package diff

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/specdrift/specdrift/contract"
)

// ChangelogFormats lists the formats of the changelog view, the default first.
var ChangelogFormats = []string{"text", "markdown", "json"}

// DocOrder returns the pair's changes in documentation order: by
// documentation page, then by where the operation and the change stand in
// the spec (the new version's lines, the old version's for what it alone
// has). Changes of operations that name no page follow those that do.
func (pr *PairResult) DocOrder() []Change {
	out := append([]Change(nil), pr.Changes...)
	key := func(c Change) (string, int, string, int) {
		page := "\uffff" // after every page
		if c.Page != "" {
			page = c.Page
		}
		return page, c.opLine, c.Operation, c.line()
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, oi, ni, li := key(out[i])
		pj, oj, nj, lj := key(out[j])
		switch {
		case pi != pj:
			return pi < pj
		case oi != oj:
			return oi < oj
		case ni != nj:
			return ni < nj
		case li != lj:
			return li < lj
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// line is where the change itself stands: the new version's line where
// oasdiff located it there, else the old version's, else the operation's.
func (c Change) line() int {
	for _, l := range []contract.Location{c.New, c.Old} {
		if l.File != "" && l.Pointer == "" {
			return l.Line
		}
	}
	return c.opLine
}

// pageHeading names a documentation page with its title and its "Updated
// on" dates in both versions.
func (pr *PairResult) pageHeading(id string) string {
	if id == "" {
		return "Other changes"
	}
	find := func(s Side) Page {
		for _, p := range s.Pages {
			if p.Page == id {
				return p
			}
		}
		return Page{}
	}
	o, n := find(pr.Old), find(pr.New)
	out := "Page " + id
	if t := n.Title; t != "" {
		out += ": " + t
	} else if o.Title != "" {
		out += ": " + o.Title
	}
	switch {
	case o.Updated != "" && n.Updated != "" && o.Updated != n.Updated:
		out += " (updated " + o.Updated + " → " + n.Updated + ")"
	case n.Updated != "":
		out += " (updated " + n.Updated + ")"
	}
	return out
}

func versionsLine(pr *PairResult) string {
	title := pr.New.Title
	if title == "" {
		title = pr.Old.Title
	}
	o, n := pr.Old.DocVersion, pr.New.DocVersion
	switch {
	case o == n:
		return fmt.Sprintf("%s, docs %s", title, orDash(n))
	default:
		return fmt.Sprintf("%s, docs %s → %s", title, orDash(o), orDash(n))
	}
}

func changeTag(s contract.Severity) string {
	switch s {
	case contract.SeverityError:
		return "breaking: "
	case contract.SeverityWarning:
		return "warning: "
	}
	return ""
}

// WriteChangelog renders the changes alone, in documentation order, for
// release notes: text, markdown or json.
func WriteChangelog(w io.Writer, r *Result, format string) error {
	bw := bufio.NewWriter(w)
	switch format {
	case "", "text", "markdown":
		md := format == "markdown"
		if md {
			fmt.Fprintf(bw, "## Changelog\n\n")
		}
		for _, pr := range r.Pairs {
			if md {
				fmt.Fprintf(bw, "### %s — %s\n\n", pr.Service, mdEscape(versionsLine(pr)))
			} else {
				fmt.Fprintf(bw, "%s — %s\n\n", pr.Service, versionsLine(pr))
			}
			writeChangelogPair(bw, pr, md)
		}
	case "json":
		type entry struct {
			Service string   `json:"service"`
			Old     Side     `json:"old"`
			New     Side     `json:"new"`
			Changes []Change `json:"changes"`
		}
		out := struct {
			Tool  string  `json:"tool"`
			Pairs []entry `json:"pairs"`
		}{Tool: "diff --changelog", Pairs: []entry{}}
		for _, pr := range r.Pairs {
			out.Pairs = append(out.Pairs, entry{pr.Service, pr.Old, pr.New, append([]Change{}, pr.DocOrder()...)})
		}
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown changelog format %q (want text, markdown or json)", format)
	}
	return bw.Flush()
}

func writeChangelogPair(bw *bufio.Writer, pr *PairResult, md bool) {
	changes := pr.DocOrder()
	if len(changes) == 0 {
		fmt.Fprintf(bw, "No changes.\n\n")
		return
	}
	page, op, open := "\x00", "\x00", false
	for _, c := range changes {
		if c.Page != page {
			if open {
				fmt.Fprintln(bw)
			}
			page, op, open = c.Page, "\x00", false
			if md {
				fmt.Fprintf(bw, "#### %s\n\n", mdEscape(pr.pageHeading(page)))
			} else {
				fmt.Fprintf(bw, "%s\n", pr.pageHeading(page))
			}
		}
		if h := operationHeading(Change{Operation: c.Operation, OperationID: c.OperationID, Section: c.Section}, pr.Service); h != op {
			op = h
			if md {
				if open {
					fmt.Fprintln(bw)
				}
				fmt.Fprintf(bw, "%s\n\n", mdEscape(h))
			} else {
				fmt.Fprintf(bw, "  %s\n", h)
			}
			open = false
		}
		if md {
			fmt.Fprintf(bw, "- %s%s\n", mdTag(c.Severity), mdEscape(c.Message))
		} else {
			fmt.Fprintf(bw, "    - %s%s\n", changeTag(c.Severity), c.Message)
		}
		open = true
	}
	fmt.Fprintln(bw)
}

func mdTag(s contract.Severity) string {
	switch s {
	case contract.SeverityError:
		return "**breaking**: "
	case contract.SeverityWarning:
		return "**warning**: "
	}
	return ""
}
