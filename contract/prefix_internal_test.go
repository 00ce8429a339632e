package contract

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/engine"
)

// TestCompactPrefix: the start of a value's compact JSON is that of
// json.Marshal's, up to the limit and a little past it.
func TestCompactPrefix(t *testing.T) {
	for _, raw := range []string{`{"b": [1, "x<y", {"z": null, "a": true}], "a": "é\u2028", "c": 1.5e300}`, `"short"`, `[]`, `{}`,
		`[{"login": "octocat", "id": 1, "node_id": "MDQ6VXNlcjE=", "avatar_url": "https://github.com/images/error/octocat_happy.gif"}]`,
		`{"z": 1, "y": "q\"uote", "x": "back\\slash", "w": "tab\t", "v": "a&b", "u": "\u007f", "t": "ok", "s": false, "r": null, "q": [], "p": {}, "o": "", "B": 2, "aa": 3, "a": 4}`} {
		var v any
		d := json.NewDecoder(strings.NewReader(raw))
		d.UseNumber()
		require.NoError(t, d.Decode(&v))
		full := compact(v)
		for _, limit := range []int{0, 5, 20, 80, 1000} {
			got := compactPrefix(v, limit)
			if len(full) <= limit {
				require.Equal(t, full, got)
				continue
			}
			require.Greater(t, len(got), limit)
			require.Equal(t, full[:len(got)], got)
		}
	}
}

// TestRedactedPrefix: the start of a value shown redacted is that of the
// redacted copy of it, with secrets by their member's name and by their
// schema (password, writeOnly), through properties, items and allOf.
func TestRedactedPrefix(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
 "components": {"schemas": {"User": {"allOf": [{"properties": {"pin": {"type": "string", "format": "password"}}}],
  "properties": {"keys": {"type": "array", "items": {"type": "string", "writeOnly": true}}, "friends": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}}`))
	require.NoError(t, err)
	user := doc.Components.Schemas["User"].Value
	r := NewRedactor(nil, false)
	for _, raw := range []string{`{"pin": "1234", "name": "ann", "api_key": "k-123", "keys": ["a", "b"], "friends": [{"pin": "9", "password": "p", "x": {"token": "t"}}]}`,
		`[{"pin": "1"}, {"secret": 2}]`, `"plain"`, `{"a": {"b": {"c": {"authorization": "Bearer x", "d": "` + strings.Repeat("e", 100) + `"}}}}`} {
		var v any
		d := json.NewDecoder(strings.NewReader(raw))
		d.UseNumber()
		require.NoError(t, d.Decode(&v))
		for _, s := range []*openapi3.Schema{nil, user, user.Properties["keys"].Value} {
			for _, limit := range []int{0, 5, 20, 80, 1000} {
				require.Equal(t, compactPrefix(r.Value(v, s), limit), redactedPrefix(r, v, s, limit), "%s %d", raw, limit)
			}
		}
	}
}

// FuzzActualJSON: a value shown from its JSON (the fast engine's faults)
// reads as the same value shown decoded, redacted alike.
func FuzzActualJSON(f *testing.F) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
 "components": {"schemas": {"User": {"allOf": [{"properties": {"pin": {"type": "string", "format": "password"}}}],
  "properties": {"keys": {"type": "array", "items": {"type": "string", "writeOnly": true}}, "friends": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}}}}`))
	if err != nil {
		f.Fatal(err)
	}
	user := doc.Components.Schemas["User"].Value
	r := NewRedactor(nil, false)
	for _, raw := range []string{`{"pin": "1234", "name": "ann", "api_key": "k-123", "keys": ["a", "b"], "friends": [{"pin": "9", "password": "p", "x": {"token": "t"}}]}`,
		`[{"pin": "1"}, {"secret": 2}]`, `"plain"`, `{"a": {"b": {"c": {"authorization": "Bearer x", "d": "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"}}}}`,
		`{"b": 1, "a": 2, "b": 3, "a\u0062": "x<y", "é": "\u2028", "n": -0.0e5, "t": true, "z": null}`, `1.5`, `[]`, `{}`} {
		f.Add(raw, 0)
	}
	f.Fuzz(func(t *testing.T, raw string, k int) {
		v, err := engine.Decode([]byte(raw))
		if err != nil {
			return
		}
		// trimmed, as the engine gives values
		b := []byte(raw)
		for len(b) > 0 && (b[0] == ' ' || b[0] == '\n' || b[0] == '\t' || b[0] == '\r') {
			b = b[1:]
		}
		for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\n' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
			b = b[:len(b)-1]
		}
		schemas := []*openapi3.Schema{nil, user, user.Properties["keys"].Value, user.Properties["friends"].Value}
		s := schemas[(k%len(schemas)+len(schemas))%len(schemas)]
		if got, want := actualJSON(r, s, b), actualValue(r, s, v); got != want {
			t.Fatalf("%q: %q, want %q", raw, got, want)
		}
	})
}
