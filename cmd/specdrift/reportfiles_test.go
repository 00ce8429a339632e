package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readGolden(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(data)
}

// TestSeveralFormats: one run writes every format asked for, each file as
// the golden report of that format, and the one without a file on stdout.
func TestSeveralFormats(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"junit": "report.xml", "sarif": "out.sarif", "html": "report.html", "markdown": "report.md", "github": "gh.txt"}
	golden := map[string]string{"junit": "validate.junit.xml", "sarif": "validate.sarif.json", "html": "validate.html", "markdown": "validate.md", "github": "validate.github.txt"}
	args := []string{"validate", "--format", "text"}
	for format, name := range files {
		args = append(args, "--format", format+"="+filepath.Join(dir, name))
	}
	code, stdout, stderr := runCLI(t, args...)
	require.Equal(t, exitFindings, code, stderr)
	require.Empty(t, stderr)
	require.Equal(t, readGolden(t, "validate.txt"), stdout)
	for format, name := range files {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err, format)
		require.Equal(t, readGolden(t, golden[format]), string(data), format)
	}

	// every format to a file: nothing on stdout; --output takes the one without a file
	out := filepath.Join(dir, "out.json")
	code, stdout, stderr = runCLI(t, "validate", "--format", "junit="+filepath.Join(dir, "only.xml"), "--format", "json", "--output", out)
	require.Equal(t, exitFindings, code, stderr)
	require.Empty(t, stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, readGolden(t, "validate.json"), string(data))
}

// TestNDJSONWithOtherFormats: the findings stream to the ndjson file as
// they are found, and the other formats still list them.
func TestNDJSONWithOtherFormats(t *testing.T) {
	dir := t.TempDir()
	nd := filepath.Join(dir, "findings.ndjson")
	code, stdout, stderr := runCLI(t, "validate", "--format", "ndjson="+nd, "--format", "json")
	require.Equal(t, exitFindings, code, stderr)
	require.Equal(t, readGolden(t, "validate.json"), stdout)
	f, err := os.Open(nd)
	require.NoError(t, err)
	defer f.Close()
	var rules []string
	var last map[string]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m))
		if r, ok := m["rule"].(string); ok {
			rules = append(rules, r)
		}
		last = m
	}
	require.Len(t, rules, 11, "each finding once")
	require.Equal(t, 5.0, last["summary"].(map[string]any)["errors"])
}

// TestReportFilesWholeOrNotAtAll: a run that cannot finish leaves every
// report file as it was, and a file that cannot be started stops the run
// before any other appears.
func TestReportFilesWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	xml := writeFile(t, dir, "report.xml", "old report\n")
	sarif := filepath.Join(dir, "out.sarif")
	code, _, stderr := runCLI(t, "validate", "--spec", filepath.Join(dir, "missing.yaml"), "--format", "junit="+xml, "--format", "sarif="+sarif)
	require.Equal(t, exitCannot, code, stderr)
	data, err := os.ReadFile(xml)
	require.NoError(t, err)
	require.Equal(t, "old report\n", string(data))
	require.NoFileExists(t, sarif)

	code, _, stderr = runCLI(t, "validate", "--format", "sarif="+sarif, "--format", "junit="+filepath.Join(dir, "no", "such", "folder.xml"))
	require.Equal(t, exitCannot, code, stderr)
	require.Contains(t, stderr, "--format junit:")
	require.NoFileExists(t, sarif)
	code, _, stderr = runCLI(t, "validate", "--format", "sarif="+sarif, "--format", "text", "--output", filepath.Join(dir, "no", "such", "folder.txt"))
	require.Equal(t, exitCannot, code, stderr)
	require.Contains(t, stderr, "--output:")
	require.NoFileExists(t, sarif)
	leftovers, err := filepath.Glob(filepath.Join(dir, ".*"))
	require.NoError(t, err)
	require.Empty(t, leftovers, "no temporary file is left behind")
}

func TestReportFormatUsage(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "r.txt")
	cases := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"two formats on stdout", []string{"--format", "text", "--format", "json"}, "--format text and --format json both go to stdout"},
		{"no file after =", []string{"--format", "junit="}, "--format junit=: name the file"},
		{"a file twice", []string{"--format", "junit=" + same, "--format", "sarif=" + same}, "--format junit and sarif both write"},
		{"--output and a named file", []string{"--format", "text", "--output", same, "--format", "json=" + same}, "both write"},
		{"--output with no format for it", []string{"--format", "json=" + same, "--output", filepath.Join(dir, "x")}, "every --format names its own file"},
		{"an unknown format with a file", []string{"--format", "pdf=" + same}, `--format "pdf"`},
		{"ndjson twice", []string{"--format", "ndjson", "--format", "ndjson=" + same}, "--format ndjson given twice"},
		{"an unknown colour", []string{"--color", "sometimes"}, `--color "sometimes"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, append([]string{"validate"}, tc.args...)...)
			require.Equal(t, exitUsage, code, stdout+stderr)
			require.Contains(t, stderr, tc.stderr)
			require.NoFileExists(t, same)
		})
	}
}

// TestDiffSeveralFormats: diff and docs diff write several formats too.
func TestDiffSeveralFormats(t *testing.T) {
	pair := "../../contract/diff/testdata/pairs/07-success-status-changed"
	dir := t.TempDir()
	page := filepath.Join(dir, "diff.html")
	code, stdout, stderr := runCLI(t, "diff", pair+"/old/cloudconnect.yaml", pair+"/new/cloudconnect.yaml", "--format", "text", "--format", "html="+page)
	require.Equal(t, exitFindings, code, stderr)
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Contains(t, string(data), `<p class="summary" id="summary">`+lines[len(lines)-1]+`</p>`)

	code, _, stderr = runCLI(t, "diff", pair+"/old/cloudconnect.yaml", pair+"/new/cloudconnect.yaml", "--changelog", "--format", "text", "--format", "html="+page)
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "--changelog writes text, markdown, json, not html")
}

// TestReplayHTML: replay's page has the coverage of the live responses, and
// what the report redacts stays redacted in it.
func TestReplayHTML(t *testing.T) {
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/permissions") {
			w.Write([]byte(`{"request_id":"bce57c774ed47dd828963e5ec3a0b06d","permissions":[],"page_info":{"current_count":0}}`))
			return
		}
		w.Write([]byte(`{"request_id":"r","authorisations":[{"id":"a","is_loaded_by_cloud_connection":"yes"}]}`))
	}))
	defer live.Close()
	page := filepath.Join(t.TempDir(), "replay.html")
	code, _, stderr := runCLI(t, "replay", "--base-url", live.URL, "--token", "MIIsecret-flag-token", "--format", "json", "--format", "html="+page)
	require.Equal(t, exitFindings, code, stderr)
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	html := string(data)
	for _, cell := range []string{
		`<tr data-operation="GET /v3/{domain_id}/ccaas/authorisations">`, `<td data-status="200" data-state="drifting">`,
		`<tr data-operation="GET /v3/{domain_id}/ccaas/permissions">`, `<td data-status="200" data-state="covered">`,
		`<td data-status="201" data-state="not-covered">`, // the write was not replayed
	} {
		require.Contains(t, html, cell)
	}
	require.Contains(t, html, `data-rule="replay-skipped"`)
	require.NotContains(t, html, "MIIsecret-flag-token")
}
