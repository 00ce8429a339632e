package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the module version, the VCS revision and the Go version of this binary",
		Long: `version prints what the Go toolchain recorded in this binary: the module
version ("(devel)" for a build that is not of a released module, such as go run
or go build with -buildvcs=false; a pseudo-version v0.0.0-TIME-REVISION for go
build in a git checkout; the tag for go install ...@VERSION), the VCS revision,
its time and whether the tree had uncommitted changes, and the Go version.
specdrift --version prints the same.

` + exitCodesNoFindingsHelp("the version was printed", "the version could not be written"),
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(c.OutOrStdout(), versionText(debug.ReadBuildInfo()))
			return err
		},
	}
}

// versionText describes a build from its build information (ok false: the
// binary carries none).
func versionText(bi *debug.BuildInfo, ok bool) string {
	version, goVersion := "(devel)", runtime.Version()
	settings := map[string]string{}
	if ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "specdrift %s\n", version)
	if rev := settings["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision: %s\n", rev)
		if t := settings["vcs.time"]; t != "" {
			fmt.Fprintf(&b, "time:     %s\n", t)
		}
		fmt.Fprintf(&b, "modified: %t\n", settings["vcs.modified"] == "true")
	} else {
		b.WriteString("revision: unknown (built without VCS information)\n")
	}
	fmt.Fprintf(&b, "go:       %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}
