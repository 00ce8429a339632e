package docs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// Small pages of their own for the checks of what pages say in words, in
// the two layouts the reader knows: pipe tables (one row a line, as page
// 004) and a cell a line (as pages 000-002).

// row is a table row: name, mandatory ("Yes", "No", or "" for a response
// table), type, description with its constraints.
type row struct{ name, mandatory, typ, desc string }

// pipeTable writes a pipe table with one row a line.
func pipeTable(rows ...row) string {
	var b strings.Builder
	if rows[0].mandatory != "" {
		b.WriteString("Parameter | Mandatory | Type | Description |\n|---|---|---|---|\n")
	} else {
		b.WriteString("Parameter | Type | Description |\n|---|---|---|\n")
	}
	for _, r := range rows {
		if r.mandatory != "" {
			fmt.Fprintf(&b, "%s | %s | %s | %s |\n", r.name, r.mandatory, r.typ, r.desc)
		} else {
			fmt.Fprintf(&b, "%s | %s | %s |\n", r.name, r.typ, r.desc)
		}
	}
	return b.String()
}

// cellTable writes a titled table with a cell a line; a description's
// lines after the first are its constraints ("Default: 1000").
func cellTable(n int, title string, rows ...row) string {
	cells := []string{fmt.Sprintf("Table %d %s", n, title), "Parameter"}
	if rows[0].mandatory != "" {
		cells = append(cells, "Mandatory")
	}
	cells = append(cells, "Type", "Description")
	for _, r := range rows {
		cells = append(cells, r.name)
		if r.mandatory != "" {
			cells = append(cells, r.mandatory)
		}
		cells = append(cells, r.typ)
		cells = append(cells, strings.Split(r.desc, "\n")...)
	}
	return strings.Join(cells, "\n\n") + "\n\n"
}

// pageText joins the parts of a page, one a line.
func pageText(parts ...string) []byte { return []byte(strings.Join(parts, "\n") + "\n") }

// lineOf is the 1-based line of the first line of data that contains s.
func lineOf(tb testing.TB, data []byte, s string) int {
	tb.Helper()
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	tb.Fatalf("no line contains %q", s)
	return 0
}

// lintOnly lints pages and keeps the findings of the rules given.
func lintOnly(pages []*docpage.Page, rules ...contract.RuleID) []contract.Finding {
	var out []contract.Finding
	for _, f := range Lint(pages).Findings {
		for _, r := range rules {
			if f.Rule == r {
				out = append(out, f)
			}
		}
	}
	return out
}

// wordCase is a page variant and the findings of one rule it must give.
type wordCase struct {
	name  string
	pages map[string][]byte // file name to text
	// want are the findings as "file:line pointer", line given by a text
	// the line contains: {"a.txt", "limit |", "limit"}.
	want []at
}

// at is where a finding is expected: the file, a text of its line, the
// pointer.
type at struct{ file, line, pointer string }

func runWordCases(t *testing.T, rule contract.RuleID, cases []wordCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var pages []*docpage.Page
			for _, name := range sortedKeys(c.pages) {
				p := docpage.Parse(name, c.pages[name])
				require.Empty(t, p.Warnings, "the page variant reads cleanly")
				pages = append(pages, p)
			}
			var want []brief
			for _, w := range c.want {
				want = append(want, brief{rule, fmt.Sprintf("%s:%d", w.file, lineOf(t, c.pages[w.file], w.line)), w.pointer})
			}
			got := lintOnly(pages, rule)
			if d := cmp.Diff(briefs(toFindings(want)), briefs(got), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
			for _, f := range got {
				r, ok := contract.LookupRule(f.Rule)
				require.True(t, ok)
				require.Equal(t, r.Severity, f.Severity)
				require.NotEmpty(t, f.Message)
				require.NotEmpty(t, f.Operation)
			}
		})
	}
}

func toFindings(bs []brief) []contract.Finding {
	out := make([]contract.Finding, 0, len(bs))
	for _, b := range bs {
		out = append(out, contract.Finding{Rule: b.Rule, Source: b.Source, Pointer: b.Pointer})
	}
	return out
}
