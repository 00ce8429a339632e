package main

import (
	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
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
			rr, err := rf.start(c, "validate")
			if err != nil {
				return err
			}
			defer rr.abort()
			if err := checkEngine(engine); err != nil {
				return err
			}
			specs, err := loadSpecs(specPath)
			if err != nil {
				return cannotRun(err)
			}
			v := contract.NewValidator(specs, contract.Options{LenientResponses: !strict, StrictRequests: strictReq, Engine: engine})
			var cov contract.Coverage
			if harPath != "" || ndjsonPath != "" { // traffic logs instead of fixtures, as live traffic
				cov = validateTrafficLogs(c.Context(), v, harPath, ndjsonPath, rr.coll, c.ErrOrStderr())
			} else {
				exs, errs := loadFixtures(fixturesPath)
				out := v.ValidateAll(c.Context(), exs, false)
				rr.coll.Add(out.Findings...)
				for _, e := range append(errs, out.Errors...) {
					rr.coll.AddError(e)
				}
				cov = out.Coverage
			}
			return rr.finish(c, &cov)
		},
	}
	rf.register(c)
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	c.Flags().StringVar(&fixturesPath, "fixtures", "", "fixture file or folder (default: the embedded fixtures)")
	c.Flags().StringVar(&harPath, "har", "", "validate the exchanges of an HTTP Archive (HAR 1.2) instead of fixtures, streaming")
	c.Flags().StringVar(&ndjsonPath, "ndjson", "", "validate the exchanges of an NDJSON log (one a line, as proxy --record writes) instead of fixtures, streaming")
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
