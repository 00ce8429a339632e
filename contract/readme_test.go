package contract_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestREADMERules keeps the README's rule table in sync with the registry.
func TestREADMERules(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	row := regexp.MustCompile("(?m)^\\| `([a-z-]+)` \\| (error|warning|info) \\| (.+) \\|$")
	var got, want []string
	for _, m := range row.FindAllStringSubmatch(string(data), -1) {
		got = append(got, m[1]+" "+m[2]+" "+m[3])
	}
	for _, r := range contract.Rules {
		want = append(want, string(r.ID)+" "+r.Severity.String()+" "+r.Summary)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README rule table differs from contract.Rules (-registry +README):\n%s", diff)
	}
}
