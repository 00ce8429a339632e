package diff

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// specFile is a spec as the pairs' old versions keep it, a snapshot that
// later edits of spec/ leave alone.
func specFile(t testing.TB, name string) File {
	t.Helper()
	dir := map[string]string{"cloudconnect.yaml": "02-limit-range-widened", "servicetickets.yaml": "06-field-type-integer-to-string"}[name]
	data, err := os.ReadFile(filepath.Join("testdata", "pairs", dir, "old", name))
	require.NoError(t, err)
	return File{Name: "spec/" + name, Data: data}
}

func edit(t testing.TB, f File, name, old, new string) File {
	t.Helper()
	require.Equal(t, 1, strings.Count(string(f.Data), old), "%q must occur once in %s", old, f.Name)
	return File{Name: name, Data: []byte(strings.Replace(string(f.Data), old, new, 1))}
}

// TestEveryChangeCarried checks the translation against the engine: every
// change oasdiff reports for a pair appears once, with its level and
// message, and nothing else does.
func TestEveryChangeCarried(t *testing.T) {
	for _, tc := range pairCases {
		t.Run(tc.dir, func(t *testing.T) {
			res := comparePairDir(t, "testdata/pairs/"+tc.dir, nil)
			var got []string
			for _, c := range res.Pairs[0].Changes {
				got = append(got, strings.Join([]string{c.Rule, c.Severity.String(), c.Operation, c.Message}, " | "))
			}
			old := readDir(t, "testdata/pairs/"+tc.dir+"/old")[0]
			new := readDir(t, "testdata/pairs/"+tc.dir+"/new")[0]
			var want []string
			l := checker.NewDefaultLocalizer()
			for _, c := range oasdiffChanges(t, old.Data, new.Data) {
				want = append(want, strings.Join([]string{c.GetId(), c.GetLevel().String(), strings.TrimSpace(c.GetOperation() + " " + c.GetPath()), c.GetUncolorizedText(l)}, " | "))
			}
			sort.Strings(got)
			sort.Strings(want)
			require.NotEmpty(t, want)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("changes differ from oasdiff's (-oasdiff +ours):\n%s", d)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	cc := specFile(t, "cloudconnect.yaml")
	st := specFile(t, "servicetickets.yaml")
	cases := []struct {
		name     string
		old, new File
		check    func(t *testing.T, err error)
	}{
		{"malformed YAML on the new side", cc, File{Name: "new/cloudconnect.yaml", Data: []byte("openapi: 3.0.3\ninfo: [unclosed\n")},
			func(t *testing.T, err error) {
				var ie *contract.InputError
				require.ErrorAs(t, err, &ie)
				require.Equal(t, "new/cloudconnect.yaml", ie.File)
				require.Equal(t, 2, ie.Line)
				require.Contains(t, err.Error(), "malformed YAML")
			}},
		{"not an OpenAPI document on the old side", File{Name: "old/cloudconnect.yaml", Data: []byte("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {$ref: '#/components/responses/none'}}\n")}, cc,
			func(t *testing.T, err error) {
				var ie *contract.InputError
				require.ErrorAs(t, err, &ie)
				require.Equal(t, "old/cloudconnect.yaml", ie.File)
				require.Contains(t, err.Error(), "components/responses/none")
			}},
		{"two specs of different services", cc, File{Name: "new/cloudconnect.yaml", Data: st.Data},
			func(t *testing.T, err error) {
				var me *ServiceMismatchError
				require.ErrorAs(t, err, &me)
				require.Equal(t, "Cloud Connect v3 authorizations", me.OldTitle)
				require.Equal(t, "Service tickets (OSM) v2 authorizations", me.NewTitle)
				require.Contains(t, err.Error(), "describe different services")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPairs(context.Background(), []Pair{{Service: "cloudconnect", Old: &tc.old, New: &tc.new}})
			require.Error(t, err)
			tc.check(t, err)
		})
	}
}

// TestInvalidNewVersion: a document that breaks OpenAPI but can be used
// loads, and the diff reports its problem, with its place, among the
// pair's findings (it used to be refused).
func TestInvalidNewVersion(t *testing.T) {
	cc := specFile(t, "cloudconnect.yaml")
	bad := edit(t, cc, "new/cloudconnect.yaml", "type: boolean", "type: bool")
	loaded, err := LoadPairs(context.Background(), []Pair{{Service: "cloudconnect", Old: &cc, New: &bad}})
	require.NoError(t, err)
	res, err := Compare(context.Background(), loaded, Options{})
	require.NoError(t, err)
	var rules []string
	for _, p := range res.Pairs[0].Problems {
		rules = append(rules, string(p.Rule)+" "+p.Source)
	}
	// the schema, once, where it is written; and the two examples that
	// the unknown type rejects
	line := 1 + strings.Count(string(bad.Data[:strings.Index(string(bad.Data), "is_loaded_by_cloud_connection:\n          type: bool")]), "\n")
	require.Equal(t, []string{"spec-example-invalid new/cloudconnect.yaml:90", "spec-example-invalid new/cloudconnect.yaml:205",
		fmt.Sprintf("spec-invalid new/cloudconnect.yaml:%d", line)}, rules)
	p := res.Pairs[0].Problems[2]
	require.Equal(t, "/components/schemas/Authorisation/properties/is_loaded_by_cloud_connection", p.Pointer)
	require.Equal(t, `The schema is invalid: unsupported 'type' value "bool".`, p.Message)
	require.Contains(t, res.Pairs[0].Findings(), p)
	require.Empty(t, loaded[0].Old.Spec.Problems)
}

func TestSameServiceByOperation(t *testing.T) {
	cc := specFile(t, "cloudconnect.yaml")
	renamed := edit(t, cc, "new/cloudconnect.yaml", "title: Cloud Connect v3 authorizations", "title: Cloud Connect authorizations")
	loaded, err := LoadPairs(context.Background(), []Pair{{Service: "cloudconnect", Old: &cc, New: &renamed}})
	require.NoError(t, err, "a renamed spec that keeps its operations is the same service")
	require.Len(t, loaded, 1)
}

// TestAddedAndRemovedServices pairs two folders where the new one drops
// servicetickets and adds a renamed copy of it: every endpoint of the
// dropped service is removed and its fixture rejected as gone; the added
// service has every endpoint added and no fixture.
func TestAddedAndRemovedServices(t *testing.T) {
	cc, st := specFile(t, "cloudconnect.yaml"), specFile(t, "servicetickets.yaml")
	moved := edit(t, st, "new/osm.yaml", "/v2/servicerequest/authorizations/{authorization_id}:", "/v3/servicerequest/authorizations/{authorization_id}:")
	pairs := PairFiles([]File{cc, st}, []File{{Name: "new/cloudconnect.yaml", Data: cc.Data}, moved})
	require.Equal(t, []string{"cloudconnect", "osm", "servicetickets"}, []string{pairs[0].Service, pairs[1].Service, pairs[2].Service})
	require.Nil(t, pairs[1].Old)
	require.Nil(t, pairs[2].New)
	loaded, err := LoadPairs(context.Background(), pairs)
	require.NoError(t, err)
	res, err := Compare(context.Background(), loaded, Options{Fixtures: embeddedFixtures(t)})
	require.NoError(t, err)
	rules := func(pr *PairResult) (out []string) {
		for _, c := range pr.Changes {
			out = append(out, c.Rule+" "+c.Operation)
		}
		return out
	}
	require.Empty(t, res.Pairs[0].Changes)
	require.Equal(t, 3, res.Pairs[0].Exchanges)
	security := func(verb string) []string {
		return []string{"api-global-security-" + verb + " ", "api-global-security-" + verb + " ", "api-security-component-" + verb + " ", "api-security-component-" + verb + " "}
	}
	require.Equal(t, append(security("added"), "endpoint-added PUT /v3/servicerequest/authorizations/{authorization_id}"), rules(res.Pairs[1]))
	require.Zero(t, res.Pairs[1].Exchanges)
	removed := append([]string{"api-path-removed-without-deprecation PUT /v2/servicerequest/authorizations/{authorization_id}"}, security("removed")...)
	removed = append(removed[:3], append([]string{"api-schema-removed ", "api-schema-removed ", "api-schema-removed "}, removed[3:]...)...)
	require.Equal(t, removed, rules(res.Pairs[2]))
	require.Len(t, res.Pairs[2].Rejected, 1)
	gone := res.Pairs[2].Rejected[0]
	require.Equal(t, contract.RuleUnknownOperation, gone.Rule)
	require.Equal(t, "fixtures/servicetickets/confirm-authorizations-200.yaml:12", gone.Source)
	require.Contains(t, gone.Message, "the operation was removed or moved")
	require.Empty(t, res.Pairs[2].Resolved, "nothing was checked under the new version, so nothing is resolved")
}

// TestResolved documents the query parameter the page's example sends: the
// new version no longer reports it, and nothing is rejected.
func TestResolved(t *testing.T) {
	st := specFile(t, "servicetickets.yaml")
	doc := edit(t, st, "new/servicetickets.yaml", `        - name: X-Language
`, `        - name: group_id
          in: query
          required: false
          schema:
            type: string
        - name: X-Language
`)
	loaded, err := LoadPairs(context.Background(), []Pair{{Service: "servicetickets", Old: &st, New: &doc}})
	require.NoError(t, err)
	res, err := Compare(context.Background(), loaded, Options{Fixtures: embeddedFixtures(t)})
	require.NoError(t, err)
	pr := res.Pairs[0]
	require.Equal(t, []string{"new-optional-request-parameter"}, []string{pr.Changes[0].Rule})
	require.Empty(t, pr.Rejected)
	require.Len(t, pr.Resolved, 1)
	require.Equal(t, contract.RuleUndocumentedQueryParameter, pr.Resolved[0].Rule)
	require.Equal(t, "group_id", pr.Resolved[0].Pointer)
}

func TestAcceptBaseline(t *testing.T) {
	res := comparePairDir(t, "testdata/pairs/04-response-field-dropped", embeddedFixtures(t))
	all := res.Pairs[0].Findings()
	require.Len(t, all, 4)
	// accept one change and one rejection
	b := contract.NewBaseline([]contract.Finding{all[0], all[2]})
	require.Equal(t, 2, res.Accept(b))
	require.Equal(t, 2, res.Accepted)
	s := res.Summary(contract.SeverityInfo)
	require.Equal(t, Summary{Services: 1, Changes: 1, Exchanges: 3, Rejected: 1, Warnings: 1, Infos: 1, Accepted: 2, Failing: 2}, s)
}

func TestGitRefParse(t *testing.T) {
	for _, tc := range []struct {
		in, rev, path string
		ok            bool
	}{
		{"git:main:spec/cloudconnect.yaml", "main", "spec/cloudconnect.yaml", true},
		{"git:HEAD~2:spec", "HEAD~2", "spec", true},
		{"git:main", "", "", false},
		{"git::spec", "", "", false},
		{"spec/cloudconnect.yaml", "", "", false},
	} {
		rev, p, ok := ParseGitRef(tc.in)
		require.Equal(t, []any{tc.rev, tc.path, tc.ok}, []any{rev, p, ok}, tc.in)
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cc := specFile(t, "cloudconnect.yaml")
	_, err := LoadPairs(ctx, []Pair{{Service: "cloudconnect", Old: &cc, New: &cc}})
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)
}

// TestMultiFilePair: versions whose specs $ref files of shared schemas
// load those files from their folders, the shared files pair with
// nothing (they are no services), and a change in a shared file is
// located there.
func TestMultiFilePair(t *testing.T) {
	api := "openapi: 3.0.3\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: Pets.\n" +
		"          content:\n            application/json:\n              schema: {$ref: 'shared.yaml#/Pet'}\n"
	shared := "Pet:\n  type: object\n  properties:\n    name:\n      type: %s\n"
	fsys := fstest.MapFS{
		"old/api.yaml":    {Data: []byte(api)},
		"old/shared.yaml": {Data: []byte(fmt.Sprintf(shared, "string"))},
		"new/api.yaml":    {Data: []byte(api)},
		"new/shared.yaml": {Data: []byte(fmt.Sprintf(shared, "integer"))},
	}
	side := func(dir string) []File {
		sub, err := fs.Sub(fsys, dir)
		require.NoError(t, err)
		return []File{{Name: dir + "/api.yaml", Dir: sub, Path: "api.yaml"}, {Name: dir + "/shared.yaml", Dir: sub, Path: "shared.yaml"}}
	}
	loaded, err := LoadPairs(context.Background(), PairFiles(side("old"), side("new")))
	require.NoError(t, err)
	require.Len(t, loaded, 1, "shared.yaml is no service")
	require.Equal(t, []string{"new/api.yaml", "new/shared.yaml"}, loaded[0].New.Spec.Files())
	require.Same(t, loaded[0].New.Spec.Doc, loaded[0].New.info.Spec, "one load for the validator and the diff engine")
	res, err := Compare(context.Background(), loaded, Options{})
	require.NoError(t, err)
	var got []string
	for _, c := range res.Pairs[0].Changes {
		got = append(got, c.Rule+" "+c.New.String())
	}
	require.Contains(t, got, "response-property-type-changed new/shared.yaml:5")
}
