//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
)

// TestInterruptedRunWritesNoBaseline feeds validate --ndjson a log through
// a named pipe and cancels the run's context (what Ctrl-C does) half way:
// the run exits 3, says how many exchanges it validated, writes no
// baseline, and its --output file is its whole report, which says
// INCOMPLETE.
func TestInterruptedRunWritesNoBaseline(t *testing.T) {
	rs, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	require.Empty(t, errs)
	exs := traffic.Exchanges(rs)
	var lines [][]byte
	for _, ex := range exs {
		b, err := json.Marshal(traffic.NewLine(ex, time.Time{}))
		require.NoError(t, err)
		lines = append(lines, append(b, '\n'))
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "big.ndjson")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	bl := filepath.Join(dir, "bl.json")
	existing := writeFile(t, dir, "report.txt", "the report of an earlier run\n")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"validate", "--ndjson", fifo, "--write-baseline", bl, "--output", existing}, strings.NewReader(""), &stdout, &stderr)
	}()
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0) // waits for validate to open it
	require.NoError(t, err)
	const total = 4000
	for i := range total {
		if i == total/2 {
			// the pipe holds at most 64 KiB: the first half is read
			cancel()
		}
		if _, err := w.Write(lines[i%len(lines)]); err != nil {
			require.ErrorIs(t, err, syscall.EPIPE, "validate stopped reading")
			break
		}
	}
	require.NoError(t, w.Close())
	code := <-done

	require.Equal(t, exitCannot, code, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	m := regexp.MustCompile(`specdrift: stopped after (\d+) exchanges: context canceled\n`).FindStringSubmatch(stderr.String())
	require.NotNil(t, m, stderr.String())
	n, err := strconv.Atoi(m[1])
	require.NoError(t, err)
	t.Logf("stopped after %d of %d", n, total)
	require.Greater(t, n, 0)
	require.Less(t, n, total)
	require.Contains(t, stderr.String(), "specdrift: no baseline written to "+bl+": the run could not check every input\n")
	_, err = os.Stat(bl)
	require.ErrorIs(t, err, fs.ErrNotExist, "no baseline")
	data, err := os.ReadFile(existing)
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(string(data), "— INCOMPLETE\n"), "the report file is replaced whole, by the report that says so:\n%s", data)
	require.Empty(t, stdout.String())
}
