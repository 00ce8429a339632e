package contract

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCompactPrefix: the start of a value's compact JSON is that of
// json.Marshal's, up to the limit and a little past it.
func TestCompactPrefix(t *testing.T) {
	for _, raw := range []string{`{"b": [1, "x<y", {"z": null, "a": true}], "a": "é\u2028", "c": 1.5e300}`, `"short"`, `[]`, `{}`,
		`[{"login": "octocat", "id": 1, "node_id": "MDQ6VXNlcjE=", "avatar_url": "https://github.com/images/error/octocat_happy.gif"}]`} {
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
