package contract_test

import (
	"testing"

	"github.com/specdrift/specdrift/contract"
)

// FuzzEngines: any bytes, as the request or the response body of any
// exchange of the embedded, the fast path's, the compositions' and the
// OpenAPI 3.1 test corpus, get the same outcome from both engines under
// every set of options; and no panic.
func FuzzEngines(f *testing.F) {
	type template struct {
		ex    *contract.Exchange
		pairs []enginePair
	}
	var templates []template
	for _, co := range []corpus{embeddedCorpus(f), fastpathCorpus(f), compositionsCorpus(f), openapi31Corpus(f)} {
		pairs := enginePairs(co.specs)
		for _, ex := range co.exs {
			templates = append(templates, template{ex, pairs})
		}
	}
	for i, t := range templates {
		if t.ex.Response != nil {
			f.Add(t.ex.Response.Body, uint16(i), false)
			for j, m := range mutations(t.ex.Response.Body, 2, i) {
				if j%7 == 0 {
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
