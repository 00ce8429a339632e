// Package replay sends recorded requests to a live endpoint and returns the
// live exchanges, to be validated like any other: values that differ per
// account substituted, credentials as the service takes them (an IAM token,
// or AK/SK signing), bounded in time and concurrency, state-changing
// requests only when allowed, and every transport fault a finding.
package replay

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
	"github.com/specdrift/specdrift/contract/traffic"
)

// Case is a recorded exchange to replay, with the fixture's placeholders
// ("{domain_id}" → the value recorded in its place), as
// traffic.LoadFixtures reads it.
type Case = traffic.Recorded

// Options configure a replay. BaseURL and Specs are required.
type Options struct {
	BaseURL *url.URL
	Specs   []*contract.Spec // to find path parameters by name
	// Vars replace recorded values: a name is a fixture placeholder
	// ("domain_id" for "{domain_id}") or a path parameter.
	Vars map[string]string
	// Token goes where the operation's security wants a token; AK and SK
	// sign each request with the signature it declares. Either replaces
	// the recorded credentials (see outbound.Credentials).
	Token, AK, SK string
	Timeout       time.Duration // per request, to the last byte; 0: 30s
	Concurrency   int           // requests in flight; 0: 4
	AllowWrites   bool          // replay requests that change state (POST, PUT, PATCH, DELETE)
	Operations    []string      // replay only these operationIds (each defined by a spec); empty: all
	MaxBody       int64         // largest response body read; 0: 64 MiB
	Client        *http.Client  // nil: a client of its own
	Now           func() time.Time
}

// Result is what a replay produced.
type Result struct {
	// Exchanges are the replayed requests with their live responses (nil
	// Response when the call failed), in the order of the cases.
	Exchanges []*contract.Exchange
	// Findings are the transport faults and the requests not replayed.
	Findings []contract.Finding
	// Unreachable counts requests that could not connect at all.
	Unreachable int
	// UnusedVars are Vars that matched no placeholder or path parameter.
	UnusedVars []string
	// Unselected are the operations of Options.Operations that no case is
	// of: the filter selected nothing for them.
	Unselected []string
	// Skipped counts the cases selected but not replayed because they
	// change state (a replay-skipped finding each).
	Skipped int
	// Errors are cases that could not be replayed: their recorded request
	// is malformed (a *contract.InputError).
	Errors []error
}

// Run replays the cases. Its error is about the options, or says that ctx
// ended the replay.
func Run(ctx context.Context, cases []Case, opts Options) (*Result, error) {
	base, err := outbound.NewBase(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	creds := outbound.Credentials{Token: opts.Token, AK: opts.AK, SK: opts.SK, Now: opts.Now}
	if err := creds.Check(); err != nil {
		return nil, err
	}
	if err := knownOperations(opts.Operations, opts.Specs); err != nil {
		return nil, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = 64 << 20
	}
	if opts.Client == nil {
		opts.Client = outbound.NewClient(opts.Concurrency, opts.Timeout)
	}
	r := &runner{opts: opts, base: base, creds: creds, used: map[string]bool{}}
	res := &Result{}
	slots := make([]slot, 0, len(cases))
	selected := map[string]bool{}
	for _, c := range cases {
		c.Exchange = r.named(c.Exchange)
		if !r.selected(c.Exchange) {
			continue
		}
		selected[strings.ToLower(c.Exchange.Operation)] = true
		if !r.opts.AllowWrites && isWrite(c.Exchange.Request.Method) {
			res.Findings = append(res.Findings, r.skipped(c.Exchange))
			res.Skipped++
			continue
		}
		slots = append(slots, slot{c: c})
	}
	for _, id := range opts.Operations {
		if !selected[strings.ToLower(id)] {
			res.Unselected = append(res.Unselected, id)
		}
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(opts.Concurrency)
	for i := range slots {
		s := &slots[i]
		var req *http.Request
		s.ex, req, s.err = r.prepare(s.c)
		if s.err != nil {
			continue
		}
		g.Go(func() error {
			s.fault = r.send(gctx, s.ex, req)
			return nil
		})
	}
	g.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("replay stopped: %w", err)
	}
	for _, s := range slots {
		if s.err != nil {
			res.Errors = append(res.Errors, s.err)
			continue
		}
		res.Exchanges = append(res.Exchanges, s.ex)
		if s.fault != nil {
			f := traffic.FaultFinding(s.fault, s.ex.Source, r.operationName(s.ex), base.String(), opts.Timeout)
			res.Findings = append(res.Findings, f)
			if f.Rule == contract.RuleUpstreamUnreachable {
				res.Unreachable++
			}
		}
	}
	for name := range opts.Vars {
		if !r.used[name] {
			res.UnusedVars = append(res.UnusedVars, name)
		}
	}
	sort.Strings(res.UnusedVars)
	return res, nil
}

type slot struct {
	c     Case
	ex    *contract.Exchange
	err   error // the case could not be prepared: bad input
	fault error // the call failed
}

type runner struct {
	opts  Options
	base  *outbound.Base
	creds outbound.Credentials
	used  map[string]bool // written only while preparing, which is sequential
}

func (r *runner) selected(ex *contract.Exchange) bool {
	if len(r.opts.Operations) == 0 {
		return true
	}
	for _, id := range r.opts.Operations {
		if strings.EqualFold(id, ex.Operation) {
			return true
		}
	}
	return false
}

// named gives an exchange that names no operation (a HAR entry's) the one
// its request routes to, so that --operation selects it and its path
// parameters are replaced.
func (r *runner) named(ex *contract.Exchange) *contract.Exchange {
	if ex.Operation != "" {
		return ex
	}
	u, err := url.Parse(ex.Request.URL)
	if err != nil {
		return ex // prepare reports it
	}
	if op := contract.Route(r.opts.Specs, ex.Request.Method, recordedHost(ex.Request, u), u.EscapedPath()); op != nil {
		named := *ex
		named.Operation = op.ID
		return &named
	}
	return ex
}

// UnknownOperationError says that an operation to replay is defined by no
// spec; Known lists the operationIds the specs define.
type UnknownOperationError struct {
	Operation string
	Known     []string
}

func (e *UnknownOperationError) Error() string {
	return fmt.Sprintf("%s: no spec defines this operation (the specs define %s)", e.Operation, strings.Join(e.Known, ", "))
}

// knownOperations checks that the specs define each operation of ids, as
// selected does: by operationId, in any case.
func knownOperations(ids []string, specs []*contract.Spec) error {
	var known []string
	for _, s := range specs {
		for _, o := range s.Operations {
			known = append(known, o.ID)
		}
	}
	sort.Strings(known)
	for _, id := range ids {
		found := false
		for _, k := range known {
			found = found || strings.EqualFold(id, k)
		}
		if !found {
			return &UnknownOperationError{Operation: id, Known: known}
		}
	}
	return nil
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return false
	}
	return true
}

func (r *runner) skipped(ex *contract.Exchange) contract.Finding {
	rule, _ := contract.LookupRule(contract.RuleReplaySkipped)
	return contract.Finding{Rule: rule.ID, Severity: rule.Severity, Operation: r.operationName(ex), Source: ex.Source.At("request"), In: "request",
		Actual: ex.Request.Method + " not replayed",
		Message: fmt.Sprintf("%s %s changes state on the server, so it was not replayed; replay it with --allow-writes against an account where that is safe.",
			ex.Request.Method, ex.Operation)}
}

// operationName names the exchange's operation as findings do.
func (r *runner) operationName(ex *contract.Exchange) string {
	if op := r.operation(ex.Operation); op != nil {
		return op.Name()
	}
	return ex.Operation
}

func (r *runner) operation(id string) *contract.Operation {
	for _, s := range r.opts.Specs {
		for _, o := range s.Operations {
			if o.ID == id {
				return o
			}
		}
	}
	return nil
}

// send makes the call of req, bounded by the timeout, and reads the whole
// response into ex.Response; it returns the transport's error, if any.
func (r *runner) send(ctx context.Context, ex *contract.Exchange, req *http.Request) error {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	resp, err := r.opts.Client.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, r.opts.MaxBody))
	if err != nil {
		return err
	}
	ex.Response = &contract.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	return nil
}
