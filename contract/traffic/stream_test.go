package traffic

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// writeLog writes n exchanges of ListAuthorisations to w: every 7th
// response sends a boolean as a string (one finding), every 50th request
// goes to a path no spec has (one unknown-operation finding), and every
// 100th line is not JSON.
func writeLog(t testing.TB, w io.Writer, n int) (findings, unreadable int) {
	return writeLogEvery(t, w, n, 7)
}

// writeLogEvery is writeLog with a drifting response every driftEvery
// lines (0: none).
func writeLogEvery(t testing.TB, w io.Writer, n, driftEvery int) (findings, unreadable int) {
	ex := loadFixture(t, "cloudconnect/list-authorisations-200.yaml")
	good, err := marshalLine(NewLine(ex, time.Time{}))
	require.NoError(t, err)
	drift := []byte(strings.Replace(string(good), `\"is_loaded_by_cloud_connection\" : true`, `\"is_loaded_by_cloud_connection\" : \"true\"`, 1))
	require.NotEqual(t, good, drift)
	unknown := []byte(strings.Replace(string(good), "/ccaas/authorisations", "/ccaas/nowhere", 1))
	bw := bufio.NewWriter(w)
	for i := 1; i <= n; i++ {
		line := good
		switch {
		case i%100 == 0:
			line, unreadable = []byte("{not json\n"), unreadable+1
		case i%50 == 0:
			line, findings = unknown, findings+1
		case driftEvery > 0 && i%driftEvery == 0:
			line, findings = drift, findings+1
		}
		_, err := bw.Write(line)
		require.NoError(t, err)
	}
	require.NoError(t, bw.Flush())
	return findings, unreadable
}

func TestValidateLogMergesBatches(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	path := filepath.Join(t.TempDir(), "big.ndjson")
	f, err := os.Create(path)
	require.NoError(t, err)
	const n = 1234 // several batches
	wantFindings, wantUnreadable := writeLog(t, f, n)
	require.NoError(t, f.Close())

	f, err = os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var calls []int
	out := ValidateLog(context.Background(), v, NewNDJSONReader(f, "big.ndjson"), func(n int) { calls = append(calls, n) })

	require.Len(t, out.Findings, wantFindings)
	rules := map[contract.RuleID]int{}
	for _, fd := range out.Findings {
		rules[fd.Rule]++
	}
	require.Equal(t, map[contract.RuleID]int{contract.RuleResponseBodySchema: wantFindings - n/50 + n/100, contract.RuleUnknownOperation: n/50 - n/100}, rules)
	require.Len(t, out.Errors, wantUnreadable)
	require.Equal(t, "big.ndjson:100: not an exchange: invalid character 'n' looking for beginning of object key string", out.Errors[0].Error())
	require.Equal(t, n-wantUnreadable, out.Coverage.Exchanges)
	require.Equal(t, []int{256, 512, 768, 1024, 1222}, calls)
	for _, o := range out.Coverage.Operations {
		if o.ID != "ListAuthorisations" {
			require.Zero(t, o.Exchanges, o.ID)
			continue
		}
		routed := n - wantUnreadable - (n/50 - n/100)
		require.Equal(t, routed, o.Exchanges)
		require.Len(t, o.Sources, keepSources)
		require.Equal(t, "big.ndjson#line 1", o.Sources[0])
		if diff := cmp.Diff([]contract.StatusCoverage{{Status: "200", Exchanges: routed}}, o.Statuses); diff != "" {
			t.Error(diff)
		}
	}
	require.Equal(t, n-wantUnreadable-(n/50-n/100), out.Coverage.Bodies.Validated, "one response body for each routed exchange")
}

func TestValidateLogEmptyAndCancelled(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	out := ValidateLog(context.Background(), v, NewNDJSONReader(strings.NewReader(""), "empty.ndjson"), nil)
	require.Zero(t, out.Coverage.Exchanges)
	require.Len(t, out.Coverage.Operations, 5, "an empty log still lists the operations it did not cover")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var sb strings.Builder
	writeLog(t, &sb, 10)
	out = ValidateLog(ctx, v, NewNDJSONReader(strings.NewReader(sb.String()), "log.ndjson"), nil)
	require.Len(t, out.Errors, 1)
	require.Equal(t, "stopped after 0 exchanges: context canceled", out.Errors[0].Error())
}

// peakHeap samples the live heap every millisecond while fn runs.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak.Load()
}

// TestValidateLogMemoryDoesNotGrowWithTheLog validates a log and one ten
// times its size, with few findings to keep: the peak heap may not grow by
// more than a quarter of the difference in file size, which holding the
// exchanges would take many times over. The collector runs often during
// the measurement, so that the peak follows what is live.
func TestValidateLogMemoryDoesNotGrowWithTheLog(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	dir := t.TempDir()
	peaks := map[int]uint64{}
	sizes := map[int]int64{}
	for _, n := range []int{1500, 15000} {
		path := filepath.Join(dir, fmt.Sprintf("%d.ndjson", n))
		f, err := os.Create(path)
		require.NoError(t, err)
		writeLogEvery(t, f, n, 0)
		st, err := f.Stat()
		require.NoError(t, err)
		sizes[n] = st.Size()
		require.NoError(t, f.Close())
		f, err = os.Open(path)
		require.NoError(t, err)
		var out contract.Outcome
		peaks[n] = peakHeap(func() { out = ValidateLog(context.Background(), v, NewNDJSONReader(f, path), nil) })
		require.NoError(t, f.Close())
		require.Equal(t, n-n/100, out.Coverage.Exchanges)
	}
	growth := int64(peaks[15000]) - int64(peaks[1500])
	t.Logf("peak heap: %d KiB for 1,500 exchanges (%d KiB file), %d KiB for 15,000 (%d KiB file)",
		peaks[1500]>>10, sizes[1500]>>10, peaks[15000]>>10, sizes[15000]>>10)
	require.Less(t, growth, (sizes[15000]-sizes[1500])/4)
}
