package diff

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// readDir reads the spec files of a folder, named by their slash path.
func readDir(t testing.TB, dir string) []File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, names, "no specs in %s", dir)
	var out []File
	for _, n := range names {
		data, err := os.ReadFile(n)
		require.NoError(t, err)
		out = append(out, File{Name: filepath.ToSlash(n), Data: data})
	}
	return out
}

// embeddedFixtures are the repository's recorded exchanges, recorded under
// the specs the old versions of the pairs are taken from.
func embeddedFixtures(t testing.TB) []*contract.Exchange {
	t.Helper()
	exsRecorded, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	return exs
}

func comparePairDir(t testing.TB, dir string, exs []*contract.Exchange) *Result {
	t.Helper()
	loaded, err := LoadPairs(context.Background(), PairFiles(readDir(t, filepath.Join(dir, "old")), readDir(t, filepath.Join(dir, "new"))))
	require.NoError(t, err)
	res, err := Compare(context.Background(), loaded, Options{Fixtures: exs})
	require.NoError(t, err)
	return res
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(file, got, 0o644))
		return
	}
	want, err := os.ReadFile(file)
	require.NoError(t, err, "run go test ./contract/diff -update to create it")
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the output (run with -update to accept it):\n%s", file, cmp.Diff(string(want), string(got)))
	}
}

// The pairs: what each must report, named here so that a golden file
// refreshed by mistake cannot hide a lost change or fixture.
var pairCases = []struct {
	dir          string
	changes      []string // rule IDs, sorted, with repeats
	rejected     []string // "rule source"
	coverageLost []string // "operation status"
	notCovered   []string // "operation status"
	resolved     []string
}{
	{dir: "01-page-style-2024-05-to-2024-11", changes: []string{
		"request-parameter-default-value-removed",
		"request-parameter-max-items-unset", "request-parameter-max-items-unset", "request-parameter-max-items-unset", "request-parameter-max-items-unset", "request-parameter-max-items-unset",
		"request-parameter-max-length-unset", "request-parameter-max-length-unset",
		"request-parameter-min-items-unset", "request-parameter-min-items-unset", "request-parameter-min-items-unset", "request-parameter-min-items-unset", "request-parameter-min-items-unset",
		"request-parameter-min-length-unset",
		"response-property-max-items-unset",
		"response-property-max-length-unset", "response-property-max-length-unset", "response-property-max-length-unset",
		"response-property-max-unset",
		"response-property-min-length-unset", "response-property-min-length-unset", "response-property-min-length-unset",
		"response-property-min-unset",
	}},
	{dir: "02-limit-range-widened", changes: []string{"request-parameter-max-increased"}},
	{dir: "03-instance-type-enum-value", changes: []string{"request-property-enum-value-added"}},
	{dir: "04-response-field-dropped",
		changes: []string{"response-optional-property-removed", "response-optional-property-removed"},
		rejected: []string{
			"undocumented-response-field fixtures/cloudconnect/create-authorisation-201.yaml:49",
			"undocumented-response-field fixtures/cloudconnect/list-authorisations-200.yaml:37",
		}},
	{dir: "05-query-parameter-required",
		changes:  []string{"request-parameter-became-required"},
		rejected: []string{"request-parameter fixtures/cloudconnect/list-authorisations-200.yaml:13"}},
	{dir: "06-field-type-integer-to-string",
		changes: []string{"request-property-type-changed"},
		rejected: []string{
			"request-body-schema fixtures/servicetickets/confirm-authorizations-200.yaml:19",
			"response-body-schema fixtures/servicetickets/confirm-authorizations-200.yaml:37",
			"response-body-schema fixtures/servicetickets/confirm-authorizations-200.yaml:42",
		}},
	{dir: "07-success-status-changed",
		changes:    []string{"response-success-status-added", "response-success-status-removed"},
		rejected:   []string{"undocumented-status fixtures/cloudconnect/create-authorisation-201.yaml:29"},
		notCovered: []string{"POST /v3/{domain_id}/ccaas/authorisations 200"}},
}

func TestPairsGolden(t *testing.T) {
	exs := embeddedFixtures(t)
	for _, tc := range pairCases {
		t.Run(tc.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "pairs", tc.dir)
			res := comparePairDir(t, dir, exs)
			require.Len(t, res.Pairs, 1)
			pr := res.Pairs[0]
			var got struct{ changes, rejected, coverageLost, notCovered, resolved []string }
			for _, c := range pr.Changes {
				got.changes = append(got.changes, c.Rule)
			}
			for _, f := range pr.Rejected {
				got.rejected = append(got.rejected, string(f.Rule)+" "+f.Source)
			}
			for _, f := range pr.CoverageLost {
				got.coverageLost = append(got.coverageLost, f.Operation+" "+f.Pointer)
			}
			for _, f := range pr.NotCovered {
				got.notCovered = append(got.notCovered, f.Operation+" "+f.Pointer)
			}
			for _, f := range pr.Resolved {
				got.resolved = append(got.resolved, string(f.Rule)+" "+f.Source)
			}
			for _, l := range [][]string{got.changes, got.rejected, got.coverageLost, got.notCovered, got.resolved} {
				sort.Strings(l)
			}
			for name, pair := range map[string][2][]string{
				"changes": {tc.changes, got.changes}, "rejected": {tc.rejected, got.rejected},
				"coverage lost": {tc.coverageLost, got.coverageLost}, "not covered": {tc.notCovered, got.notCovered}, "resolved": {tc.resolved, got.resolved},
			} {
				if d := cmp.Diff(pair[0], pair[1]); d != "" {
					t.Errorf("%s (-want +got):\n%s", name, d)
				}
			}
			for _, g := range []struct{ file, format string }{{"report.txt", "text"}, {"report.md", "markdown"}, {"report.json", "json"}, {"report.html", "html"}} {
				var buf bytes.Buffer
				require.NoError(t, Write(&buf, res, g.format, contract.SeverityError))
				checkGolden(t, filepath.Join(dir, g.file), buf.Bytes())
			}
			for _, g := range []struct{ file, format string }{{"changelog.txt", "text"}, {"changelog.md", "markdown"}} {
				var buf bytes.Buffer
				require.NoError(t, WriteChangelog(&buf, res, g.format))
				checkGolden(t, filepath.Join(dir, g.file), buf.Bytes())
			}
		})
	}
}
