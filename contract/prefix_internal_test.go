package contract

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
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
