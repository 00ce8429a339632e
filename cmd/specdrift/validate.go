package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/report"
)

// reportFlags are the flags every command that reports findings shares.
type reportFlags struct {
	format   string
	failOn   string
	baseline string
}

func (f *reportFlags) register(c *cobra.Command) {
	c.Flags().StringVar(&f.format, "format", "text", "report format: "+strings.Join(report.Formats, "|"))
	c.Flags().StringVar(&f.failOn, "fail-on", "error", "lowest severity that fails the run: error|warning|info")
	c.Flags().StringVar(&f.baseline, "baseline", "", "file of accepted findings; only new findings count toward the exit code")
}

// check validates the flags' values before any work is done.
func (f *reportFlags) check() (contract.Severity, *contract.Baseline, error) {
	sev, err := contract.ParseSeverity(f.failOn)
	if err != nil {
		return 0, nil, usageError("--fail-on: %v", err)
	}
	known := false
	for _, ff := range report.Formats {
		known = known || ff == f.format
	}
	if !known {
		return 0, nil, usageError("--format %q: want one of %s", f.format, strings.Join(report.Formats, ", "))
	}
	if f.baseline == "" {
		return sev, nil, nil
	}
	data, err := os.ReadFile(f.baseline)
	if err != nil {
		return 0, nil, cannotRun(err)
	}
	b, err := contract.ParseBaseline(f.baseline, data)
	if err != nil {
		return 0, nil, cannotRun(err)
	}
	return sev, b, nil
}

// finish writes the report and turns it into the exit code.
func (f *reportFlags) finish(c *cobra.Command, r *report.Report) error {
	if err := report.Write(c.OutOrStdout(), r, f.format); err != nil {
		return cannotRun(err)
	}
	if len(r.Errors) > 0 {
		for _, e := range r.Errors {
			fmt.Fprintf(c.ErrOrStderr(), "specdrift: %s\n", e)
		}
		return &exitError{code: exitCannot}
	}
	if r.Summary().Failing > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

func newValidateCmd() *cobra.Command {
	var (
		rf            reportFlags
		specPath      string
		fixturesPath  string
		harPath       string
		ndjsonPath    string
		writeBaseline string
		strict        bool
		strictReq     bool
		engine        string
	)
	c := &cobra.Command{
		Use:   "validate",
		Short: "Validate recorded exchanges (fixtures) against the specs",
		Long: `validate checks every recorded exchange against the specs and reports each
drift: schema violations, undocumented statuses, query parameters and fields,
missing credentials and content types, times out of order, duplicate IDs.
With no flags it validates the embedded fixtures against the embedded specs.

` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			failOn, baseline, err := rf.check()
			if err != nil {
				return err
			}
			if err := checkEngine(engine); err != nil {
				return err
			}
			specs, err := loadSpecs(c, specPath)
			if err != nil {
				return cannotRun(err)
			}
			v := contract.NewValidator(specs, contract.Options{LenientResponses: !strict, StrictRequests: strictReq, Engine: engine})
			var out contract.Outcome
			var errs []error
			if harPath != "" || ndjsonPath != "" { // traffic logs instead of fixtures, as live traffic
				out, errs = validateTrafficLogs(c.Context(), v, harPath, ndjsonPath, c.ErrOrStderr())
			} else {
				var exs []*contract.Exchange
				exs, errs = loadFixtures(fixturesPath)
				out = v.ValidateAll(c.Context(), exs, false)
				errs = append(errs, out.Errors...)
			}
			r := &report.Report{Tool: "validate", FailOn: failOn, Coverage: &out.Coverage}
			out.Findings = append(specProblems(specs), out.Findings...)
			r.Findings, r.Accepted = baseline.Split(out.Findings)
			for _, e := range errs {
				r.Errors = append(r.Errors, e.Error())
			}
			if writeBaseline != "" {
				data, err := json.MarshalIndent(contract.NewBaseline(out.Findings), "", "  ")
				if err == nil {
					err = os.WriteFile(writeBaseline, append(data, '\n'), 0o644)
				}
				if err != nil {
					return cannotRun(err)
				}
				fmt.Fprintf(c.ErrOrStderr(), "specdrift: wrote %d accepted findings to %s\n", len(out.Findings), writeBaseline)
				r.Findings, r.Accepted = nil, out.Findings
			}
			return rf.finish(c, r)
		},
	}
	rf.register(c)
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	c.Flags().StringVar(&fixturesPath, "fixtures", "", "fixture file or folder (default: the embedded fixtures)")
	c.Flags().StringVar(&harPath, "har", "", "validate the exchanges of an HTTP Archive (HAR 1.2) instead of fixtures, streaming")
	c.Flags().StringVar(&ndjsonPath, "ndjson", "", "validate the exchanges of an NDJSON log (one a line, as proxy --record writes) instead of fixtures, streaming")
	c.Flags().StringVar(&writeBaseline, "write-baseline", "", "write every finding of this run to FILE as accepted, and exit 0")
	c.Flags().BoolVar(&strict, "strict", true, "report response fields the schema does not list (--strict=false to allow them)")
	c.Flags().BoolVar(&strictReq, "strict-requests", false, "report request fields the schema does not list")
	engineFlag(c, &engine)
	return c
}

// engineFlag registers --engine on a command that validates exchanges.
func engineFlag(c *cobra.Command, engine *string) {
	c.Flags().StringVar(engine, "engine", contract.EngineFast, "how JSON bodies are validated: fast (schemas compiled once, the bytes validated as they are read) or kin (each body decoded for kin-openapi); both report the same findings")
}

// checkEngine checks the value of --engine.
func checkEngine(engine string) error {
	if engine != contract.EngineFast && engine != contract.EngineKin {
		return usageError("--engine %q: want %s or %s", engine, contract.EngineFast, contract.EngineKin)
	}
	return nil
}
