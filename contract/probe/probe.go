// Package probe generates requests from a spec, sends them to a running
// API and checks every response: positive requests (every schema
// satisfied: the examples, the boundaries, required-only and all-optional,
// random ones) must be accepted, negative ones (one constraint broken
// each) rejected with a documented client error, and every response must
// validate. Generation is seeded: a seed gives the same requests. Each
// fault found is shrunk to the smallest request that still shows it.
// Requests are built and sent by contract/outbound, so they go only to
// the base URL, follow no redirect and carry credentials where the
// operation's security wants them.
package probe

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
)

// Options configure a probe. BaseURL and Specs are required; the zero
// value of the rest is the safe default.
type Options struct {
	BaseURL     *url.URL
	Specs       []*contract.Spec
	Validator   contract.Options // how responses are validated; ErrorResponses is always on
	Operations  []string         // probe only these operationIds; empty: all
	MaxExamples int              // requests per operation; 0: 100
	Seed        uint64
	AllowWrites bool          // probe operations that change state (POST, PUT, PATCH, DELETE)
	Workers     int           // requests in flight; 0: 4
	Timeout     time.Duration // per request; 0: 30s
	Budget      time.Duration // for the whole probe; 0: 10 minutes
	Latency     time.Duration // a response slower than this is slow-response; 0: no budget
	ShrinkSteps int           // requests sent to shrink each fault; 0: 200
	Vars        map[string]string
	Workflows   []Workflow // Arazzo workflows to run after the single requests and sequences
	Credentials outbound.Credentials
	Client      *http.Client
	MaxBody     int64 // largest response body read; 0: 64 MiB
}

// Result is what a probe found.
type Result struct {
	Findings  []contract.Finding
	Failures  []*Failure // each fault, shrunk, in the order found
	Generated int        // distinct requests generated and classified
	Dropped   int        // generated requests the validator did not classify as intended (a pattern, an order of times)
	Sent      int        // requests sent, shrinking included
	// PerOperation counts the generated requests sent of each operation,
	// by operationId, shrinking left out.
	PerOperation map[string]int
	Negatives    int // of them, the negative requests
	// Followed counts the calls made after a create: its OpenAPI links,
	// or the list and the calls that take its ID.
	Followed int
	// Unreachable counts requests that could not connect at all.
	Unreachable int
	Skipped     int  // operations not probed: they change state
	Stopped     bool // the context ended the probe: the result is partial
	OutOfTime   bool // the time budget ended the probe
}

// Failure is one fault found, shrunk: the smallest exchange that shows it,
// and the finding that names it.
type Failure struct {
	Case     Case
	Exchange *contract.Exchange
	Finding  contract.Finding
	Count    int // requests that showed the fault
	Steps    int // requests sent to shrink it
	op       *contract.Operation
}

// Run probes the operations of the specs.
func Run(ctx context.Context, opts Options) (*Result, error) {
	base, err := outbound.NewBase(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := opts.Credentials.Check(); err != nil {
		return nil, err
	}
	ops, err := selectOperations(opts.Specs, opts.Operations)
	if err != nil {
		return nil, err
	}
	own := opts.Client == nil
	opts.defaults()
	if own { // the run's own client: its connections end with the run
		defer opts.Client.CloseIdleConnections()
	}
	vopts := opts.Validator
	vopts.ErrorResponses = true
	p := &prober{opts: opts, base: base, v: contract.NewValidator(opts.Specs, vopts), res: &Result{PerOperation: map[string]int{}}}
	budget, cancel := context.WithTimeout(ctx, opts.Budget)
	defer cancel()
	for _, op := range ops {
		if !opts.AllowWrites && isWrite(op.Method) {
			p.res.Skipped++
			p.res.Findings = append(p.res.Findings, skipped(op))
			continue
		}
		p.operation(budget, op)
		if budget.Err() != nil {
			break
		}
	}
	p.sequences(budget, ops)
	p.workflows(budget, ops)
	p.res.Stopped = ctx.Err() != nil
	p.res.OutOfTime = !p.res.Stopped && budget.Err() != nil
	return p.res, nil
}

func (o *Options) defaults() {
	if o.MaxExamples <= 0 {
		o.MaxExamples = 100
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Budget <= 0 {
		o.Budget = 10 * time.Minute
	}
	if o.ShrinkSteps <= 0 {
		o.ShrinkSteps = 200
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 64 << 20
	}
	if o.Client == nil {
		o.Client = outbound.NewClient(o.Workers, o.Timeout)
	}
}

// UnknownOperationError says that an operation to probe is defined by no
// spec.
type UnknownOperationError struct{ Operation string }

func (e *UnknownOperationError) Error() string {
	return e.Operation + ": no spec defines this operation"
}

func selectOperations(specs []*contract.Spec, ids []string) ([]*contract.Operation, error) {
	var out []*contract.Operation
	found := map[string]bool{}
	for _, s := range specs {
		for _, o := range s.Operations {
			for _, id := range ids {
				if strings.EqualFold(id, o.ID) {
					found[strings.ToLower(id)] = true
				}
			}
			if len(ids) == 0 || found[strings.ToLower(o.ID)] {
				out = append(out, o)
			}
		}
	}
	for _, id := range ids {
		if !found[strings.ToLower(id)] {
			return nil, &UnknownOperationError{Operation: id}
		}
	}
	return out, nil
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return false
	}
	return true
}

// seedOf is the seed of an operation's generator: the run's seed and the
// operation, so that selecting other operations changes no request.
func seedOf(seed uint64, op *contract.Operation) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(op.Method + " " + op.Path))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

func skipped(op *contract.Operation) contract.Finding {
	rule, _ := contract.LookupRule(contract.RuleProbeSkipped)
	return contract.Finding{Rule: rule.ID, Severity: rule.Severity, Operation: op.Name(), Source: source(op, ""), In: "request",
		Actual:  op.Method + " not probed",
		Message: fmt.Sprintf("%s %s changes state on the server, so it was not probed; probe it with --allow-writes against an account where that is safe.", op.Method, op.ID)}
}

func source(op *contract.Operation, entry string) string {
	s := contract.Source{Name: "probe/" + op.ID, Entry: entry}
	return s.At("")
}

var errNotSent = errors.New("not sent")

// Operation is the operation of the failure's request.
func (f *Failure) Operation() *contract.Operation { return f.op }
