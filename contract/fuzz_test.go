package contract_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/fixtures"
)

// FuzzReadFixture: any bytes either read as a fixture or fail with an
// InputError that names the file and a line within it; never a panic.
func FuzzReadFixture(f *testing.F) {
	for _, name := range []string{listAuth, createAuth, authorize, confirm} {
		data, err := fixtures.Files.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("request: [1, 2\n"))
	f.Add([]byte("operation: X\nrequest:\n  method: GET\n  url: /\n  headers: [a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ex, err := contract.ReadFixture("fuzz.yaml", data)
		if err != nil {
			var ie *contract.InputError
			if !errors.As(err, &ie) || ie.File != "fuzz.yaml" {
				t.Fatalf("error %v is not an InputError naming the file", err)
			}
			if lines := bytes.Count(data, []byte("\n")) + 1; ie.Line < 0 || ie.Line > lines {
				t.Fatalf("line %d outside the input's %d lines", ie.Line, lines)
			}
			return
		}
		if ex.Request.Method == "" || ex.Request.URL == "" {
			t.Fatalf("exchange without method or url: %+v", ex.Request)
		}
	})
}

// FuzzValidate: any response body and any request body, for two operations,
// validate without panicking, and every finding names a registered rule.
// The validator and the two fixtures are built once: each input only puts
// its bytes into copies of them, so that the fuzzer spends its time in
// Validate (reading the fixtures again took longer than validating them).
func FuzzValidate(f *testing.F) {
	v := contract.NewValidator(embeddedSpecs(f), contract.Options{StrictRequests: true})
	list, conf := fixture(f, listAuth), fixture(f, confirm)
	f.Add(list.Response.Body, conf.Request.Body, "?limit=5")
	f.Add(conf.Response.Body, list.Response.Body, "?marker=x&limit=0")
	f.Add([]byte(`{"authorisations":[{"id":1e999}],"page_info":null}`), []byte(`{"auth_detail_list":[{"auth_detail_id":9223372036854775808}]}`), "?%zz")
	f.Add([]byte("\xff\xfe"), []byte(`[[[[[[[[[[]]]]]]]]]]`), "?id=&id=")
	f.Fuzz(func(t *testing.T, respBody, reqBody []byte, query string) {
		a, b := *list, *conf
		a.Request.URL += query
		ra, rb := *list.Response, *conf.Response
		ra.Body, rb.Body = respBody, respBody
		a.Response, b.Response = &ra, &rb
		b.Request.Body = reqBody
		for _, ex := range []*contract.Exchange{&a, &b} {
			res, err := v.Validate(context.Background(), ex)
			if err != nil {
				continue // a URL that does not parse or route is an error, not a panic
			}
			for _, fd := range res.Findings {
				if _, ok := contract.LookupRule(fd.Rule); !ok {
					t.Fatalf("unregistered rule %q", fd.Rule)
				}
			}
		}
	})
}
