package docpage

import (
	"sort"
	"testing"
)

// FuzzParse feeds Parse arbitrary pages, seeded with the five real ones: it
// must not panic (nor recover from one) and every line number it reports
// must lie within the input.
func FuzzParse(f *testing.F) {
	pages := seeds(f)
	keys := make([]string, 0, len(pages))
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f.Add(pages[k])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := Parse("fuzz", data)
		if p == nil {
			t.Fatal("Parse returned nil")
		}
		checkLines(t, p, data)
	})
}
