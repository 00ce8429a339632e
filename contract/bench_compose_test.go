package contract_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"testing"

	"github.com/specdrift/specdrift/contract"
)

// issuesPage builds a ListIssues response of n issues whose members are
// nullable oneOf and anyOf compositions (testdata/nullable.yaml), compact,
// deterministic.
func issuesPage(n int) []byte {
	user := func(i int) map[string]any {
		return map[string]any{"login": fmt.Sprintf("octocat-%d", i), "id": 1000 + i, "type": "User",
			"avatar_url": fmt.Sprintf("https://avatars.example.com/u/%d?v=4", 1000+i), "site_admin": false}
	}
	items := make([]map[string]any, n)
	for i := range items {
		it := map[string]any{"id": 5000000 + i, "number": i + 1, "title": fmt.Sprintf("Found a bug in the parser, case %d", i),
			"body": "It breaks on nested arrays.", "state": "open", "locked": false, "user": user(i),
			"assignee": nil, "closed_by": nil, "milestone": nil,
			"labels":     []any{"bug", map[string]any{"id": 208045946, "name": "triage", "color": "f29513"}},
			"reactions":  map[string]any{"total_count": i % 7},
			"created_at": "2024-01-22T13:33:48Z", "closed_at": nil}
		if i%3 == 0 {
			it["assignee"] = user(i + 1)
			it["closed_by"] = map[string]any{"slug": "dependabot", "id": 49699333, "type": "Bot"}
			it["milestone"] = map[string]any{"id": 1002604, "title": "v1.0", "state": "open", "due_on": "2024-10-09T23:39:01Z"}
			it["state"], it["closed_at"] = "closed", "2024-02-01T09:00:00Z"
		}
		items[i] = it
	}
	body, err := json.Marshal(items)
	if err != nil {
		panic(err)
	}
	return body
}

// compositionsCorpus is testdata/nullable.yaml with pages of issues, and
// issues that break its compositions.
func compositionsCorpus(t testing.TB) corpus {
	data, err := os.ReadFile("testdata/nullable.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := contract.LoadSpec("contract/testdata/nullable.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	page := func(body string) *contract.Exchange {
		return &contract.Exchange{Source: contract.Source{Name: "compositions"}, Request: contract.Request{Method: "GET", URL: "/issues", Header: http.Header{}},
			Response: &contract.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}}
	}
	issue := func(members string) string {
		return `[{"id": 1, "number": 1, "title": "t", "state": "open", "labels": [], "created_at": "2024-01-22T13:33:48Z", ` + members + `}]`
	}
	return corpus{"compositions", []*contract.Spec{s}, []*contract.Exchange{
		page(string(issuesPage(6))),
		page(issue(`"user": {"login": "a", "id": 1}`)),                  // no discriminator
		page(issue(`"user": {"login": "a", "id": 1, "type": "Robot"}`)), // not in the mapping
		page(issue(`"user": {"slug": "a", "id": 1, "type": "User"}`)),   // the mapped branch fails
		page(issue(`"user": {"slug": "a", "id": 1, "type": 7}`)),        // not a string
		page(issue(`"user": {"slug": "a", "id": 1, "type": "Bot"}, "assignee": {"slug": "b", "id": 2, "type": "Bot"}`)),
		page(issue(`"user": {"slug": "a", "id": 1, "type": "Bot"}, "closed_by": {"id": 2}, "milestone": 5`)),
		page(issue(`"user": {"slug": "a", "id": 1, "type": "Bot"}, "reactions": "x", "labels": ["a", "a"]`)),
		page(issue(`"user": {"slug": "a", "id": 1, "type": "Bot"}, "labels": [{"id": 1, "name": "x"}, {"name": "x", "id": 1}]`)),
		page(issue(`"user": {"slug": "a", "id": 1, "type": "Bot"}, "labels": [{"id": 1, "name": "x", "id": 2}, {"id": 2, "name": "x"}]`)),
		page(issue(`"user": {"slug": "a", "id": 1, "type": "Bot"}, "labels": [1.0, 1, {"id": 1}, "é", "\u00e9", [1, [2]], [1, [2]]]`)),
		page(issue(`"user": null, "assignee": null, "closed_by": null, "milestone": null, "labels": null`)),
	}}
}

// openapi31Corpus is testdata/openapi31-bodies.yaml (type arrays, null,
// const, prefixItems with items, $defs, patternProperties with properties
// and additionalProperties, dependentRequired, unevaluatedProperties,
// examples, $comment, a boolean schema, 3.1's numeric exclusive bounds)
// with bodies that keep and break each.
func openapi31Corpus(t testing.TB) corpus {
	data, err := os.ReadFile("testdata/openapi31-bodies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := contract.LoadSpec("contract/testdata/openapi31-bodies.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {"application/json"}}
	thing := func(req, resp string) *contract.Exchange {
		return &contract.Exchange{Source: contract.Source{Name: "openapi31"},
			Request:  contract.Request{Method: "POST", URL: "/things", Header: h.Clone(), Body: []byte(req)},
			Response: &contract.Response{Status: 200, Header: h.Clone(), Body: []byte(resp)}}
	}
	good := `{"id": "t1", "kind": "thing", "name": null, "owner": {"login": "a"}, "point": [1, 2.5], "tags": {"x-a": "b"},
 "billing": {"card": "4111", "address": "x"}, "size": 50, "parts": [null, "a", {"login": "b"}], "version": 2, "code": "AB",
 "coords": [45.5, 7, "a", "b"], "labels": {"main": "m", "l-a": "x", "l-xy": "ab", "other": 3},
 "sealed": {"a": 1, "p1": true, "p2": false, "flag": [null]}}`
	return corpus{"openapi31", []*contract.Spec{s}, []*contract.Exchange{
		thing(good, good),
		thing(`{"id": 7, "kind": "thing", "owner": null}`, `{"id": true, "kind": "other", "name": 5}`),
		thing(`{"id": "t", "kind": "thing", "point": ["a", 1], "tags": {"x-a": 1}, "billing": {"card": "1"}}`,
			`{"id": "t", "kind": "thing", "size": 0, "parts": ["a", "a"], "owner": {"login": ""}}`),
		// const, $defs, prefixItems then items, patternProperties beside
		// properties and additionalProperties, unevaluatedProperties,
		// dependentRequired: each broken
		thing(`{"id": "t", "kind": "thing", "version": 2.0, "code": "abc", "coords": [91, 1, 2]}`,
			`{"id": "t", "kind": "thing", "version": 3, "coords": ["a"], "labels": {"main": 1, "l-": "", "l-xyz": "abcd", "other": "o"}}`),
		thing(`{"id": "t", "kind": "thing", "sealed": {"a": 1, "p1": true}}`,
			`{"id": "t", "kind": "thing", "sealed": {"a": 1, "b": 2, "p3": "x"}, "labels": {"l-x": 5}}`),
		thing(`{"id": "t", "kind": "thing", "version": 2, "sealed": {"p2": true}, "coords": [-90, -1e400]}`,
			`{"id": "t", "kind": "thing", "version": 2, "code": "AB", "coords": [], "labels": {}, "sealed": {"a": 1.0}}`),
		// where the 2020-12 validator and kin-openapi's 3.0 one differ
		// (readOnly and writeOnly, nullable, exact numbers, discriminators,
		// integer formats), one a body
		thing(`{"id": "t", "kind": "thing", "audit": {"note": "n"}}`, `{"id": "t", "kind": "thing", "audit": {"by": "b", "note": "n"}}`),
		thing(`{"id": "t", "kind": "thing", "audit": {"by": "b"}}`, `{"id": "t", "kind": "thing", "audit": {}}`),
		thing(`{"id": "t", "kind": "thing", "legacy": null}`, `{"id": "t", "kind": "thing", "legacy": "x"}`),
		thing(`{"id": "t", "kind": "thing", "ratio": 1.00000000000000001}`, `{"id": "t", "kind": "thing", "ratio": 0.5}`),
		thing(`{"id": "t", "kind": "thing", "ratio": 0.1}`, `{"id": "t", "kind": "thing", "ratio": 1}`),
		thing(`{"id": "t", "kind": "thing", "count": 4.0}`, `{"id": "t", "kind": "thing", "count": 2e0}`),
		thing(`{"id": "t", "kind": "thing", "count": 2.0000000000000001}`, `{"id": "t", "kind": "thing", "count": 6}`),
		thing(`{"id": "t", "kind": "thing", "pet": {"petType": "cat", "lives": 9}}`, `{"id": "t", "kind": "thing", "pet": {"petType": "dog", "good": true}}`),
		thing(`{"id": "t", "kind": "thing", "pet": {"petType": "cat"}}`, `{"id": "t", "kind": "thing", "pet": {"petType": "bird"}}`),
		thing(`{"id": "t", "kind": "thing", "serial": 3000000000}`, `{"id": "t", "kind": "thing", "serial": 2.5}`),
		thing(`{"id": "t", "kind": "thing", "version": 2.0000000000000000001}`, `{"id": "t", "kind": "thing", "sealed": {"a": 1, "p1": true, "p2": 1}}`),
	}}
}

// BenchmarkValidateCompositions: a 1000-item page of issues whose members
// are nullable oneOf and anyOf compositions, beside the floor of decoding
// it with encoding/json, in the same run, on both engines.
func BenchmarkValidateCompositions(b *testing.B) {
	data, err := os.ReadFile("testdata/nullable.yaml")
	if err != nil {
		b.Fatal(err)
	}
	s, err := contract.LoadSpec("contract/testdata/nullable.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	body := issuesPage(1000)
	b.Run("floor-encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var v any
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
		reportRatio(b, "compositions", true)
	})
	ex := &contract.Exchange{Request: contract.Request{Method: "GET", URL: "/issues"},
		Response: &contract.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: body}}
	for _, e := range []string{contract.EngineFast, contract.EngineKin} {
		v := contract.NewValidator([]*contract.Spec{s}, contract.Options{Engine: e})
		b.Run("specdrift-"+e, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				res, err := v.Validate(context.Background(), ex)
				if err != nil || len(res.Findings) != 0 || !res.Response.Validated {
					b.Fatalf("%v %v", err, res.Findings)
				}
			}
			reportRatio(b, "compositions", false)
		})
	}
}
