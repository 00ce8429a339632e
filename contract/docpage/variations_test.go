package docpage

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
)

const cookie = "We use cookies to improve our site and your experience. By continuing to browse our site you accept our cookie policy. Find out more"

// hasWarning asserts a warning at line whose message contains part.
func hasWarning(t *testing.T, p *Page, line int, part string) {
	t.Helper()
	for _, w := range p.Warnings {
		if w.Line == line && strings.Contains(w.Message, part) {
			return
		}
	}
	t.Fatalf("no warning at line %d containing %q; warnings: %v", line, part, p.Warnings)
}

// sameTables asserts that got has the tables of want, line numbers aside.
func sameTables(t *testing.T, want, got *Page) {
	t.Helper()
	ignore := cmpopts.IgnoreFields(Param{}, "Line")
	if d := cmp.Diff(want.Tables, got.Tables, ignore, cmpopts.IgnoreFields(Table{}, "Line")); d != "" {
		t.Fatalf("tables differ (-want +got):\n%s", d)
	}
}

func TestVariations(t *testing.T) {
	s := seeds(t)
	orig := map[string]*Page{}
	for k, v := range s {
		orig[k] = Parse(k, v)
	}
	crlf := func(b []byte) []byte { return []byte(strings.ReplaceAll(string(b), "\n", "\r\n")) }
	cases := []struct {
		name  string
		data  []byte
		check func(t *testing.T, p *Page)
	}{
		{"cell layout: extra blank line is harmless", edit(s["000"], 283, 282, ""), func(t *testing.T, p *Page) {
			sameTables(t, orig["000"], p)
			require.Empty(t, p.Warnings, "blank lines separate cells in this layout")
		}},
		{"one row per line: table split by a blank line", edit(s["004"], 14, 13, ""), func(t *testing.T, p *Page) {
			sameTables(t, orig["004"], p)
			hasWarning(t, p, 14, "blank line inside a pipe table")
		}},
		{"cell per line pipe: table split by a blank line", edit(s["003"], 44, 43, ""), func(t *testing.T, p *Page) {
			sameTables(t, orig["003"], p)
			hasWarning(t, p, 44, "blank line inside a pipe table")
		}},
		{"cell layout: missing Description cell", edit(s["000"], 282, 283), func(t *testing.T, p *Page) {
			rows := p.Table("CreateAuthorisation").Rows
			require.Len(t, rows, 8)
			require.Equal(t, []any{"name", "String", ""}, []any{rows[0].Name, rows[0].Type, rows[0].Description})
			require.Equal(t, "description", rows[1].Name)
			hasWarning(t, p, 280, `row "name" has no Description cell`)
		}},
		{"cell layout: missing last Description", edit(s["000"], 226, 227), func(t *testing.T, p *Page) {
			require.Equal(t, "", p.Table("Path Parameters").Rows[0].Description)
			hasWarning(t, p, 224, `row "domain_id" has no Description cell`)
			require.Len(t, p.Tables, 6)
		}},
		{"one row per line: missing Description cell", edit(s["004"], 8, 8, "authorization_id | Yes | String |"),
			func(t *testing.T, p *Page) {
				require.Equal(t, "String", p.Table("Path Parameters").Rows[0].Type)
				hasWarning(t, p, 8, "has 3 cells, the header has 4")
				hasWarning(t, p, 8, `row "authorization_id" has no Description cell`)
			}},
		{"cell per line pipe: missing Description cell", edit(s["003"], 64, 64), func(t *testing.T, p *Page) {
			rows := p.Table("Request body parameters").Rows
			require.Equal(t, []string{"api_id", "instance_id", "app_id", "apply_type", "time"}, rowNames(rows))
			hasWarning(t, p, 63, `row "api_id" has no Description cell`)
		}},
		{"cell layout: chrome line inside a table", edit(s["000"], 284, 283, cookie, ""), func(t *testing.T, p *Page) {
			sameTables(t, orig["000"], p)
			hasWarning(t, p, 284, "skipped site chrome")
		}},
		{"pipe layout: chrome line inside a table", edit(s["004"], 25, 24, "Feedback"), func(t *testing.T, p *Page) {
			sameTables(t, orig["004"], p)
			hasWarning(t, p, 25, "skipped site chrome")
		}},
		{"truncated inside a table", edit(s["000"], 303, 1119), func(t *testing.T, p *Page) {
			require.Len(t, p.Tables, 4)
			last := p.Table("CreateAuthorisation").Rows
			require.Equal(t, "project_id", last[len(last)-1].Name)
			hasWarning(t, p, 302, `row "project_id" has no Type, Description cell`)
			require.Empty(t, p.Statuses)
			require.Empty(t, p.Examples)
		}},
		{"truncated inside an example body", edit(s["004"], 41, 75), func(t *testing.T, p *Page) {
			require.Len(t, p.Examples, 1)
			require.Equal(t, strings.Join(lines(s["004"])[35:40], "\n"), p.Examples[0].Body)
			hasWarning(t, p, 36, "example body not closed")
		}},
		{"no tables", []byte("Help Center/ X/ API/ Deleting a Thing\nUpdated on 2024-01-02 GMT+08:00\n\n" +
			"Deleting a Thing\n\nFunction\n\nDeletes a thing.\n\nURI\n\nDELETE /v1/things/{id}\n\nStatus Codes\n"),
			func(t *testing.T, p *Page) {
				require.Equal(t, []string{"Deleting a Thing", "2024-01-02", "DELETE", "/v1/things/{id}"},
					[]string{p.Title, p.Updated, p.Method, p.Path})
				require.Equal(t, []Warning{{0, "no parameter tables found"}}, p.Warnings)
			}},
		{"CRLF line ends, cell layout", crlf(s["000"]), func(t *testing.T, p *Page) {
			p.Name = orig["000"].Name
			require.Empty(t, cmp.Diff(orig["000"], p))
		}},
		{"CRLF line ends, pipe layout", crlf(s["004"]), func(t *testing.T, p *Page) {
			p.Name = orig["004"].Name
			require.Empty(t, cmp.Diff(orig["004"], p))
		}},
		{"table title without a header row", edit(s["000"], 212, 219), func(t *testing.T, p *Page) {
			require.Equal(t, "domain_id", p.Table("Path Parameters").Rows[0].Name)
			hasWarning(t, p, 210, "has no header row")
		}},
		{"untitled object table without a reference", edit(s["004"], 17, 17), func(t *testing.T, p *Page) {
			require.Equal(t, "", p.Tables[3].Name)
			hasWarning(t, p, 21, "cannot tell which object")
		}},
		{"request example with header lines before its body", edit(s["000"], 461, 460, "Content-Type: application/json", "", "X-Auth-Token: abc"),
			func(t *testing.T, p *Page) {
				ex := p.Examples[0]
				require.Equal(t, []Header{{"Content-Type", "application/json", 461}, {"X-Auth-Token", "abc", 463}}, ex.Headers)
				require.Equal(t, orig["000"].Examples[0].Body, ex.Body)
				require.Equal(t, 465, ex.BodyLine)
				require.Empty(t, p.Warnings)
			}},
		{"request example with a header line and no body", edit(s["001"], 279, 278, "X-Auth-Token: abc"),
			func(t *testing.T, p *Page) {
				require.Len(t, p.Examples, 2)
				require.Equal(t, []Header{{"X-Auth-Token", "abc", 279}}, p.Examples[0].Headers)
				require.Empty(t, p.Examples[0].Body)
				require.Equal(t, "Querying the authorization list", p.Examples[0].Title)
				require.Equal(t, orig["001"].Examples[1].Body, p.Examples[1].Body)
				require.Empty(t, p.Warnings)
			}},
		{"a second request example after a header line keeps its own title", edit(s["001"], 279, 278,
			"X-Auth-Token: abc", "", "Querying one page", "", "GET https://{cc_endpoint}/v3/{domain_id}/ccaas/authorisations?limit=1"),
			func(t *testing.T, p *Page) {
				require.Len(t, p.Examples, 3)
				require.Equal(t, []Header{{"X-Auth-Token", "abc", 279}}, p.Examples[0].Headers)
				require.Equal(t, []any{"Querying one page", 281, 283, []Header(nil)},
					[]any{p.Examples[1].Title, p.Examples[1].TitleLine, p.Examples[1].Line, p.Examples[1].Headers})
			}},
		{"empty input", nil, func(t *testing.T, p *Page) {
			require.Empty(t, p.Tables)
			require.Len(t, p.Warnings, 3)
		}},
		{"binary garbage", []byte("\x00\xff|||\n---|---|\nParameter |\n|\n{[\"\\"), func(t *testing.T, p *Page) {
			require.NotEmpty(t, p.Warnings)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p *Page
			require.NotPanics(t, func() { p = Parse(c.name, c.data) })
			checkLines(t, p, c.data)
			c.check(t, p)
		})
	}
}

func rowNames(rs []Param) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}
