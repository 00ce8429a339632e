package main

import (
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/proxy"
	"github.com/specdrift/specdrift/contract/traffic"
)

const proxyHelp = `proxy is a validating reverse proxy: point clients at --listen (127.0.0.1:8080
unless told otherwise) and it passes every request to --upstream and every
response back unchanged (status, headers and bodies byte for byte, streamed),
validating each exchange against the specs on the way.

Findings stream to --log (stderr by default) as NDJSON, one finding a line,
with secrets redacted; on exit (SIGINT or SIGTERM) a summary by operation and
rule goes to stderr. Bodies larger than --max-body are passed on but not
validated. With --enforce, a response with findings at or above --fail-on is
replaced by a 502 application/problem+json naming the drift. With --record,
each exchange is also written, secrets redacted: to a folder of fixtures, or
to FILE.ndjson or FILE.har. The proxy forwards only to its upstream: requests
for other hosts (absolute URLs, CONNECT) get a 400.

` + exitCodesHelp + `
The proxy exits 1 when it saw findings at or above --fail-on, and 3 when it
never reached the upstream: requests came, and every one of them failed to
connect (an upstream that is reached but times out or resets is a finding).`

func newProxyCmd() *cobra.Command {
	var (
		upstream, listen, specPath, logPath, record, failOn string
		enforce, strict, strictReq, keepUnparsed            bool
		maxBody                                             int64
		timeout                                             time.Duration
		engine                                              string
	)
	c := &cobra.Command{
		Use:   "proxy --upstream URL",
		Short: "Put a validating reverse proxy in front of a live endpoint",
		Long:  proxyHelp,
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			target, err := endpointURL("--upstream", upstream, "the clients' own credentials go through the proxy")
			if err != nil {
				return err
			}
			if err := checkListen(listen); err != nil {
				return err
			}
			sev, err := contract.ParseSeverity(failOn)
			if err != nil {
				return usageError("--fail-on: %v", err)
			}
			if maxBody <= 0 || timeout <= 0 {
				return usageError("--max-body and --timeout must be positive")
			}
			if err := checkEngine(engine); err != nil {
				return err
			}
			specs, err := loadSpecs(specPath)
			if err != nil {
				return cannotRun(err)
			}
			stderr := &lockedWriter{w: c.ErrOrStderr()}
			v := contract.NewValidator(specs, contract.Options{LenientResponses: !strict, StrictRequests: strictReq, Engine: engine, KeepUnparsedBodies: keepUnparsed})
			opts := proxy.Options{Upstream: target, Validator: v,
				MaxBody: maxBody, Timeout: timeout, Enforce: enforce, EnforceAt: sev, Log: stderr, ErrorLog: log.New(stderr, "", 0)}
			if logPath != "" && logPath != "-" {
				f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
				if err != nil {
					return cannotRun(err)
				}
				defer f.Close()
				opts.Log = f
			}
			if record != "" {
				sink, err := traffic.OpenSink(record, "specdrift", "proxy")
				if err != nil {
					return cannotRun(fmt.Errorf("--record: %w", err))
				}
				defer func() { // the log appears when it is closed
					if err := sink.Close(); err != nil {
						fmt.Fprintf(stderr, "specdrift: --record %s: %v\n", record, err)
					}
				}()
				opts.Recorder = &traffic.Recorder{Sink: sink, Origin: "specdrift proxy of " + target.String(), Redactor: v.Redactor()}
			}
			p, err := proxy.New(opts)
			if err != nil {
				return cannotRun(err)
			}
			banner := func(a net.Addr) string {
				return fmt.Sprintf("specdrift proxy: listening on http://%s, forwarding to %s (SIGINT or SIGTERM stops it)", a, target)
			}
			if err := serve(c.Context(), listen, p, stderr, banner, p.Wait); err != nil {
				return err
			}
			s := p.Summary()
			if err := s.WriteText(stderr); err != nil {
				return cannotRun(err)
			}
			if s.NeverReached() {
				return cannotRun(fmt.Errorf("%s: unreachable: none of the %d requests could connect to it", target, s.Exchanges))
			}
			if s.Failing(sev) > 0 {
				return &exitError{code: exitFindings}
			}
			return nil
		},
	}
	c.Flags().StringVar(&upstream, "upstream", "", "the live endpoint's base URL (required)")
	c.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to listen on; 0.0.0.0:PORT listens on every interface")
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	c.Flags().StringVar(&logPath, "log", "", "append the findings as NDJSON to FILE (default: stderr)")
	c.Flags().StringVar(&record, "record", "", "record each exchange, secrets redacted: to a folder of fixtures, or to FILE.ndjson or FILE.har")
	keepUnparsedFlag(c, &keepUnparsed)
	c.Flags().StringVar(&failOn, "fail-on", "error", "lowest severity that --enforce blocks and that makes the exit status 1: error|warning|info")
	c.Flags().BoolVar(&enforce, "enforce", false, "answer 502 with a problem+json body instead of passing on a drifting response")
	c.Flags().Int64Var(&maxBody, "max-body", proxy.DefaultMaxBody, "largest body, in bytes, that is validated; larger ones pass unvalidated")
	c.Flags().DurationVar(&timeout, "timeout", proxy.DefaultTimeout, "limit for the upstream's whole response")
	c.Flags().BoolVar(&strict, "strict", true, "report response fields the schema does not list (--strict=false to allow them)")
	c.Flags().BoolVar(&strictReq, "strict-requests", false, "report request fields the schema does not list")
	engineFlag(c, &engine)
	return c
}
