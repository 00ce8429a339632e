package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
	"github.com/specdrift/specdrift/contract/probe"
	"github.com/specdrift/specdrift/contract/traffic"
)

const probeHelp = `probe generates requests from the specs, sends them to the endpoint at
--base-url and checks every response, reporting like validate. Positive
requests satisfy every parameter and body schema (the examples, then the
boundaries: each enum value, the shortest and longest strings, the smallest
and largest numbers, the fewest and most items; required-only and
all-optional; then random ones); negative requests break one constraint each
(a required parameter or field missing, a wrong type, a length or range
exceeded, a value outside an enum, a closed object's undocumented field,
no credentials). The validator that validate uses decides which is which:
a generated request it does not classify as intended is not sent.

Each response is validated as validate does, and held to what its request
expects: no server error (server-error), a negative request refused with a
documented client error (invalid-request-accepted when it gets a 2xx), a
positive one not refused (valid-request-rejected for a 4xx other than 404),
within --latency if given (slow-response). Each fault is reported once,
shrunk to the smallest request that still shows it; --record writes those
requests and their responses as fixtures, which replay sends again.

--seed gives the same requests. Only operations that do not change state are
probed without --allow-writes (the others are probe-skipped). Requests go
only to the base URL, follow no redirect, and carry the credentials of
--token or --ak/--sk (or SPECDRIFT_TOKEN, SPECDRIFT_AK/SPECDRIFT_SK) where
each operation's security wants them. --var NAME=VALUE (or --vars FILE)
fixes a parameter (an account's domain_id) instead of generating it. The
run is bounded by --max-examples per operation and --budget; Ctrl-C stops it
with a partial report (exit 3).

After the single requests, each create (a positive POST that got a 2xx) is
followed by its response's OpenAPI links, or else by the list of its path,
which must contain the ID it returned (created-not-listed), and the calls
that take an ID of that name (link-failed). --workflow FILE runs the
workflows of an Arazzo 1.0 document: steps by operationId, parameters and
payloads with runtime expressions, simple success criteria and outputs; a
step that fails is workflow-step-failed. What it does not run (steps that
run workflows, operationPath, other criteria types, onSuccess/onFailure,
dependsOn, components) is refused naming its line (exit 3).

` + exitCodesHelp

func newProbeCmd() *cobra.Command {
	var (
		rf                                  reportFlags
		workflowFile                        string
		baseURL, specPath, varsFile, record string
		creds                               credentialFlags
		engine                              string
		operations, vars                    []string
		maxExamples, workers                int
		seed                                uint64
		timeout, budget, latency            time.Duration
		allowWrites, strict, strictRequests bool
	)
	c := &cobra.Command{
		Use:   "probe --base-url URL",
		Short: "Send requests generated from the spec to a live endpoint (or the mock) and validate every response",
		Long:  probeHelp,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			rr, err := rf.start(c, "probe")
			if err != nil {
				return err
			}
			defer rr.abort()
			if err := checkEngine(engine); err != nil {
				return err
			}
			base, err := endpointURL("--base-url", baseURL, "give credentials with --token or --ak/--sk")
			if err != nil {
				return err
			}
			if timeout <= 0 || budget <= 0 || workers <= 0 || maxExamples <= 0 || latency < 0 {
				return usageError("--timeout, --budget, --workers and --max-examples must be positive")
			}
			values, _, err := readVars(varsFile, vars)
			if err != nil {
				return err
			}
			specs, err := loadSpecs(c, specPath)
			if err != nil {
				return cannotRun(err)
			}
			cred, err := creds.resolve(specs)
			if err != nil {
				return err
			}
			var workflows []probe.Workflow
			if workflowFile != "" {
				data, err := os.ReadFile(workflowFile)
				if err != nil {
					return cannotRun(err)
				}
				w, err := probe.ReadWorkflows(workflowFile, data)
				if err != nil {
					return cannotRun(err)
				}
				workflows = w.Workflows
			}
			fmt.Fprintf(c.ErrOrStderr(), "%s; probing with seed %d\n", sayingSpecs("probe", specPath, specs), seed)
			vopts := contract.Options{LenientResponses: !strict, StrictRequests: strictRequests, Engine: engine}
			res, err := probe.Run(c.Context(), probe.Options{BaseURL: base, Specs: specs, Validator: vopts, Operations: operations,
				MaxExamples: maxExamples, Seed: seed, AllowWrites: allowWrites, Workers: workers, Timeout: timeout, Budget: budget,
				Latency: latency, Vars: values, Credentials: cred, Workflows: workflows})
			var unknown *probe.UnknownOperationError
			if errors.As(err, &unknown) {
				return usageError("--operation %v", err)
			}
			if err != nil {
				return usageError("%v", err)
			}
			v := contract.NewValidator(specs, vopts)
			fmt.Fprintf(c.ErrOrStderr(), "specdrift: probe generated %d requests (%d not sent: the validator did not classify them as intended), sent %d (shrinking the faults included), found %s\n",
				res.Generated, res.Dropped, res.Sent, plural(len(res.Failures), "fault"))
			if record != "" {
				if err := recordProbe(record, base, v, res.Failures); err != nil {
					return cannotRun(fmt.Errorf("--record: %w", err))
				}
			}
			for _, f := range append(specProblems(specs), res.Findings...) {
				rr.coll.Add(v.Redactor().Finding(f))
			}
			switch {
			case res.Stopped:
				rr.coll.AddError(fmt.Errorf("probe interrupted after %d requests: the report is partial", res.Sent))
			case res.OutOfTime:
				fmt.Fprintf(c.ErrOrStderr(), "specdrift: the --budget of %s ran out after %d requests\n", budget, res.Sent)
			}
			if res.Unreachable > 0 {
				rr.coll.AddError(fmt.Errorf("%s: unreachable: %d of %d requests could not connect", base, res.Unreachable, res.Sent))
			}
			if res.Sent == 0 && !res.Stopped && res.Skipped > 0 {
				rr.coll.AddError(fmt.Errorf("nothing was probed: the %s selected change state (probe-skipped); --allow-writes probes them", plural(res.Skipped, "operation")))
			}
			return rr.finish(c, nil)
		},
	}
	rf.register(c)
	f := c.Flags()
	f.StringVar(&baseURL, "base-url", "", "the endpoint's base URL (required): a live API, or specdrift mock")
	f.StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	f.StringArrayVar(&operations, "operation", nil, "probe only this operationId (repeatable)")
	f.IntVar(&maxExamples, "max-examples", 100, "requests generated per operation, positive and negative")
	f.Uint64Var(&seed, "seed", 0, "seed of the generator: the same seed gives the same requests")
	f.BoolVar(&allowWrites, "allow-writes", false, "also probe operations that change state (POST, PUT, PATCH, DELETE)")
	f.IntVar(&workers, "workers", 4, "requests in flight at once")
	f.DurationVar(&timeout, "timeout", 30*time.Second, "limit for each request, to the last byte of the response")
	f.DurationVar(&budget, "budget", 10*time.Minute, "limit for the whole probe; what was sent by then is reported")
	f.DurationVar(&latency, "latency", 0, "a response slower than this is a slow-response finding (default: no budget)")
	f.StringArrayVar(&vars, "var", nil, "NAME=VALUE fixing a parameter instead of generating it (repeatable)")
	f.StringVar(&varsFile, "vars", "", "YAML file of NAME: VALUE pairs, as --var")
	creds.register(f)
	f.StringVar(&workflowFile, "workflow", "", "Arazzo 1.0 file whose workflows run after the generated requests, each step checked against its success criteria")
	f.StringVar(&record, "record", "", "write the smallest request of each fault and its response, secrets redacted: to a folder of fixtures, or to FILE.ndjson or FILE.har")
	f.BoolVar(&strict, "strict", true, "report response fields the schema does not list (--strict=false to allow them)")
	f.BoolVar(&strictRequests, "strict-requests", false, "hold generated requests to the fields their schema lists")
	engineFlag(c, &engine)
	return c
}

// recordProbe writes the exchange of each failure as a fixture.
func recordProbe(where string, base *url.URL, v *contract.Validator, fails []*probe.Failure) error {
	sink, err := traffic.OpenSink(where, "specdrift", "probe")
	if err != nil {
		return err
	}
	ob, err := outbound.NewBase(base)
	if err != nil {
		sink.Close()
		return err
	}
	rec := &traffic.Recorder{Sink: sink, Origin: "specdrift probe of " + ob.String(), Redactor: v.Redactor()}
	for _, fl := range fails {
		if fl.Exchange == nil || fl.Exchange.Response == nil {
			continue
		}
		full := *fl.Exchange
		full.Request.URL = ob.Root() + full.Request.URL
		if err := rec.Record(&full, fl.Operation()); err != nil {
			sink.Close()
			return err
		}
	}
	return sink.Close()
}
