package engine_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/engine"
)

// TestCompositionFindings: a oneOf or anyOf that no branch matches is one
// finding naming the nearest branch, then that branch's faults only, with
// the value that was there; both engines say the same.
func TestCompositionFindings(t *testing.T) {
	s := loadSpec(t, "../testdata/fastpath.yaml")
	type finding struct{ Pointer, Message, Actual string }
	for _, tc := range []struct {
		method, url, body string
		want              []finding
	}{
		{"POST", "/pets", `{"petType": "Dog", "lives": 3}`, []finding{
			{"", `the body: value doesn't match any schema from "oneOf"; nearest: oneOf/1 (Dog), whose faults follow; oneOf/0 (Cat): property "name" is missing.`, `{"lives":3,"petType":"Dog"}`},
			{"/name", `/name: property "name" is missing.`, `{"lives":3,"petType":"Dog"}`},
		}},
		// the value states no discriminator, and no branch matches: the
		// branch whose faults stand deepest is the nearest
		{"POST", "/pets", `{"name": "x", "good": "no"}`, []finding{
			{"", `the body: input does not contain the discriminator property "petType"; 0 of the oneOf branches match; nearest: oneOf/0 (Cat), whose faults follow; oneOf/1 (Dog): /good: value must be a boolean (and 1 more).`, `{"good":"no","name":"x"}`},
			{"/petType", `/petType: property "petType" is missing.`, `{"good":"no","name":"x"}`},
		}},
		// exactly one branch matches: no finding
		{"POST", "/pets", `{"petType": "Cat", "name": "Tom", "lives": 9, "good": 1}`, nil},
	} {
		var got [2][]finding
		for i, e := range []string{contract.EngineKin, contract.EngineFast} {
			ex := &contract.Exchange{Request: contract.Request{Method: tc.method, URL: tc.url,
				Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(tc.body)}}
			res, err := contract.NewValidator([]*contract.Spec{s}, contract.Options{Engine: e}).Validate(context.Background(), ex)
			require.NoError(t, err)
			for _, f := range res.Findings {
				got[i] = append(got[i], finding{f.Pointer, f.Message, f.Actual})
			}
		}
		require.Equal(t, tc.want, got[0], tc.body)
		require.Equal(t, got[0], got[1], tc.body)
	}
}

// TestOneOfSeveral: a value that matches several branches of a oneOf is one
// fault of the oneOf naming them, found on the fast path as kin-openapi
// finds it; inside another composition it only fails that branch.
func TestOneOfSeveral(t *testing.T) {
	s, err := contract.LoadSpec("several.yaml", []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Two:
      oneOf:
        - type: object
        - {type: object, properties: {a: {type: string}}}
        - {type: object, required: [b]}
    Wrap:
      type: object
      properties:
        x: {$ref: '#/components/schemas/Two'}
        list: {type: array, items: {$ref: '#/components/schemas/Two'}}
        inner: {anyOf: [{$ref: '#/components/schemas/Two'}, {type: string}]}
`))
	require.NoError(t, err)
	wrap := s.Doc.Components.Schemas["Wrap"].Value
	fast, kin := engine.NewFast(s.Schemas()), engine.NewKin(s.Schemas())
	for _, body := range []string{
		`{"x": {"a": "s"}}`,
		`{"x": {"a": 1, "b": 2}, "list": [{}, {"b": 1}, {"a": 1}]}`,
		`{"inner": {"a": "s"}}`,
		`{"inner": {"a": 1}, "x": "no"}`,
	} {
		for _, o := range []engine.Options{{}, {Request: true}} {
			want, err := kin.Validate([]byte(body), wrap, o)
			require.NoError(t, err)
			require.NotEmpty(t, want, body)
			got, ok := fast.Read([]byte(body), wrap, o)
			require.True(t, ok, body)
			require.Equal(t, sortFaults(want), sortFaults(got), body)
		}
	}
}

// TestManyKeysOnce: an object with many keys its schema does not name (a
// map) that has one twice is validated as encoding/json decodes it, the
// last of the two kept, on the fast path as on the kin one.
func TestManyKeysOnce(t *testing.T) {
	s, err := contract.LoadSpec("map.yaml", []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Map:
      type: object
      properties: {name: {type: string}}
      additionalProperties: {type: integer}
`))
	require.NoError(t, err)
	m := s.Doc.Components.Schemas["Map"].Value
	fast, kin := engine.NewFast(s.Schemas()), engine.NewKin(s.Schemas())
	var members []string
	for i := range 40 {
		members = append(members, fmt.Sprintf(`"k%d": %d`, i, i))
	}
	for _, body := range []string{
		"{" + strings.Join(members, ", ") + `, "k3": "x"}`,
		"{" + strings.Join(members, ", ") + `, "k\u0033": "x", "k30": 1}`,
		"{" + strings.Join(members, ", ") + `, "k33": "x", "k33": 1}`,
		"{" + strings.Join(members, ", ") + `, "k40": "x"}`,
		`{"name": 1, "a": {"b": 1}, "c": {` + strings.Join(members[:20], ", ") + `, "k1": 2}}`,
	} {
		want, err := kin.Validate([]byte(body), m, engine.Options{})
		require.NoError(t, err)
		got, ok := fast.Read([]byte(body), m, engine.Options{})
		require.True(t, ok, body)
		require.Equal(t, sortFaults(want), sortFaults(got), body)
	}
}

// sortFaults orders faults by where they are: the fast path reports them
// in the order of the body, kin-openapi in that of sorted keys.
func sortFaults(fs []engine.Fault) []engine.Fault {
	slices.SortStableFunc(fs, func(a, b engine.Fault) int {
		return strings.Compare(a.Pointer+" "+a.Keyword, b.Pointer+" "+b.Keyword)
	})
	return fs
}

// TestWrongType: an object or an array where the schema has another type is
// one fault of the type, found on the fast path as kin-openapi finds it.
func TestWrongType(t *testing.T) {
	s, err := contract.LoadSpec("types.yaml", []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: integer}
        tags: {type: array, items: {type: string}}
        owner: {type: object, nullable: true, properties: {login: {type: string}}}
        count: {type: integer}
        name: {type: string}
    Page:
      type: array
      items: {$ref: '#/components/schemas/Item'}
`))
	require.NoError(t, err)
	fast, kin := engine.NewFast(s.Schemas()), engine.NewKin(s.Schemas())
	for _, tc := range []struct{ schema, body string }{
		{"Page", `{"id": 1, "extra": {"a": [1, 2]}}`},
		{"Item", `[{"id": 1}, 2]`},
		{"Item", `{"tags": {"a": "b"}, "owner": ["x"], "count": {}, "name": [], "id": [1]}`},
		{"Page", `[{"owner": [{"login": 1}]}, {"tags": {}}]`},
	} {
		schema := s.Doc.Components.Schemas[tc.schema].Value
		for _, o := range []engine.Options{{}, {Strict: true}, {Request: true}} {
			want, err := kin.Validate([]byte(tc.body), schema, o)
			require.NoError(t, err)
			require.NotEmpty(t, want, tc.body)
			got, ok := fast.Read([]byte(tc.body), schema, o)
			require.True(t, ok, tc.body)
			require.Equal(t, sortFaults(want), sortFaults(got), tc.body)
		}
	}
}
