package contract_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// TestInvalidUTF8IsInvalidJSON: JSON must be UTF-8 (RFC 8259 section
// 8.1). A body with bytes that are not is invalid-json-body on both
// engines, wherever the bytes are; the same body in valid UTF-8 is not.
func TestInvalidUTF8IsInvalidJSON(t *testing.T) {
	specs := embeddedSpecs(t)
	const list = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/authorisations"
	page := func(s string) string {
		return `{"request_id":"r","authorisations":[{"id":"a","name":"` + s + `","domain_id":"d"}],"page_info":{"current_count":1}}`
	}
	tests := []struct {
		name      string
		request   bool
		body, bad string // bad replaces @ in body; the same body with "ok" for @ is valid UTF-8
	}{
		{"a field's value", false, page("@"), "\xff"},
		{"a truncated sequence", false, page("x@"), "\xe5\x90"},
		{"an overlong encoding", false, page("@"), "\xc0\xaf"},
		{"a surrogate half", false, page("@"), "\xed\xa0\x80"},
		{"a key", false, `{"request_id":"r","authorisations":[],"@":1}`, "k\xfe"},
		{"a field no schema lists", false, `{"request_id":"r","authorisations":[],"x":{"y":["@"]}}`, "\x80"},
		{"a request body", true, `{"authorisation":{"region_id":"@","instance_id":"i","instance_type":"vpc","cloud_connection_domain_id":"c","cloud_connection_id":"c","project_id":"p"}}`, "\xf8"},
	}
	for _, p := range enginePairs(specs) {
		for _, tt := range tests {
			t.Run(p.name+"/"+tt.name, func(t *testing.T) {
				exchange := func(body string) *contract.Exchange {
					ex := &contract.Exchange{Source: contract.Source{Name: "utf8"},
						Request: contract.Request{Method: "GET", URL: list, Header: http.Header{"X-Auth-Token": {"t"}}}}
					if tt.request {
						ex.Request.Method = "POST"
						ex.Request.Header.Set("Content-Type", "application/json")
						ex.Request.Body = []byte(body)
						return ex
					}
					ex.Response = &contract.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
					return ex
				}
				for _, v := range []*contract.Validator{p.kin, p.fast} {
					good := validate(v, exchange(strings.Replace(tt.body, "@", "ok", 1)))
					require.Empty(t, good.Err)
					for _, f := range good.Findings {
						require.NotEqual(t, contract.RuleInvalidJSONBody, f.Rule, "valid UTF-8: %+v", f)
					}
					bad := validate(v, exchange(strings.Replace(tt.body, "@", tt.bad, 1)))
					require.Empty(t, bad.Err)
					var invalid []contract.Finding
					for _, f := range bad.Findings {
						if f.Rule == contract.RuleInvalidJSONBody {
							invalid = append(invalid, f)
						}
					}
					require.Len(t, invalid, 1, "%+v", bad.Findings)
					at := strings.Index(tt.body, "@") + strings.IndexRune(tt.bad, utf8.RuneError)
					require.Equal(t, fmt.Sprintf("invalid UTF-8 at offset %d (JSON must be UTF-8)", at), invalid[0].Actual)
				}
				require.Empty(t, p.disagreement(exchange(strings.Replace(tt.body, "@", tt.bad, 1))))
			})
		}
	}
}
