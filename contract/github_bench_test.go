package contract_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/specdrift/specdrift/contract"
)

// githubCorpus is the large spec SPECDRIFT_LARGE_SPEC names (GitHub's REST
// description: npm pack @octokit/openapi, then generated/api.github.com.json)
// and the exchanges its examples make; nil without the variable.
func githubCorpus(tb testing.TB) *corpus {
	file := os.Getenv("SPECDRIFT_LARGE_SPEC")
	if file == "" {
		return nil
	}
	dir, base := filepath.Split(file)
	s, err := contract.SpecLoader{}.LoadFile(os.DirFS(filepath.Clean(dir)), base, func(p string) string { return p })
	if err != nil {
		tb.Fatal(err)
	}
	return &corpus{"github", []*contract.Spec{s}, s.ExampleExchanges()}
}

// githubExtractCorpus is testdata/github's extract of GitHub's REST
// description and the exchanges its examples make.
func githubExtractCorpus(tb testing.TB) corpus {
	gz, err := os.ReadFile("testdata/github/api.github.com-extract.json.gz")
	if err != nil {
		tb.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		tb.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := contract.LoadSpec("contract/testdata/github/api.github.com-extract.json", data)
	if err != nil {
		tb.Fatal(err)
	}
	return corpus{"github-extract", []*contract.Spec{s}, s.ExampleExchanges()}
}

// githubOrNone is githubCorpus, or a corpus without specs.
func githubOrNone(tb testing.TB) corpus {
	if c := githubCorpus(tb); c != nil {
		return *c
	}
	return corpus{name: "github"}
}

// BenchmarkGitHubExamples validates every example exchange of the large
// spec on the kin engine (the floor) and on the fast one, in the same run;
// the schemas are compiled before the clock starts. It is skipped without
// SPECDRIFT_LARGE_SPEC: the file is not committed.
func BenchmarkGitHubExamples(b *testing.B) {
	c := githubCorpus(b)
	if c == nil {
		b.Skip("SPECDRIFT_LARGE_SPEC names no large spec to validate the examples of")
	}
	for _, e := range []struct {
		name   string
		engine string
	}{{"floor-kin", contract.EngineKin}, {"fast", contract.EngineFast}} {
		v := contract.NewValidator(c.specs, contract.Options{Engine: e.engine})
		for _, ex := range c.exs {
			_, _ = v.Validate(context.Background(), ex) // compiles the schemas
		}
		b.Run(e.name, func(b *testing.B) {
			for b.Loop() {
				for _, ex := range c.exs {
					if _, err := v.Validate(context.Background(), ex); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(c.exs))*float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
			reportRatio(b, "github", e.engine == contract.EngineKin)
		})
	}
}
