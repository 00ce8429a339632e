package traffic

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

const permissionsURL = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"

// harEntry is an entry of ListPermissions with a response body.
func harEntryText(body string) string {
	return `{"request":{"method":"GET","url":"` + permissionsURL + `","headers":[{"name":"X-Auth-Token","value":"t"}]},` +
		`"response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"size":1,"text":"` + body + `"}}}`
}

// ndjsonLine is a line of ListPermissions with a response body.
func ndjsonLine(body string) string {
	return `{"request":{"method":"GET","url":"` + permissionsURL + `","headers":{"X-Auth-Token":"t"}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"` + body + `"}}` + "\n"
}

const drifting = `{\"request_id\":\"bce57c774ed47dd828963e5ec3a0b06d\",\"permissions\":\"none\"}`

// TestReadersLeaveOutLargeBodies reads logs with a body over the limit, and
// other parts over it, with a 1 KiB limit: the body is left out of its
// exchange (Oversize), anything else over the limit makes its entry an
// error, and the reader goes on with the next entry either way.
func TestReadersLeaveOutLargeBodies(t *testing.T) {
	big := strings.Repeat("a", 4<<10)
	type got struct {
		Sources  []string
		Oversize []int64
		Errors   []string
	}
	tests := []struct {
		name string
		log  string
		want got
	}{
		{"ndjson: a response body over the limit", ndjsonLine(big) + ndjsonLine(drifting),
			got{[]string{"l.ndjson#line 1", "l.ndjson#line 2"}, []int64{1 << 10, 0}, nil}},
		{"ndjson: a body over the limit once decoded", ndjsonLine(strings.Repeat("a", 1100)) + ndjsonLine(drifting),
			got{[]string{"l.ndjson#line 1", "l.ndjson#line 2"}, []int64{1 << 10, 0}, nil}},
		{"ndjson: a body over the limit in base64", strings.Replace(ndjsonLine(big), `"body"`, `"body_base64"`, 1) + ndjsonLine(drifting),
			got{[]string{"l.ndjson#line 1", "l.ndjson#line 2"}, []int64{1 << 10, 0}, nil}},
		{"ndjson: a header over the limit", strings.Replace(ndjsonLine("{}"), `"X-Auth-Token":"t"`, `"X-Auth-Token":"`+big+`"`, 1) + ndjsonLine(drifting),
			got{[]string{"l.ndjson#line 2"}, []int64{0}, []string{"l.ndjson:1: request.headers.X-Auth-Token: a string of more than 1024 bytes; only a body may be larger than --max-body"}}},
		{"ndjson: a line over the limit without its bodies", strings.Replace(ndjsonLine("{}"), `"X-Auth-Token":"t"`, strings.Repeat(`"X":"1",`, 200)+`"X-Auth-Token":"t"`, 1) + ndjsonLine(drifting),
			got{[]string{"l.ndjson#line 2"}, []int64{0}, []string{"l.ndjson:1: line of more than 1024 bytes besides its bodies (--max-body)"}}},
		{"ndjson: a broken line, padded", "   " + strings.Repeat(" ", 8<<10) + `{"request":` + big + "\n\n\n" + ndjsonLine(drifting),
			got{[]string{"l.ndjson#line 4"}, []int64{0}, []string{"l.ndjson:1: not an exchange: invalid character 'a' looking for beginning of value"}}},
		{"har: a response body over the limit", `{"log":{"entries":[` + harEntryText(big) + ",\n" + harEntryText(drifting) + "]}}",
			got{[]string{"l.har#entries/0", "l.har#entries/1"}, []int64{1 << 10, 0}, nil}},
		{"har: a header over the limit", `{"log":{"entries":[` + strings.Replace(harEntryText("{}"), `"value":"t"`, `"value":"`+big+`"`, 1) + ",\n" + harEntryText(drifting) + "]}}",
			got{[]string{"l.har#entries/1"}, []int64{0}, []string{"l.har:1: entries/0: request.headers.0.value: a string of more than 1024 bytes; only a body may be larger than --max-body"}}},
		{"har: newlines everywhere", "\n\n{\n\"log\"\n:\n{\"entries\":[\n\n" + strings.Replace(harEntryText("{}"), ",", ",\n\n\n", -1) + ",\n\n" + harEntryText(drifting) + "\n\n]}}",
			got{[]string{"l.har#entries/0", "l.har#entries/1"}, []int64{0, 0}, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Reader
			if strings.HasPrefix(tt.name, "har") {
				r = NewHARReader(strings.NewReader(tt.log), "l.har").WithMaxBody(1 << 10)
			} else {
				r = NewNDJSONReader(strings.NewReader(tt.log), "l.ndjson").WithMaxBody(1 << 10)
			}
			exs, errs := readAll(r)
			g := got{Errors: errs}
			for _, ex := range exs {
				g.Sources = append(g.Sources, ex.Source.String())
				g.Oversize = append(g.Oversize, ex.Response.Oversize)
				if ex.Response.Oversize > 0 {
					require.Empty(t, ex.Response.Body)
				} else {
					require.NotEmpty(t, ex.Response.Body)
				}
			}
			if diff := cmp.Diff(tt.want, g); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateLogReportsLargeBodies validates a log whose first body is
// over the limit: it is a body-too-large warning, and the drift of the
// exchange after it is found.
func TestValidateLogReportsLargeBodies(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	log := ndjsonLine(strings.Repeat("a", 4<<10)) + ndjsonLine(drifting)
	var out collected
	cov := ValidateLog(context.Background(), v, NewNDJSONReader(strings.NewReader(log), "l.ndjson").WithMaxBody(1<<10), &out, nil)
	require.Empty(t, out.errors)
	var got []string
	for _, f := range out.findings {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", f.Severity, f.Rule, f.Source, f.In, f.Pointer))
	}
	require.Equal(t, []string{
		"warning body-too-large l.ndjson#line 1 response.body ",
		"error response-body-schema l.ndjson#line 2 response.body /permissions",
	}, got)
	require.Equal(t, 2, cov.Exchanges)
	require.Equal(t, []contract.BodySkip{{Source: "l.ndjson#line 1", Side: "response", Reason: "larger than the limit for validation (1024 bytes)"}}, cov.Bodies.Skipped)
}

// TestReadersMemoryIsBounded reads a HAR file of 24 MiB of newlines, and
// with a 1 MiB body limit a HAR entry and an NDJSON line with a 40 MiB
// body: the peak heap stays far below each file's size (a few times the
// limit), and the small entry after the large one is read.
func TestReadersMemoryIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MiB of logs")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	dir := t.TempDir()
	for _, tt := range []struct {
		kind  string
		size  int
		limit uint64 // peak heap, bytes
	}{
		{"har-newlines", 24 << 20, 4 << 20},
		{"har-body", 40 << 20, 8 << 20},
		{"ndjson-line", 40 << 20, 8 << 20},
	} {
		ext := ".har"
		if strings.HasPrefix(tt.kind, "ndjson") {
			ext = ".ndjson"
		}
		path := filepath.Join(dir, tt.kind+ext)
		hostileLog(t, path, tt.kind, tt.size)
		var exs, errs int
		peak := peakHeap(func() { exs, errs = readLog(t, path, 1<<20) })
		st, err := os.Stat(path)
		require.NoError(t, err)
		t.Logf("%s: %d MiB file, peak heap %.1f MiB", tt.kind, st.Size()>>20, float64(peak)/(1<<20))
		require.Equal(t, 2, exs, tt.kind)
		require.Zero(t, errs, tt.kind)
		require.Less(t, peak, tt.limit, tt.kind)
	}
}
