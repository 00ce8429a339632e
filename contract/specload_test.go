package contract_test

import (
	"fmt"
	"net/http"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const specsDir = "testdata/specs"

// loadDir loads dir of testdata/specs as the command line would name it.
func loadDir(t *testing.T, dir string) ([]*contract.Spec, error) {
	t.Helper()
	return contract.SpecLoader{}.LoadDir(os.DirFS(path.Join(specsDir, dir)), ".", func(q string) string { return path.Join(specsDir, dir, q) })
}

func loadOne(t *testing.T, file string) *contract.Spec {
	t.Helper()
	specs, err := contract.SpecLoader{}.LoadDir(os.DirFS(specsDir), file, func(q string) string { return path.Join(specsDir, q) })
	require.NoError(t, err)
	require.Len(t, specs, 1)
	return specs[0]
}

// lineOf is the line of file (under testdata/specs) that holds marker, a
// comment that names the line in the file itself.
func lineOf(t *testing.T, file, marker string) int {
	t.Helper()
	data, err := os.ReadFile(path.Join(specsDir, file))
	require.NoError(t, err)
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, marker) {
			require.Zero(t, line, "%q occurs twice in %s", marker, file)
			line = i + 1
		}
	}
	require.NotZero(t, line, "%q is not in %s", marker, file)
	return line
}

// at renders a place of a spec file as findings name it: "file:line".
func at(t *testing.T, file, marker string) string {
	return fmt.Sprintf("%s:%d", path.Join(specsDir, file), lineOf(t, file, marker))
}

// problems renders each problem as "rule source pointer → spec location".
func problems(s *contract.Spec) []string {
	var out []string
	for _, p := range s.Problems {
		out = append(out, fmt.Sprintf("%s %s %s → %s:%d%s", p.Rule, p.Source, p.Pointer, p.Spec.File, p.Spec.Line, p.Spec.Pointer))
		if p.Message == "" || p.Severity != mustRule(p.Rule).Severity {
			out = append(out, "bad message or severity: "+p.Message)
		}
	}
	return out
}

func mustRule(id contract.RuleID) contract.Rule {
	r, ok := contract.LookupRule(id)
	if !ok {
		panic("no rule " + id)
	}
	return r
}

// exchangeFindings validates one exchange and renders its findings as
// "rule pointer → spec location".
func exchangeFindings(t *testing.T, specs []*contract.Spec, engine string, ex *contract.Exchange) []string {
	t.Helper()
	res, err := contract.NewValidator(specs, contract.Options{Engine: engine}).Validate(t.Context(), ex)
	require.NoError(t, err)
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s %s → %s:%d%s", f.Rule, f.In, f.Pointer, f.Spec.File, f.Spec.Line, f.Spec.Pointer))
	}
	return out
}

func jsonExchange(method, url, reqBody string, status int, respBody string) *contract.Exchange {
	ex := &contract.Exchange{Source: contract.Source{Name: "test"},
		Request:  contract.Request{Method: method, URL: url, Header: http.Header{}},
		Response: &contract.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(respBody)}}
	if reqBody != "" {
		ex.Request.Header.Set("Content-Type", "application/json")
		ex.Request.Body = []byte(reqBody)
	}
	return ex
}

func TestLoadOpenAPI31(t *testing.T) {
	const f = "openapi31.yaml"
	s := loadOne(t, f)
	require.Equal(t, "3.1.0", s.Version)
	want := []string{
		"spec-example-invalid " + at(t, f, "not-the-const") + " /paths/~1pets~1{id}/get/responses/200/content/application~1json/examples/cat/value/kind → " +
			at(t, f, "const-pet") + "/components/schemas/Pet/properties/kind/const",
		"spec-example-invalid " + at(t, f, "schema-examples") + " /components/schemas/Pet/properties/name/examples/1 → " +
			at(t, f, "type-array") + "/components/schemas/Pet/properties/name/type",
	}
	if d := cmp.Diff(want, problems(s)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	require.Contains(t, s.Problems[0].Message, "value must be 'pet'")
	for _, engine := range []string{contract.EngineFast, contract.EngineKin} {
		t.Run(engine, func(t *testing.T) {
			ok := jsonExchange("GET", "/pets/p1", "", 200, `{"id":"p1","kind":"pet","name":null}`)
			require.Empty(t, exchangeFindings(t, []*contract.Spec{s}, engine, ok), "a type array admits null")
			bad := jsonExchange("GET", "/pets/p1", "", 200, `{"id":"p1","kind":"pet","name":7}`)
			require.Equal(t, []string{"response-body-schema response.body /name → " + at(t, f, "type-array") + "/components/schemas/Pet/properties/name/type"},
				exchangeFindings(t, []*contract.Spec{s}, engine, bad))
		})
	}
}

// TestLoadSwagger2: a Swagger 2.0 document is converted to OpenAPI 3.0,
// and every location points into the document as written: definitions,
// the parameters with their original indices (the body parameter is no
// longer one of them), the response's example.
func TestLoadSwagger2(t *testing.T) {
	const f = "swagger2.yaml"
	s := loadOne(t, f)
	require.Equal(t, "2.0", s.Version)
	require.Equal(t, "3.0.3", s.Doc.OpenAPI)
	require.Len(t, s.Operations, 1)
	require.Equal(t, "POST /pets", s.Operations[0].Name())
	want := []string{
		"spec-example-invalid " + at(t, f, "example-name") + " /paths/~1pets/post/responses/201/examples/application~1json/name → " +
			at(t, f, "name-type") + "/definitions/Pet/properties/name/type",
		"spec-default-invalid " + at(t, f, "tag-default") + " /definitions/Pet/properties/tag/default → " +
			fmt.Sprintf("%s:%d", path.Join(specsDir, f), lineOf(t, f, "tag-default")-1) + "/definitions/Pet/properties/tag/type",
	}
	if d := cmp.Diff(want, problems(s)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	for _, engine := range []string{contract.EngineFast, contract.EngineKin} {
		t.Run(engine, func(t *testing.T) {
			ex := jsonExchange("POST", "/pets?limit=11", `{"name":5}`, 201, `{"id":1,"name":"Rex"}`)
			got := exchangeFindings(t, []*contract.Spec{s}, engine, ex)
			want := []string{
				"request-body-schema request.body /name → " + at(t, f, "name-type") + "/definitions/Pet/properties/name/type",
				"request-parameter request.query limit → " + at(t, f, "limit-maximum") + "/paths/~1pets/post/parameters/2/maximum",
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
	require.Equal(t, lineOf(t, f, "the-body"), s.Line("/paths/~1pets/post/requestBody"), "the request body is the body parameter")
}

// TestLoadMultiFile: $refs to other files are followed relative to the
// file that holds them (../ included, and #/ within a referenced file),
// the files of shared fragments are not specs of their own, and locations
// through a $ref name the file the value is written in.
func TestLoadMultiFile(t *testing.T) {
	specs, err := loadDir(t, "multi")
	require.NoError(t, err)
	require.Len(t, specs, 1, "the files of fragments are part of the spec, not specs")
	s := specs[0]
	m := func(file string) string { return path.Join(specsDir, "multi", file) }
	require.Equal(t, []string{m("api/pets.yaml"), m("common/owner.yaml"), m("common/parameters.yaml"), m("common/schemas.yaml")}, s.Files())
	want := []string{"spec-example-invalid " + at(t, "multi/common/owner.yaml", "owner-example") + " /Owner/example/email → " +
		at(t, "multi/common/owner.yaml", "email-type") + "/Owner/properties/email/type"}
	if d := cmp.Diff(want, problems(s)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	for _, engine := range []string{contract.EngineFast, contract.EngineKin} {
		t.Run(engine, func(t *testing.T) {
			ex := jsonExchange("GET", "/pets?limit=99", "", 200, `[{"name":5,"tags":["long"]}]`)
			got := exchangeFindings(t, specs, engine, ex)
			want := []string{
				"request-parameter request.query limit → " + at(t, "multi/common/parameters.yaml", "limit-maximum") + "/limit/schema/maximum",
				"response-body-schema response.body /0/name → " + at(t, "multi/common/schemas.yaml", "name-type") + "/Pet/properties/name/type",
				"response-body-schema response.body /0/tags/0 → " + at(t, "multi/common/schemas.yaml", "tag-max") + "/Tag/maxLength",
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("findings (-want +got):\n%s", d)
			}
		})
	}
}

// TestRefsThatCannotBeFollowed: a $ref out of the spec's folder is an
// error even where the file exists, and a document held in memory can
// follow no $ref to another file.
func TestRefsThatCannotBeFollowed(t *testing.T) {
	_, err := os.Stat(path.Join(specsDir, "outside-target.yaml"))
	require.NoError(t, err, "the target exists: only the folder's bounds refuse it")
	_, err = loadDir(t, "outside")
	var ie *contract.InputError
	require.ErrorAs(t, err, &ie)
	require.Equal(t, path.Join(specsDir, "outside/api.yaml"), ie.File)
	require.Equal(t, lineOf(t, "outside/api.yaml", "outside-ref"), ie.Line)
	require.Contains(t, err.Error(), `"../outside-target.yaml": outside the spec's folder`)

	api := "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {$ref: 'shared.yaml#/ok'}}\n"
	_, err = contract.LoadSpec("api.yaml", []byte(api))
	require.ErrorAs(t, err, &ie)
	require.Contains(t, err.Error(), "the spec was not read from a folder")
}

// TestLoadJSONWithSurrogatePairs: JSON is read as JSON, which YAML parsers
// refuse here, and its lines are those of the JSON text.
func TestLoadJSONWithSurrogatePairs(t *testing.T) {
	const f = "surrogates.json"
	s := loadOne(t, f)
	require.Equal(t, "Chocolate \U0001F36B", s.Doc.Info.Title)
	want := []string{"spec-example-invalid " + at(t, f, `"example": [`) + " /paths/~1bars/get/responses/200/content/application~1json/example/1 → " +
		at(t, f, `"maxLength": 3`) + "/paths/~1bars/get/responses/200/content/application~1json/schema/items/maxLength"}
	if d := cmp.Diff(want, problems(s)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// TestSpecProblems: every problem of a spec that can be used is a finding
// with its place, and the spec loads: two examples that break their
// schemas (one with two faults), an example without a value (value: null
// is a value), a default outside its range, a pattern that does not
// compile, and two templates that differ only in a parameter's name.
func TestSpecProblems(t *testing.T) {
	const f = "problems.yaml"
	s := loadOne(t, f)
	require.Len(t, s.Operations, 2)
	resp := "/paths/~1items~1{id}/get/responses/200/content/application~1json/examples/"
	want := []string{
		"spec-example-invalid " + at(t, f, "param-example") + " /paths/~1items~1{id}/get/parameters/0/example → " +
			fmt.Sprintf("%s:%d", path.Join(specsDir, f), lineOf(t, f, "param-example")-1) + "/paths/~1items~1{id}/get/parameters/0/schema/type",
		"spec-example-invalid " + at(t, f, "bad-id") + " " + resp + "bad/value/id → " + at(t, f, "id-type") + "/components/schemas/Item/properties/id/type",
		"spec-example-invalid " + at(t, f, "bad-size") + " " + resp + "bad/value/size → " + at(t, f, "size-maximum") + "/components/schemas/Item/properties/size/maximum",
		"spec-example-no-value " + at(t, f, "no-value") + " " + resp + "empty → " + at(t, f, "no-value") + resp + "empty",
		"spec-ambiguous-paths " + at(t, f, "second-template") + " /paths/~1items~1{name} → " + at(t, f, "first-template") + "/paths/~1items~1{id}",
		"spec-default-invalid " + at(t, f, "size-default") + " /components/schemas/Item/properties/size/default → " +
			at(t, f, "size-maximum") + "/components/schemas/Item/properties/size/maximum",
		"spec-invalid " + fmt.Sprintf("%s:%d", path.Join(specsDir, f), lineOf(t, f, "bad-pattern")-2) + " /components/schemas/Item/properties/code → " +
			fmt.Sprintf("%s:%d", path.Join(specsDir, f), lineOf(t, f, "bad-pattern")-2) + "/components/schemas/Item/properties/code",
	}
	if d := cmp.Diff(want, problems(s)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	byRule := map[contract.RuleID]contract.Finding{}
	for _, p := range s.Problems {
		byRule[p.Rule] = p
	}
	require.Equal(t, "GET /items/{id}", byRule[contract.RuleSpecExampleNoValue].Operation)
	require.Equal(t, "spec", byRule[contract.RuleSpecExampleNoValue].In)
	require.Contains(t, byRule[contract.RuleSpecInvalid].Message, `cannot compile pattern "(unclosed"`)
	require.Contains(t, byRule[contract.RuleSpecAmbiguousPaths].Message, "/items/{id} and /items/{name}")
	require.Equal(t, "a number in [-inf, 100]", byRule[contract.RuleSpecDefaultInvalid].Expected)
	require.Equal(t, "500 (number)", byRule[contract.RuleSpecDefaultInvalid].Actual)
}

// TestDocumentsThatCannotBeUsed: what is not YAML or JSON, not OpenAPI, or
// has a $ref that does not resolve is an error naming the file, and the
// line (and for a $ref to the wrong kind of object, its JSON pointer)
// where it is known.
func TestDocumentsThatCannotBeUsed(t *testing.T) {
	for _, c := range []struct {
		name, file, text string
		line             int
		msg              string
	}{
		{"malformed YAML", "a.yaml", "openapi: 3.0.3\ninfo: [unclosed\n", 2, "malformed YAML"},
		{"malformed JSON", "a.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": }\n", 3, "malformed JSON: unexpected '}'"},
		{"neither OpenAPI nor Swagger", "a.yaml", "title: x\n", 0, "not an OpenAPI document: it has neither an openapi nor a swagger field"},
		{"OpenAPI 4", "a.yaml", "info: {title: x, version: '1'}\nopenapi: 4.0.0\npaths: {}\n", 2, `openapi "4.0.0": specdrift reads OpenAPI 3.0, 3.1 and 3.2, and Swagger 2.0`},
		{"Swagger 1.2", "a.json", `{"swagger": "1.2"}`, 1, `swagger "1.2"`},
		{"a $ref that does not resolve", "a.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {$ref: '#/components/responses/none'}}\n", 6, "components/responses/none"},
		{"a $ref to a response where a schema belongs", "a.json", "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"x\", \"version\": \"1\"},\n\"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"$ref\": \"#/components/responses/ok\"}}}}},\n" +
			"\"components\": {\"responses\": {\"ok\": {\"description\": \"OK\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/responses/ok\"}}}}}}}\n", 3,
			`bad data in "#/components/responses/ok" (expecting ref to schema object), at /components/responses/ok/content/application~1json/schema/$ref`},
		{"a $ref to a file that is not there", "a.yaml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: 'gone.yaml#/x'\n", 8, `$ref to "specs/gone.yaml": cannot read: file does not exist`},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := mapFS(map[string]string{c.file: c.text})
			_, err := contract.SpecLoader{}.LoadDir(fsys, ".", func(q string) string { return "specs/" + q })
			var ie *contract.InputError
			require.ErrorAs(t, err, &ie)
			require.Equal(t, "specs/"+c.file, ie.File)
			require.Equal(t, c.line, ie.Line)
			require.Contains(t, err.Error(), c.msg)
		})
	}
}

// TestFragmentsAndDuplicates: a file that is not OpenAPI is an error unless
// a spec of the folder refers to it; two specs that define the same
// operation with no servers to tell them apart are an error.
func TestFragmentsAndDuplicates(t *testing.T) {
	api := "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {$ref: 'shared.yaml#/ok'}}\n"
	shared := "ok: {description: OK}\n"
	_, err := contract.LoadSpecs(mapFS(map[string]string{"api.yaml": api, "shared.yaml": shared, "stray.yaml": shared}), ".", func(q string) string { return q })
	require.ErrorIs(t, err, contract.ErrNotOpenAPI)
	require.Contains(t, err.Error(), "stray.yaml: not an OpenAPI document")
	specs, err := contract.LoadSpecs(mapFS(map[string]string{"api.yaml": api, "shared.yaml": shared}), ".", func(q string) string { return q })
	require.NoError(t, err)
	require.Len(t, specs, 1)
	_, err = contract.LoadSpecs(mapFS(map[string]string{"api.yaml": api, "again.yaml": api, "shared.yaml": shared}), ".", func(q string) string { return q })
	require.EqualError(t, err, "api.yaml:5: GET /a is defined in again.yaml too, and neither lists servers: give each its servers (host or base path) so that requests can be routed to one of them")
}

// mapFS is a file system of texts.
func mapFS(texts map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range texts {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

// TestEmbeddedSpecsHaveNoProblems: the five Huawei endpoints' specs load as
// they always did, OpenAPI 3.0 in YAML with nothing to report of their own,
// so that every report on them is what it was.
func TestEmbeddedSpecsHaveNoProblems(t *testing.T) {
	for _, s := range embeddedSpecs(t) {
		require.Equal(t, "3.0.3", s.Version, s.Name)
		require.Empty(t, s.Problems, s.Name)
		require.Equal(t, []string{s.Name}, s.Files())
	}
}

// TestReadPastWrongTypes: a schema keyword whose value has a type OpenAPI
// does not allow there (pattern: 0; examples: {...} in 3.0), which
// kin-openapi cannot decode, is left out and reported, and the rest of the
// document (the media type's examples, an object as they should be) reads
// as written.
func TestReadPastWrongTypes(t *testing.T) {
	s := loadOne(t, "wrongtypes.json")
	got := problemLines(s)
	file := path.Join(specsDir, "wrongtypes.json")
	want := []string{
		"spec-invalid " + file + ":26 /components/schemas/Thing/properties/code/pattern: The spec is invalid: pattern is a number, where OpenAPI wants a string; specdrift reads the schema without it.",
		"spec-invalid " + file + ":33 /components/schemas/State/examples: The spec is invalid: examples is an object, where OpenAPI wants an array; specdrift reads the schema without it.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("problems (-want +got):\n%s", diff)
	}
	exs := s.ExampleExchanges()
	require.Len(t, exs, 1)
	require.JSONEq(t, `{"code": "7", "state": "new"}`, string(exs[0].Response.Body))
	code := s.Doc.Components.Schemas["Thing"].Value.Properties["code"].Value
	require.Empty(t, code.Pattern)
	require.Equal(t, uint64(1), *code.MaxLength)
}

// problemLines lists a spec's problems as "rule source pointer: message".
func problemLines(s *contract.Spec) []string {
	var out []string
	for _, p := range s.Problems {
		out = append(out, fmt.Sprintf("%s %s %s: %s", p.Rule, p.Source, p.Pointer, p.Message))
	}
	return out
}

// TestReadPastWrongTypesInYAML: a YAML document, and a JSON one read with
// origins (as diff reads them), are read past such keywords as a JSON
// document is: every one a finding at its line, the rest as written, and
// the lines of what follows them unchanged.
func TestReadPastWrongTypesInYAML(t *testing.T) {
	for _, origins := range []bool{false, true} {
		t.Run(fmt.Sprint("origins ", origins), func(t *testing.T) {
			specs, err := contract.SpecLoader{Origins: origins}.LoadDir(os.DirFS(specsDir), "wrongtypes.yaml", func(q string) string { return path.Join(specsDir, q) })
			require.NoError(t, err)
			s := specs[0]
			got := problemLines(s)
			file := path.Join(specsDir, "wrongtypes.yaml")
			want := []string{
				"spec-invalid " + file + ":19 /components/schemas/Thing/properties/code/pattern: The spec is invalid: pattern is a number, where OpenAPI wants a string; specdrift reads the schema without it.",
				"spec-invalid " + file + ":24 /components/schemas/Thing/properties/size/maximum: The spec is invalid: maximum is a string, where OpenAPI wants a number; specdrift reads the schema without it.",
				"spec-invalid " + file + ":31 /components/schemas/State/examples: The spec is invalid: examples is an object, where OpenAPI wants an array; specdrift reads the schema without it.",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("problems (-want +got):\n%s", diff)
			}
			exs := s.ExampleExchanges()
			require.Len(t, exs, 1)
			require.JSONEq(t, `{"code": "7", "state": "new", "size": 2}`, string(exs[0].Response.Body))
			thing := s.Doc.Components.Schemas["Thing"].Value
			code, size := thing.Properties["code"].Value, thing.Properties["size"].Value
			require.Empty(t, code.Pattern)
			require.Equal(t, uint64(1), *code.MaxLength)
			require.Nil(t, size.Max)
			require.Equal(t, 1.0, *size.Min)
			state := s.Doc.Components.Schemas["State"].Value
			require.Equal(t, "the state", state.Description)
			if origins {
				require.Equal(t, 35, state.Origin.Fields.Get("description").Line, "lines after a blanked value stay")
			}
		})
	}
	// A JSON document read with origins, as diff reads it.
	specs, err := contract.SpecLoader{Origins: true}.LoadDir(os.DirFS(specsDir), "wrongtypes.json", func(q string) string { return path.Join(specsDir, q) })
	require.NoError(t, err)
	require.Len(t, specs[0].Problems, 2)
	require.Equal(t, uint64(1), *specs[0].Doc.Components.Schemas["Thing"].Value.Properties["code"].Value.MaxLength)
}
