package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

func newValidateCmd() *cobra.Command {
	var (
		rf           reportFlags
		specPath     string
		fixturesPath string
		harPath      string
		ndjsonPath   string
		strict       bool
		strictReq    bool
		engine       string
		maxBody      int64
	)
	c := &cobra.Command{
		Use:   "validate",
		Short: "Validate recorded exchanges (fixtures) against the specs",
		Long: `validate checks every recorded exchange against the specs and reports each
drift: schema violations, undocumented statuses, query parameters and fields,
missing credentials and content types, times out of order, duplicate IDs.
With no flags it validates the embedded fixtures against the embedded specs;
with --spec alone, the spec's own examples, paired per operation as the mock
serves them (each response example with the request example of its name),
as exchanges: the lint of a spec's examples.
--fixtures takes a file or folder of fixtures in any format specdrift writes
(YAML fixtures, NDJSON logs, HAR files), each file read whole; --har and
--ndjson stream a traffic log of any size as live traffic. Given together,
every source is validated, into one report. A body of a --har or --ndjson
log larger than --max-body is left out of its exchange, unvalidated, with
a body-too-large finding, and the reading goes on; memory holds one entry
(whatever the whitespace around it) and at most that much of a body.

` + exitCodesHelp,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			rr, err := rf.start(c, "validate")
			if err != nil {
				return err
			}
			defer rr.abort()
			if err := checkEngine(engine); err != nil {
				return err
			}
			if maxBody <= 0 {
				return usageError("--max-body must be positive")
			}
			specs, err := loadSpecs(c, specPath)
			if err != nil {
				return cannotRun(err)
			}
			rules := settingsOf(c)
			v := contract.NewValidator(specs, contract.Options{LenientResponses: !strict, StrictRequests: strictReq, Engine: engine,
				Severity: rules.severity, Disabled: rules.disabled})
			rr.coll.Add(specProblems(specs)...)
			var cov contract.Coverage
			logs := harPath != "" || ndjsonPath != ""
			if specPath != "" && fixturesPath == "" && !logs { // the lint of the spec's own examples
				out := v.ValidateExamples(c.Context())
				if out.Coverage.Exchanges == 0 {
					fmt.Fprintln(c.ErrOrStderr(), "specdrift: the specs have no examples of responses (with a status and a JSON body) to validate as exchanges: only the specs themselves were checked")
				}
				rr.coll.Add(out.Findings...)
				for _, e := range out.Errors {
					rr.coll.AddError(e)
				}
				return rr.finish(c, &out.Coverage)
			}
			if fixturesPath != "" || !logs { // curated: a fixture that routes nowhere is bad input
				rs, errs := loadFixtures(fixturesPath)
				out := v.ValidateAll(c.Context(), traffic.Exchanges(rs), false)
				rr.coll.Add(out.Findings...)
				for _, e := range append(errs, out.Errors...) {
					rr.coll.AddError(e)
				}
				cov = out.Coverage
			}
			if logs { // live traffic: an exchange that routes nowhere is a finding
				lcov := validateTrafficLogs(c.Context(), v, harPath, ndjsonPath, maxBody, rr.coll, c.ErrOrStderr())
				if fixturesPath == "" {
					cov = lcov
				} else {
					traffic.MergeCoverage(&cov, lcov)
				}
			}
			return rr.finish(c, &cov)
		},
	}
	rf.register(c)
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	c.Flags().StringVar(&fixturesPath, "fixtures", "", "fixture file or folder: YAML fixtures, NDJSON logs, HAR files (default: the embedded fixtures, unless --spec, --har or --ndjson is given)")
	c.Flags().StringVar(&harPath, "har", "", "validate the exchanges of an HTTP Archive (HAR 1.2) as live traffic, streaming (with --fixtures: both)")
	c.Flags().StringVar(&ndjsonPath, "ndjson", "", "validate the exchanges of an NDJSON log (one a line, as proxy --record writes) as live traffic, streaming (with --fixtures: both)")
	c.Flags().Int64Var(&maxBody, "max-body", traffic.DefaultMaxBody, "largest body, in bytes, of a --har or --ndjson log that is validated; a larger one is left out (body-too-large)")
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
