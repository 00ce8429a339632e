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
	var got collected
	cov := ValidateLog(context.Background(), v, NewNDJSONReader(f, "big.ndjson"), &got, func(n int) { calls = append(calls, n) })

	require.Len(t, got.findings, wantFindings)
	rules := map[contract.RuleID]int{}
	for _, fd := range got.findings {
		rules[fd.Rule]++
	}
	require.Equal(t, map[contract.RuleID]int{contract.RuleResponseBodySchema: wantFindings - n/50 + n/100, contract.RuleUnknownOperation: n/50 - n/100}, rules)
	require.Len(t, got.errors, wantUnreadable)
	require.Equal(t, "big.ndjson:100: not an exchange: invalid character 'n' looking for beginning of object key string", got.errors[0].Error())
	require.Equal(t, n-wantUnreadable, cov.Exchanges)
	require.Equal(t, []int{256, 512, 768, 1024, 1222}, calls)
	for _, o := range cov.Operations {
		if o.ID != "ListAuthorisations" {
			require.Zero(t, o.Exchanges, o.ID)
			continue
		}
		routed := n - wantUnreadable - (n/50 - n/100)
		require.Equal(t, routed, o.Exchanges)
		require.Len(t, o.Sources, keepSources)
		require.Equal(t, "big.ndjson#line 1", o.Sources[0])
		drifting := rules[contract.RuleResponseBodySchema] // one finding on each drifting line
		if diff := cmp.Diff([]contract.StatusCoverage{{Status: "200", Exchanges: routed, Drifting: drifting}}, o.Statuses); diff != "" {
			t.Error(diff)
		}
	}
	require.Equal(t, n-wantUnreadable-(n/50-n/100), cov.Bodies.Validated, "one response body for each routed exchange")
}

func TestValidateLogEmptyAndCancelled(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	var got collected
	cov := ValidateLog(context.Background(), v, NewNDJSONReader(strings.NewReader(""), "empty.ndjson"), &got, nil)
	require.Zero(t, cov.Exchanges)
	require.Len(t, cov.Operations, 5, "an empty log still lists the operations it did not cover")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var sb strings.Builder
	writeLog(t, &sb, 10)
	got = collected{}
	ValidateLog(ctx, v, NewNDJSONReader(strings.NewReader(sb.String()), "log.ndjson"), &got, nil)
	require.Len(t, got.errors, 1)
	require.Equal(t, "stopped after 0 exchanges: context canceled", got.errors[0].Error())
}

// cancelAfter cancels its context when the n'th exchange has been read.
type cancelAfter struct {
	Reader
	n      int
	cancel context.CancelFunc
}

func (r *cancelAfter) Next() (*contract.Exchange, error) {
	if r.n--; r.n == 0 {
		r.cancel()
	}
	return r.Reader.Next()
}

// TestValidateLogCancelledMidLog: a run cancelled at the 600th of 1000
// lines stops there and says how far it got: two batches of 256 exchanges
// validated; the 82 exchanges read since (594 of 600 lines are exchanges)
// are not, and nothing after them is read.
func TestValidateLogCancelledMidLog(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	var sb strings.Builder
	writeLogEvery(t, &sb, 1000, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got collected
	cov := ValidateLog(ctx, v, &cancelAfter{Reader: NewNDJSONReader(strings.NewReader(sb.String()), "log.ndjson"), n: 600, cancel: cancel}, &got, nil)
	require.Len(t, got.errors, 7, "the 6 lines that are not JSON, then the stop")
	require.Equal(t, "stopped after 512 exchanges: context canceled", got.errors[6].Error())
	require.Equal(t, 512, cov.Exchanges)
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
		var cov contract.Coverage
		peaks[n] = peakHeap(func() { cov = ValidateLog(context.Background(), v, NewNDJSONReader(f, path), &collected{}, nil) })
		require.NoError(t, f.Close())
		require.Equal(t, n-n/100, cov.Exchanges)
	}
	growth := int64(peaks[15000]) - int64(peaks[1500])
	t.Logf("peak heap: %d KiB for 1,500 exchanges (%d KiB file), %d KiB for 15,000 (%d KiB file)",
		peaks[1500]>>10, sizes[1500]>>10, peaks[15000]>>10, sizes[15000]>>10)
	require.Less(t, growth, (sizes[15000]-sizes[1500])/4)
}

// TestValidateLogCountsEverySkippedBody: 700 exchanges whose response body
// is text (not validated) over three batches: the coverage lists 100 of the
// skipped bodies and counts all 700.
func TestValidateLogCountsEverySkippedBody(t *testing.T) {
	v := contract.NewValidator(loadSpecs(t), contract.Options{})
	ex := loadFixture(t, "cloudconnect/list-authorisations-200.yaml")
	ex.Response.Header.Set("Content-Type", "text/plain")
	line, err := marshalLine(NewLine(ex, time.Time{}))
	require.NoError(t, err)
	log := strings.Repeat(string(line), 700)
	var got collected
	cov := ValidateLog(context.Background(), v, NewNDJSONReader(strings.NewReader(log), "text.ndjson"), &got, nil)
	require.Empty(t, got.errors)
	require.Len(t, cov.Bodies.Skipped, keepSkipped)
	require.Equal(t, 700-keepSkipped, cov.Bodies.Unlisted)
}
