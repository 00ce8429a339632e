package main

import (
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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
for other hosts (absolute URLs, CONNECT) and paths with "." or ".." segments
get a 400. It says on stderr as it starts which specs it validates against,
and warns (at the 20th exchange, and in the summary) when most exchanges
match no operation of them.

Compressed bodies pass as they came; a decoded copy of at most --max-body
bytes is validated. A connection upgrade (WebSocket) is logged as not
validated, and refused under --enforce unless --allow-upgrade. An exchange
that runs out of --timeout waiting on its client is client-timeout, not a
finding against the API.

` + exitCodesHelp + `
The proxy exits 1 when it saw findings at or above --fail-on, and 3 when it
never reached the upstream (requests came, and every one of them failed to
connect; an upstream that is reached but times out or resets is a finding)
or when a write to --log or --record failed (a full disk, say).`

func newProxyCmd() *cobra.Command {
	var (
		upstream, listen, specPath, logPath, record, failOn string
		metricsListen                                       string
		enforce, strict, strictReq, allowUpgrade            bool
		keepUnparsed                                        bool
		maxBody                                             int64
		timeout                                             time.Duration
		engine                                              string
		limits                                              serverLimits
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
			if err := checkMetricsListen(metricsListen); err != nil {
				return err
			}
			sev, err := contract.ParseSeverity(failOn)
			if err != nil {
				return usageError("--fail-on: %v", err)
			}
			if maxBody <= 0 || timeout <= 0 {
				return usageError("--max-body and --timeout must be positive")
			}
			if err := limits.check(true); err != nil {
				return err
			}
			if err := checkEngine(engine); err != nil {
				return err
			}
			specs, err := loadSpecs(c, specPath)
			if err != nil {
				return cannotRun(err)
			}
			fmt.Fprintln(c.ErrOrStderr(), sayingSpecs("proxy", specPath, specs))
			warnSpecProblems(c.ErrOrStderr(), specs)
			stderr := &lockedWriter{w: c.ErrOrStderr()}
			v := contract.NewValidator(specs, contract.Options{LenientResponses: !strict, StrictRequests: strictReq, Engine: engine, KeepUnparsedBodies: keepUnparsed})
			opts := proxy.Options{Upstream: target, Validator: v,
				MaxBody: maxBody, Timeout: timeout, Enforce: enforce, EnforceAt: sev, AllowUpgrade: allowUpgrade, Log: stderr, ErrorLog: log.New(stderr, "", 0)}
			var logFile *os.File
			if logPath != "" && logPath != "-" {
				if logFile, err = os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644); err != nil {
					return cannotRun(err)
				}
				defer logFile.Close()
				opts.Log = logFile
			}
			var sink traffic.Sink
			if record != "" {
				if sink, err = traffic.OpenSink(record, "specdrift", "proxy"); err != nil {
					return cannotRun(fmt.Errorf("--record: %w", err))
				}
				defer func() { // the log appears when it is closed; closeOutputs closes it on the way out
					if sink == nil {
						return
					}
					if err := sink.Close(); err != nil {
						fmt.Fprintf(stderr, "specdrift: --record %s: %v\n", record, err)
					}
				}()
				opts.Recorder = &traffic.Recorder{Sink: sink, Origin: "specdrift proxy of " + target.String(), Redactor: v.Redactor()}
			}
			reg := prometheus.NewRegistry()
			if metricsListen != "" {
				opts.Observer = newProxyMetrics(reg)
			}
			p, err := proxy.New(opts)
			if err != nil {
				return cannotRun(err)
			}
			if metricsListen != "" {
				stop, err := serveMetrics(metricsListen, "proxy", reg, stderr)
				if err != nil {
					return err
				}
				defer stop()
			}
			banner := func(a net.Addr) string {
				return fmt.Sprintf("specdrift proxy: listening on http://%s, forwarding to %s (SIGINT or SIGTERM stops it)", a, target)
			}
			if err := serve(c.Context(), listen, p, limits.orDerived(timeout+timeoutMargin), stderr, banner, p.Wait); err != nil {
				return err
			}
			s := p.Summary()
			if err := s.WriteText(stderr); err != nil {
				return cannotRun(err)
			}
			closeErr := closeOutputs(logFile, logPath, sink, record)
			sink = nil
			if s.WriteFailures > 0 {
				return cannotRun(errors.Join(fmt.Errorf("%d writes to --log or --record failed, and what they held is lost; the first: %w", s.WriteFailures, s.WriteError), closeErr))
			}
			if closeErr != nil {
				return cannotRun(closeErr)
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
	c.Flags().StringVar(&metricsListen, "metrics-listen", "", metricsHelp)
	c.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to listen on; 0.0.0.0:PORT listens on every interface")
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	c.Flags().StringVar(&logPath, "log", "", "append the findings as NDJSON to FILE (default: stderr)")
	c.Flags().StringVar(&record, "record", "", "record each exchange, secrets redacted: to a folder of fixtures, or to FILE.ndjson or FILE.har")
	keepUnparsedFlag(c, &keepUnparsed)
	c.Flags().StringVar(&failOn, "fail-on", "error", "lowest severity that --enforce blocks and that makes the exit status 1: error|warning|info")
	c.Flags().BoolVar(&enforce, "enforce", false, "answer 502 with a problem+json body instead of passing on a drifting response")
	c.Flags().BoolVar(&allowUpgrade, "allow-upgrade", false, "with --enforce, pass on connection upgrades (WebSocket), which cannot be validated, instead of refusing them")
	c.Flags().Int64Var(&maxBody, "max-body", proxy.DefaultMaxBody, "largest body, in bytes, that is validated; larger ones pass unvalidated")
	c.Flags().DurationVar(&timeout, "timeout", proxy.DefaultTimeout, "limit for the upstream's whole response")
	c.Flags().BoolVar(&strict, "strict", true, "report response fields the schema does not list (--strict=false to allow them)")
	c.Flags().BoolVar(&strictReq, "strict-requests", false, "report request fields the schema does not list")
	engineFlag(c, &engine)
	limitFlags(c, &limits, "--timeout + 10s")
	return c
}

// closeOutputs syncs and closes the log file and the recording, so that a
// disk that filled up is an error, not a truncated file and exit 0.
func closeOutputs(logFile *os.File, logPath string, sink traffic.Sink, record string) error {
	var errs []error
	if logFile != nil {
		if fi, err := logFile.Stat(); err == nil && fi.Mode().IsRegular() {
			if err := logFile.Sync(); err != nil {
				errs = append(errs, fmt.Errorf("--log %s: %w", logPath, err))
			}
		}
		if err := logFile.Close(); err != nil {
			errs = append(errs, fmt.Errorf("--log %s: %w", logPath, err))
		}
	}
	if sink != nil {
		if err := sink.Close(); err != nil {
			errs = append(errs, fmt.Errorf("--record %s: %w", record, err))
		}
	}
	return errors.Join(errs...)
}
