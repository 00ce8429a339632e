package traffic

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// readAll drains a reader, collecting exchanges and the errors of entries.
func readAll(r Reader) (exs []*contract.Exchange, errs []string) {
	for i := 0; i < 10000; i++ {
		ex, err := r.Next()
		if errors.Is(err, io.EOF) {
			return exs, errs
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		exs = append(exs, ex)
	}
	panic("reader never ends")
}

func TestNDJSONRoundTrip(t *testing.T) {
	in := []*contract.Exchange{
		loadFixture(t, "cloudconnect/list-authorisations-200.yaml"),
		loadFixture(t, "servicetickets/confirm-authorizations-200.yaml"),
		{Request: contract.Request{Method: "POST", URL: "/upload", Header: http.Header{"Content-Type": {"application/octet-stream"}, "Accept": {"a", "b"}},
			Body: []byte{0xff, 0x00, 0xfe}}},
	}
	var buf bytes.Buffer
	w := NewNDJSONWriter(&buf)
	for _, ex := range in {
		require.NoError(t, w.Write(Record{Exchange: ex, Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}))
	}
	require.NoError(t, w.Close())
	require.Equal(t, len(in), strings.Count(buf.String(), "\n"), "one line per exchange")

	got, errs := readAll(NewNDJSONReader(&buf, "log.ndjson"))
	require.Empty(t, errs)
	require.Len(t, got, len(in))
	for i := range in {
		want := *in[i]
		want.Source = contract.Source{Name: "log.ndjson", Entry: fmt.Sprintf("line %d", i+1)}
		want.Example = ""
		if diff := cmp.Diff(&want, got[i]); diff != "" {
			t.Errorf("exchange %d (-want +got):\n%s", i, diff)
		}
	}
}

func TestNDJSONReaderErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		exs   int
		errs  []string
	}{
		{"blank lines are skipped", "\n\n" + `{"request":{"method":"get","url":"/a"}}` + "\n\n", 1, nil},
		{"not JSON", "{\n", 0, []string{"log.ndjson:1: not an exchange: unexpected end of JSON input"}},
		{"wrong type", `{"request":{"method":1,"url":"/a"}}`, 0, []string{"log.ndjson:1: not an exchange: field request.method: cannot be a JSON number"}},
		{"no url", `{"request":{"method":"GET"}}`, 0, []string{"log.ndjson:1: request needs a method and a url"}},
		{"bad status", `{"request":{"method":"GET","url":"/"},"response":{"status":1000}}`, 0, []string{"log.ndjson:1: response status 1000 is not an HTTP status"}},
		{"bad base64", `{"request":{"method":"GET","url":"/","body_base64":"%%"}}`, 0, []string{"log.ndjson:1: request body: illegal base64 data at input byte 0"}},
		{"both bodies", `{"request":{"method":"GET","url":"/","body":"a","body_base64":"YQ=="}}`, 0, []string{"log.ndjson:1: request body: give body or body_base64, not both"}},
		{"bad headers", `{"request":{"method":"GET","url":"/","headers":{"A":1}}}`, 0, []string{"log.ndjson:1: not an exchange: header A: value must be a string or an array of strings"}},
		{"the reader goes on after a bad line", "x\n" + `{"request":{"method":"GET","url":"/"}}` + "\n[]\n", 1,
			[]string{"log.ndjson:1: not an exchange: invalid character 'x' looking for beginning of value", "log.ndjson:3: not an exchange: want a JSON object, found a JSON array"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exs, errs := readAll(NewNDJSONReader(strings.NewReader(tt.input), "log.ndjson"))
			require.Len(t, exs, tt.exs)
			if diff := cmp.Diff(tt.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHeadersJSON(t *testing.T) {
	h := contract.Headers{"B": {"1", "2"}, "A": {"x"}}
	b, err := h.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, `{"A":"x","B":["1","2"]}`, string(b))
	var back contract.Headers
	require.NoError(t, back.UnmarshalJSON(b))
	if diff := cmp.Diff(h, back); diff != "" {
		t.Error(diff)
	}
}
