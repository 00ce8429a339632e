package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
)

// remoteRefsFlag is the root's flag that lets specs' $refs reach remote URLs.
const remoteRefsFlag = "remote-refs"

func registerSpecFlags(root *cobra.Command) {
	root.PersistentFlags().Bool(remoteRefsFlag, false, "follow $refs of specs to http(s) URLs (off: such a $ref is an error, and nothing is fetched)")
}

// specLoader is the spec loader the command line asks for.
func specLoader(c *cobra.Command) contract.SpecLoader {
	remote, _ := c.Flags().GetBool(remoteRefsFlag)
	return contract.SpecLoader{RemoteRefs: remote}
}

// specProblems are the specs' own problems, as findings of the run's report.
func specProblems(specs []*contract.Spec) []contract.Finding {
	var out []contract.Finding
	for _, s := range specs {
		out = append(out, s.Problems...)
	}
	return out
}

// maxProblemsOnStderr bounds what a server says at start about its specs.
const maxProblemsOnStderr = 20

// warnSpecProblems says on stderr, at the start of a server (mock, proxy),
// what is wrong with its specs: the first problems and how many there are.
func warnSpecProblems(w io.Writer, specs []*contract.Spec) {
	ps := specProblems(specs)
	for i, p := range ps {
		if i == maxProblemsOnStderr {
			fmt.Fprintf(w, "specdrift: ... and %d more problems of the specs (specdrift validate --spec lists them all)\n", len(ps)-i)
			break
		}
		fmt.Fprintf(w, "specdrift: %s: %s %s: %s\n", p.Source, p.Severity, p.Rule, p.Message)
	}
}
