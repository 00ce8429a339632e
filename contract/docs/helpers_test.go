package docs

import (
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
	"github.com/specdrift/specdrift/spec"
)

// seedFiles returns the five documentation pages (spec.Pages, the
// repository's spec/pages) by the numbers the specs call them ("000".."004").
func seedFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	for id, name := range pageFiles() {
		b, err := spec.Pages.ReadFile("pages/" + name)
		require.NoError(tb, err)
		out[id] = b
	}
	return out
}

// pageFiles names the file of each page in spec/pages.
func pageFiles() map[string]string {
	return map[string]string{
		"000": "cloudconnect-create-authorisation.txt",
		"001": "cloudconnect-list-authorisations.txt",
		"002": "cloudconnect-list-permissions.txt",
		"003": "dataarts-authorize-action-api-to-instance.txt",
		"004": "servicetickets-confirm-authorizations.txt",
	}
}

// seedName is the name pages get in these tests: "000.txt".
func seedName(id string) string { return id + ".txt" }

// seedPages parses the seeds, in order.
func seedPages(tb testing.TB) []*docpage.Page {
	tb.Helper()
	files := seedFiles(tb)
	var out []*docpage.Page
	for _, id := range []string{"000", "001", "002", "003", "004"} {
		out = append(out, docpage.Parse(seedName(id), files[id]))
	}
	return out
}

// specs loads the embedded specs, with edits applied to their text:
// file name ("cloudconnect.yaml") to pairs of old and new text.
func specs(tb testing.TB, edits map[string][]string) []*contract.Spec {
	tb.Helper()
	var out []*contract.Spec
	for _, name := range []string{"cloudconnect.yaml", "dataarts.yaml", "servicetickets.yaml"} {
		data, err := spec.Files.ReadFile(name)
		require.NoError(tb, err)
		text := string(data)
		e := edits[name]
		for i := 0; i+1 < len(e); i += 2 {
			require.Contains(tb, text, e[i], "edit of %s", name)
			text = strings.Replace(text, e[i], e[i+1], 1)
		}
		s, err := contract.LoadSpec(path.Join("spec", name), []byte(text))
		require.NoError(tb, err)
		out = append(out, s)
	}
	return out
}

// editPage replaces the first old with new in a seed, after line from
// (1-based), keeping the other lines where they are as far as new allows.
func editPage(tb testing.TB, data []byte, from int, old, new string) []byte {
	tb.Helper()
	lines := strings.SplitAfter(string(data), "\n")
	head := strings.Join(lines[:from-1], "")
	tail := strings.Join(lines[from-1:], "")
	require.Contains(tb, tail, old, "edit after line %d", from)
	return []byte(head + strings.Replace(tail, old, new, 1))
}

// brief is a finding reduced to what the tests assert.
type brief struct {
	Rule    contract.RuleID
	Source  string
	Pointer string
}

func briefs(fs []contract.Finding) []brief {
	out := make([]brief, 0, len(fs))
	for _, f := range fs {
		out = append(out, brief{f.Rule, f.Source, f.Pointer})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Rule < b.Rule
	})
	return out
}
