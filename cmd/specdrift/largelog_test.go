package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
)

// TestValidateLogWhereEveryExchangeDrifts: 300 copies of the
// ConfirmAuthorizations fixture, each with its 10 findings. The text and
// json reports list the first 10 of each place and say how many more;
// ndjson lists every one, each as it is found; all three count them
// exactly, and agree.
func TestValidateLogWhereEveryExchangeDrifts(t *testing.T) {
	const copies = 300
	dir := t.TempDir()
	log := filepath.Join(dir, "drift.ndjson")
	sink, err := traffic.OpenSink(log, "test", "1")
	require.NoError(t, err)
	data, err := fixtures.Files.ReadFile("servicetickets/confirm-authorizations-200.yaml")
	require.NoError(t, err)
	_, ex, err := contract.ReadFixture("fixtures/servicetickets/confirm-authorizations-200.yaml", data)
	require.NoError(t, err)
	for range copies {
		require.NoError(t, sink.Write(traffic.Record{Exchange: ex}))
	}
	require.NoError(t, sink.Close())

	code, text, stderr := runCLI(t, "validate", "--ndjson", log)
	require.Equal(t, exitFindings, code, stderr)
	lines := strings.Split(text, "\n")
	require.Contains(t, lines, "  and 290 more like this: error duplicate-id "+filepath.ToSlash(log)+" response.body /auth_detail_list/*/auth_detail_id")
	require.Equal(t, "validate: 300 exchanges, 1 of 5 operations covered; 1200 errors, 1800 warnings, 0 infos — FAIL (1200 at or above error)", lines[len(lines)-2])
	require.Equal(t, 4*report.KeepPerPlace, strings.Count(text, "\n  error "), "a sample is listed")

	code, out, stderr := runCLI(t, "validate", "--ndjson", log, "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	var js struct {
		Summary  report.Summary
		Findings []contract.Finding
		Omitted  []report.Omission
	}
	require.NoError(t, json.Unmarshal([]byte(out), &js))
	require.Len(t, js.Findings, 10*report.KeepPerPlace)
	listed := len(js.Findings)
	for _, o := range js.Omitted {
		listed += o.Count
	}
	require.Equal(t, 10*copies, listed, "listed and omitted add up to every finding")
	require.Equal(t, 1200, js.Summary.Errors)

	// --format ndjson to a file: every finding, then the summary line
	file := filepath.Join(dir, "findings.ndjson")
	code, out, stderr = runCLI(t, "validate", "--ndjson", log, "--format", "ndjson", "--output", file)
	require.Equal(t, exitFindings, code, stderr)
	require.Empty(t, out)
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	var findings int
	var last struct {
		Tool    string
		Summary *report.Summary
	}
	for sc.Scan() {
		require.NoError(t, json.Unmarshal(sc.Bytes(), &last), sc.Text())
		if last.Summary == nil {
			findings++
		}
	}
	require.NoError(t, sc.Err())
	require.Equal(t, 10*copies, findings)
	require.Equal(t, "validate", last.Tool)
	require.Equal(t, js.Summary, *last.Summary)
}
