package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestHelpMentionsOnlyItsFlags checks the help of every command, found
// through the help itself: its text speaks of --fail-on exactly when the
// command has that flag, and it lists the exit codes.
func TestHelpMentionsOnlyItsFlags(t *testing.T) {
	command := regexp.MustCompile(`(?m)^  ([a-z]+) {2,}`)
	var leaves []string
	var visit func(path string)
	visit = func(path string) {
		code, out, stderr := runCLI(t, append(strings.Fields(path), "--help")...)
		require.Equal(t, exitOK, code, stderr)
		_, list, parent := strings.Cut(out, "\nAvailable Commands:\n")
		if !parent {
			leaves = append(leaves, path)
			return
		}
		list, _, _ = strings.Cut(list, "\n\n")
		for _, m := range command.FindAllStringSubmatch(list, -1) {
			if m[1] != "help" && m[1] != "completion" {
				visit(strings.TrimSpace(path + " " + m[1]))
			}
		}
	}
	visit("")
	require.ElementsMatch(t, []string{"config", "diff", "docs check", "docs diff", "docs import", "docs lint", "mock", "probe", "proxy", "replay", "validate", "version"}, leaves)
	for _, path := range leaves {
		t.Run(path, func(t *testing.T) {
			_, out, _ := runCLI(t, append(strings.Fields(path), "--help")...)
			text, flags, _ := strings.Cut(out, "\nFlags:\n")
			text, _, _ = strings.Cut(text, "\nUsage:\n")
			require.Contains(t, text, "Exit codes:\n")
			require.Equal(t, strings.Contains(flags, "--fail-on "), strings.Contains(text, "--fail-on"),
				"the help text and the flags disagree on --fail-on:\n%s", out)
		})
	}
}
