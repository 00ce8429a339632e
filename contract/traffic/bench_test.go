package traffic

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// vmHWM is the process's peak resident set so far, from /proc.
func vmHWM(b *testing.B) float64 {
	data, err := os.ReadFile("/proc/self/status")
	require.NoError(b, err)
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			require.NoError(b, err)
			return float64(kb) / 1024
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// BenchmarkValidateLog streams NDJSON logs of 10,000 and 100,000
// ListAuthorisations exchanges (one in 50 to an unknown path, one in 100
// unreadable) through ValidateLog, and reports the peak live heap while it
// runs and the process's peak resident set. The floor, in the same run, is
// decoding the same lines with encoding/json and doing nothing else.
func BenchmarkValidateLog(b *testing.B) {
	v := contract.NewValidator(loadSpecs(b), contract.Options{})
	dir := b.TempDir()
	for _, n := range []int{10000, 100000} {
		path := filepath.Join(dir, fmt.Sprintf("%d.ndjson", n))
		f, err := os.Create(path)
		require.NoError(b, err)
		writeLogEvery(b, f, n, 0)
		st, err := f.Stat()
		require.NoError(b, err)
		require.NoError(b, f.Close())

		b.Run(fmt.Sprintf("exchanges=%d/decode", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				f, err := os.Open(path)
				require.NoError(b, err)
				sc := bufio.NewScanner(f)
				sc.Buffer(nil, MaxLine)
				lines := 0
				for sc.Scan() {
					var l Line
					if json.Unmarshal(sc.Bytes(), &l) == nil {
						lines++
					}
				}
				require.NoError(b, f.Close())
				require.Equal(b, n-n/100, lines)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
		})
		b.Run(fmt.Sprintf("exchanges=%d/validate", n), func(b *testing.B) {
			var peak uint64
			for i := 0; i < b.N; i++ {
				f, err := os.Open(path)
				require.NoError(b, err)
				var out contract.Outcome
				peak = max(peak, peakHeap(func() { out = ValidateLog(context.Background(), v, NewNDJSONReader(f, path), nil) }))
				require.NoError(b, f.Close())
				require.Equal(b, n-n/100, out.Coverage.Exchanges)
				require.Len(b, out.Findings, n/50-n/100)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
			b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(vmHWM(b), "peak-rss-MiB")
		})
	}
}
