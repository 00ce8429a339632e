package traffic

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

func TestHARReaderBrowserExport(t *testing.T) {
	f, err := os.Open("testdata/browser.har")
	require.NoError(t, err)
	defer f.Close()
	exs, errs := readAll(NewHARReader(f, "testdata/browser.har"))
	require.Empty(t, errs)
	require.Len(t, exs, 3)

	type summary struct {
		Source   string
		Method   string
		URL      string
		Token    string
		CT       string
		Body     int
		Status   int
		RespBody string
	}
	sum := func(ex *contract.Exchange) summary {
		s := summary{Source: ex.Source.String(), Method: ex.Request.Method, URL: ex.Request.URL, Token: ex.Request.Header.Get("X-Auth-Token"),
			CT: ex.Request.Header.Get("Content-Type"), Body: len(ex.Request.Body)}
		if ex.Response != nil {
			s.Status = ex.Response.Status
			s.RespBody = string(ex.Response.Body[:min(len(ex.Response.Body), 18)])
		}
		return s
	}
	const dom = "0a5e4b2c8d9f41e6b7c3a1d2e4f60718"
	want := []summary{
		{"testdata/browser.har#entries/0", "GET", "https://cc.example.invalid/v3/" + dom + "/ccaas/authorisations?limit=10", "MIIExampleIAMToken", "", 0, 200, "{\n \"request_id\": \""},
		{"testdata/browser.har#entries/1", "POST", "https://cc.example.invalid/v3/" + dom + "/ccaas/authorisations", "MIIExampleIAMToken", "application/json;charset=UTF-8", 169, 201, `{"request_id": "6a`},
		{"testdata/browser.har#entries/2", "GET", "https://cc.example.invalid/v3/" + dom + "/ccaas/permissions", "MIIExampleIAMToken", "", 0, 0, ""},
	}
	var got []summary
	for _, ex := range exs {
		got = append(got, sum(ex))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	require.Empty(t, exs[0].Request.Header.Values(":authority"), "HTTP/2 pseudo-headers are not headers")
	require.Nil(t, exs[2].Response, "an entry that got no answer has no response")
}

func TestHARFindingsPointAtEntries(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	f, err := os.Open("testdata/browser.har")
	require.NoError(t, err)
	defer f.Close()
	var out collected
	cov := ValidateLog(context.Background(), v, NewHARReader(f, "testdata/browser.har"), &out, nil)
	require.Empty(t, out.errors)
	type key struct{ Rule, Source, Pointer string }
	var got []key
	for _, fd := range out.findings {
		got = append(got, key{string(fd.Rule), fd.Source, fd.Pointer})
	}
	// entries/0: limit without marker, and a boolean sent as a string.
	want := []key{
		{"parameters-together", "testdata/browser.har#entries/0", "marker"},
		{"response-body-schema", "testdata/browser.har#entries/0", "/authorisations/0/is_loaded_by_cloud_connection"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	require.Equal(t, 3, cov.Exchanges)
}

func TestHARReaderErrors(t *testing.T) {
	entry := `{"request":{"method":"GET","url":"/a","headers":[]},"response":{"status":200,"headers":[],"content":{"size":0}}}`
	tests := []struct {
		name  string
		input string
		exs   int
		errs  []string
	}{
		{"empty file", "", 0, []string{"x.har:1: not a HAR file: unexpected EOF"}},
		{"not an object", "[]", 0, []string{`x.har:1: not a HAR file: want "{", found [`}},
		{"no log", `{"other":{"entries":[]}}`, 0, []string{`x.har:1: not a HAR file: no "log" member`}},
		{"no entries", `{"log":{"version":"1.2","pages":[{"a":[1,{"b":2}]}]}}`, 0, []string{`x.har:1: not a HAR file: no "entries" member`}},
		{"entries not an array", `{"log":{"entries":{}}}`, 0, []string{`x.har:1: not a HAR file: want "[", found {`}},
		{"a bad entry does not stop the rest", `{"log":{"entries":[` + "\n" + `{"request":{"method":"GET"}},` + "\n" + entry + `,` + "\n" + `{"request":1}` + "\n]}}", 1,
			[]string{"x.har:2: entries/0: request needs a method and a url", "x.har:4: entries/2: field request: cannot be a JSON number"}},
		{"bad base64 content", `{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":200,"content":{"text":"%","encoding":"base64"}}}]}}`, 0,
			[]string{"x.har:1: entries/0: response content: illegal base64 data at input byte 0"}},
		{"unknown encoding", `{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":200,"content":{"text":"a","encoding":"gzip"}}}]}}`, 0,
			[]string{`x.har:1: entries/0: response content: unknown encoding "gzip"`}},
		{"bad status", `{"log":{"entries":[{"request":{"method":"GET","url":"/"},"response":{"status":42}}]}}`, 0,
			[]string{"x.har:1: entries/0: response status 42 is not an HTTP status"}},
		{"truncated file", `{"log":{"entries":[` + entry + ",\n" + entry[:30], 1, []string{"x.har:2: not a HAR file: unexpected EOF"}},
		{"syntax error", "{\"log\":{\"entries\":[\n\n{]}}", 0, []string{"x.har:3: not a HAR file: invalid character ']' looking for beginning of object key string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exs, errs := readAll(NewHARReader(strings.NewReader(tt.input), "x.har"))
			require.Len(t, exs, tt.exs)
			if diff := cmp.Diff(tt.errs, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestHARWriterRoundTrip(t *testing.T) {
	in := []*contract.Exchange{
		loadFixture(t, "cloudconnect/create-authorisation-201.yaml"),
		loadFixture(t, "dataarts/authorize-action-api-to-instance-204.yaml"),
		{Request: contract.Request{Method: "PUT", URL: "/bin?a=1&a=2", Header: map[string][]string{"Content-Type": {"application/octet-stream"}}, Body: []byte{0xff, 1}},
			Response: &contract.Response{Status: 500, Header: map[string][]string{}, Body: []byte{0xfe}}},
	}
	var buf bytes.Buffer
	w := NewHARWriter(&buf, "specdrift", "test")
	for _, ex := range in {
		require.NoError(t, w.Write(Record{Exchange: ex, Time: time.Unix(1700000000, 0)}))
	}
	require.NoError(t, w.Close())
	require.Error(t, w.Write(Record{Exchange: in[0]}), "no entry after Close")

	got, errs := readAll(NewHARReader(bytes.NewReader(buf.Bytes()), "out.har"))
	require.Empty(t, errs)
	require.Len(t, got, len(in))
	for i := range in {
		want := *in[i]
		want.Source, want.Operation, want.Example = got[i].Source, "", ""
		if diff := cmp.Diff(&want, got[i]); diff != "" {
			t.Errorf("exchange %d (-want +got):\n%s", i, diff)
		}
	}
	require.Equal(t, len(in)+2, strings.Count(buf.String(), "\n"), "one entry a line")
}
