package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

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

// maxSpecsNamed bounds the specs a start message names one by one.
const maxSpecsNamed = 10

// sayingSpecs is the line a command (proxy, replay) says on stderr as it
// starts: the specs it validates against, with their operations, so that
// no one validates against the embedded specs without knowing it.
func sayingSpecs(command, specPath string, specs []*contract.Spec) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "specdrift %s: validating against ", command)
	if specPath == "" {
		sb.WriteString("the embedded specs (--spec names others): ")
	} else {
		fmt.Fprintf(&sb, "%s: ", plural(len(specs), "spec"))
	}
	total := 0
	for i, s := range specs {
		total += len(s.Operations)
		if i < maxSpecsNamed {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "%s (%s)", s.Name, plural(len(s.Operations), "operation"))
		}
	}
	if len(specs) > maxSpecsNamed {
		fmt.Fprintf(&sb, " and %s more, %s in all", plural(len(specs)-maxSpecsNamed, "spec"), plural(total, "operation"))
	}
	return sb.String()
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// mostlyUnknown says, for a run that is over, that most of its exchanges
// matched no operation of the specs: the specs are likely not those of the
// API. "" when most did match.
func mostlyUnknown(command string, unknown, exchanges int) string {
	if exchanges == 0 || 2*unknown <= exchanges {
		return ""
	}
	return fmt.Sprintf("specdrift %s: warning: %d of %d exchanges match no operation of the specs: are they the specs of this API? (--spec)", command, unknown, exchanges)
}
