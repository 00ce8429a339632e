package traffic

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/fixtures"
)

// recorded writes the exchanges of embedded fixtures as a sink of each
// kind writes them.
func recorded(t *testing.T, newSink func(*bytes.Buffer) Sink, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	sink := newSink(&buf)
	for _, n := range names {
		require.NoError(t, sink.Write(Record{Exchange: loadFixture(t, n), Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}))
	}
	require.NoError(t, sink.Close())
	return buf.Bytes()
}

func ndjsonOf(t *testing.T, names ...string) []byte {
	return recorded(t, func(b *bytes.Buffer) Sink { return NewNDJSONWriter(b) }, names...)
}

func harOf(t *testing.T, names ...string) []byte {
	return recorded(t, func(b *bytes.Buffer) Sink { return NewHARWriter(b, "test", "1") }, names...)
}

func sourcesOf(rs []Recorded) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Exchange.Source.String())
	}
	return out
}

func errorsOf(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// ReadFixtureFile reads every exchange of every format specdrift writes,
// telling the format by the extension or else by the content.
func TestReadFixtureFileFormats(t *testing.T) {
	listAuth, listPerm := "cloudconnect/list-authorisations-200.yaml", "cloudconnect/list-permissions-200.yaml"
	yaml1, err := fixtures.Files.ReadFile(listAuth)
	require.NoError(t, err)
	yaml2, err := fixtures.Files.ReadFile(listPerm)
	require.NoError(t, err)
	twoDocs := append(append(append([]byte{}, yaml1...), "---\n"...), yaml2...)
	first := firstKey(twoDocs, 1)
	second := firstKey(twoDocs, bytes.Count(yaml1, []byte("\n"))+2) // after "---"
	nd, har := ndjsonOf(t, listAuth, listPerm), harOf(t, listAuth, listPerm)
	flow := []byte(`{operation: ListPermissions, request: {method: GET, url: /v3/d/ccaas/permissions}}`)

	tests := []struct {
		name    string
		data    []byte
		sources []string
	}{
		{"two.yaml", twoDocs, []string{"two.yaml:" + strconv.Itoa(first), "two.yaml:" + strconv.Itoa(second)}},
		{"log.ndjson", nd, []string{"log.ndjson#line 1", "log.ndjson#line 2"}},
		{"log.jsonl", nd, []string{"log.jsonl#line 1", "log.jsonl#line 2"}},
		{"capture.har", har, []string{"capture.har#entries/0", "capture.har#entries/1"}},
		{"ndjson-content.json", nd, []string{"ndjson-content.json#line 1", "ndjson-content.json#line 2"}},
		{"har-content.log", har, []string{"har-content.log#entries/0", "har-content.log#entries/1"}},
		{"yaml-content.txt", twoDocs, []string{"yaml-content.txt:" + strconv.Itoa(first), "yaml-content.txt:" + strconv.Itoa(second)}},
		{"flow-mapping.txt", flow, []string{"flow-mapping.txt:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, errs := ReadFixtureFile(tt.name, tt.data)
			require.Empty(t, errs)
			if d := cmp.Diff(tt.sources, sourcesOf(rs)); d != "" {
				t.Errorf("sources (-want +got):\n%s", d)
			}
		})
	}
}

// firstKey is the first line from line on that is not a comment: where
// the document's mapping starts.
func firstKey(data []byte, line int) int {
	lines := strings.Split(string(data), "\n")
	for strings.HasPrefix(lines[line-1], "#") {
		line++
	}
	return line
}

// The placeholders of YAML fixtures and NDJSON lines are kept, for replay.
func TestReadFixtureFilePlaceholders(t *testing.T) {
	name := "cloudconnect/list-permissions-200.yaml"
	data, err := fixtures.Files.ReadFile(name)
	require.NoError(t, err)
	fx, _, err := contract.ReadFixture(name, data)
	require.NoError(t, err)
	require.NotEmpty(t, fx.Placeholders)

	line, err := marshalLine(&Line{Fixture: *fx})
	require.NoError(t, err)
	for _, in := range []struct {
		name string
		data []byte
	}{{"f.yaml", data}, {"f.ndjson", line}} {
		rs, errs := ReadFixtureFile(in.name, in.data)
		require.Empty(t, errs)
		require.Len(t, rs, 1)
		if d := cmp.Diff(fx.Placeholders, rs[0].Placeholders); d != "" {
			t.Errorf("%s: placeholders (-want +got):\n%s", in.name, d)
		}
	}
	rs, errs := ReadFixtureFile("f.har", harOf(t, name))
	require.Empty(t, errs)
	require.Nil(t, rs[0].Placeholders, "HAR has no placeholders")
}

// A file with no exchange is an error, whatever its format; an NDJSON line
// is read strictly; unreadable entries are counted past the first 100.
func TestReadFixtureFileErrors(t *testing.T) {
	good := `{"request":{"method":"GET","url":"/v3/d/ccaas/permissions"}}`
	tests := []struct {
		name  string
		data  string
		count int
		errs  []string
	}{
		{"empty.ndjson", "", 0, []string{"empty.ndjson: no exchanges in the file (read as NDJSON)"}},
		{"blank.jsonl", "\n \n", 0, []string{"blank.jsonl: no exchanges in the file (read as NDJSON)"}},
		{"empty.har", `{"log":{"entries":[]}}`, 0, []string{"empty.har: no exchanges in the file (read as HAR)"}},
		{"empty.yaml", "", 0, []string{"empty.yaml: no exchanges in the file (read as YAML fixtures)"}},
		{"empty.txt", "# none\n", 0, []string{"empty.txt: no exchanges in the file (read as YAML fixtures)"}},
		{"typo.ndjson", good + "\n" + strings.Replace(good, `"request"`, `"requets"`, 1) + "\n", 1,
			[]string{`typo.ndjson:2: not an exchange: unknown field "requets"`}},
		{"nested.ndjson", strings.Replace(good, `"url"`, `"uri":"/","url"`, 1) + "\n", 0,
			[]string{`nested.ndjson:1: not an exchange: unknown field "uri"`}},
		{"two-values.ndjson", good + " {}\n", 0, []string{"two-values.ndjson:1: not an exchange: more than one JSON value on the line"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, errs := ReadFixtureFile(tt.name, []byte(tt.data))
			require.Len(t, rs, tt.count)
			if d := cmp.Diff(tt.errs, errorsOf(errs)); d != "" {
				t.Errorf("errors (-want +got):\n%s", d)
			}
		})
	}

	many := strings.Repeat("{not json\n", keepErrors+5) + good + "\n"
	rs, errs := ReadFixtureFile("many.ndjson", []byte(many))
	require.Len(t, rs, 1, "the readable line is still read")
	require.Len(t, errs, keepErrors+1)
	require.Equal(t, "many.ndjson: and 5 more unreadable entries", errs[keepErrors].Error())
}

// LoadFixtures reads one file of any name, or every fixture file below a
// folder in path order, and never returns nothing without an error.
func TestLoadFixtures(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
	yaml, err := fixtures.Files.ReadFile("cloudconnect/list-permissions-200.yaml")
	require.NoError(t, err)
	write("b/one.yaml", yaml)
	write("a/two.ndjson", ndjsonOf(t, "cloudconnect/list-permissions-200.yaml", "cloudconnect/list-authorisations-200.yaml"))
	write("c.har", harOf(t, "cloudconnect/list-permissions-200.yaml"))
	write("notes.md", []byte("not a fixture"))
	write("baseline.json", []byte(`{"accepted":[]}`))
	write("empty/.keep", nil)
	display := func(p string) string { return "in/" + p }

	rs, errs := LoadFixtures(os.DirFS(dir), ".", display)
	require.Empty(t, errs)
	want := []string{"in/a/two.ndjson#line 1", "in/a/two.ndjson#line 2", "in/b/one.yaml:3", "in/c.har#entries/0"}
	if d := cmp.Diff(want, sourcesOf(rs)); d != "" {
		t.Errorf("sources (-want +got):\n%s", d)
	}

	rs, errs = LoadFixtures(os.DirFS(dir), "baseline.json", display)
	require.Empty(t, rs)
	require.Equal(t, []string{`in/baseline.json:1: not an exchange: unknown field "accepted"`}, errorsOf(errs), "a file named is read, whatever its name")

	_, errs = LoadFixtures(os.DirFS(dir), "empty", display)
	require.Equal(t, []string{"in/empty: no fixture files (*.yaml, *.yml, *.ndjson, *.jsonl, *.har) found"}, errorsOf(errs))
	_, errs = LoadFixtures(os.DirFS(dir), "missing", display)
	require.Len(t, errs, 1)
	require.Contains(t, errs[0].Error(), "in/missing: ")
}
