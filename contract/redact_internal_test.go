package contract

import (
	"math/rand/v2"
	"path"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/spec"
)

func TestMarkersValidate(t *testing.T) {
	specs, err := LoadSpecs(spec.Files, ".", func(q string) string { return path.Join("spec", q) })
	require.NoError(t, err)
	var op *Operation
	for _, s := range specs {
		for _, o := range s.Operations {
			if o.ID == "ConfirmAuthorizations" {
				op = o
			}
		}
	}
	require.NotNil(t, op)
	schema := paramSchema(op, "header", "x-auth-token")
	require.NotNil(t, schema)
	require.NoError(t, schema.VisitJSON(stringMarker(schema)))
	require.Equal(t, Marker, stringMarker(schema))
}

// TestASCIIWordsAgrees checks the allocation-free split of ASCII names
// against nameWords, on names of letters of both cases, digits and
// separators.
func TestASCIIWordsAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aAbBkKeEyY09_-. xX"
	names := []string{"X-Auth-Token", "xAPIKey", "APIKey", "x2Key", "AWSAccessKeyId", "JSESSIONID", "a__b", "", "--", "ABC", "aBC", "AbC"}
	for i := 0; i < 5000; i++ {
		b := make([]byte, rng.IntN(12))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		names = append(names, string(b))
	}
	for _, name := range names {
		joined, starts, ok := asciiWords(name, make([]byte, 0, 64), make([]int, 0, 16))
		require.True(t, ok, name)
		var want []string
		for i, st := range starts {
			end := len(joined)
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			want = append(want, string(joined[st:end]))
		}
		require.Equal(t, nameWords(name), want, "%q", name)
	}
}
