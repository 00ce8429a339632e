package docpage

import (
	"sort"
	"strings"
	"testing"
)

// BenchmarkParse reads the five pages, beside the floor measured in the
// same run: splitting the same pages into trimmed lines, which any line
// reader does. x-floor is the ratio of the two.
func BenchmarkParse(b *testing.B) {
	pages := seeds(b)
	keys := make([]string, 0, len(pages))
	size := 0
	for k, v := range pages {
		keys = append(keys, k)
		size += len(v)
	}
	sort.Strings(keys)
	var floor float64
	b.Run("floor-split-lines", func(b *testing.B) {
		b.SetBytes(int64(size))
		n := 0
		for b.Loop() {
			for _, k := range keys {
				for _, l := range strings.Split(string(pages[k]), "\n") {
					n += len(strings.TrimSpace(l))
				}
			}
		}
		floor = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if n == 0 {
			b.Fatal("no text")
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, k := range keys {
				if p := Parse(k, pages[k]); p.Method == "" {
					b.Fatalf("%s: no operation", k)
				}
			}
		}
		if floor > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/floor, "x-floor")
		}
	})
}
