package docs

import (
	"testing"

	"github.com/specdrift/specdrift/contract/docpage"
)

// BenchmarkDocs runs check, lint and import on the five pages, each
// including the reading of the pages, beside the floor measured in the same
// run: reading the pages alone. x-floor is each one's ratio to it.
func BenchmarkDocs(b *testing.B) {
	files := seedFiles(b)
	ss := specs(b, nil)
	ids := []string{"000", "001", "002", "003", "004"}
	parse := func() []*docpage.Page {
		out := make([]*docpage.Page, 0, len(ids))
		for _, id := range ids {
			out = append(out, docpage.Parse(seedName(id), files[id]))
		}
		return out
	}
	var floor float64
	run := func(name string, f func([]*docpage.Page)) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				f(parse())
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if name == "floor-parse" {
				floor = ns
			}
			if floor > 0 {
				b.ReportMetric(ns/floor, "x-floor")
			}
		})
	}
	run("floor-parse", func([]*docpage.Page) {})
	run("check", func(ps []*docpage.Page) {
		if r := Check(ps, ss); len(r.Findings) != 0 {
			b.Fatalf("check: %d findings", len(r.Findings))
		}
	})
	run("lint", func(ps []*docpage.Page) {
		if r := Lint(ps); len(r.Findings) == 0 {
			b.Fatal("lint found nothing")
		}
	})
	run("import", func(ps []*docpage.Page) {
		if _, err := Import(ps); err != nil {
			b.Fatal(err)
		}
	})
}
