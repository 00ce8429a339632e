package docs

import (
	"testing"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// FuzzDocs reads arbitrary pages, seeded with the five real ones, and runs
// everything on them: Lint, Check against the embedded specs, and Import,
// whose draft must be a valid OpenAPI document whenever Import succeeds.
func FuzzDocs(f *testing.F) {
	files := seedFiles(f)
	for _, id := range []string{"000", "001", "002", "003", "004"} {
		f.Add(files[id])
	}
	ss := specs(f, nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := docpage.Parse("fuzz.txt", data)
		pages := []*docpage.Page{p}
		Lint(pages)
		Check(pages, ss)
		d, err := Import(pages)
		if err != nil {
			return
		}
		if _, err := contract.LoadSpec("draft.yaml", d.YAML); err != nil {
			t.Fatalf("the draft does not load: %v\n%s", err, d.YAML)
		}
	})
}

// FuzzLintService lints an arbitrary page beside the three pages of Cloud
// Connect, so that the comparisons across the pages of a service (objects,
// parameters, top-level fields, descriptions, resources) see it too.
func FuzzLintService(f *testing.F) {
	files := seedFiles(f)
	for _, id := range []string{"000", "001", "002", "003", "004"} {
		f.Add(files[id])
	}
	var service []*docpage.Page
	for _, id := range []string{"000", "001", "002"} {
		service = append(service, docpage.Parse(seedName(id), files[id]))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := docpage.Parse("fuzz.txt", data)
		for _, fd := range Lint(append([]*docpage.Page{p}, service...)).Findings {
			if fd.Rule == "" || fd.Message == "" {
				t.Fatalf("a finding without a rule or message: %+v", fd)
			}
		}
	})
}
