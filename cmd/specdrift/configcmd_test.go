package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// warningFixture is a clean exchange with an undocumented query
// parameter: one warning, and nothing else.
var warningFixture = strings.Replace(cleanFixture, "/ccaas/permissions\n", "/ccaas/permissions?extra=1\n", 1)

// TestConfigRuns: the settings of the file reach a real run, the
// environment wins over them and a flag over both.
func TestConfigRuns(t *testing.T) {
	dir := configDir(t, "fixtures: fixtures/\nfail-on: warning\n")
	writeFile(t, dir, "fixtures/a.yaml", warningFixture)
	cases := []struct {
		name    string
		env     map[string]string
		args    []string
		code    int
		summary string
	}{
		{"the file's fail-on", nil, nil, exitFindings, "0 errors, 1 warnings, 0 infos — FAIL (1 at or above warning)"},
		{"the environment over the file", map[string]string{"SPECDRIFT_FAIL_ON": "error"}, nil, exitOK, "0 errors, 1 warnings, 0 infos — pass"},
		{"a flag over the environment", map[string]string{"SPECDRIFT_FAIL_ON": "error"}, []string{"--fail-on", "warning"}, exitFindings, "FAIL (1 at or above warning)"},
		{"a rule off", map[string]string{"SPECDRIFT_RULES": "undocumented-query-parameter=off"}, nil, exitOK, "0 errors, 0 warnings, 0 infos — pass"},
		{"a rule raised", map[string]string{"SPECDRIFT_RULES": "undocumented-query-parameter=error", "SPECDRIFT_FAIL_ON": "error"}, nil, exitFindings, "1 errors, 0 warnings"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCLI(t, append([]string{"validate"}, tc.args...)...)
			require.Equal(t, tc.code, code, stdout+stderr)
			require.Contains(t, stdout, tc.summary)
		})
	}
}

// TestConfigRulesReachEveryFinding: a disabled rule leaves the coverage
// matrix too: the exchange is covered, not drifting.
func TestConfigRulesReachEveryFinding(t *testing.T) {
	dir := configDir(t, "fixtures: fixtures/\nrules:\n  undocumented-query-parameter: off\n")
	writeFile(t, dir, "fixtures/a.yaml", warningFixture)
	code, stdout, stderr := runCLI(t, "validate", "--format", "html")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, `<td data-status="200" data-state="covered">`)
	require.NotContains(t, stdout, `data-state="drifting"`)
}

// TestConfigPagesRun: docs check with no PAGE reads the pages of the file.
func TestConfigPagesRun(t *testing.T) {
	dir := configDir(t, "commands:\n  docs check:\n    pages: [pages/*.txt]\n")
	writeFile(t, dir, "pages/a.txt", "Help Center/ X/ Y\n\nA page\n\nFunction\n\nNothing to call.\n")
	code, stdout, stderr := runCLI(t, "docs", "check")
	require.Equal(t, exitCannot, code)
	require.Contains(t, stderr, filepath.Join("pages", "a.txt")+": no request line", stdout)

	configDir(t, "")
	code, stdout, stderr = runCLI(t, "docs", "check")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "16 accepted by the spec", "no pages in the config: the embedded pages")
}

// TestConfigFileErrors: a config file is input: what is wrong in it is
// named with its line, and the run exits 3; an environment variable is
// part of the command line, and a bad one exits 2.
func TestConfigFileErrors(t *testing.T) {
	cases := []struct {
		name, config string
		env          map[string]string
		args         []string
		code         int
		stderr       string
	}{
		{"an unknown key", "fail-on: warning\nspce: spec/\n", nil, nil, exitCannot,
			`specdrift.yaml:2: unknown key "spce" (the keys are baseline, color, commands, engine, fail-on, fixtures, format, pages, rules, spec, strict, strict-requests)`},
		{"a bad severity", "fail-on: fatal\n", nil, nil, exitCannot, `specdrift.yaml:1: fail-on: unknown severity "fatal"`},
		{"a bad bool", "strict: yes please\n", nil, nil, exitCannot, `specdrift.yaml:1: strict: "yes please": want true or false`},
		{"a list where one value goes", "spec: [a, b]\n", nil, nil, exitCannot, "specdrift.yaml:1: spec: want a file or folder"},
		{"a bad format", "format: [text, pdf]\n", nil, nil, exitCannot, `specdrift.yaml:1: format: --format "pdf"`},
		{"an unknown rule", "rules:\n  tiem-order: off\n", nil, nil, exitCannot, `specdrift.yaml:2: rules: unknown rule "tiem-order"`},
		{"a bad rule level", "rules:\n  time-order: loud\n", nil, nil, exitCannot, `specdrift.yaml:2: rules: time-order: "loud": want error, warning, info or off`},
		{"an unknown command", "commands:\n  valdate:\n    fail-on: info\n", nil, nil, exitCannot, `specdrift.yaml:2: commands: unknown command "valdate"`},
		{"a key the command does not take", "commands:\n  mock:\n    fail-on: info\n", nil, nil, exitCannot, "specdrift.yaml:3: commands.mock: mock takes no fail-on"},
		{"a key twice", "spec: a\nspec: b\n", nil, nil, exitCannot, "specdrift.yaml:2: spec given twice (first at line 1)"},
		{"malformed YAML", "spec: [a\n", nil, nil, exitCannot, "specdrift.yaml:"},
		{"not a mapping", "- spec\n", nil, nil, exitCannot, "specdrift.yaml:1: want a mapping of settings"},
		{"two documents", "spec: a\n---\nspec: b\n", nil, nil, exitCannot, "specdrift.yaml:3: a second YAML document"},
		{"a missing --config", "", nil, []string{"--config", "nope.yaml"}, exitCannot, "nope.yaml: file does not exist"},
		{"a missing SPECDRIFT_CONFIG", "", map[string]string{"SPECDRIFT_CONFIG": "gone.yaml"}, nil, exitCannot, "gone.yaml: file does not exist"},
		{"a bad environment variable", "", map[string]string{"SPECDRIFT_ENGINE": "turbo"}, nil, exitUsage, `SPECDRIFT_ENGINE: "turbo": want fast or kin`},
		{"a bad rule in the environment", "", map[string]string{"SPECDRIFT_RULES": "time-order"}, nil, exitUsage, `SPECDRIFT_RULES: time-order: "": want error, warning, info or off`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			configDir(t, tc.config)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCLI(t, append([]string{"validate"}, tc.args...)...)
			require.Equal(t, tc.code, code, stdout+stderr)
			require.Contains(t, stderr, tc.stderr)
			require.Empty(t, stdout, "nothing runs")
		})
	}
}

// TestConfigCommand: specdrift config prints each setting with where it
// came from.
func TestConfigCommand(t *testing.T) {
	configDir(t, "fail-on: warning\nrules:\n  time-order: off\ncommands:\n  validate:\n    engine: kin\n")
	t.Setenv("SPECDRIFT_BASELINE", "accepted.json")
	code, out, stderr := runCLI(t, "config", "validate")
	require.Equal(t, exitOK, code, stderr)
	want := []string{
		"config file: specdrift.yaml",
		"validate",
		"  fail-on          warning        specdrift.yaml:1",
		"  baseline         accepted.json  SPECDRIFT_BASELINE",
		"  format           text           default",
		"  engine           kin            specdrift.yaml:6 (commands.validate)",
		"  rules.time-order off            specdrift.yaml:3",
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	for _, w := range want {
		require.Contains(t, lines, strings.Join(strings.Fields(w), " "), out)
	}

	code, out, _ = runCLI(t, "config")
	require.Equal(t, exitOK, code)
	for _, c := range []string{"\nvalidate\n", "\nreplay\n", "\ndiff\n", "\ndocs check\n", "\ndocs lint\n", "\ndocs diff\n", "\nproxy\n", "\nmock\n"} {
		require.Contains(t, out, c)
	}
	require.NotContains(t, out, "\ndocs import\n", "it takes none of the settings")
	require.Contains(t, out, "proxy\n  spec", out)
	require.Regexp(t, `proxy\n(.*\n)*  fail-on +error +default\n`, out, "the top level's fail-on does not reach the proxy: there it decides what --enforce blocks")
	code, _, stderr = runCLI(t, "config", "frobnicate")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, "config frobnicate: no such command")
}

// TestConfigRulesInDiff: the rules reach the changes diff reports.
func TestConfigRulesInDiff(t *testing.T) {
	wd, err := filepath.Abs("../../contract/diff/testdata/pairs/07-success-status-changed")
	require.NoError(t, err)
	configDir(t, "rules:\n  response-success-status-removed: off\n  undocumented-status: warning\n")
	code, stdout, stderr := runCLI(t, "diff", filepath.Join(wd, "old", "cloudconnect.yaml"), filepath.Join(wd, "new", "cloudconnect.yaml"))
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "1 change(s) (0 breaking)")
	require.Contains(t, stdout, "0 errors, 1 warnings, 2 infos — pass")
}
