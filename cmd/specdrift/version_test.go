package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// TestVersionCommand: specdrift version and specdrift --version print, in
// process, what this binary's build information says.
func TestVersionCommand(t *testing.T) {
	want := versionText(debug.ReadBuildInfo())
	for _, args := range [][]string{{"version"}, {"--version"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, stderr := runCLI(t, args...)
			require.Equal(t, exitOK, code, stderr)
			require.Empty(t, stderr)
			if d := cmp.Diff(want, out); d != "" {
				t.Errorf("output (-want +got):\n%s", d)
			}
			require.True(t, strings.HasPrefix(out, "specdrift "), out)
			require.Contains(t, out, "\ngo:       "+runtime.Version()+" ")
		})
	}
	code, _, stderr := runCLI(t, "version", "extra")
	require.Equal(t, exitUsage, code)
	require.Contains(t, stderr, `unknown command "extra"`)
}

func TestVersionText(t *testing.T) {
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH + "\n"
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "-buildmode", Value: "exe"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "6519b160b09d3280c70920e0e55917474439e310"},
			{Key: "vcs.time", Value: "2026-12-02T06:21:44Z"},
			{Key: "vcs.modified", Value: modified},
		}
	}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Path: "github.com/specdrift/specdrift", Version: "v1.2.0"}, Settings: vcs("false")}, true,
			"specdrift v1.2.0\nrevision: 6519b160b09d3280c70920e0e55917474439e310\ntime:     2026-12-02T06:21:44Z\nmodified: false\ngo:       go1.26.8" + platform},
		{"go build in a checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Path: "github.com/specdrift/specdrift", Version: "v0.0.0-20261202062144-6519b160b09d+dirty"}, Settings: vcs("true")}, true,
			"specdrift v0.0.0-20261202062144-6519b160b09d+dirty\nrevision: 6519b160b09d3280c70920e0e55917474439e310\ntime:     2026-12-02T06:21:44Z\nmodified: true\ngo:       go1.26.8" + platform},
		{"go run, no VCS stamp", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main: debug.Module{Path: "github.com/specdrift/specdrift", Version: "(devel)"}}, true,
			"specdrift (devel)\nrevision: unknown (built without VCS information)\ngo:       go1.26.8" + platform},
		{"no module version", &debug.BuildInfo{GoVersion: "go1.26.8"}, true,
			"specdrift (devel)\nrevision: unknown (built without VCS information)\ngo:       go1.26.8" + platform},
		{"no build information", nil, false,
			"specdrift (devel)\nrevision: unknown (built without VCS information)\ngo:       " + runtime.Version() + platform},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if d := cmp.Diff(c.want, versionText(c.bi, c.ok)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
