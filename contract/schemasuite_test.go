package contract_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/engine"
)

var updateKnown = flag.Bool("update", false, "rewrite testdata/jsonschema/known-wrong.txt from what the engines get wrong")

const (
	suiteDir  = "testdata/jsonschema"
	knownFile = suiteDir + "/known-wrong.txt"
)

// suiteGroup is a schema of the JSON Schema Test Suite with its tests.
type suiteGroup struct {
	Description string          `json:"description"`
	Schema      json.RawMessage `json:"schema"`
	Tests       []struct {
		Description string          `json:"description"`
		Data        json.RawMessage `json:"data"`
		Valid       bool            `json:"valid"`
	} `json:"tests"`
}

// notOpenAPI30 are the draft 4 keywords an OpenAPI 3.0 Schema Object does
// not have; notOpenAPI31 the 2020-12 keywords about identifying and
// referring to schemas across documents, which a schema in a component of
// one document does not use.
var (
	notOpenAPI30 = []string{"additionalItems", "dependencies", "patternProperties", "definitions", "id", "$schema"}
	notOpenAPI31 = []string{"$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary"}
)

// suiteCase is one test of the suite: where it is, and what each engine said.
type suiteCase struct {
	file, group, test string
	valid             bool
}

func (c suiteCase) key(engine string) string {
	return engine + "\t" + c.file + "\t" + c.group + "\t" + c.test
}

// TestJSONSchemaSuite runs the JSON Schema Test Suite's draft 4 tests as
// OpenAPI 3.0 schemas and its 2020-12 tests as OpenAPI 3.1 schemas, each
// test's data the body of a response, through both engines. A case that
// does not apply to OpenAPI is counted under its reason; every other case
// must get the suite's verdict, unless known-wrong.txt lists it (with the
// reason), and a listed case that now gets it right must leave the list,
// so that the list only shrinks. With -v it logs the pass rate of each
// file for each engine.
func TestJSONSchemaSuite(t *testing.T) {
	known := readKnown(t)
	type tally struct {
		applicable, right map[string]int
		fastPath          int // cases the fast engine judged on its fast path, not handing the body to kin-openapi
		valid             int // cases whose data is valid
	}
	perFile := map[string]*tally{}
	skipped := map[string]int{}
	var wrong []string
	engines := []string{contract.EngineFast, contract.EngineKin}
	err := fs.WalkDir(os.DirFS(suiteDir), ".", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(file) != ".json" {
			return err
		}
		openapi := "3.0.3"
		if strings.HasPrefix(file, "draft2020-12/") {
			openapi = "3.1.0"
		}
		data, err := os.ReadFile(path.Join(suiteDir, file))
		if err != nil {
			return err
		}
		var groups []suiteGroup
		if err := json.Unmarshal(data, &groups); err != nil {
			return fmt.Errorf("%s: %v", file, err)
		}
		if file == "draft2020-12/format.json" {
			skipped["format as an annotation only, 2020-12's default: specdrift asserts formats, as OpenAPI tools do"] += suiteCount(groups)
			return nil
		}
		tl := &tally{applicable: map[string]int{}, right: map[string]int{}}
		perFile[file] = tl
		for _, g := range groups {
			schema, why := suiteSchema(g.Schema, openapi)
			var validators map[string]*contract.Validator
			var fastPath func([]byte) bool
			if why == "" {
				validators, fastPath, why = suiteValidators(file, g.Description, schema, openapi)
			}
			for _, tc := range g.Tests {
				why := why
				if why == "" && openapi == "3.0.3" && bytes.Equal(bytes.TrimSpace(tc.Data), []byte("null")) {
					why = "null, which OpenAPI 3.0 allows only with nullable"
				}
				if why != "" {
					skipped[why]++
					continue
				}
				c := suiteCase{file: file, group: g.Description, test: tc.Description, valid: tc.Valid}
				if fastPath(tc.Data) {
					tl.fastPath++
				}
				if tc.Valid {
					tl.valid++
				}
				for _, e := range engines {
					tl.applicable[e]++
					got := suiteVerdict(t, validators[e], tc.Data)
					right := got == tc.Valid
					if right {
						tl.right[e]++
					}
					switch {
					case !right:
						wrong = append(wrong, c.key(e))
						if _, ok := known[c.key(e)]; !ok && !*updateKnown {
							t.Errorf("%s engine, %s: %q, %q: valid is %v, the engine says %v", e, file, g.Description, tc.Description, tc.Valid, got)
						}
					case right && !*updateKnown:
						if _, ok := known[c.key(e)]; ok {
							t.Errorf("%s engine, %s: %q, %q is right now: take it off %s", e, file, g.Description, tc.Description, knownFile)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if *updateKnown {
		writeKnown(t, wrong, known)
	}
	files := make([]string, 0, len(perFile))
	for f := range perFile {
		files = append(files, f)
	}
	sort.Strings(files)
	total := map[string][2]int{}
	fastPath, valid := map[string]int{}, map[string]int{} // by draft
	for _, f := range files {
		tl := perFile[f]
		if tl.applicable[engines[0]] == 0 {
			continue
		}
		line := fmt.Sprintf("%-45s", f)
		for _, e := range engines {
			line += fmt.Sprintf("  %s %4d/%-4d %5.1f%%", e, tl.right[e], tl.applicable[e], 100*float64(tl.right[e])/float64(tl.applicable[e]))
			total[e] = [2]int{total[e][0] + tl.right[e], total[e][1] + tl.applicable[e]}
		}
		t.Log(line + fmt.Sprintf("  fast path %4d, valid %4d", tl.fastPath, tl.valid))
		draft := strings.SplitN(f, "/", 2)[0]
		fastPath[draft] += tl.fastPath
		valid[draft] += tl.valid
	}
	for _, e := range engines {
		t.Logf("%s engine: %d of %d applicable cases right (%.1f%%)", e, total[e][0], total[e][1], 100*float64(total[e][0])/float64(total[e][1]))
	}
	// A 3.1 body the fast path does not find clean goes to kin-openapi
	// whole, so there the fast path judges the valid cases only.
	for _, d := range engine.SortedKeys(fastPath) {
		t.Logf("judged on the fast path (its own verdict, kin-openapi not called), %s: %d cases (%d valid)", d, fastPath[d], valid[d])
	}
	reasons := make([]string, 0, len(skipped))
	for r := range skipped {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		t.Logf("not applicable, %d cases: %s", skipped[r], r)
	}
}

func suiteCount(groups []suiteGroup) int {
	n := 0
	for _, g := range groups {
		n += len(g.Tests)
	}
	return n
}

// suiteSchema is the suite's schema as a component of an OpenAPI document
// (its local $refs rewritten to stand below it), or why it does not apply.
func suiteSchema(raw json.RawMessage, openapi string) (any, string) {
	var schema any
	if err := json.Unmarshal(raw, &schema); err != nil {
		return nil, "not JSON"
	}
	if _, ok := schema.(bool); ok && openapi == "3.0.3" {
		return nil, "a boolean schema, which OpenAPI 3.0 does not have"
	}
	if m, ok := schema.(map[string]any); ok && openapi == "3.1.0" {
		delete(m, "$schema") // the dialect: 3.1's own is 2020-12
	}
	why := ""
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				switch {
				case openapi == "3.0.3" && contains(notOpenAPI30, k):
					why = "keyword " + k + ", which OpenAPI 3.0 does not have"
				case openapi == "3.1.0" && contains(notOpenAPI31, k):
					why = "keyword " + k + ", about schemas across documents"
				case openapi == "3.0.3" && k == "type" && fmt.Sprint(c) == "null":
					why = "type null, which OpenAPI 3.0 writes as nullable"
				}
				if _, isArray := c.([]any); isArray && openapi == "3.0.3" && (k == "items" || k == "type") {
					why = k + " as an array, which OpenAPI 3.0 does not have"
				}
				if s, ok := c.(string); ok && k == "$ref" {
					if !strings.HasPrefix(s, "#") {
						why = "a $ref to another document"
					}
					v[k] = "#/components/schemas/S" + strings.TrimPrefix(s, "#")
					continue
				}
				v[k] = walk(c)
			}
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
		}
		return v
	}
	schema = walk(schema)
	return schema, why
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// suiteValidators loads a document of one operation whose 200 response
// has the schema, and returns a validator of it for each engine and a
// function that says whether the fast engine judges a body on its fast
// path, or why it does not load.
func suiteValidators(file, group string, schema any, openapi string) (map[string]*contract.Validator, func([]byte) bool, string) {
	doc := map[string]any{
		"openapi": openapi,
		"info":    map[string]any{"title": "suite", "version": "1"},
		"paths": map[string]any{"/t": map[string]any{"get": map[string]any{"responses": map[string]any{"200": map[string]any{
			"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/S"}}}}}}}},
		"components": map[string]any{"schemas": map[string]any{"S": schema}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, "not JSON"
	}
	s, err := contract.LoadSpec(file+"#"+group+".json", data)
	if err != nil {
		return nil, nil, "does not load as OpenAPI " + openapi
	}
	out := map[string]*contract.Validator{}
	for _, e := range []string{contract.EngineFast, contract.EngineKin} {
		out[e] = contract.NewValidator([]*contract.Spec{s}, contract.Options{Engine: e})
	}
	fast, root := engine.NewFast(s.Schemas()), s.Doc.Components.Schemas["S"].Value
	fastPath := func(body []byte) bool {
		_, ok := fast.Read(body, root, engine.Options{JSONSchema2020: s.Doc.IsOpenAPI31OrLater()})
		return ok
	}
	return out, fastPath, ""
}

// suiteVerdict says whether the engine finds data a valid body.
func suiteVerdict(t *testing.T, v *contract.Validator, data []byte) bool {
	ex := &contract.Exchange{Source: contract.Source{Name: "suite"}, Request: contract.Request{Method: "GET", URL: "/t"},
		Response: &contract.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: data}}
	res, err := v.Validate(t.Context(), ex)
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	for _, f := range res.Findings {
		if f.Severity >= contract.SeverityError && strings.HasPrefix(f.In, "response.body") {
			return false
		}
	}
	return true
}

// readKnown reads known-wrong.txt: "engine, file, group, test, why" a line,
// tab-separated; # starts a comment.
func readKnown(t *testing.T) map[string]string {
	out := map[string]string{}
	f, err := os.Open(knownFile)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 5 {
			t.Fatalf("%s: %q is not engine, file, group, test, why", knownFile, line)
		}
		out[strings.Join(parts[:4], "\t")] = parts[4]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// writeKnown writes the cases the engines get wrong, keeping the reasons
// already written; a new one's reason is its file's.
func writeKnown(t *testing.T, wrong []string, known map[string]string) {
	sort.Strings(wrong)
	var b strings.Builder
	b.WriteString("# The JSON Schema Test Suite's cases that an engine does not yet get right:\n")
	b.WriteString("# engine, file, group, test, why; tab-separated. TestJSONSchemaSuite fails on any\n")
	b.WriteString("# case not listed, and on a listed one that is right now.\n")
	for _, w := range wrong {
		why, ok := known[w]
		if !ok {
			why = suiteReason(strings.Split(w, "\t")[1])
		}
		b.WriteString(w + "\t" + why + "\n")
	}
	if err := os.WriteFile(knownFile, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// suiteReason names what a file of the suite tests, for a new entry.
func suiteReason(file string) string {
	base := strings.TrimSuffix(path.Base(file), ".json")
	if strings.Contains(file, "/format/") {
		return "format " + base
	}
	return base
}
