package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/mock"
	"github.com/specdrift/specdrift/contract/sign"
	"github.com/specdrift/specdrift/contract/traffic"
)

const mockHelp = `mock serves every operation of the specs on --listen (127.0.0.1:4010 unless
told otherwise), answering from the recorded fixtures.

Every request is validated against the spec first:
  - none of the credentials the operation's security (or the spec's
    default) accepts, in the form its scheme wants: an apiKey header, query
    parameter or cookie; Authorization: Basic, Bearer or another scheme by
    name; a bearer token for oauth2 and openIdConnect; a signature of the
    form x-specdrift-signature names: 401, naming the schemes accepted;
  - with --ak/--sk or --credentials, a signature of a scheme declared
    x-specdrift-signature: sdk-hmac-sha256 (the embedded specs' aksk) that
    does not verify with its access key's secret key, or whose X-Sdk-Date is
    more than 15 minutes from the clock (as the services allow): 401; with
    --reject-replays, a signature seen before within those 15 minutes too.
    Without them a signature is checked for its form only, and the mock
    says so when it starts. Tokens, keys and passwords are never verified;
  - a parameter, media type or body that breaks the spec: the operation's
    documented client error status (400 where it documents none), naming
    what was wrong;
  - otherwise the recorded response whose request matches best, or the one
    "Prefer: code=NNN" or "Prefer: example=NAME" asks for, with the path's
    IDs (domain_id, ...) and the body's values echoed where the API would;
    a Prefer header nothing satisfies gets the client error status of an
    invalid request, naming the statuses that can be asked for.
One line per request goes to stderr, with the findings of the request.
The mock's errors take the body of the error response the operation
documents (for that status, its class, default or another client error),
else of the one the spec's x-specdrift-error-response names (the embedded
specs' {"error_code", "error_msg"}), else RFC 9457 problem details
(application/problem+json); the code and message go where the schema has
room for them. They use the codes SPECDRIFT.0400 (invalid request),
SPECDRIFT.0401 (no credentials), SPECDRIFT.0404 (no such operation),
SPECDRIFT.0406 (nothing satisfies the Prefer header), SPECDRIFT.0413 (a body
over 10 MiB or 100,000 members and items) and SPECDRIFT.0503 (the request
bodies held at once would pass --max-body-memory; Retry-After says when to
send it again).

With --spec and no --fixtures, the spec's examples (or samples built from its
schemas) are served: a request like one of its request examples gets the
response example of the same name. SIGINT or SIGTERM stops the server gracefully.

`

func newMockCmd() *cobra.Command {
	var (
		specPath, fixturesPath, listen string
		metricsListen                  string
		cors                           bool
		ak, sk, credentials            string
		asRecorded, quiet, noReplays   bool
		limits                         serverLimits
		bodyMemory                     int64
	)
	c := &cobra.Command{
		Use:   "mock",
		Short: "Serve the specs' operations from the fixtures, validating every request",
		Long:  mockHelp + exitCodesNoFindingsHelp("stopped by SIGINT or SIGTERM", "an unreadable spec or fixture, an address it cannot listen on"),
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if err := checkListen(listen); err != nil {
				return err
			}
			if err := checkMetricsListen(metricsListen); err != nil {
				return err
			}
			if err := limits.check(false); err != nil {
				return err
			}
			if bodyMemory <= 0 {
				return usageError("--max-body-memory must be positive")
			}
			if (ak == "") != (sk == "") {
				return usageError("--ak and --sk go together")
			}
			if noReplays && ak == "" && credentials == "" {
				return usageError("--reject-replays needs the secret keys: --ak/--sk or --credentials")
			}
			keys, err := secretKeys(ak, sk, credentials)
			if err != nil {
				return cannotRun(err)
			}
			specs, err := loadSpecs(c, specPath)
			if err != nil {
				return cannotRun(err)
			}
			warnSpecProblems(c.ErrOrStderr(), specs)
			var exs []*contract.Exchange
			if specPath == "" || fixturesPath != "" {
				rs, errs := loadFixtures(fixturesPath)
				if len(errs) > 0 {
					return cannotRun(errors.Join(errs...))
				}
				exs = traffic.Exchanges(rs)
			}
			stderr := &lockedWriter{w: c.ErrOrStderr()}
			opts := mock.Options{Log: stderr, AsRecorded: asRecorded, SecretKeys: keys, RejectReplays: noReplays, MaxBodyMemory: bodyMemory}
			if quiet {
				opts.Log = nil
			}
			opts.CORS = cors
			reg := prometheus.NewRegistry()
			if metricsListen != "" {
				opts.Observer = newMockMetrics(reg)
			}
			srv, err := mock.New(specs, exs, opts)
			if err != nil {
				return cannotRun(err)
			}
			if metricsListen != "" {
				stop, err := serveMetrics(metricsListen, "mock", reg, stderr)
				if err != nil {
					return err
				}
				defer stop()
			}
			err = serve(c.Context(), listen, srv, limits, stderr, func(a net.Addr) string {
				return fmt.Sprintf("specdrift mock: %s\nspecdrift mock: serving %d operations on http://%s (SIGINT or SIGTERM stops it)", srv.Checks(), srv.Operations(), a)
			}, nil)
			if err == nil {
				fmt.Fprintln(stderr, "specdrift mock: stopped")
			}
			return err
		},
	}
	c.Flags().StringVar(&specPath, "spec", "", "spec file or folder of specs (default: the embedded specs)")
	c.Flags().StringVar(&fixturesPath, "fixtures", "", "fixture file or folder: YAML fixtures, NDJSON logs, HAR files (default: the embedded fixtures, unless --spec is given)")
	c.Flags().StringVar(&listen, "listen", "127.0.0.1:4010", "address to listen on; 0.0.0.0:PORT listens on every interface")
	c.Flags().BoolVar(&asRecorded, "as-recorded", false, "serve fixture bodies byte for byte, not through the generated types and without echoing the request")
	c.Flags().BoolVar(&quiet, "quiet", false, "do not log requests")
	c.Flags().StringVar(&metricsListen, "metrics-listen", "", metricsHelp)
	c.Flags().BoolVar(&cors, "cors", false, "answer CORS preflight requests and add the CORS headers to every response, for clients in a browser")
	c.Flags().StringVar(&ak, "ak", "", "an access key whose AK/SK signatures are verified (with --sk)")
	c.Flags().StringVar(&sk, "sk", "", "the secret key of --ak")
	c.Flags().StringVar(&credentials, "credentials", "", "a file of access keys and secret keys to verify signatures with: AK SK a line, or the console's credentials.csv")
	c.Flags().BoolVar(&noReplays, "reject-replays", false, "refuse a signature seen before within its 15 minutes (needs --ak/--sk or --credentials)")
	c.Flags().Int64Var(&bodyMemory, "max-body-memory", mock.DefaultMaxBodyMemory, "most bytes of request bodies held at once; a body over it is answered 503")
	limitFlags(c, &limits, "")
	return c
}

// secretKeys are the keys of --ak/--sk and of the --credentials file.
func secretKeys(ak, sk, credentials string) (map[string]string, error) {
	keys := map[string]string{}
	if credentials != "" {
		f, err := os.Open(credentials)
		if err != nil {
			return nil, fmt.Errorf("--credentials: %w", err)
		}
		defer f.Close()
		if keys, err = sign.ReadKeys(credentials, f); err != nil {
			return nil, fmt.Errorf("--credentials %w", err)
		}
	}
	if ak != "" {
		if old, ok := keys[ak]; ok && old != sk {
			return nil, fmt.Errorf("--ak %s is in --credentials %s with another secret key", ak, credentials)
		}
		keys[ak] = sk
	}
	return keys, nil
}

// checkListen insists on an explicit host, so that the mock listens beyond
// the loopback interface only when asked to.
func checkListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usageError("--listen %q: %v (want HOST:PORT, such as 127.0.0.1:4010)", addr, err)
	}
	if host == "" {
		return usageError("--listen %q: give the host: 127.0.0.1%s for this machine, or 0.0.0.0%s for every interface", addr, addr, addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return usageError("--listen %q: the port must be a number from 0 to 65535", addr)
	}
	return nil
}

// serve runs h on addr within limits until ctx is done, then shuts down
// gracefully: it stops accepting, waits for the requests in flight, then
// calls drain (if any) for work the handler still has running. banner
// gets the address listened on.
func serve(ctx context.Context, addr string, h http.Handler, limits serverLimits, stderr io.Writer, banner func(net.Addr) string, drain func()) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return cannotRun(err)
	}
	hs := limits.server(h)
	fmt.Fprintln(stderr, banner(ln.Addr()))
	done := make(chan error, 1)
	go func() { done <- hs.Serve(newLimitListener(ln, limits.maxConns)) }()
	select {
	case err := <-done:
		return cannotRun(err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = hs.Shutdown(shutdown)
	if drain != nil {
		drain()
	}
	if err != nil {
		return cannotRun(fmt.Errorf("shutting down: %w", err))
	}
	return nil
}

// lockedWriter serialises the writes of the server's goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
