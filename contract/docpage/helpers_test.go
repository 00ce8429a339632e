package docpage

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/spec"
)

// seeds returns the five documentation pages (spec.Pages, the repository's
// spec/pages) by the numbers the specs call them ("000".."004").
func seeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for id, name := range pageFiles() {
		b, err := spec.Pages.ReadFile("pages/" + name)
		require.NoError(tb, err)
		out[id] = b
	}
	return out
}

// pageFiles names the file of each page in spec/pages.
func pageFiles() map[string]string {
	return map[string]string{
		"000": "cloudconnect-create-authorisation.txt",
		"001": "cloudconnect-list-authorisations.txt",
		"002": "cloudconnect-list-permissions.txt",
		"003": "dataarts-authorize-action-api-to-instance.txt",
		"004": "servicetickets-confirm-authorizations.txt",
	}
}

// pw builds expected Params tersely.
type pw Param

func in(name string, mandatory bool, typ string, line int, desc string) pw {
	return pw{Name: name, Mandatory: &mandatory, Type: typ, Line: line, Description: desc}
}

func out(name, typ string, line int, desc string) pw {
	return pw{Name: name, Type: typ, Line: line, Description: desc}
}

func (p pw) bounds(lo, hi float64) pw { p.Min, p.Max = &lo, &hi; return p }
func (p pw) items(lo, hi int) pw      { p.MinItems, p.MaxItems = &lo, &hi; return p }
func (p pw) def(d string) pw          { p.Default = d; return p }
func (p pw) enum(v ...string) pw      { p.EnumDeclared, p.Enum = true, v; return p }

func params(ps ...pw) []Param {
	out := make([]Param, len(ps))
	for i, p := range ps {
		out[i] = Param(p)
	}
	return out
}

// tableSum is a table without its rows' details.
type tableSum struct {
	Name, In     string
	Status, Line int
	Rows         []string
}

func summarize(ts []Table) []tableSum {
	var out []tableSum
	for _, t := range ts {
		s := tableSum{Name: t.Name, In: t.In, Status: t.Status, Line: t.Line}
		for _, r := range t.Rows {
			s.Rows = append(s.Rows, r.Name)
		}
		out = append(out, s)
	}
	return out
}

func names(s string) []string { return strings.Fields(s) }

// checkLines asserts that every line number of p lies within data, and
// that Parse did not recover from a panic.
func checkLines(tb testing.TB, p *Page, data []byte) {
	tb.Helper()
	n := strings.Count(string(data), "\n") + 1
	in := func(what string, l int, zeroOK bool) {
		if l > n || l < 0 || (l == 0 && !zeroOK) {
			tb.Fatalf("%s: line %d outside 1..%d", what, l, n)
		}
	}
	in("MethodLine", p.MethodLine, p.Method == "")
	in("UpdatedLine", p.UpdatedLine, p.Updated == "")
	for _, t := range p.Tables {
		in("table "+t.Name, t.Line, false)
		for _, r := range t.Rows {
			in("param "+r.Name, r.Line, false)
		}
	}
	for _, s := range p.Statuses {
		in("status", s.Line, false)
	}
	for _, e := range p.Examples {
		in("example", e.Line, false)
		in("example body", e.BodyLine, e.Body == "")
		in("example title", e.TitleLine, e.Title == "")
		for _, h := range e.Headers {
			in("example header "+h.Name, h.Line, false)
		}
	}
	for _, pr := range p.Prose {
		in("prose", pr.Line, false)
	}
	for _, w := range p.Warnings {
		in("warning "+w.Message, w.Line, true)
		if strings.HasPrefix(w.Message, "internal error") {
			tb.Fatalf("Parse panicked: %s", w.Message)
		}
	}
}

// lines splits a seed for editing; join puts it back together.
func lines(b []byte) []string { return strings.Split(string(b), "\n") }
func join(ls []string) []byte { return []byte(strings.Join(ls, "\n")) }

// edit returns data with lines from..to (1-based, inclusive) replaced by
// repl; to == from-1 inserts before from.
func edit(data []byte, from, to int, repl ...string) []byte {
	ls := lines(data)
	out := append([]string{}, ls[:from-1]...)
	out = append(out, repl...)
	return join(append(out, ls[to:]...))
}
