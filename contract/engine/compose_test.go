package engine_test

import (
	"context"
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
			// in the order of the body, and kin-openapi's (sorted keys)
			byPointer := func(a, b engine.Fault) int { return strings.Compare(a.Pointer+" "+a.Keyword, b.Pointer+" "+b.Keyword) }
			slices.SortStableFunc(want, byPointer)
			slices.SortStableFunc(got, byPointer)
			require.Equal(t, want, got, body)
		}
	}
}
