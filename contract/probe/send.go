package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/outbound"
	"github.com/specdrift/specdrift/contract/traffic"
)

type prober struct {
	opts Options
	base *outbound.Base
	v    *contract.Validator
	res  *Result
	mu   sync.Mutex
	// created are the exchanges that start sequences.
	created []created
}

// outcome is one case sent: its exchange and what the checks found.
type outcome struct {
	ex       *contract.Exchange
	findings []contract.Finding
	fault    error
}

// operation probes one operation: generates its cases, keeps those the
// validator classifies as intended, sends them, checks each response, and
// shrinks each fault found. Each case kept is sent while the next ones are
// generated and classified.
func (p *prober) operation(ctx context.Context, op *contract.Operation) {
	m := newModel(op, p.opts.Vars)
	type job struct {
		i int
		c Case
		s sendable
	}
	outs := make([]*outcome, p.opts.MaxExamples)
	// Workers requests in flight; each response is checked beside them, so
	// that a worker sends its next request meanwhile.
	type answer struct {
		job
		o    *outcome
		took time.Duration
	}
	work, answers := make(chan job, p.opts.Workers), make(chan answer, p.opts.Workers)
	var senders, checkers sync.WaitGroup
	for range p.opts.Workers {
		senders.Add(1)
		go func() {
			defer senders.Done()
			for j := range work {
				o, took := p.deliver(ctx, m, j.c, j.s, j.i)
				if o.fault != nil {
					outs[j.i] = o
					continue
				}
				answers <- answer{j, o, took}
			}
		}()
		checkers.Add(1)
		go func() {
			defer checkers.Done()
			for a := range answers {
				a.o.findings = p.check(m, a.c, a.o.ex, a.took)
				outs[a.i] = a.o
			}
		}()
	}
	var kept []Case
	seen := map[string]bool{}
	for c := range m.each(p.opts.MaxExamples, seedOf(p.opts.Seed, op)) {
		if len(kept) == p.opts.MaxExamples || ctx.Err() != nil {
			break
		}
		r, err := m.request(c.in)
		if err != nil {
			continue
		}
		k := strconv.FormatBool(c.in.noCreds) + " " + r.Method + " " + r.URL + "\x00" + string(r.Body)
		if seen[k] {
			continue // the same request, credentials aside, is sent once
		}
		seen[k] = true
		p.res.Generated++
		s, err := p.buildFrom(ctx, m, c.in, r)
		if err != nil || !p.classified(c, s.ex) {
			p.res.Dropped++
			continue
		}
		select {
		case work <- job{len(kept), c, s}:
			kept = append(kept, c)
		case <-ctx.Done():
		}
	}
	close(work)
	senders.Wait()
	close(answers)
	checkers.Wait()
	outs = outs[:len(kept)]
	starts := 0
	for i, o := range outs {
		if o == nil || o.fault == errNotSent {
			continue
		}
		p.res.PerOperation[op.ID]++
		if !kept[i].Positive {
			p.res.Negatives++
		}
		if r := o.ex.Response; r != nil && kept[i].Positive && isWrite(op.Method) && r.Status/100 == 2 && starts < maxCreated {
			p.created = append(p.created, created{m: m, c: kept[i], ex: o.ex})
			starts++
		}
	}
	faults := map[string]*Failure{}
	var order []string
	for i, o := range outs {
		if o == nil || o.fault == errNotSent {
			continue
		}
		for _, f := range o.findings {
			k := faultKey(f)
			if fl := faults[k]; fl != nil {
				fl.Count++
				continue
			}
			faults[k] = &Failure{Case: kept[i], Exchange: o.ex, Finding: f, Count: 1, op: op}
			order = append(order, k)
		}
	}
	for _, k := range order {
		fl := faults[k]
		if ctx.Err() == nil && fl.Finding.Rule != contract.RuleUpstreamUnreachable {
			p.shrink(ctx, m, fl, k)
		}
		fl.Finding.Message = fmt.Sprintf("%s (%s; %d of the %d requests sent showed it; the smallest request that does: %s)",
			strings.TrimSuffix(fl.Finding.Message, "."), fl.Case, fl.Count, len(kept), requestLine(fl.Exchange.Request))
		p.res.Failures = append(p.res.Failures, fl)
		p.res.Findings = append(p.res.Findings, fl.Finding)
	}
}

// sendable is a request as it will be sent, credentials placed, and the
// request half of its exchange, as validation and recording see it.
type sendable struct {
	req *http.Request
	ex  *contract.Exchange
}

// build makes the request of in as it will be sent.
func (p *prober) build(ctx context.Context, m *model, in input) (sendable, error) {
	r, err := m.request(in)
	if err != nil {
		return sendable{}, err
	}
	return p.buildFrom(ctx, m, in, r)
}

// buildFrom makes the request r of in as it will be sent: r's path and
// query under the base URL, its headers and body, credentials placed.
func (p *prober) buildFrom(ctx context.Context, m *model, in input, r contract.Request) (sendable, error) {
	target, err := p.base.Target(r.URL)
	if err != nil {
		return sendable{}, err
	}
	creds := p.opts.Credentials
	if in.noCreds {
		creds = outbound.Credentials{}
	}
	req, err := p.base.NewRequest(ctx, r.Method, target, r.Header, r.Body, creds, m.security)
	if err != nil {
		return sendable{}, err
	}
	// The request is sent with the body given and the header it was built
	// with, which nothing changes (the transport only reads it, a redactor
	// copies it): the exchange shares them.
	ex := &contract.Exchange{Operation: m.op.ID,
		Request: contract.Request{Method: req.Method, URL: req.URL.RequestURI(), Header: req.Header, Body: r.Body}}
	return sendable{req: req, ex: ex}, nil
}

// classified says whether the validator agrees with the case: a positive
// request has no finding at all, a negative one breaks the spec.
func (p *prober) classified(c Case, ex *contract.Exchange) bool {
	res, err := p.v.Judge(context.Background(), ex)
	if err != nil {
		return false
	}
	if c.Positive {
		return len(res.Findings) == 0
	}
	for _, f := range res.Findings {
		if contract.BreaksRequest(f.Rule) && f.Severity == contract.SeverityError {
			return true
		}
	}
	return false
}

// try sends a case (its request s, or built anew when s.req is nil) and
// checks its response.
func (p *prober) try(ctx context.Context, m *model, c Case, s sendable, i int) *outcome {
	o, took := p.deliver(ctx, m, c, s, i)
	if o.fault == nil {
		o.findings = p.check(m, c, o.ex, took)
	}
	return o
}

// deliver sends a case and reads its response, unchecked; a request that
// fails has the fault's finding.
func (p *prober) deliver(ctx context.Context, m *model, c Case, s sendable, i int) (*outcome, time.Duration) {
	if ctx.Err() != nil {
		return &outcome{fault: errNotSent}, 0
	}
	if s.req == nil {
		var err error
		if s, err = p.build(ctx, m, c.in); err != nil {
			return &outcome{fault: errNotSent}, 0
		}
	}
	req, ex := s.req, s.ex
	ex.Source = contract.Source{Name: "probe/" + m.op.ID, Entry: "case " + strconv.Itoa(i+1)}
	start := time.Now()
	fault := p.send(ctx, ex, req)
	took := time.Since(start)
	p.mu.Lock()
	p.res.Sent++
	p.mu.Unlock()
	if fault != nil {
		if ctx.Err() != nil {
			return &outcome{fault: errNotSent}, took
		}
		f := traffic.FaultFinding(fault, ex.Source, m.op.Name(), p.base.String(), p.opts.Timeout)
		if f.Rule == contract.RuleUpstreamUnreachable {
			p.mu.Lock()
			p.res.Unreachable++
			p.mu.Unlock()
		}
		return &outcome{ex: ex, fault: fault, findings: []contract.Finding{f}}, took
	}
	return &outcome{ex: ex}, took
}

func (p *prober) send(ctx context.Context, ex *contract.Exchange, req *http.Request) error {
	ctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	resp, err := p.opts.Client.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := readBody(io.LimitReader(resp.Body, p.opts.MaxBody), resp.ContentLength, p.opts.MaxBody)
	if err != nil {
		return err
	}
	ex.Response = &contract.Response{Status: resp.StatusCode, Header: resp.Header, Body: body}
	return nil
}

// faultKey is what makes two findings the same fault: the rule and the
// place, as baselines match them.
func faultKey(f contract.Finding) string {
	return string(f.Rule) + "|" + f.In + "|" + f.Pointer
}

// requestLine renders a request for a message: method, path and query, body.
func requestLine(r contract.Request) string {
	s := r.Method + " " + r.URL
	if len(r.Body) > 0 {
		b := string(r.Body)
		if len(b) > 200 {
			b = b[:200] + "..."
		}
		s += " " + b
	}
	return s
}

// readBody reads r to its end, into a buffer of the size the response
// declares (size, when it is known and at most limit) so that it is not
// grown as it is read.
func readBody(r io.Reader, size, limit int64) ([]byte, error) {
	if size < 0 || size > limit {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, size+1) // the one byte more reads the end without growing
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
