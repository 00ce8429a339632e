package docs

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
	"github.com/specdrift/specdrift/spec"
)

// seedDir holds the five scraped pages (/work/shared/seeds).
const seedDir = "../../../shared/seeds"

// seedFiles returns the seed pages' bytes by their three-digit prefix.
func seedFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, "00[0-4]_*.txt"))
	require.NoError(tb, err)
	if len(files) != 5 {
		abs, _ := filepath.Abs(seedDir)
		tb.Fatalf("want the 5 seed pages 000_*.txt..004_*.txt in %s, found %d", abs, len(files))
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(tb, err)
		out[filepath.Base(f)[:3]] = b
	}
	return out
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
