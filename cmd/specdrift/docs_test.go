package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// seedPages are the five documentation pages, as the reports name them.
func seedPages(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../../../shared/seeds/00[0-4]_*.txt")
	require.NoError(t, err)
	require.Len(t, files, 5, "the five seed pages in ../shared/seeds beside the checkout")
	return files
}

var formatExt = map[string]string{"text": "txt", "json": "json", "junit": "junit.xml", "sarif": "sarif.json", "github": "github.txt", "markdown": "md", "html": "html"}

func TestDocsCheckGolden(t *testing.T) {
	pages := seedPages(t)
	for format, ext := range formatExt {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"docs", "check", "--format", format}, pages...)...)
			require.Equal(t, exitOK, code, stderr)
			require.Empty(t, stderr)
			golden(t, "docs.check."+ext, out)
		})
	}
	_, out, _ := runCLI(t, append([]string{"docs", "check", "--format", "json"}, pages...)...)
	var r struct {
		Findings []contract.Finding
		Accepted []contract.Finding
		Summary  report.Summary
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	require.Empty(t, r.Findings)
	require.Len(t, r.Accepted, 16, "each a disagreement the spec records as deliberate")
}

func TestDocsLintGolden(t *testing.T) {
	pages := seedPages(t)
	for format, ext := range formatExt {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"docs", "lint", "--format", format}, pages...)...)
			require.Equal(t, exitFindings, code, stderr)
			require.Empty(t, stderr)
			golden(t, "docs.lint."+ext, out)
			_, again, _ := runCLI(t, append([]string{"docs", "lint", "--format", format}, pages...)...)
			require.Equal(t, out, again, "report is not deterministic")
		})
	}
}

func TestDocsImportGolden(t *testing.T) {
	code, out, stderr := runCLI(t, append([]string{"docs", "import"}, seedPages(t)...)...)
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stderr, `003_5aff31ba69840c0b.txt:73: row "apply_type": "Enumerated values:" lists no values`)
	golden(t, "docs.import.yaml", out)
	s, err := contract.LoadSpec("draft.yaml", []byte(out))
	require.NoError(t, err)
	require.Len(t, s.Operations, 5)

	file := filepath.Join(t.TempDir(), "draft.yaml")
	code, _, stderr = runCLI(t, "docs", "import", "-o", file, seedPages(t)[2])
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(data), "operationId: ListPermissions")
}

// TestDocsDiffGolden compares page 002 with a later version of it, saved
// in a temporary folder the test runs in, so that the report names
// old.txt and new.txt.
func TestDocsDiffGolden(t *testing.T) {
	old, err := os.ReadFile(seedPages(t)[2])
	require.NoError(t, err)
	text := string(old)
	for _, e := range [][2]string{
		{"Maximum: 1000", "Maximum: 2000"},                                          // limit
		{"Array Length: 1 - 10", "Array Length: 1 - 50"},                            // instance_id
		{"region_id\n\nString\n\nRegion ID.", "region_id\n\nInteger\n\nRegion ID."}, // Permission
	} {
		require.Contains(t, text, e[0])
		text = strings.Replace(text, e[0], e[1], 1)
	}
	text = strings.Replace(text, "marker\n\nNo\n", "marker\n\nYes\n", 1)
	wd, err := os.Getwd()
	require.NoError(t, err)
	tmp := t.TempDir()
	writeFile(t, tmp, "old.txt", string(old))
	writeFile(t, tmp, "new.txt", text)
	for _, format := range []string{"text", "json", "html"} {
		t.Chdir(tmp)
		code, out, stderr := runCLI(t, "docs", "diff", "--format", format, "old.txt", "new.txt")
		t.Chdir(wd)
		require.Equal(t, exitFindings, code, stderr)
		golden(t, "docs.diff."+formatExt[format], out)
	}
}

func TestDocsExitCodes(t *testing.T) {
	pages := seedPages(t)
	dir := t.TempDir()
	noLine := writeFile(t, dir, "no-line.txt", "Help Center/ X/ Y\n\nA page\n\nFunction\n\nNothing to call.\n")
	dataarts, err := os.ReadFile("../../spec/dataarts.yaml")
	require.NoError(t, err)
	onlyDataArts := writeFile(t, dir, "spec/dataarts.yaml", string(dataarts))
	lint := append([]string{"docs", "lint", "--format", "json"}, pages...)
	_, out, _ := runCLI(t, lint...)
	var r struct{ Findings []contract.Finding }
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	data, err := json.Marshal(contract.NewBaseline(r.Findings))
	require.NoError(t, err)
	baseline := writeFile(t, dir, "baseline.json", string(data))
	// a baseline of what checking pages 000 and 003 against DataArts alone finds
	check := []string{"docs", "check", "--spec", onlyDataArts, pages[0], pages[3]}
	_, out, _ = runCLI(t, append(check, "--format", "json")...)
	var checked struct{ Findings []contract.Finding }
	require.NoError(t, json.Unmarshal([]byte(out), &checked))
	require.Len(t, checked.Findings, 1, out)
	data, err = json.Marshal(contract.NewBaseline(checked.Findings))
	require.NoError(t, err)
	checkBaseline := writeFile(t, dir, "check-baseline.json", string(data))

	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string // a part of it
		stderr string // a part of it
	}{
		{"no pages", []string{"docs", "check"}, exitUsage, "", "requires at least 1 arg"},
		{"a page that does not exist", []string{"docs", "check", filepath.Join(dir, "missing.txt")}, exitCannot, "", "missing.txt"},
		{"an unknown format", []string{"docs", "lint", "--format", "bogus", pages[0]}, exitUsage, "", `--format "bogus"`},
		{"a page without a request line", []string{"docs", "check", noLine}, exitCannot, "INCOMPLETE", "no request line"},
		{"a spec without the page's operation", []string{"docs", "check", "--spec", onlyDataArts, pages[0]}, exitFindings,
			"doc-operation-missing", ""},
		{"a baseline that accepts every finding", append([]string{"docs", "lint", "--baseline", baseline}, pages...), exitOK,
			"34 accepted by the baseline", ""},
		{"what the spec accepts is not the baseline's", append([]string{"docs", "check"}, pages...), exitOK,
			"0 errors, 0 warnings, 0 infos; 16 accepted by the spec (x-specdrift-deviation / completed-from) — pass", ""},
		{"a baseline and the spec", append(check, "--baseline", checkBaseline), exitOK,
			"0 errors, 0 warnings, 0 infos; 1 accepted by the baseline; 3 accepted by the spec (x-specdrift-deviation / completed-from) — pass", ""},
		{"warnings only", []string{"docs", "lint", pages[3]}, exitOK, "0 errors, 2 warnings", ""},
		{"warnings fail when asked", []string{"docs", "lint", "--fail-on", "warning", pages[3]}, exitFindings, "FAIL", ""},
		{"import of a page without a request line", []string{"docs", "import", noLine}, exitCannot, "", "no request line"},
		{"diff of two operations", []string{"docs", "diff", pages[0], pages[4]}, exitUsage, "", "describe different services"},
		{"diff of a page with itself", []string{"docs", "diff", pages[2], pages[2]}, exitOK, "0 change(s)", ""},
		{"diff of one page", []string{"docs", "diff", pages[2]}, exitUsage, "", "accepts 2 arg(s)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.args...)
			require.Equal(t, c.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			require.Contains(t, stdout, c.stdout)
			require.Contains(t, stderr, c.stderr)
		})
	}
}
