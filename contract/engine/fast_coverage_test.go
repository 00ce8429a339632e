package engine_test

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/engine"
	"github.com/specdrift/specdrift/fixtures"
	"github.com/specdrift/specdrift/spec"
)

// kinSchemas lists the schemas of a spec that the fast path hands to
// kin-openapi, by their pointer.
func kinSchemas(s *contract.Spec) []string {
	return engine.NewFast(s.Schemas()).KinPointers(engine.Options{JSONSchema2020: s.Doc.IsOpenAPI31OrLater()})
}

func loadSpec(t *testing.T, name string) *contract.Spec {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	s, err := contract.LoadSpec(name, data)
	require.NoError(t, err)
	return s
}

func embeddedSpecs(t *testing.T) []*contract.Spec {
	t.Helper()
	specs, err := contract.LoadSpecs(spec.Files, ".", func(p string) string { return path.Join("spec", p) })
	require.NoError(t, err)
	return specs
}

// TestFastPathCoverage: the fast path validates every schema of the
// embedded specs itself, and hands to kin-openapi exactly the schemas of the
// coverage spec that use what it does not cover.
func TestFastPathCoverage(t *testing.T) {
	for _, s := range embeddedSpecs(t) {
		require.Empty(t, kinSchemas(s), s.Name)
	}
	// nullable oneOf and anyOf, discriminators, not, uniqueItems
	require.Empty(t, kinSchemas(loadSpec(t, "../testdata/nullable.yaml")))
	s := loadSpec(t, "../testdata/fastpath.yaml")
	want := []string{
		"/components/schemas/PetRecord/properties/created", // allOf with a readOnly property
	}
	if d := cmp.Diff(want, kinSchemas(s)); d != "" {
		t.Errorf("schemas handed to kin-openapi (-want +got):\n%s", d)
	}
}

// TestFastPathOwnFormats: the formats this package registers with
// kin-openapi (email, hostname, ipv4, ipv6, uri) are checked on the fast
// path; a schema of one a program has replaced goes to kin-openapi.
func TestFastPathOwnFormats(t *testing.T) {
	s := loadSpec(t, "../testdata/formats.yaml")
	require.Empty(t, kinSchemas(s))
	saved := openapi3.SchemaStringFormats["uri"]
	t.Cleanup(func() { openapi3.DefineStringFormatValidator("uri", saved) })
	openapi3.DefineStringFormatValidator("uri", openapi3.NewRegexpFormatValidator(`^https:`))
	require.Equal(t, []string{"/components/schemas/Contact/properties/links/items", "/components/schemas/Contact/properties/site"}, kinSchemas(s))
}

// TestFastPathTakesBodies: the fast path validates the bodies of the
// embedded fixtures itself, and leaves to the kin path only what is not
// JSON it reads.
func TestFastPathTakesBodies(t *testing.T) {
	specs := embeddedSpecs(t)
	v := contract.NewValidator(specs, contract.Options{StrictRequests: true})
	// the fixture loader is contract/traffic's, which imports contract
	var exs []*contract.Exchange
	require.NoError(t, fs.WalkDir(fixtures.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || path.Ext(p) != ".yaml" {
			return err
		}
		data, err := fs.ReadFile(fixtures.Files, p)
		require.NoError(t, err)
		_, ex, err := contract.ReadFixture(p, data)
		require.NoError(t, err)
		exs = append(exs, ex)
		return nil
	}))
	require.Len(t, exs, 5)
	taken := func(ex *contract.Exchange, side string, body []byte) bool {
		res, err := v.Validate(context.Background(), ex)
		require.NoError(t, err)
		op := res.Operation
		var content openapi3.Content
		if side == "request" {
			content = op.Op.RequestBody.Value.Content
		} else {
			content = op.Op.Responses.Value(strconv.Itoa(ex.Response.Status)).Value.Content
		}
		_, ok := engine.NewFast(op.Spec.Schemas()).Read(body, content.Get("application/json").Schema.Value, engine.Options{Request: side == "request", Strict: true})
		return ok
	}
	n := 0
	for _, ex := range exs {
		if len(ex.Request.Body) > 0 {
			require.True(t, taken(ex, "request", ex.Request.Body), ex.Source.Name)
			require.False(t, taken(ex, "request", append(ex.Request.Body, '}')), ex.Source.Name)
			n++
		}
		if len(ex.Response.Body) > 0 {
			require.True(t, taken(ex, "response", ex.Response.Body), ex.Source.Name)
			require.False(t, taken(ex, "response", []byte(" ")), ex.Source.Name)
			n++
		}
	}
	require.Equal(t, 7, n)
}

// TestFastPathReplacedFormat: when a program replaces kin-openapi's check of
// a format the fast path knows, the schemas of that format go to
// kin-openapi, and both engines still agree.
func TestFastPathReplacedFormat(t *testing.T) {
	saved := openapi3.SchemaStringFormats["date-time"]
	t.Cleanup(func() { openapi3.DefineStringFormatValidator("date-time", saved) })
	openapi3.DefineStringFormatValidator("date-time", openapi3.NewRegexpFormatValidator(`^2024-`)) // stricter
	s := loadSpec(t, "../testdata/fastpath.yaml")
	got := kinSchemas(s)
	for _, p := range []string{"/components/schemas/Item/properties/at", "/components/schemas/Stamp/properties/ts"} {
		require.Contains(t, got, p)
	}
	require.NotContains(t, got, "/components/schemas/Item/properties/day") // date is still kin-openapi's own

	ex := &contract.Exchange{Request: contract.Request{Method: "GET", URL: "/lists"},
		Response: &contract.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`[{"id": "a", "start": "2024-09-20T08:03:51Z", "end": "2023-09-20T08:03:51Z"}]`)}}
	var results []*contract.Result
	for _, e := range []string{contract.EngineKin, contract.EngineFast} {
		res, err := contract.NewValidator([]*contract.Spec{s}, contract.Options{Engine: e}).Validate(context.Background(), ex)
		require.NoError(t, err)
		results = append(results, res)
	}
	require.Equal(t, []contract.RuleID{contract.RuleResponseBodySchema, contract.RuleTimeOrder}, []contract.RuleID{results[0].Findings[0].Rule, results[0].Findings[1].Rule})
	require.Equal(t, results[0].Findings, results[1].Findings)
}

// TestFastPath31: in an OpenAPI 3.1 document the fast path compiles const,
// prefixItems with items, $defs, dependentRequired, patternProperties with
// properties and additionalProperties, examples, $comment, the boolean
// schema true and unevaluatedProperties itself (the same schemas of a 3.0
// document go to kin-openapi, which does not read them there); it judges a
// body that keeps each of them on its own, and hands one that breaks any
// of them to kin-openapi, which finds it wrong.
func TestFastPath31(t *testing.T) {
	s := loadSpec(t, "../testdata/openapi31-bodies.yaml")
	require.True(t, s.Doc.IsOpenAPI31OrLater())
	require.Empty(t, kinSchemas(s))
	as30 := engine.NewFast(s.Schemas()).KinPointers(engine.Options{})
	for _, p := range []string{"/components/schemas/Thing/properties/version", "/components/schemas/Thing/properties/kind", "/components/schemas/Codes",
		"/components/schemas/Thing/properties/coords", "/components/schemas/Thing/properties/labels", "/components/schemas/Thing/properties/sealed"} {
		require.Contains(t, as30, p)
	}

	thing := s.Doc.Components.Schemas["Thing"].Value
	fast, kin := engine.NewFast(s.Schemas()), engine.NewKin(s.Schemas())
	o := engine.Options{Request: true, JSONSchema2020: true}
	good := `{"id": "t1", "kind": "thing", "version": 2, "code": "AB", "coords": [45.5, 7, "a"],
 "labels": {"main": "m", "l-a": "x", "l-xy": "ab", "other": 3}, "sealed": {"a": 1, "p1": true, "p2": false, "flag": {"any": null}}}`
	faults, ok := fast.Read([]byte(good), thing, o)
	require.True(t, ok, "a 3.1 body that keeps every keyword is judged on the fast path")
	require.Empty(t, faults)
	for keyword, body := range map[string]string{
		"const":                                `{"id": "t", "kind": "thing", "version": 3}`,
		"const, a number of the same float64":  `{"id": "t", "kind": "thing", "version": 2.0000000000000000001}`,
		"$defs":                                `{"id": "t", "kind": "thing", "code": "abc"}`,
		"prefixItems":                          `{"id": "t", "kind": "thing", "coords": [91]}`,
		"items after prefixItems":              `{"id": "t", "kind": "thing", "coords": [1, 2, 3]}`,
		"patternProperties":                    `{"id": "t", "kind": "thing", "labels": {"l-": ""}}`,
		"every matching pattern":               `{"id": "t", "kind": "thing", "labels": {"l-xyz": "abcd"}}`,
		"properties beside patterns":           `{"id": "t", "kind": "thing", "labels": {"main": 1}}`,
		"additionalProperties beside patterns": `{"id": "t", "kind": "thing", "labels": {"other": "o"}}`,
		"unevaluatedProperties":                `{"id": "t", "kind": "thing", "sealed": {"a": 1, "b": 2}}`,
		"dependentRequired":                    `{"id": "t", "kind": "thing", "sealed": {"a": 1, "p1": true}}`,
	} {
		_, ok := fast.Read([]byte(body), thing, o)
		require.False(t, ok, "%s: a body that breaks it goes to kin-openapi", keyword)
		faults, err := kin.Validate([]byte(body), thing, o)
		require.NoError(t, err)
		require.NotEmpty(t, faults, "%s: kin-openapi finds the body wrong", keyword)
	}
}
