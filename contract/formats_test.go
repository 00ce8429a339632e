package contract_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// formatsCorpus: bodies with the string formats specdrift checks itself,
// right and wrong, and their keys in the forms a body may write them
// (reordered, escaped, spaced, repeated).
func formatsCorpus(t testing.TB) corpus {
	data, err := os.ReadFile("testdata/formats.yaml")
	require.NoError(t, err)
	s, err := contract.LoadSpec("contract/testdata/formats.yaml", data)
	require.NoError(t, err)
	h := http.Header{"Content-Type": {"application/json"}}
	post := func(req, resp string) *contract.Exchange {
		return &contract.Exchange{Source: contract.Source{Name: "formats"},
			Request:  contract.Request{Method: "POST", URL: "/contacts", Header: h.Clone(), Body: []byte(req)},
			Response: &contract.Response{Status: 201, Header: h.Clone(), Body: []byte(resp)}}
	}
	good := `{"site": "https://example.com/a?b=c#d", "mail": "ann@example.com", "host": "xn--bcher-kva.example", "v4": "192.0.2.1",
 "v6": "2001:db8::1", "links": ["urn:isbn:0451450523", "mailto:ann@example.com"], "odd \"key\"": "example.org"}`
	bad := `{"site": "example.com/no-scheme", "mail": "ann@@example.com", "host": "-bad-.example", "v4": "192.0.2.01",
 "v6": "2001:db8::1%eth0", "links": ["https://ok.example", "ht tp://x"], "odd \"key\"": "a..b"}`
	return corpus{"formats", []*contract.Spec{s}, []*contract.Exchange{
		post(good, `[`+good+`, `+good+`]`),
		post(bad, `[`+good+`, `+bad+`]`),
		post(`{"mail": "ann@example.com", "site": "https://example.com"}`,
			`[{"site": "https://a.example", "mail": "a@example.com"}, {"mail": "b@example.com", "site": "https://b.example"},
 {"site" : "https://c.example", "mail":"c@example.com"}, {"\u0073ite": "https://d.example", "mail": "d@example.com"},
 {"site": "https://e.example", "site": "e", "mail": "e@example.com"}, {"sit": "x", "mail": "f@example.com"},
 {"site": "https://g.example", "mail": "a-very-long-local-part-indeed@example.com"}, {"site": "https://\u00e9.example", "mail": "h@example.com"}]`),
		post(`{"site": "https://example.com", "mail": "\"quoted\"@[IPv6:2001:db8::1]", "v6": null}`,
			`[{"site": 7, "mail": null}, {"site": "https://example.com", "mail": "x@[192.0.2.1]", "v4": "256.0.0.1"}]`),
	}}
}
