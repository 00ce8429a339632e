package traffic

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// hostileLog writes one of the logs that used to take memory out of
// proportion to what it holds, of about size bytes: a HAR file padded with
// newlines (between entries and inside one), a HAR entry with one huge
// response body, and an NDJSON line with one. A small entry follows each.
func hostileLog(t testing.TB, path, kind string, size int) {
	f, err := os.Create(path)
	require.NoError(t, err)
	defer func() { require.NoError(t, f.Close()) }()
	const entry = `{"request":{"method":"GET","url":"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions","headers":[]},"response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"size":2,"text":"{}"}}}`
	pad := strings.Repeat("\n", 1<<20)
	switch kind {
	case "har-newlines":
		io.WriteString(f, `{"log":{"entries":[`)
		for i := 0; i < size>>21; i++ {
			io.WriteString(f, pad)
		}
		io.WriteString(f, strings.Replace(entry, `"headers":[]`, `"headers":`+strings.Repeat(pad, size>>21)+`[]`, 1)+",\n"+entry+"]}}\n")
	case "har-body":
		io.WriteString(f, `{"log":{"entries":[`+strings.Replace(entry, `"text":"{}"`, `"text":"`, 1))
		chunk := strings.Repeat("a", 1<<20)
		for i := 0; i < size>>20; i++ {
			io.WriteString(f, chunk)
		}
		io.WriteString(f, `"}}},`+"\n"+entry+"]}}\n")
	case "ndjson-line":
		io.WriteString(f, `{"request":{"method":"GET","url":"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"`)
		chunk := strings.Repeat("a", 1<<20)
		for i := 0; i < size>>20; i++ {
			io.WriteString(f, chunk)
		}
		io.WriteString(f, `"}}`+"\n"+`{"request":{"method":"GET","url":"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"{}"}}`+"\n")
	}
}

// readLog reads every entry of path with a body limit (0: the default),
// returning how many exchanges and errors it gave.
func readLog(t testing.TB, path string, maxBody int64) (exchanges, errs int) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var r Reader = NewNDJSONReader(f, path).WithMaxBody(maxBody)
	if strings.HasSuffix(path, ".har") {
		r = NewHARReader(f, path).WithMaxBody(maxBody)
	}
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return exchanges, errs
		}
		if err != nil {
			errs++
			continue
		}
		exchanges++
	}
}

// BenchmarkReadLogMemory reads the hostile logs of 16 and 128 MiB with
// the default body limit (16 MiB) and reports the peak live heap, that
// peak as a multiple of the file's size (peak-heap-x-file) and of the body
// limit (peak-heap-x-max-body): whitespace costs nothing, a body within
// the limit a few times its size, and one over it no more than one at the
// limit, so that the peak stops growing with the file.
func BenchmarkReadLogMemory(b *testing.B) {
	dir := b.TempDir()
	for _, kind := range []string{"har-newlines", "har-body", "ndjson-line"} {
		for _, mib := range []int{16, 128} {
			ext := ".har"
			if kind == "ndjson-line" {
				ext = ".ndjson"
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%d%s", kind, mib, ext))
			hostileLog(b, path, kind, mib<<20)
			st, err := os.Stat(path)
			require.NoError(b, err)
			b.Run(fmt.Sprintf("%s/%dMiB", kind, mib), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					readLog(b, path, 0)
				}
				b.StopTimer()
				gc := debug.SetGCPercent(10)
				peak := peakHeap(func() { readLog(b, path, 0) })
				debug.SetGCPercent(gc)
				b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(peak)/float64(st.Size()), "peak-heap-x-file")
				b.ReportMetric(float64(peak)/DefaultMaxBody, "peak-heap-x-max-body")
			})
			require.NoError(b, os.Remove(path))
		}
	}
}
