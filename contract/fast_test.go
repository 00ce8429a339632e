package contract_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
)

// enginePair is a validator on each engine, over the same specs and options.
type enginePair struct {
	name      string
	kin, fast *contract.Validator
}

func enginePairs(specs []*contract.Spec) []enginePair {
	var out []enginePair
	for _, o := range []struct {
		name string
		opts contract.Options
	}{
		{"default", contract.Options{}},
		{"strict-requests", contract.Options{StrictRequests: true}},
		{"lenient", contract.Options{LenientResponses: true}},
	} {
		kin, fast := o.opts, o.opts
		kin.Engine, fast.Engine = contract.EngineKin, contract.EngineFast
		out = append(out, enginePair{o.name, contract.NewValidator(specs, kin), contract.NewValidator(specs, fast)})
	}
	return out
}

// outcome is everything validating an exchange says.
type outcome struct {
	Err       string
	Operation string
	Status    string
	Findings  []contract.Finding
	Request   contract.BodyCheck
	Response  contract.BodyCheck
}

func validate(v *contract.Validator, ex *contract.Exchange) outcome {
	res, err := v.Validate(context.Background(), ex)
	if err != nil {
		return outcome{Err: err.Error()}
	}
	return outcome{Operation: res.Operation.ID, Status: res.Status, Findings: res.Findings, Request: res.Request, Response: res.Response}
}

// disagreement validates an exchange on both engines; "" when they agree.
func (p enginePair) disagreement(ex *contract.Exchange) string {
	k, f := validate(p.kin, ex), validate(p.fast, ex)
	if d := cmp.Diff(k, f); d != "" {
		return fmt.Sprintf("%s: the engines disagree (-kin +fast):\n%s", p.name, d)
	}
	return ""
}

// corpus is a set of specs and exchanges against them.
type corpus struct {
	name  string
	specs []*contract.Spec
	exs   []*contract.Exchange
}

func embeddedCorpus(t testing.TB) corpus {
	exsRecorded, errs := traffic.LoadFixtures(fixtures.Files, ".", func(p string) string { return path.Join("fixtures", p) })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	mockRecorded, errs := traffic.LoadFixtures(os.DirFS("mock/testdata"), "fixtures", func(p string) string { return path.Join("contract/mock/testdata", p) })
	mock := traffic.Exchanges(mockRecorded)
	require.Empty(t, errs)
	exs = append(exs, mock...)
	data, err := os.ReadFile("traffic/testdata/browser.har")
	require.NoError(t, err)
	exs = append(exs, harExchanges(t, data)...)
	return corpus{"embedded", embeddedSpecs(t), exs}
}

func fastpathCorpus(t testing.TB) corpus {
	data, err := os.ReadFile("testdata/fastpath.yaml")
	require.NoError(t, err)
	s, err := contract.LoadSpec("contract/testdata/fastpath.yaml", data)
	require.NoError(t, err)
	item := `{"id": "0f1e2d3c-4b5a-4697-8a9b-0c1d2e3f4a5b", "kind": "alpha", "count": 15, "ratio": 0.25, "code": "AB-123",
 "label": "héllo", "plain": "no tags\n", "word": "éàÿ", "digits": "0123", "day": "2024-02-29", "at": "2023-09-20T08:03:51.5+08:00", "blob": "aGVsbG8=", "secret": "s3cr3t",
 "flags": [true, false], "level": 2, "size": 1.5, "on": true, "tags": {"a": "x", "b": "yy"}, "meta": {"a": "z"},
 "anything": {"deep": [1, {"x": null}]}, "maybe": null, "node": {"value": 1, "next": {"value": 2, "next": {"value": 3}}},
 "set": [1, 2, 3], "big": 9007199254740993, "small": 0.125, "when": {"ts": "2023-09-20T08:03:51Z", "zone": "utc"},
 "choice": 7, "notText": 1, "loose": {"x": [], "y": 1}, "start": "2023-09-20T08:03:51Z", "end": "2023-09-21T08:03:51Z",
 "from": 10, "to": 10, "entries": [{"key": "a", "value": 1}, {"key": "b", "value": 2.5}]}`
	out := `{"id": "i-1", "kind": "beta", "count": 5, "start": "2023-09-20T08:03:51Z", "end": "2023-09-20T08:03:51Z"}`
	resp := `{"request_id": "req-00000001", "item": ` + out + `, "others": [` + out + `, {"id": "i-2"}], "note": null,
 "code": "AB-123", "kind": "alpha", "count": 15, "entries": [{"key": "a"}], "start": "2023-09-21T08:03:51Z", "end": "2023-09-20T08:03:51Z"}`
	pet := `{"petType": "Cat", "name": "Tom", "lives": 9}`
	record := `{"pet": {"petType": "Dog", "name": "Rex", "good": true}, "owner": {"name": "Ann"}, "created": {"ts": "2023-09-20T08:03:51Z", "by": "x"}}`
	closed := `{"request_id": "req-00000002", "extra": "e", "stamps": [{"ts": "2023-09-20T08:03:51Z", "seq": 1}, {"ts": "2023-09-20", "seq": 0}]}`
	exchange := func(method, url, reqBody string, status int, respBody string) *contract.Exchange {
		h := http.Header{"Content-Type": {"application/json"}}
		ex := &contract.Exchange{Source: contract.Source{Name: "fastpath"},
			Request:  contract.Request{Method: method, URL: url, Header: h.Clone(), Body: []byte(reqBody)},
			Response: &contract.Response{Status: status, Header: h.Clone(), Body: []byte(respBody)}}
		if reqBody == "" {
			ex.Request.Header = http.Header{}
		}
		return ex
	}
	return corpus{"fastpath", []*contract.Spec{s}, []*contract.Exchange{
		exchange("PUT", "/items/1", item, 200, resp),
		exchange("PUT", "/items/1", item, 400, `{"code": 404, "message": "no such item"}`),
		exchange("POST", "/pets", pet, 201, record),
		exchange("GET", "/lists", "", 200, `[`+out+`, {"id": "i-2", "kind": "gamma"}, {"id": "i-1"}]`),
		exchange("GET", "/lists", "", 200, `[{"id": "<a&b>"}, {"x": 1}, 7, {"id": "<a&b>"}]`),
		exchange("GET", "/lists", "", 200, `[{"id": "a\u003cb"}, {"id": "a<b"}]`),
		exchange("GET", "/lists", "", 200, `[{"id": "a\u0026b"}, {"id": "a&b"}]`),
		exchange("GET", "/lists", "", 200, `[{"id": 1}, {"id": 1.0}, {"id": 1}]`),
		exchange("GET", "/lists", "", 200, `[{"id": {"k": [1]}}, {"id": {"k": [1]}}]`),
		exchange("GET", "/lists", "", 200, `[{"id": null}, {"id": null}, {"id": true}]`),
		exchange("GET", "/lists", "", 200, `[{"id": "\u00e9"}, {"id": "é"}]`),
		exchange("GET", "/lists", "", 200, `[{"id": "\ud800"}, {"id": "\ufffd"}]`),
		exchange("GET", "/lists", "", 200, `[{"id": "\u2028"}, {"id": " "}]`),
		exchange("GET", "/lists", "", 200, "[{\"id\": \"\xff\"}, {\"id\": \"\\ufffd\"}]"),
		exchange("GET", "/lists", "", 200, `[{"id": "a", "start": "2023-09-20T08:03:51+02:00", "end": "2023-09-20T07:03:51Z"},
 {"id": "b", "start": "2023-09-20T08:03:51Z", "end": "2023-09-20T08:03:51.000Z"}, {"id": "c", "start": "2023-09-20", "end": "2023-09-19T23:00:00Z"},
 {"id": "d", "start": "2023-09-20T08:03:51Z", "end": 5}, {"id": "e", "start": "x", "end": "y"}, {"id": "f", "start": "2023-09-21T08:03:51Z", "end": "2023-09-20T08:03:51Z"}]`),
		exchange("PUT", "/items/1", `{"id": "x", "kind": "beta", "count": 10, "from": 3, "to": 2, "start": "2023-09-20T08:03:51Z", "end": "2023-09-20T08:03:51Z"}`, 200,
			`{"request_id": "abc", "item": {"id": "a"}, "from": 1e3, "to": 999.5, "start": "2023-09-20T10:03:51+02:00", "end": "2023-09-20T08:03:51Z"}`),
		exchange("POST", "/closed", closed, 200, `{"anything": [1, "two", null]}`),
		// compositions that no branch, or several, match
		exchange("POST", "/pets", `{"petType": "Dog", "lives": 3}`, 201, `{"pet": {"name": "x", "good": "no"}, "owner": {"nom": 1}}`),
		exchange("POST", "/pets", `{"petType": "Cat", "name": "Tom"}`, 201, `{"pet": [], "owner": ""}`),
		exchange("POST", "/pets", `{"petType": 7, "name": "Tom", "lives": 10}`, 201, `{"pet": null, "owner": 5}`),
	}}
}

// pagerdutyCorpus is the PagerDuty REST API's spec (allOf, oneOf, readOnly,
// nullable, discriminators), its recorded calls and every example its
// operations carry.
func pagerdutyCorpus(t testing.TB) corpus {
	gz, err := os.ReadFile("diff/testdata/large/pagerduty.json.gz")
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	require.NoError(t, err)
	data, err := io.ReadAll(zr)
	require.NoError(t, err)
	s, err := contract.LoadSpec("contract/diff/testdata/large/pagerduty.json", data)
	require.NoError(t, err)
	exsRecorded, errs := traffic.LoadFixtures(os.DirFS("diff/testdata/large"), "fixtures", func(p string) string { return path.Join("contract/diff/testdata/large", p) })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	for _, op := range s.Operations {
		url := op.Path
		for strings.Contains(url, "{") {
			i, j := strings.Index(url, "{"), strings.Index(url, "}")
			url = url[:i] + "x" + url[j+1:]
		}
		base := func() *contract.Exchange {
			return &contract.Exchange{Source: contract.Source{Name: "pagerduty " + op.ID}, Operation: op.ID,
				Request: contract.Request{Method: op.Method, URL: "https://api.pagerduty.com" + url,
					Header: http.Header{"Authorization": {"Token token=x"}, "Accept": {"application/vnd.pagerduty+json;version=2"}}}}
		}
		var reqBodies []string
		if rb := op.Op.RequestBody; rb != nil && rb.Value != nil {
			reqBodies = examples(rb.Value.Content)
		}
		for _, b := range reqBodies {
			ex := base()
			ex.Request.Header.Set("Content-Type", "application/json")
			ex.Request.Body = []byte(b)
			exs = append(exs, ex)
		}
		for _, code := range op.Statuses() {
			status := 0
			if _, err := fmt.Sscan(code, &status); err != nil {
				continue
			}
			for _, b := range examples(op.Op.Responses.Value(code).Value.Content) {
				ex := base()
				if len(reqBodies) > 0 {
					ex.Request.Header.Set("Content-Type", "application/json")
					ex.Request.Body = []byte(reqBodies[0])
				}
				ex.Response = &contract.Response{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(b)}
				exs = append(exs, ex)
			}
		}
	}
	return corpus{"pagerduty", []*contract.Spec{s}, exs}
}

// examples are the JSON examples of a content map, pretty-printed.
func examples(content openapi3.Content) []string {
	var out []string
	for _, mt := range sortedNames(content) {
		m := content[mt]
		if !strings.Contains(mt, "json") {
			continue
		}
		vals := []any{}
		if m.Example != nil {
			vals = append(vals, m.Example)
		}
		for _, name := range sortedNames(m.Examples) {
			if e := m.Examples[name]; e != nil && e.Value != nil && e.Value.Value != nil {
				vals = append(vals, e.Value.Value)
			}
		}
		for _, v := range vals {
			b, err := json.MarshalIndent(v, "", "  ")
			if err == nil {
				out = append(out, string(b))
			}
		}
	}
	return out
}

func sortedNames[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// harExchanges reads the entries of a HAR file, as far as validation needs.
func harExchanges(t testing.TB, data []byte) []*contract.Exchange {
	type nv struct{ Name, Value string }
	var har struct {
		Log struct {
			Entries []struct {
				Request struct {
					Method, URL string
					Headers     []nv
					PostData    *struct{ Text string }
				}
				Response struct {
					Status  int
					Headers []nv
					Content struct{ Text string }
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal(data, &har))
	header := func(h []nv) http.Header {
		out := http.Header{}
		for _, p := range h {
			if !strings.HasPrefix(p.Name, ":") {
				out.Add(p.Name, p.Value)
			}
		}
		return out
	}
	var exs []*contract.Exchange
	for i, e := range har.Log.Entries {
		ex := &contract.Exchange{Source: contract.Source{Name: fmt.Sprintf("browser.har#%d", i)},
			Request:  contract.Request{Method: e.Request.Method, URL: e.Request.URL, Header: header(e.Request.Headers)},
			Response: &contract.Response{Status: e.Response.Status, Header: header(e.Response.Headers), Body: []byte(e.Response.Content.Text)}}
		if e.Request.PostData != nil {
			ex.Request.Body = []byte(e.Request.PostData.Text)
		}
		exs = append(exs, ex)
	}
	return exs
}

// TestEnginesAgree is the proof that the fast path changes nothing: every
// fixture, testdata body and example, and bodies mutated from them (fields
// removed, types flipped, strings lengthened, enums changed, fields added,
// deep nesting, huge numbers, invalid UTF-8, duplicate keys, broken JSON),
// as requests and as responses, validated by both engines under three sets
// of options, with identical outcomes.
func TestEnginesAgree(t *testing.T) {
	budget := 12 * time.Second // per corpus
	if raceBuild {
		budget = 6 * time.Second
	}
	if d, ok := t.Deadline(); ok && time.Until(d) < 2*time.Minute {
		budget = time.Until(d) / 8
	}
	for _, c := range []struct {
		corpus func(testing.TB) corpus
		paths  int // how many values of each body are mutated
		most   int // cases per exchange at most, taken evenly from its mutations
		sample int // under the race detector: every sample-th exchange
	}{
		{embeddedCorpus, 60, 5000, 1},
		{fastpathCorpus, 200, 5000, 1},
		{pagerdutyCorpus, 2, 60, 9},
		{compositionsCorpus, 100, 3000, 1},
		{openapi31Corpus, 100, 3000, 3},
		{formatsCorpus, 100, 3000, 1},
		{githubExtractCorpus, 20, 200, 3},
		{githubOrNone, 2, 20, 9},
	} {
		co := c.corpus(t)
		t.Run(co.name, func(t *testing.T) {
			if len(co.specs) == 0 {
				t.Skip("SPECDRIFT_LARGE_SPEC names no large spec (GitHub's REST description) to check the engines on")
			}
			pairs := enginePairs(co.specs)
			check := func(ex *contract.Exchange) {
				for _, p := range pairs {
					if d := p.disagreement(ex); d != "" {
						t.Fatalf("%s\nrequest body:  %q\nresponse body: %q", d, ex.Request.Body, responseBody(ex))
					}
				}
			}
			var cases [][]*contract.Exchange // per exchange: it, then its mutations
			sample := 1
			if raceBuild {
				sample = c.sample
			}
			var exs []*contract.Exchange
			for i := 0; i < len(co.exs); i += sample {
				exs = append(exs, co.exs[i])
			}
			for i, ex := range exs {
				list := []*contract.Exchange{ex}
				if ex.Response != nil && len(ex.Response.Body) > 0 {
					for _, body := range mutations(ex.Response.Body, c.paths, i) {
						m, r := *ex, *ex.Response
						r.Body = body
						m.Response = &r
						list = append(list, &m)
					}
				}
				if len(ex.Request.Body) > 0 {
					for _, body := range mutations(ex.Request.Body, c.paths, i) {
						m := *ex
						m.Request.Body = body
						list = append(list, &m)
					}
				}
				if step := len(list)/c.most + 1; step > 1 {
					var some []*contract.Exchange
					for k := 0; k < len(list); k += step {
						some = append(some, list[k])
					}
					list = some
				}
				cases = append(cases, list)
			}
			// round robin, so that every exchange has its mutations checked
			// when the time runs out first (kin-openapi takes long over
			// PagerDuty's nested allOf: it renders its errors eagerly; and
			// compiles a 3.1 schema again on each value). The first two
			// rounds, each exchange and one mutation of it, run whatever
			// the time: the budget bounds the rest, not what is checked.
			deadline := time.Now().Add(budget)
			done, total := 0, 0
			for _, list := range cases {
				total += len(list)
			}
			for j := 0; done < total; j++ {
				if j == 1 {
					// The budget is the mutations': every exchange itself is
					// checked first, however long a busy machine takes.
					deadline = time.Now().Add(budget)
				}
				for _, list := range cases {
					if j > 1 && time.Now().After(deadline) {
						break
					}
					if j < len(list) {
						check(list[j])
						done++
					}
				}
				if j > 0 && time.Now().After(deadline) {
					break
				}
			}
			t.Logf("%d exchanges of %d, %d of %d cases (each exchange and its mutations) checked on %d pairs of validators",
				len(exs), len(co.exs), done, total, len(pairs))
			require.Greater(t, done, len(exs), "no mutation was checked")
		})
	}
}

func responseBody(ex *contract.Exchange) []byte {
	if ex.Response == nil {
		return nil
	}
	return ex.Response.Body
}

// TestEnginesAgreeConcurrently: one fast validator used by several
// goroutines at once (its runs are pooled) finds what kin finds.
func TestEnginesAgreeConcurrently(t *testing.T) {
	co := fastpathCorpus(t)
	pair := enginePairs(co.specs)[1]
	var exs []*contract.Exchange
	var want []outcome
	for i, ex := range co.exs {
		for _, body := range append([][]byte{ex.Response.Body}, mutations(ex.Response.Body, 3, i)...) {
			m, r := *ex, *ex.Response
			r.Body = body
			m.Response = &r
			exs = append(exs, &m)
			want = append(want, validate(pair.kin, &m))
		}
	}
	errs := make(chan string, 4)
	for g := range 4 {
		go func() {
			for i := range exs {
				k := (i*7 + g*13) % len(exs)
				if d := cmp.Diff(want[k], validate(pair.fast, exs[k])); d != "" {
					errs <- fmt.Sprintf("goroutine %d, case %d (-kin +fast):\n%s", g, k, d)
					return
				}
			}
			errs <- ""
		}()
	}
	for range 4 {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}
