package contract_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const oneFixture = `operation: ListPermissions
request:
  method: GET
  url: /v3/d/ccaas/permissions
response:
  status: 200
  body: '{}'
`

func errorTexts(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// Each document of a fixture file is a fixture, its lines those of the file.
func TestReadFixturesDocuments(t *testing.T) {
	tests := []struct {
		name  string
		input string
		lines []int // the line of each exchange
		urls  []string
		errs  []string
	}{
		{"one", oneFixture, []int{1}, []string{"/v3/d/ccaas/permissions"}, nil},
		{"a leading marker", "---\n" + oneFixture, []int{2}, []string{"/v3/d/ccaas/permissions"}, nil},
		{"two", oneFixture + "---\n" + strings.Replace(oneFixture, "/d/", "/e/", 1), []int{1, 9}, []string{"/v3/d/ccaas/permissions", "/v3/e/ccaas/permissions"}, nil},
		{"a bad document between good ones", oneFixture + "---\n- a list\n---\n" + oneFixture, []int{1, 11}, []string{"/v3/d/ccaas/permissions", "/v3/d/ccaas/permissions"},
			[]string{"f.yaml:9: a fixture is a YAML mapping with operation, request and response"}},
		{"an empty document", oneFixture + "---\n", []int{1}, []string{"/v3/d/ccaas/permissions"},
			[]string{"f.yaml:9: a fixture is a YAML mapping with operation, request and response"}},
		{"a syntax error ends the file", oneFixture + "---\nrequest: [\n---\n" + oneFixture, []int{1}, []string{"/v3/d/ccaas/permissions"},
			[]string{"f.yaml:10: malformed YAML: did not find expected node content"}},
		{"comments only", "# nothing yet\n", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fxs, exs, errs := contract.ReadFixtures("f.yaml", []byte(tt.input))
			require.Len(t, fxs, len(exs))
			var lines []int
			var urls []string
			for _, ex := range exs {
				lines = append(lines, ex.Source.Line("exchange"))
				urls = append(urls, ex.Request.URL)
			}
			if d := cmp.Diff(tt.lines, lines); d != "" {
				t.Errorf("lines (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.urls, urls); d != "" {
				t.Errorf("urls (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.errs, errorTexts(errs)); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}
}

func TestReadFixtureReadsOne(t *testing.T) {
	_, _, err := contract.ReadFixture("f.yaml", []byte(oneFixture+"---\n"+oneFixture))
	require.EqualError(t, err, "f.yaml:9: a second fixture: the file holds 2")
	_, _, err = contract.ReadFixture("f.yaml", nil)
	require.EqualError(t, err, "f.yaml:1: a fixture is a YAML mapping with operation, request and response")
}

// A key the format does not have is an error naming it and its line, at
// every level; the maps of names (headers, placeholders) take any name.
func TestReadFixtureUnknownKeys(t *testing.T) {
	tests := []struct {
		name, from, to, err string
	}{
		{"top", "response:", "respones:", `f.yaml:5: unknown key "respones": a fixture has operation, example, doc, placeholders, notes, request, response`},
		{"request", "  url:", "  uri:", `f.yaml:4: unknown key "uri" in the request: a request has method, url, headers, body, body_base64`},
		{"response", "  body:", "  bdy:", `f.yaml:7: unknown key "bdy" in the response: a response has status, headers, body, body_base64`},
		{"second document", "", "", `f.yaml:13: unknown key "respones": a fixture has operation, example, doc, placeholders, notes, request, response`},
		{"free names", "  status: 200\n", "  status: 200\n  headers:\n    X-Anything: 1\nplaceholders:\n  \"{any}\": x\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := strings.Replace(oneFixture, tt.from, tt.to, 1)
			if tt.from == "" {
				input = oneFixture + "---\n" + strings.Replace(oneFixture, "response:", "respones:", 1)
			}
			_, exs, errs := contract.ReadFixtures("f.yaml", []byte(input))
			if tt.err == "" {
				require.Empty(t, errs)
				require.Len(t, exs, 1)
				return
			}
			require.Equal(t, []string{tt.err}, errorTexts(errs))
		})
	}
}

func TestParseBaselineStrict(t *testing.T) {
	good := `{
  "comment": "c",
  "accepted": [
    {
      "rule": "response-body-schema",
      "operation": "GET /a",
      "source": "f.yaml",
      "pointer": "/x"
    }
  ]
}
`
	b, err := contract.ParseBaseline("b.json", []byte(good))
	require.NoError(t, err)
	require.Len(t, b.Accepted, 1)

	tests := []struct {
		name, input, err string
	}{
		{"in an entry", strings.Replace(good, `"pointer"`, `"pointr"`, 1), `b.json:8: not a baseline file: unknown key "pointr"`},
		{"at the top", strings.Replace(good, `"comment"`, `"acepted"`, 1), `b.json:2: not a baseline file: unknown key "acepted"`},
		{"a key known elsewhere", strings.Replace(good, `"comment": "c"`, `"rule": "c"`, 1), `b.json:2: not a baseline file: unknown key "rule"`},
		{"two values", good + "{}\n", "b.json:12: not a baseline file: more than one JSON value"},
		{"malformed", "{\n  \"accepted\": [\n}\n", "b.json:3: not a baseline file: invalid character '}' looking for beginning of value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := contract.ParseBaseline("b.json", []byte(tt.input))
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), tt.err), "%v\ndoes not start with\n%s", err, tt.err)
		})
	}
}
