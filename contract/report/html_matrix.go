package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// htmlMatrix is the coverage as a matrix: a row per operation, a column
// per status any operation documents (or any exchange got undocumented).
type htmlMatrix struct {
	Statuses []htmlStatus
	Rows     []htmlRow
}

type htmlStatus struct {
	Key, Label string
}

type htmlRow struct {
	Operation, ID string
	Exchanges     int
	Cells         []htmlCell
}

// htmlCell is one operation and status: State is the CSS class and what the
// browser test reads.
type htmlCell struct {
	Status      string
	State       string // covered, drifting, accepted, not-covered, none
	Text, Title string
}

// matrixOf builds the matrix of the report's coverage, nil without one.
// A status with exchanges is drifting when one of them has a finding and
// the operation has new findings; when a baseline accepts every finding of
// the operation, its drift is shown as accepted.
func matrixOf(r *Report) *htmlMatrix {
	c := r.Coverage
	if c == nil {
		return nil
	}
	fresh := map[string]bool{}
	for _, f := range r.Findings {
		fresh[f.Operation] = true
	}
	unplaced := false // new findings counted beyond the places listed, of any operation
	for _, o := range r.Omitted {
		if !o.Accepted {
			fresh[o.Operation] = true
			unplaced = unplaced || o.Operation == ""
		}
	}
	m := &htmlMatrix{}
	seen := map[string]bool{}
	for _, o := range c.Operations {
		for _, s := range o.Statuses {
			if !seen[s.Status] {
				seen[s.Status] = true
				m.Statuses = append(m.Statuses, htmlStatus{Key: s.Status, Label: statusLabel(s.Status)})
			}
		}
	}
	sort.Slice(m.Statuses, func(i, j int) bool { return statusLess(m.Statuses[i].Key, m.Statuses[j].Key) })
	for _, o := range c.Operations {
		row := htmlRow{Operation: o.Operation, ID: o.ID, Exchanges: o.Exchanges}
		byStatus := map[string]contract.StatusCoverage{}
		for _, s := range o.Statuses {
			byStatus[s.Status] = s
		}
		for _, col := range m.Statuses {
			s, ok := byStatus[col.Key]
			row.Cells = append(row.Cells, cellOf(col.Key, s, ok, fresh[o.Operation] || unplaced))
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func cellOf(status string, s contract.StatusCoverage, documented, fresh bool) htmlCell {
	c := htmlCell{Status: status}
	switch {
	case !documented:
		c.State, c.Text, c.Title = "none", "-", "not a status of this operation"
	case s.Exchanges == 0:
		c.State, c.Text, c.Title = "not-covered", "not covered", "documented, but no exchange has this status"
	case s.Drifting == 0:
		c.State, c.Text = "covered", fmt.Sprintf("covered ×%d", s.Exchanges)
		c.Title = fmt.Sprintf("%d exchange(s), none with a finding", s.Exchanges)
	case fresh:
		c.State, c.Text = "drifting", fmt.Sprintf("drifting %d of %d", s.Drifting, s.Exchanges)
		c.Title = fmt.Sprintf("%d of %d exchange(s) with findings", s.Drifting, s.Exchanges)
	default:
		c.State, c.Text = "accepted", fmt.Sprintf("accepted %d of %d", s.Drifting, s.Exchanges)
		c.Title = fmt.Sprintf("%d of %d exchange(s) with findings, every one of them accepted", s.Drifting, s.Exchanges)
	}
	return c
}

const undocumentedPrefix = "undocumented: "

func statusLabel(s string) string {
	if code, ok := strings.CutPrefix(s, undocumentedPrefix); ok {
		return code + " (undocumented)"
	}
	return s
}

// statusLess orders documented statuses (codes, ranges, default) before
// undocumented ones, each in string order.
func statusLess(a, b string) bool {
	ua, ub := strings.HasPrefix(a, undocumentedPrefix), strings.HasPrefix(b, undocumentedPrefix)
	if ua != ub {
		return ub
	}
	return a < b
}

// notListedLine says how many findings the lists leave out.
func notListedLine(fresh, accepted int, c *Counts) string {
	return fmt.Sprintf("Not listed: %d new and %d accepted findings, beyond the first %d of each rule, operation and place. All findings by rule: %s.",
		fresh, accepted, KeepPerPlace, byRule(c))
}
