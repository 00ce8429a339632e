package contract_test

import (
	"testing"

	"github.com/specdrift/specdrift/contract"
)

// FuzzEngines: any bytes, as the request or the response body of any
// exchange of the embedded, the fast path's, the compositions', the
// OpenAPI 3.1 and the GitHub extract's test corpus (and of GitHub's whole
// REST description when SPECDRIFT_LARGE_SPEC names it), get the same
// outcome from both engines under every set of options; and no panic.
func FuzzEngines(f *testing.F) {
	type template struct {
		ex     *contract.Exchange
		pairs  []enginePair
		stride int // every stride-th mutation of a response is a seed
	}
	var templates []template
	for _, c := range []struct {
		co     corpus
		stride int
	}{
		{embeddedCorpus(f), 7}, {fastpathCorpus(f), 7}, {compositionsCorpus(f), 7}, {openapi31Corpus(f), 7},
		{githubExtractCorpus(f), 40}, {githubOrNone(f), 200}, // large bodies: fewer of their mutations
	} {
		pairs := enginePairs(c.co.specs)
		for _, ex := range c.co.exs {
			templates = append(templates, template{ex, pairs, c.stride})
		}
	}
	for i, t := range templates {
		if t.ex.Response != nil {
			f.Add(t.ex.Response.Body, uint16(i), false)
			for j, m := range mutations(t.ex.Response.Body, 2, i) {
				if j%t.stride == 0 {
					f.Add(m, uint16(i), false)
				}
			}
		}
		if len(t.ex.Request.Body) > 0 {
			f.Add(t.ex.Request.Body, uint16(i), true)
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, which uint16, request bool) {
		tp := templates[int(which)%len(templates)]
		ex := *tp.ex
		if request {
			ex.Request.Body = body
			if ex.Request.Header.Get("Content-Type") == "" {
				h := ex.Request.Header.Clone()
				h.Set("Content-Type", "application/json")
				ex.Request.Header = h
			}
		} else {
			if ex.Response == nil {
				return
			}
			r := *ex.Response
			r.Body = body
			ex.Response = &r
		}
		for _, p := range tp.pairs {
			if d := p.disagreement(&ex); d != "" {
				t.Fatalf("%s\nbody: %q", d, body)
			}
		}
	})
}
