package traffic

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// BenchmarkValidateLog streams NDJSON logs of 50,000 ListAuthorisations
// exchanges (one in 50 to an unknown path, one in 100 unreadable) through
// ValidateLog into a report.Collector and renders the json report, as
// validate --ndjson --format json does, with no drifting response, one in
// ten, and every one. It reports the peak live heap of each (measured in
// one more, untimed, run with the garbage collector running often), and for the
// drifting logs that peak as a multiple of the one with no drift measured
// in the same run: memory holds a batch and a bounded sample of findings,
// so the multiple stays near 1 whatever the drift rate. The floor for
// throughput, in the same run, is decoding the same lines with
// encoding/json and doing nothing else.
func BenchmarkValidateLog(b *testing.B) {
	const n = 50000
	v := contract.NewValidator(loadSpecs(b), contract.Options{})
	dir := b.TempDir()
	var floor float64 // peak heap with no drift, MiB
	for _, drift := range []struct {
		name  string
		every int
	}{{"0%", 0}, {"10%", 10}, {"100%", 1}} {
		path := filepath.Join(dir, fmt.Sprintf("drift-%d.ndjson", drift.every))
		f, err := os.Create(path)
		require.NoError(b, err)
		findings, _ := writeLogEvery(b, f, n, drift.every)
		st, err := f.Stat()
		require.NoError(b, err)
		require.NoError(b, f.Close())

		if drift.every == 0 {
			b.Run("decode", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					f, err := os.Open(path)
					require.NoError(b, err)
					sc := bufio.NewScanner(f)
					sc.Buffer(nil, 64<<20)
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
		}
		b.Run("drift="+drift.name+"/validate", func(b *testing.B) {
			validate := func() report.Summary {
				f, err := os.Open(path)
				require.NoError(b, err)
				defer f.Close()
				c := report.NewCollector("validate", contract.SeverityError, report.CollectorOptions{})
				cov := ValidateLog(context.Background(), v, NewNDJSONReader(f, path), c, nil)
				r := c.Report()
				r.Coverage = &cov
				require.NoError(b, report.Write(io.Discard, r, "json"))
				return r.Summary()
			}
			for i := 0; i < b.N; i++ {
				s := validate()
				require.Equal(b, n-n/100, s.Exchanges)
				require.Equal(b, findings, s.Errors, "every finding counted")
				require.Equal(b, n/100, s.Unreadable)
			}
			b.StopTimer()
			// once more, untimed, with the collector running often, so
			// that the peak follows what is live rather than when the
			// garbage was last collected
			gc := debug.SetGCPercent(10)
			peak := peakHeap(func() { validate() })
			debug.SetGCPercent(gc)
			mib := float64(peak) / (1 << 20)
			if drift.every == 0 {
				floor = mib
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "exchanges/s")
			b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
			b.ReportMetric(float64(findings), "findings")
			b.ReportMetric(mib, "peak-heap-MiB")
			if floor > 0 {
				b.ReportMetric(mib/floor, "peak-heap-x-no-drift")
			}
		})
	}
}
