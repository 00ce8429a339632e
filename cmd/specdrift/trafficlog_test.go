package main

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
	"github.com/specdrift/specdrift/fixtures"
)

// writeLogs records the embedded fixtures as a HAR file and an NDJSON log,
// the NDJSON one with a line that is not an exchange.
func writeLogs(t *testing.T, dir string) (har, ndjson string) {
	exsRecorded, errs := traffic.LoadFixtures(fixtures.Files, ".", func(q string) string { return path.Join("fixtures", q) })
	exs := traffic.Exchanges(exsRecorded)
	require.Empty(t, errs)
	har, ndjson = filepath.Join(dir, "traffic.har"), filepath.Join(dir, "traffic.ndjson")
	for _, p := range []string{har, ndjson} {
		sink, err := traffic.OpenSink(p, "test", "1")
		require.NoError(t, err)
		for _, ex := range exs {
			require.NoError(t, sink.Write(traffic.Record{Exchange: ex}))
		}
		require.NoError(t, sink.Close())
	}
	f, err := os.OpenFile(ndjson, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"request":{"method":"GET","url":"/v9/nowhere"}}` + "\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	return har, ndjson
}

type jsonReport struct {
	Summary struct {
		Exchanges int
		Covered   int `json:"operations_covered"`
	}
	Findings []contract.Finding
	Errors   []string
}

func TestValidateTrafficLogs(t *testing.T) {
	dir := t.TempDir()
	har, ndjson := writeLogs(t, dir)
	_, fixtureOut, _ := runCLI(t, "validate", "--format", "json")
	var fromFixtures jsonReport
	require.NoError(t, json.Unmarshal([]byte(fixtureOut), &fromFixtures))

	tests := []struct {
		name      string
		args      []string
		exchanges int
		unknown   int // unknown-operation findings
	}{
		{"har", []string{"--har", har}, 5, 0},
		{"ndjson", []string{"--ndjson", ndjson}, 6, 1},
		{"both", []string{"--har", har, "--ndjson", ndjson}, 11, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"validate", "--format", "json"}, tt.args...)...)
			require.Equal(t, exitFindings, code, stderr)
			require.Empty(t, stderr, "no progress bar when stderr is not a terminal")
			var rep jsonReport
			require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
			require.Equal(t, tt.exchanges, rep.Summary.Exchanges)
			require.Equal(t, 5, rep.Summary.Covered)
			unknown := 0
			for _, f := range rep.Findings {
				if f.Rule == contract.RuleUnknownOperation {
					unknown++
					require.Equal(t, ndjson+"#line 6", f.Source)
				}
			}
			require.Equal(t, tt.unknown, unknown)
			logs := len(tt.args) / 2
			require.Equal(t, logs*len(fromFixtures.Findings), len(rep.Findings)-unknown, "the same drift as the fixtures, once per log")
		})
	}
}

func TestValidateTrafficLogErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.ndjson", "{\"request\":{\"method\":\"GET\",\"url\":\"/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions\"}}\nnot json\n")
	code, out, stderr := runCLI(t, "validate", "--ndjson", bad)
	require.Equal(t, exitCannot, code, out)
	require.Contains(t, stderr, bad+":2: not an exchange: invalid character 'o' in literal null (expecting 'u')")

	code, _, stderr = runCLI(t, "validate", "--har", filepath.Join(dir, "missing.har"))
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, "missing.har: file does not exist")

	notHAR := writeFile(t, dir, "x.har", `{"log":{"version":"1.2"}}`)
	code, _, stderr = runCLI(t, "validate", "--har", notHAR)
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, notHAR+`:1: not a HAR file: no "entries" member`)
}

// TestValidateLogMaxBody validates an NDJSON log whose first line has a
// body over --max-body and whose second drifts, and a HAR file alike: the
// first is a body-too-large warning, the second's drift is found, and the
// run exits 1 for the drift, not 3.
func TestValidateLogMaxBody(t *testing.T) {
	dir := t.TempDir()
	const url = "/v3/0a5e4b2c8d9f41e6b7c3a1d2e4f60718/ccaas/permissions"
	big := `{\"request_id\":\"bce57c774ed47dd828963e5ec3a0b06d\",\"permissions\":[],\"pad\":\"` + strings.Repeat("a", 3000) + `\"}`
	drift := `{\"request_id\":\"bce57c774ed47dd828963e5ec3a0b06d\",\"permissions\":\"none\"}`
	line := func(body string) string {
		return `{"request":{"method":"GET","url":"` + url + `","headers":{"X-Auth-Token":"t"}},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":"` + body + `"}}` + "\n"
	}
	entry := func(body string) string {
		return `{"request":{"method":"GET","url":"` + url + `","headers":[{"name":"X-Auth-Token","value":"t"}]},"response":{"status":200,"headers":[{"name":"Content-Type","value":"application/json"}],"content":{"size":1,"text":"` + body + `"}}}`
	}
	ndjson := writeFile(t, dir, "l.ndjson", line(big)+line(drift))
	har := writeFile(t, dir, "l.har", `{"log":{"entries":[`+entry(big)+",\n"+entry(drift)+"]}}\n")
	for _, src := range [][]string{{"--ndjson", ndjson}, {"--har", har}} {
		code, out, stderr := runCLI(t, append([]string{"validate", "--format", "json", "--max-body", "2048"}, src...)...)
		require.Equal(t, exitFindings, code, stderr)
		var rep jsonReport
		require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Severity.String()+" "+string(f.Rule)+" "+f.Pointer)
		}
		require.ElementsMatch(t, []string{"warning body-too-large ", "error response-body-schema /permissions"}, got, src)
		require.Equal(t, 2, rep.Summary.Exchanges)

		code, _, _ = runCLI(t, append([]string{"validate", "--format", "json"}, src...)...)
		require.Equal(t, exitFindings, code, "within the default limit the body is validated")
	}
	code, _, stderr := runCLI(t, "validate", "--ndjson", ndjson, "--max-body", "0")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "--max-body must be positive")
}
