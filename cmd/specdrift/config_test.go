package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/require"

	"github.com/specdrift/specdrift/contract"
)

// configEnv names every environment variable of the settings, so that a
// test can clear them all: the environment of go test is not the test's.
func clearConfigEnv(t *testing.T) {
	t.Helper()
	t.Setenv("SPECDRIFT_CONFIG", "")
	t.Setenv("NO_COLOR", "")
	for _, k := range configKeys() {
		t.Setenv(k.env, "")
	}
}

// configDir makes a folder that is the root of a repository (so that the
// search for specdrift.yaml stops there) with a config file, and runs the
// test in it.
func configDir(t *testing.T, config string) string {
	t.Helper()
	clearConfigEnv(t)
	dir := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(dir, ".git"), 0o755))
	if config != "" {
		writeFile(t, dir, configName, config)
	}
	t.Chdir(dir)
	return dir
}

// settingsFor resolves and applies the settings of command (with flags
// given on its command line) as the root command does before it runs it.
func settingsFor(t *testing.T, command string, env map[string]string, flags ...string) (*settings, *pflag.FlagSet) {
	t.Helper()
	root := newRoot()
	c, rest, err := root.Find(strings.Fields(command))
	require.NoError(t, err)
	require.Empty(t, rest)
	require.NoError(t, c.ParseFlags(flags))
	c.SetContext(context.Background())
	cf, err := loadConfig(root, "")
	require.NoError(t, err)
	s, err := resolve(c, cf, func(k string) string { return env[k] })
	require.NoError(t, err)
	require.NoError(t, s.apply(c))
	return s, c.Flags()
}

func (s *settings) of(key string) setting {
	for _, st := range s.values {
		if st.key.name == key {
			return st
		}
	}
	return setting{}
}

// TestConfigPrecedence checks every key through its four layers: the
// file's top level, the command's section over it, the environment over
// that, and the flag over everything.
func TestConfigPrecedence(t *testing.T) {
	cases := []struct {
		key, command     string
		top, section     string // YAML values
		env              string
		flag             []string
		want             [4]string // the effective value after each layer
		topLine, secLine string
	}{
		{key: "spec", command: "validate", top: "a.yaml", section: "b.yaml", env: "c.yaml", flag: []string{"--spec", "d.yaml"},
			want: [4]string{"a.yaml", "b.yaml", "c.yaml", "d.yaml"}},
		{key: "fixtures", command: "replay", top: "fa", section: "fb", env: "fc", flag: []string{"--fixtures", "fd"},
			want: [4]string{"fa", "fb", "fc", "fd"}},
		{key: "pages", command: "docs lint", top: "[p1.txt, p2.txt]", section: "p3.txt", env: "p4.txt" + string(os.PathListSeparator) + "p5.txt",
			want: [4]string{"p1.txt, p2.txt", "p3.txt", "p4.txt, p5.txt"}},
		{key: "fail-on", command: "docs check", top: "info", section: "warning", env: "error", flag: []string{"--fail-on", "info"},
			want: [4]string{"info", "warning", "error", "info"}},
		{key: "baseline", command: "diff", top: "b1.json", section: "b2.json", env: "b3.json", flag: []string{"--baseline", "b4.json"},
			want: [4]string{"b1.json", "b2.json", "b3.json", "b4.json"}},
		{key: "format", command: "validate", top: "[text, junit=r.xml]", section: "json", env: "markdown,sarif=s.json", flag: []string{"--format", "html", "--format", "text=t.txt"},
			want: [4]string{"text, junit=r.xml", "json", "markdown, sarif=s.json", "html, text=t.txt"}},
		{key: "color", command: "docs diff", top: "always", section: "never", env: "always", flag: []string{"--color", "never"},
			want: [4]string{"always", "never", "always", "never"}},
		{key: "strict", command: "validate", top: "false", section: "true", env: "false", flag: []string{"--strict=true"},
			want: [4]string{"false", "true", "false", "true"}},
		{key: "strict-requests", command: "diff", top: "true", section: "false", env: "true", flag: []string{"--strict-requests=false"},
			want: [4]string{"true", "false", "true", "false"}},
		{key: "engine", command: "replay", top: "kin", section: "fast", env: "kin", flag: []string{"--engine", "fast"},
			want: [4]string{"kin", "fast", "kin", "fast"}},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			key, ok := lookupKey(tc.key)
			require.True(t, ok)
			top := tc.key + ": " + tc.top + "\n"
			section := top + "commands:\n  " + tc.command + ":\n    " + tc.key + ": " + tc.section + "\n"
			env := map[string]string{key.env: tc.env}
			steps := []struct {
				config string
				env    map[string]string
				flags  []string
				origin string
			}{
				{top, nil, nil, "specdrift.yaml:1"},
				{section, nil, nil, "specdrift.yaml:4 (commands." + tc.command + ")"},
				{section, env, nil, key.env},
				{section, env, tc.flag, "flag --" + key.flag},
			}
			for i, st := range steps {
				if tc.want[i] == "" {
					continue // pages have no flag: their arguments win (TestConfigPages)
				}
				configDir(t, st.config)
				s, flags := settingsFor(t, tc.command, st.env, st.flags...)
				got := s.of(tc.key)
				require.Equal(t, st.origin, got.origin, "step %d", i)
				require.Equal(t, tc.want[i], strings.Join(got.vals, ", "), "step %d", i)
				if key.flag != "" {
					require.Equal(t, tc.want[i], strings.Join(flagValues(flags.Lookup(key.flag)), ", "), "step %d: the flag's value", i)
				} else {
					require.Equal(t, tc.want[i], strings.Join(s.pages, ", "), "step %d", i)
				}
			}
		})
	}
}

// TestConfigRulesPrecedence: each rule's setting comes from the highest
// layer that names it; the others keep theirs.
func TestConfigRulesPrecedence(t *testing.T) {
	configDir(t, `rules:
  time-order: warning
  duplicate-id: info
commands:
  validate:
    rules:
      time-order: info
      response-success-status-removed: warning
`)
	s, _ := settingsFor(t, "validate", map[string]string{"SPECDRIFT_RULES": "duplicate-id=off, undocumented-status=error"})
	require.Equal(t, map[contract.RuleID]contract.Severity{
		contract.RuleTimeOrder: contract.SeverityInfo, "response-success-status-removed": contract.SeverityWarning, contract.RuleUndocumentedStatus: contract.SeverityError,
	}, s.severity)
	require.Equal(t, map[contract.RuleID]bool{contract.RuleDuplicateID: true}, s.disabled)
	require.Equal(t, map[contract.RuleID]string{
		contract.RuleTimeOrder: "specdrift.yaml:7 (commands.validate)", contract.RuleDuplicateID: "SPECDRIFT_RULES",
		"response-success-status-removed": "specdrift.yaml:8 (commands.validate)", contract.RuleUndocumentedStatus: "SPECDRIFT_RULES",
	}, s.ruleOrigin)

	s, _ = settingsFor(t, "docs lint", nil)
	require.Equal(t, map[contract.RuleID]contract.Severity{contract.RuleTimeOrder: contract.SeverityWarning, contract.RuleDuplicateID: contract.SeverityInfo}, s.severity, "the top level alone")
}

// TestConfigDiffFixtures: diff's fixtures are those recorded under the old
// version, so only its own section sets them.
func TestConfigDiffFixtures(t *testing.T) {
	configDir(t, "fixtures: top\n")
	s, _ := settingsFor(t, "diff", map[string]string{"SPECDRIFT_FIXTURES": "env"})
	require.Equal(t, "default", s.of("fixtures").origin)
	s, _ = settingsFor(t, "validate", map[string]string{"SPECDRIFT_FIXTURES": "env"})
	require.Equal(t, "env", strings.Join(s.of("fixtures").vals, ""))

	configDir(t, "fixtures: top\ncommands:\n  diff:\n    fixtures: old-fixtures\n")
	s, _ = settingsFor(t, "diff", nil)
	require.Equal(t, "old-fixtures", strings.Join(s.of("fixtures").vals, ""))
}

// TestConfigPaths: the paths of a config file are relative to its folder,
// and reports name them from the working directory.
func TestConfigPaths(t *testing.T) {
	dir := configDir(t, "spec: specs/a.yaml\nformat: [text, junit=out/r.xml]\npages: [docs/*.txt]\n")
	writeFile(t, dir, "docs/b.txt", "x")
	writeFile(t, dir, "docs/a.txt", "x")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	t.Chdir(filepath.Join(dir, "sub"))
	s, _ := settingsFor(t, "validate", nil)
	require.Equal(t, filepath.Join("..", configName), s.file, "found in the parent")
	require.Equal(t, []string{filepath.Join("..", "specs", "a.yaml")}, s.of("spec").vals)
	require.Equal(t, []string{"text", "junit=" + filepath.Join("..", "out", "r.xml")}, s.of("format").vals)

	s, _ = settingsFor(t, "docs check", nil)
	c, _, err := newRoot().Find([]string{"docs", "check"})
	require.NoError(t, err)
	c.SetContext(context.Background())
	require.NoError(t, s.apply(c))
	pages, err := pagesOr(c, nil)
	require.NoError(t, err)
	require.Equal(t, []string{filepath.Join("..", "docs", "a.txt"), filepath.Join("..", "docs", "b.txt")}, pages, "the glob, sorted")
	pages, err = pagesOr(c, []string{"given.txt"})
	require.NoError(t, err)
	require.Equal(t, []string{"given.txt"}, pages, "the arguments win")
}

// TestFindConfig: the search goes from the working directory up to the
// repository's root, and no further.
func TestFindConfig(t *testing.T) {
	outer := t.TempDir()
	writeFile(t, outer, configName, "fail-on: info\n")
	repo := filepath.Join(outer, "repo")
	deep := filepath.Join(repo, "a", "b")
	require.NoError(t, os.MkdirAll(deep, 0o755))
	writeFile(t, repo, ".git", "gitdir: elsewhere\n") // a worktree's .git is a file

	got, err := findConfig(deep)
	require.NoError(t, err)
	require.Empty(t, got, "the file above the repository is not the repository's")
	writeFile(t, repo, "a/"+configName, "fail-on: warning\n")
	got, err = findConfig(deep)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(repo, "a", configName), got)
	got, err = findConfig(filepath.Join(outer))
	require.NoError(t, err)
	require.Equal(t, filepath.Join(outer, configName), got)
}
