package proxy

import (
	"net/http"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/traffic"
)

// TestProxyCountsFailedWrites writes the log and the recording to a full
// disk (/dev/full): the client is served, and the summary counts both lost
// writes, with the first error, so that the caller can exit non-zero.
func TestProxyCountsFailedWrites(t *testing.T) {
	full := func() *os.File {
		f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		require.NoError(t, err, "this test writes to Linux's /dev/full")
		t.Cleanup(func() { f.Close() })
		return f
	}
	u := startUpstream(t)
	p, base := startProxy(t, u, Options{Log: full(), Recorder: &traffic.Recorder{Sink: traffic.NewNDJSONWriter(full())}})
	resp, body := get(t, http.DefaultClient, base+listPath, "seed=a&drift=1")
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, page(1, "aseed", true), body)
	p.Wait()
	s := p.Summary()
	require.Equal(t, 1, s.Exchanges)
	require.Equal(t, 2, s.WriteFailures, "the findings and the recording were lost")
	require.ErrorIs(t, s.WriteError, syscall.ENOSPC)
}
