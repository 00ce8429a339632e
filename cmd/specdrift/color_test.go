package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestColorFlag: --color always colours the text report, and colour is
// all it adds; never and a report that is not text stay plain.
func TestColorFlag(t *testing.T) {
	plain := readGolden(t, "validate.txt")
	code, out, stderr := runCLI(t, "validate", "--color", "always")
	require.Equal(t, exitFindings, code, stderr)
	require.Contains(t, out, "\x1b[1m\x1b[31merror  \x1b[0m time-order", "errors in bold red")
	require.Contains(t, out, "\x1b[33mwarning\x1b[0m undocumented-query-parameter", "warnings in yellow")
	require.Contains(t, out, "\x1b[1mPOST /v3/{domain_id}/ccaas/authorisations\x1b[0m\n", "operations in bold")
	require.Contains(t, out, " — \x1b[1m\x1b[31mFAIL (5 at or above error)\x1b[0m\n", "the verdict")
	require.Equal(t, plain, ansi.ReplaceAllString(out, ""))

	for _, args := range [][]string{{"--color", "never"}, {"--color", "auto"}, {}} {
		_, out, _ := runCLI(t, append([]string{"validate"}, args...)...)
		require.Equal(t, plain, out, "%v: not a terminal", args)
	}
	_, out, _ = runCLI(t, "validate", "--color", "always", "--format", "markdown")
	require.Equal(t, readGolden(t, "validate.md"), out)

	file := filepath.Join(t.TempDir(), "report.txt")
	runCLI(t, "validate", "--color", "always", "--format", "json", "--format", "text="+file)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(data), "\x1b[", "always means always")

	pair := "../../contract/diff/testdata/pairs/07-success-status-changed"
	_, out, _ = runCLI(t, "diff", pair+"/old/cloudconnect.yaml", pair+"/new/cloudconnect.yaml", "--color", "always")
	require.Contains(t, out, "\x1b[1m\x1b[31merror  \x1b[0m response-success-status-removed")
	require.Contains(t, out, "\x1b[1m== cloudconnect\x1b[0m")
}
