package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
	"github.com/specdrift/specdrift/contract/replay"
	"github.com/specdrift/specdrift/contract/traffic"
)

const replayHelp = `replay sends each fixture's request (or those of --operation) to the live
endpoint at --base-url and validates the live response against the specs,
reporting like validate. With --spec and no --fixtures it sends the requests
of the spec's examples, as validate --spec pairs them, each once. It says on
stderr which specs it validates against, and warns at the end when most
exchanges match no operation of them.

Values that differ per account replace the recorded ones: --var NAME=VALUE
(or a YAML file of NAME: VALUE with --vars) names a fixture placeholder
("domain_id" for "{domain_id}") or a path parameter; a name of the --vars
file that is neither is bad input (exit 3). Credentials replace the
recorded ones, where each operation's security wants them: --token (or
SPECDRIFT_TOKEN) goes where a scheme that takes a token puts it (an apiKey's
header, query parameter or cookie; Authorization: Bearer for bearer, oauth2
and openIdConnect; user:password for Basic), the embedded specs'
X-Auth-Token; or each request is signed with AK/SK by the signature a scheme
declares (x-specdrift-signature; the embedded specs' SDK-HMAC-SHA256 with
X-Sdk-Date, as the official SDKs sign it), from --ak/--sk or
SPECDRIFT_AK/SPECDRIFT_SK (or the variables the signature's SDKs read:
HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK for the embedded specs' form).
An operation whose security takes neither gets no credentials. Prefer the
environment for secrets.

Requests that change state (POST, PUT, PATCH, DELETE) are replayed only with
--allow-writes; the report lists the others as replay-skipped. An endpoint
that is slow, resets, or does not answer HTTP is a finding
(upstream-timeout, upstream-reset, upstream-not-http); one that cannot be
reached at all is also an error (exit 3). With --record, every live exchange
is written, secrets redacted: to a folder of fixtures, or to FILE.ndjson or
FILE.har.

` + exitCodesHelp

func newReplayCmd() *cobra.Command {
	var (
		rf                                                reportFlags
		baseURL, specPath, fixturesPath, varsFile, record string
		creds                                             credentialFlags
		operations, vars                                  []string
		timeout                                           time.Duration
		concurrency                                       int
		allowWrites, strict, keepUnparsed                 bool
		engine                                            string
	)
	c := &cobra.Command{
		Use:   "replay --base-url URL",
		Short: "Replay the recorded requests against a live endpoint and validate its responses",
		Long:  replayHelp,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			rr, err := rf.start(c, "replay")
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
			if timeout <= 0 || concurrency <= 0 {
				return usageError("--timeout and --concurrency must be positive")
			}
			values, fileVars, err := readVars(varsFile, vars)
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
			var cases []replay.Case
			var errs []error
			from, what := firstOf(fixturesPath, "the embedded fixtures"), "fixture"
			if specPath != "" && fixturesPath == "" {
				cases, from, what = exampleRequests(specs), "the spec's examples", "example request"
			} else {
				cases, errs = loadFixtures(fixturesPath)
			}
			fmt.Fprintf(c.ErrOrStderr(), "%s; replaying %s of %s\n", sayingSpecs("replay", specPath, specs), plural(len(cases), "request"), from)
			if len(errs) == 0 { // the placeholders of fixtures that do not load are not known
				if err := checkVarNames(varsFile, fileVars, replay.VarNames(cases, specs)); err != nil {
					return cannotRun(err)
				}
			}
			if cred.Token == "" && cred.AK == "" {
				fmt.Fprintf(c.ErrOrStderr(), "specdrift: no --token or --ak/--sk: the requests carry the credentials recorded in %s\n", from)
			}
			res, err := replay.Run(c.Context(), cases, replay.Options{BaseURL: base, Specs: specs, Vars: values, Token: cred.Token, AK: cred.AK, SK: cred.SK,
				Timeout: timeout, Concurrency: concurrency, AllowWrites: allowWrites, Operations: operations})
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return cannotRun(err)
			}
			var unknownOp *replay.UnknownOperationError
			if errors.As(err, &unknownOp) {
				return usageError("--operation %v", err)
			}
			if err != nil {
				return usageError("%v", err)
			}
			errs = append(errs, res.Errors...)
			for _, id := range res.Unselected {
				errs = append(errs, fmt.Errorf("--operation %s: no %s of %s is of this operation", id, what, from))
			}
			if len(res.Exchanges) == 0 && len(errs) == 0 {
				errs = append(errs, nothingReplayed(res.Skipped))
			}
			for _, name := range res.UnusedVars {
				fmt.Fprintf(c.ErrOrStderr(), "specdrift: --var %s matches no placeholder or path parameter of the replayed fixtures\n", name)
			}
			v := contract.NewValidator(specs, contract.Options{LenientResponses: !strict, Engine: engine, KeepUnparsedBodies: keepUnparsed})
			if record != "" {
				if err := recordReplay(record, base, v, res.Exchanges); err != nil {
					return cannotRun(fmt.Errorf("--record: %w", err))
				}
			}
			out := v.ValidateAll(c.Context(), res.Exchanges, false)
			errs = append(errs, out.Errors...)
			if res.Unreachable > 0 {
				errs = append(errs, fmt.Errorf("%s: unreachable: %d of %d requests could not connect", base, res.Unreachable, len(res.Exchanges)))
			}
			for _, f := range append(append(specProblems(specs), out.Findings...), res.Findings...) {
				rr.coll.Add(v.Redactor().Finding(f))
			}
			for _, e := range errs {
				rr.coll.AddError(e)
			}
			if msg := mostlyUnknown("replay", unrouted(out.Errors), len(res.Exchanges)); msg != "" {
				fmt.Fprintln(c.ErrOrStderr(), msg)
			}
			return rr.finish(c, &out.Coverage)
		},
	}
	rf.register(c)
	f := c.Flags()
	f.StringVar(&baseURL, "base-url", "", "the live endpoint's base URL (required)")
	f.StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	f.StringVar(&fixturesPath, "fixtures", "", "fixture file or folder: YAML fixtures, NDJSON logs, HAR files (default: the embedded fixtures, or with --spec the spec's example requests)")
	f.StringArrayVar(&operations, "operation", nil, "replay only this operationId (repeatable); one no spec defines is a usage error, one no fixture is of exits 3")
	f.StringArrayVar(&vars, "var", nil, "NAME=VALUE replacing a recorded placeholder or path parameter (repeatable)")
	f.StringVar(&varsFile, "vars", "", "YAML file of NAME: VALUE pairs, as --var")
	creds.register(f)
	f.DurationVar(&timeout, "timeout", 30*time.Second, "limit for each request, to the last byte of the response")
	f.IntVar(&concurrency, "concurrency", 4, "requests in flight at once")
	f.BoolVar(&allowWrites, "allow-writes", false, "also replay requests that change state (POST, PUT, PATCH, DELETE)")
	f.StringVar(&record, "record", "", "record each live exchange, secrets redacted: to a folder of fixtures, or to FILE.ndjson or FILE.har")
	keepUnparsedFlag(c, &keepUnparsed)
	f.BoolVar(&strict, "strict", true, "report response fields the schema does not list (--strict=false to allow them)")
	engineFlag(c, &engine)
	return c
}

// exampleRequests are the requests of the specs' example exchanges
// (contract.Operation.ExampleExchanges), each once: what replay sends for
// a spec given without fixtures.
func exampleRequests(specs []*contract.Spec) []replay.Case {
	var out []replay.Case
	for _, s := range specs {
		for _, o := range s.Operations {
			seen := map[string]bool{}
			for _, ex := range o.ExampleExchanges() {
				if k := ex.Request.URL + "\x00" + string(ex.Request.Body); !seen[k] {
					seen[k] = true
					out = append(out, replay.Case{Exchange: ex})
				}
			}
		}
	}
	return out
}

// unrouted counts the exchanges that matched no operation of the specs.
func unrouted(errs []error) int {
	n := 0
	for _, err := range errs {
		var re *contract.RouteError
		if errors.As(err, &re) && re.Routed == nil {
			n++
		}
	}
	return n
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}

// endpointURL parses the URL of flag, an http or https URL with a host. A
// URL with a user name or password is refused (creds says how to give
// credentials instead), and no message shows them.
func endpointURL(flag, raw, creds string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if raw == "" || err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, usageError("%s %q: want the http or https URL of the endpoint, such as https://cc.myhuaweicloud.com", flag, contract.StripUserinfo(raw))
	}
	if u.User != nil {
		return nil, usageError("%s %q: a user name or password in the URL is never sent (nor shown: here it is left out); %s", flag, contract.StripUserinfo(raw), creds)
	}
	return u, nil
}

// keepUnparsedFlag registers --keep-unparsed-bodies on a command that
// records.
func keepUnparsedFlag(c *cobra.Command, keep *bool) {
	c.Flags().BoolVar(keep, "keep-unparsed-bodies", false, "with --record, write bodies that cannot be parsed (not JSON or a form, or malformed) as they are; by default each is replaced whole, since no field name says what in it is secret")
}

// nothingReplayed is the error of a replay that sent no request.
func nothingReplayed(skipped int) error {
	switch skipped {
	case 0:
		return errors.New("nothing was replayed: no fixture was selected")
	case 1:
		return errors.New("nothing was replayed: the 1 selected request changes state (replay-skipped); --allow-writes replays it")
	}
	return fmt.Errorf("nothing was replayed: the %d selected requests change state (replay-skipped); --allow-writes replays them", skipped)
}

func recordReplay(where string, base *url.URL, v *contract.Validator, exs []*contract.Exchange) error {
	sink, err := traffic.OpenSink(where, "specdrift", "replay")
	if err != nil {
		return err
	}
	ob, err := outbound.NewBase(base)
	if err != nil {
		return err
	}
	rec := &traffic.Recorder{Sink: sink, Origin: "specdrift replay against " + ob.String(), Redactor: v.Redactor()}
	root := ob.Root()
	for _, ex := range exs {
		if ex.Response == nil {
			continue
		}
		var op *contract.Operation
		for _, s := range v.Specs() {
			for _, o := range s.Operations {
				if o.ID == ex.Operation {
					op = o
				}
			}
		}
		full := *ex
		full.Request.URL = root + ex.Request.URL
		if err := rec.Record(&full, op); err != nil {
			sink.Close()
			return err
		}
	}
	return sink.Close()
}
