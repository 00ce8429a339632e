package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// pageDir is the repository's copy of the documentation pages, the files
// spec.Pages embeds.
const pageDir = "../../spec/pages"

// The five pages, by the numbers the specs call them.
const (
	page000 = pageDir + "/cloudconnect-create-authorisation.txt"
	page001 = pageDir + "/cloudconnect-list-authorisations.txt"
	page002 = pageDir + "/cloudconnect-list-permissions.txt"
	page003 = pageDir + "/dataarts-authorize-action-api-to-instance.txt"
	page004 = pageDir + "/servicetickets-confirm-authorizations.txt"
)

// seedPages are the five documentation pages as paths, in order.
func seedPages(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(pageDir + "/*.txt")
	require.NoError(t, err)
	pages := []string{page000, page001, page002, page003, page004}
	require.Equal(t, pages, files, "the five pages in spec/pages")
	return pages
}

var formatExt = map[string]string{"text": "txt", "json": "json", "junit": "junit.xml", "sarif": "sarif.json", "github": "github.txt", "markdown": "md", "html": "html"}

// The golden reports are of the default input, the embedded pages, which
// the reports name spec/pages/<file>.
func TestDocsCheckGolden(t *testing.T) {
	for format, ext := range formatExt {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, "docs", "check", "--format", format)
			require.Equal(t, exitOK, code, stderr)
			require.Empty(t, stderr)
			golden(t, "docs.check."+ext, out)
		})
	}
	_, out, _ := runCLI(t, "docs", "check", "--format", "json")
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
	for format, ext := range formatExt {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := runCLI(t, "docs", "lint", "--format", format)
			require.Equal(t, exitFindings, code, stderr)
			require.Empty(t, stderr)
			golden(t, "docs.lint."+ext, out)
			_, again, _ := runCLI(t, "docs", "lint", "--format", format)
			require.Equal(t, out, again, "report is not deterministic")
		})
	}
}

func TestDocsImportGolden(t *testing.T) {
	code, out, stderr := runCLI(t, "docs", "import")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stderr, `spec/pages/dataarts-authorize-action-api-to-instance.txt:73: row "apply_type": "Enumerated values:" lists no values`)
	golden(t, "docs.import.yaml", out)
	s, err := contract.LoadSpec("draft.yaml", []byte(out))
	require.NoError(t, err)
	require.Len(t, s.Operations, 5)

	file := filepath.Join(t.TempDir(), "draft.yaml")
	code, _, stderr = runCLI(t, "docs", "import", "-o", file, page002)
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	require.Contains(t, string(data), "operationId: ListPermissions")
}

// TestDocsDiffGolden compares page 002 with a later version of it, saved
// in a temporary folder the test runs in, so that the report names
// old.txt and new.txt.
func TestDocsDiffGolden(t *testing.T) {
	old, err := os.ReadFile(page002)
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

// TestDocsDefaultPages: with no PAGE, check, lint and import read the
// embedded pages, which are the repository's files byte for byte: the
// reports and the draft are those of the files, named spec/pages/<file>.
func TestDocsDefaultPages(t *testing.T) {
	for _, args := range [][]string{
		{"docs", "check", "--format", "json"},
		{"docs", "lint", "--format", "json"},
		{"docs", "import"},
	} {
		t.Run(args[1], func(t *testing.T) {
			code, def, stderr := runCLI(t, args...)
			fcode, files, fstderr := runCLI(t, append(args, seedPages(t)...)...)
			require.Equal(t, fcode, code, stderr)
			require.Contains(t, files+fstderr, "../../spec/pages/", "the files are named as given")
			fromFiles := strings.ReplaceAll(files, "../../spec/pages/", "spec/pages/")
			if d := cmp.Diff(fromFiles, def); d != "" {
				t.Errorf("the default input differs from the files (-files +default):\n%s", d)
			}
			require.Equal(t, strings.ReplaceAll(fstderr, "../../spec/pages/", "spec/pages/"), stderr)
		})
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
		{"check with no pages: the embedded ones", []string{"docs", "check"}, exitOK, "16 accepted", ""},
		{"lint with no pages: the embedded ones", []string{"docs", "lint"}, exitFindings, "spec/pages/cloudconnect-list-authorisations.txt:90", ""},
		{"a page that does not exist", []string{"docs", "check", filepath.Join(dir, "missing.txt")}, exitCannot, "", "missing.txt"},
		{"an unknown format", []string{"docs", "lint", "--format", "bogus", page000}, exitUsage, "", `--format "bogus"`},
		{"a page without a request line", []string{"docs", "check", noLine}, exitCannot, "INCOMPLETE", "no request line"},
		{"a spec without the page's operation", []string{"docs", "check", "--spec", onlyDataArts, page000}, exitFindings,
			"doc-operation-missing", ""},
		{"a baseline that accepts every finding", append([]string{"docs", "lint", "--baseline", baseline}, pages...), exitOK,
			"47 accepted by the baseline", ""},
		{"what the spec accepts is not the baseline's", append([]string{"docs", "check"}, pages...), exitOK,
			"0 errors, 0 warnings, 0 infos; 16 accepted by the spec (x-specdrift-deviation / completed-from) — pass", ""},
		{"a baseline and the spec", append(check, "--baseline", checkBaseline), exitOK,
			"0 errors, 0 warnings, 0 infos; 1 accepted by the baseline; 3 accepted by the spec (x-specdrift-deviation / completed-from) — pass", ""},
		{"warnings only", []string{"docs", "lint", page003}, exitOK, "0 errors, 4 warnings, 3 infos", ""},
		{"warnings fail when asked", []string{"docs", "lint", "--fail-on", "warning", page003}, exitFindings, "FAIL", ""},
		{"import of a page without a request line", []string{"docs", "import", noLine}, exitCannot, "", "no request line"},
		{"diff of two operations", []string{"docs", "diff", page000, page004}, exitUsage, "", "describe different services"},
		{"diff of a page with itself", []string{"docs", "diff", page002, page002}, exitOK, "0 change(s)", ""},
		{"diff of one page", []string{"docs", "diff", page002}, exitUsage, "", "accepts 2 arg(s)"},
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
