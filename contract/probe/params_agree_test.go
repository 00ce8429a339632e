package probe

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// edgeValues are parameter values at the edges of how a URL or a header
// is read: empty, signs, leading zeros, exponents, the limits of int32 and
// int64, spellings of true, separators, bytes that are not UTF-8, long.
var edgeValues = []string{"", "0", "-0", "007", "+5", "1e3", "1.5", "-1", "0.25", "1.25", "3", "6.0", "2147483647", "2147483648",
	"-2147483649", "9223372036854775807", "9223372036854775808", "-9007199254740993", "true", "TRUE", "1", "null", "a,b", "ab,,c",
	",", "ab", "abc", "ü-x", "\xff", "a\x00b", " 5", "NaN", "Infinity", "0x10", "1_000", "2024-02-30", "2024-01-02T03:04:05Z",
	"2024-01-02t03:04:05z", "deadbeef", "DEADBEEF", "fast", "book", "asc", "x y", strings.Repeat("é", 300)}

// rules are the rules and severities of findings, in order.
func rules(fs []contract.Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f.Rule) + " " + f.Severity.String()
	}
	sort.Strings(out)
	return out
}

// TestEnginesAgreeOnParameters: the validator's fast reading of request
// parameters (contract/params.go) finds what openapi3filter finds, on the
// requests probe generates for every operation of public and test specs,
// positive and negative, and on each of them with each parameter set in
// turn to each edge value (one value, and two for an array); and Judge
// finds the rules and severities Validate finds.
func TestEnginesAgreeOnParameters(t *testing.T) {
	files := []string{"testdata/params.yaml", "testdata/params31.yaml", "testdata/planted.yaml", "testdata/store.yaml",
		"../testdata/github/api.github.com-extract.json.gz", "../diff/testdata/large/pagerduty.json.gz",
		"../../cmd/specdrift/testdata/docs.import.yaml", "../testdata/specs/routing/paths.yaml", "../testdata/headers.yaml"}
	corpora := map[string][]*contract.Spec{}
	corpora["embedded"], _ = embedded(t)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		name := f
		if strings.HasSuffix(f, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			require.NoError(t, err)
			data, err = io.ReadAll(zr)
			require.NoError(t, err)
			name = strings.TrimSuffix(f, ".gz")
		}
		s, err := contract.LoadSpec(name, data)
		require.NoError(t, err, f)
		corpora[f] = []*contract.Spec{s}
	}
	const perOp = 12
	total := 0
	for name, specs := range corpora {
		before := total
		fast := contract.NewValidator(specs, contract.Options{})
		kin := contract.NewValidator(specs, contract.Options{Engine: contract.EngineKin})
		compare := func(op *contract.Operation, r contract.Request) {
			ex := &contract.Exchange{Operation: op.ID, Request: r}
			a, errA := fast.Validate(context.Background(), ex)
			b, errB := kin.Validate(context.Background(), ex)
			require.Equal(t, errB == nil, errA == nil, "%s %s %s: %v / %v", name, r.Method, r.URL, errA, errB)
			if errA == nil {
				if d := cmp.Diff(b.Findings, a.Findings); d != "" {
					t.Fatalf("%s: %s %s %v: the fast reading of parameters (+) differs from kin-openapi's (-):\n%s", name, r.Method, r.URL, r.Header, d)
				}
				j, err := fast.Judge(context.Background(), ex)
				require.NoError(t, err)
				if d := cmp.Diff(rules(a.Findings), rules(j.Findings)); d != "" {
					t.Fatalf("%s: %s %s: Judge (+) differs from Validate (-):\n%s", name, r.Method, r.URL, d)
				}
			}
			total++
		}
		for _, s := range specs {
			for k, op := range s.Operations {
				m := newModel(op, nil)
				n := 0
				for c := range m.each(perOp, seedOf(1, op)) {
					if n++; n > perOp {
						break
					}
					r, err := m.request(c.in)
					if err != nil {
						continue
					}
					compare(op, r)
					if n > 1 || k%(len(s.Operations)/60+1) != 0 {
						continue // the edges on the first request (the example), of 60 operations at most
					}
					for _, p := range m.params {
						vs := []func(string) any{func(e string) any { return e }}
						if p.Schema != nil && p.Schema.Value != nil && p.Schema.Value.Type.Is("array") {
							vs = append(vs, func(e string) any { return []any{e, "7"} })
						}
						for _, e := range edgeValues {
							for _, f := range vs {
								v := f(e)
								in := c.in.clone()
								in.params[p.In+":"+p.Name] = v
								if r, err := m.request(in); err == nil {
									compare(op, r)
								}
							}
						}
					}
				}
			}
		}
		t.Logf("%s: %d requests validated by both", name, total-before)
	}
}
