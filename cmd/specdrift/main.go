// Command specdrift validates recorded and live HTTP exchanges against
// OpenAPI 3 specs and reports every drift.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit codes, the same in every command.
const (
	exitOK       = 0 // nothing at or above the chosen severity
	exitFindings = 1 // findings at or above it
	exitUsage    = 2 // the command line was wrong
	exitCannot   = 3 // could not run: unreadable spec or fixture, unreachable upstream
)

// exitCodesHelp is the exit-code table in the help of the commands that
// report findings (they take --fail-on).
const exitCodesHelp = `Exit codes:
  0  nothing at or above the --fail-on severity
  1  findings at or above it
  2  the command line was wrong
  3  could not run: an unreadable spec or fixture, an unreachable upstream`

// exitCodesNoFindingsHelp is the exit-code table of a command that reports
// no findings (it has no --fail-on): done says what 0 means, cannot what
// keeps it from running.
func exitCodesNoFindingsHelp(done, cannot string) string {
	return "Exit codes:\n  0  " + done + "\n  2  the command line was wrong\n  3  could not run: " + cannot
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries an exit code out of a command; a nil err means the
// command already said what it had to.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func cannotRun(err error) error { return &exitError{code: exitCannot, err: err} }

// run is the whole CLI, testable in process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot()
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "specdrift: %v\n", ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown command, bad arguments
	fmt.Fprintf(stderr, "specdrift: %v (see specdrift --help)\n", err)
	return exitUsage
}

// newRoot is the command tree.
func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "specdrift",
		Short: "Contract testing for OpenAPI 3 specs: flag every drift between a spec and its exchanges",
		Long: `specdrift checks recorded and live HTTP exchanges against OpenAPI 3 specs and
reports every drift, with the place in the exchange and the place in the spec.
With no --spec it uses the embedded specs of five Huawei Cloud authorization
endpoints and their recorded fixtures.

` + exitCodesHelp + `
(mock, docs import and config report no findings: 0 there means they did their work.)`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v (see %s --help)", err, c.CommandPath())
	})
	registerSpecFlags(root)
	root.AddCommand(newValidateCmd())
	root.AddCommand(newDiffCmd())
	root.AddCommand(newMockCmd())
	root.AddCommand(newDocsCmd())
	root.AddCommand(newReplayCmd(), newProxyCmd(), newProbeCmd())
	root.AddCommand(newVersionCmd())
	root.Version = versionText(debug.ReadBuildInfo())
	root.Flags().Bool("version", false, "print the module version, VCS revision and Go version (as specdrift version does)")
	root.SetVersionTemplate("{{.Version}}")
	addConfig(root)
	return root
}
