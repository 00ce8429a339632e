package diff

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	odiff "github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/internal/cputime"
)

// largePair is a public spec of a few MB and a revision of it: the
// PagerDuty REST API document (testdata/large/README.md says where it comes
// from) and the same document with the kinds of change an API release
// makes, spread over it: endpoints removed and added, a required query
// parameter added, a limit capped, integers widened to numbers, enum values
// added, response properties dropped, the version bumped.
func largePair(t testing.TB) (old, new []byte) {
	t.Helper()
	f, err := os.Open("testdata/large/pagerduty.json.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	old, err = io.ReadAll(zr)
	require.NoError(t, err)
	var d map[string]any
	require.NoError(t, json.Unmarshal(old, &d))
	revise(d)
	new, err = json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	return old, new
}

func revise(d map[string]any) {
	paths := d["paths"].(map[string]any)
	for i, p := range sortedKeys(paths) {
		item := paths[p].(map[string]any)
		switch {
		case i%25 == 7:
			delete(paths, p)
			continue
		case i%20 == 3:
			paths["/v3"+p] = v3(item)
		}
		if get, ok := item["get"].(map[string]any); ok && i%12 == 5 {
			params, _ := get["parameters"].([]any)
			get["parameters"] = append(params, map[string]any{"name": "region", "in": "query", "required": true, "schema": map[string]any{"type": "string"}})
		}
	}
	comps := d["components"].(map[string]any)
	schemas := comps["schemas"].(map[string]any)
	for i, s := range sortedKeys(schemas) {
		props, _ := schemas[s].(map[string]any)["properties"].(map[string]any)
		for j, k := range sortedKeys(props) {
			pr, _ := props[k].(map[string]any)
			switch {
			case pr == nil:
			case pr["type"] == "integer" && (i+j)%3 == 0:
				pr["type"] = "number"
			case pr["enum"] != nil && (i+j)%2 == 0:
				pr["enum"] = append(pr["enum"].([]any), "added_value")
			case i%9 == 4 && j == 0:
				delete(props, k)
			}
		}
	}
	limit := comps["parameters"].(map[string]any)["offset_limit"].(map[string]any)
	limit["schema"].(map[string]any)["maximum"] = 100
	d["info"].(map[string]any)["version"] = "2.1.0"
}

// v3 copies a path item for a /v3 path, with operation IDs of its own.
func v3(item map[string]any) map[string]any {
	data, _ := json.Marshal(item)
	var out map[string]any
	_ = json.Unmarshal(data, &out)
	for _, op := range out {
		if m, ok := op.(map[string]any); ok && m["operationId"] != nil {
			m["operationId"] = m["operationId"].(string) + "V3"
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func largeFixtures(t testing.TB) []*contract.Exchange {
	t.Helper()
	names, err := filepath.Glob("testdata/large/fixtures/*.yaml")
	require.NoError(t, err)
	var exs []*contract.Exchange
	for _, n := range names {
		data, err := os.ReadFile(n)
		require.NoError(t, err)
		_, ex, err := contract.ReadFixture(filepath.ToSlash(n), data)
		require.NoError(t, err)
		exs = append(exs, ex)
	}
	return exs
}

// oasdiffLoad loads a spec as oasdiff's command line does: with the origin
// of every element.
func oasdiffLoad(t testing.TB, name string, data []byte) *load.SpecInfo {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	s, err := load.NewSpecInfoFromData(loader, data, name)
	require.NoError(t, err)
	return s
}

// oasdiffCheck is the floor: the library's own diff and checker calls.
func oasdiffCheck(t testing.TB, s1, s2 *load.SpecInfo) checker.Changes {
	d, sources, err := odiff.GetWithOperationsSourcesMap(odiff.NewConfig(), s1, s2)
	require.NoError(t, err)
	return checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO)
}

func oasdiffChanges(t testing.TB, old, new []byte) checker.Changes {
	return oasdiffCheck(t, oasdiffLoad(t, "old.json", old), oasdiffLoad(t, "new.json", new))
}

// BenchmarkLargeDiff measures specdrift's diff against the floor, oasdiff's
// own diff and checker calls, on the large pair, alternating the two in
// each iteration so that both see the same machine. It reports both times
// and their ratio:
//
//   - layer: both sides loaded once; specdrift's Compare (the engine, the
//     translation, the locations, the fixtures validated under both
//     versions) against diff + checker on the same loaded documents;
//   - load: loading the two versions, specdrift for the validator (which
//     validates the document and builds its router) as well as for the
//     engine, oasdiff for the engine alone;
//   - end-to-end: from the bytes, both of the above.
func BenchmarkLargeDiff(b *testing.B) {
	oldData, newData := largePair(b)
	exs := largeFixtures(b)
	ctx := context.Background()
	pairs := []Pair{{Service: "pagerduty", Old: &File{Name: "old/pagerduty.json", Data: oldData}, New: &File{Name: "new/pagerduty.json", Data: newData}}}
	loaded, err := LoadPairs(ctx, pairs)
	require.NoError(b, err)
	res, err := Compare(ctx, loaded, Options{Fixtures: exs})
	require.NoError(b, err)
	floor := oasdiffCheck(b, loaded[0].Old.info, loaded[0].New.info)
	require.Len(b, res.Pairs[0].Changes, len(floor), "every change of the engine is carried")
	require.Equal(b, len(exs), res.Pairs[0].Exchanges)
	b.Logf("%d + %d bytes; %d changes; %d fixtures, %d rejections", len(oldData), len(newData), len(floor), len(exs), len(res.Pairs[0].Rejected))

	run := func(b *testing.B, ours, theirs func()) {
		var wOurs, wTheirs, cOurs, cTheirs time.Duration
		// each starts from a collected heap, so that neither pays for the
		// other's garbage, and which goes first alternates
		timed := func(f func(), wall, cpu *time.Duration) {
			runtime.GC()
			c, w := cputime.Now(), time.Now()
			f()
			*wall += time.Since(w)
			*cpu += cputime.Now() - c
		}
		for i := 0; b.Loop(); i++ {
			if i%2 == 0 {
				timed(theirs, &wTheirs, &cTheirs)
				timed(ours, &wOurs, &cOurs)
			} else {
				timed(ours, &wOurs, &cOurs)
				timed(theirs, &wTheirs, &cTheirs)
			}
		}
		n := float64(b.N)
		b.ReportMetric(float64(wOurs.Nanoseconds())/n, "specdrift-ns/op")
		b.ReportMetric(float64(wTheirs.Nanoseconds())/n, "oasdiff-ns/op")
		b.ReportMetric(float64(wOurs)/float64(wTheirs), "x-floor")
		if cTheirs > 0 {
			b.ReportMetric(float64(cOurs)/float64(cTheirs), "x-floor-cpu")
		}
	}
	b.Run("layer", func(b *testing.B) {
		run(b, func() {
			_, err := Compare(ctx, loaded, Options{Fixtures: exs})
			require.NoError(b, err)
		}, func() {
			oasdiffCheck(b, loaded[0].Old.info, loaded[0].New.info)
		})
	})
	b.Run("load", func(b *testing.B) {
		run(b, func() {
			_, err := LoadPairs(ctx, pairs)
			require.NoError(b, err)
		}, func() {
			oasdiffLoad(b, "old.json", oldData)
			oasdiffLoad(b, "new.json", newData)
		})
	})
	b.Run("end-to-end", func(b *testing.B) {
		run(b, func() {
			l, err := LoadPairs(ctx, pairs)
			require.NoError(b, err)
			_, err = Compare(ctx, l, Options{Fixtures: exs})
			require.NoError(b, err)
		}, func() {
			oasdiffChanges(b, oldData, newData)
		})
	})
}
