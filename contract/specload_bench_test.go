package contract_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/specdrift/specdrift/contract"
)

// BenchmarkLoadLargeSpec loads the large spec SPECDRIFT_LARGE_SPEC names
// (GitHub's REST description, say: npm pack @octokit/openapi, then
// generated/api.github.com.json) beside the floor of decoding the same
// bytes with encoding/json, in the same run. It is skipped without the
// variable: the file is not committed.
func BenchmarkLoadLargeSpec(b *testing.B) {
	file := os.Getenv("SPECDRIFT_LARGE_SPEC")
	if file == "" {
		b.Skip("SPECDRIFT_LARGE_SPEC names no large spec to load")
	}
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	dir, base := filepath.Split(file)
	fsys := os.DirFS(filepath.Clean(dir))
	b.Run("floor-encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
		reportRatio(b, "load", true)
	})
	for _, c := range []struct {
		name   string
		loader contract.SpecLoader
	}{
		{"specdrift", contract.SpecLoader{}},
		{"specdrift-origins", contract.SpecLoader{Origins: true}}, // as diff loads it
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var problems int
			for b.Loop() {
				s, err := c.loader.LoadFile(fsys, base, func(p string) string { return p })
				if err != nil {
					b.Fatal(err)
				}
				problems = len(s.Problems)
			}
			b.ReportMetric(float64(problems), "problems")
			reportRatio(b, "load", false)
		})
	}
}
