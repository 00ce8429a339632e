package contract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// TestDecodeInPieces: decoding a JSON spec in pieces gives the very values
// json.Unmarshal gives, on specs of every shape the pieces handle (and on
// those they leave to the whole decode), and the same error where the
// document does not decode.
func TestDecodeInPieces(t *testing.T) {
	gz, err := os.ReadFile("diff/testdata/large/pagerduty.json.gz")
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	require.NoError(t, err)
	pagerduty, err := io.ReadAll(zr)
	require.NoError(t, err)
	surrogates, err := os.ReadFile("testdata/specs/surrogates.json")
	require.NoError(t, err)
	cases := map[string]string{
		"pagerduty":  string(pagerduty),
		"surrogates": string(surrogates),
		"extensions and nulls": `{"openapi": "3.0.3", "x-top": [1], "info": {"title": "x", "version": "1"},
			"paths": {"x-paths": {"a": 1}, "/a": {"get": {"responses": {"200": {"description": "ok"}}}}, "/b": null},
			"components": {"x-comp": true, "schemas": {"A": {"type": "string"}, "B": null, "C": true}, "examples": {},
				"responses": null, "parameters": {"p": {"name": "p", "in": "query"}}}}`,
		"schemas of every shape": `{"openapi": "3.1.0", "components": {"schemas": {
			"A": {"type": "object", "x-a": 1, "unknown": 2, "required": ["p"],
				"properties": {"p": {"type": "array", "items": {"type": "object", "properties": {"q": {"type": ["string", "null"], "const": "c"}}}},
					"b": true, "r": {"$ref": "#/components/schemas/B", "description": "a sibling"}, "n": null},
				"additionalProperties": {"type": "integer", "not": {"enum": [1]}},
				"allOf": [{"properties": {"z": {"type": "string"}}}, {"$ref": "#/components/schemas/B"}, false],
				"oneOf": [{"type": "string"}], "anyOf": [], "items": true, "not": {"allOf": [{"not": {}}]}},
			"B": {"additionalProperties": false, "properties": {"d": {}, "d": {"type": "string"}}},
			"C": {"properties": [], "allOf": {}}}}}`,
		"a repeated key":           `{"openapi": "3.0.3", "paths": {"/a": {}}, "paths": {"/b": {}}}`,
		"components not an object": `{"openapi": "3.0.3", "components": {"schemas": [1]}}`,
		"no paths":                 `{"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "webhooks": {"w": {}}}`,
		"a bad piece":              `{"openapi": "3.0.3", "paths": {"/a": {"get": {"parameters": {"not": "a list"}}}}}`,
	}
	if large := os.Getenv("SPECDRIFT_LARGE_SPEC"); large != "" { // see BenchmarkLoadLargeSpec
		data, err := os.ReadFile(large)
		require.NoError(t, err)
		cases[large] = string(data)
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			data := []byte(text)
			idx, err := jsonpos.Parse(data)
			require.NoError(t, err)
			want := &openapi3.T{}
			wantErr := json.Unmarshal(data, want)
			got, err := decodeSpecJSON(data, idx)
			if wantErr != nil {
				require.EqualError(t, err, wantErr.Error())
				return
			}
			require.NoError(t, err)
			if !reflect.DeepEqual(want, got) {
				a, _ := json.MarshalIndent(want, "", " ")
				b, _ := json.MarshalIndent(got, "", " ")
				t.Fatalf("the decodes differ (-whole +pieces):\n%s", cmp.Diff(string(a), string(b)))
			}
		})
	}
}
