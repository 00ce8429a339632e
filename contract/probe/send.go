package probe

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
// shrinks each fault found.
func (p *prober) operation(ctx context.Context, op *contract.Operation) {
	m := newModel(op, p.opts.Vars)
	var kept []Case
	var built []*http.Request // each kept case's request, as classified
	seen := map[string]bool{}
	for _, c := range m.cases(p.opts.MaxExamples, seedOf(p.opts.Seed, op)) {
		if len(kept) == p.opts.MaxExamples {
			break
		}
		r, err := m.request(c.in)
		k := fmt.Sprint(c.in.noCreds, " ", r.Method, " ", r.URL, "\x00", string(r.Body))
		if err != nil || seen[k] {
			continue // the same request, credentials aside, is sent once
		}
		seen[k] = true
		p.res.Generated++
		req, err := p.build(ctx, m, c.in)
		if err != nil || !p.classified(m, c, req) {
			p.res.Dropped++
			continue
		}
		kept, built = append(kept, c), append(built, req)
	}
	outs := make([]*outcome, len(kept))
	work := make(chan int)
	var wg sync.WaitGroup
	for range p.opts.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				outs[i] = p.try(ctx, m, kept[i], built[i], i)
			}
		}()
	}
feed:
	for i := range kept {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
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

// build makes the request of in as it will be sent, credentials placed.
func (p *prober) build(ctx context.Context, m *model, in input) (*http.Request, error) {
	r, err := m.request(in)
	if err != nil {
		return nil, err
	}
	target, err := p.base.Target(r.URL)
	if err != nil {
		return nil, err
	}
	creds := p.opts.Credentials
	if in.noCreds {
		creds = outbound.Credentials{}
	}
	return p.base.NewRequest(ctx, r.Method, target, r.Header, r.Body, creds, m.op.Security())
}

// exchangeOf is the request half of an exchange of req, as validation and
// recording see it: the path and query, the headers, the body.
func exchangeOf(m *model, req *http.Request, src string) *contract.Exchange {
	var body []byte
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			body, _ = io.ReadAll(rc)
		}
	}
	h := req.Header.Clone()
	return &contract.Exchange{Source: contract.Source{Name: src}, Operation: m.op.ID,
		Request: contract.Request{Method: req.Method, URL: req.URL.RequestURI(), Header: h, Body: body}}
}

// classified says whether the validator agrees with the case: a positive
// request has no finding at all, a negative one breaks the spec.
func (p *prober) classified(m *model, c Case, req *http.Request) bool {
	res, err := p.v.Validate(context.Background(), exchangeOf(m, req, ""))
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

// try sends a case (its request req, or built anew when nil) and checks
// its response.
func (p *prober) try(ctx context.Context, m *model, c Case, req *http.Request, i int) *outcome {
	if ctx.Err() != nil {
		return &outcome{fault: errNotSent}
	}
	if req == nil {
		var err error
		if req, err = p.build(ctx, m, c.in); err != nil {
			return &outcome{fault: errNotSent}
		}
	}
	ex := exchangeOf(m, req, "")
	ex.Source = contract.Source{Name: "probe/" + m.op.ID, Entry: fmt.Sprintf("case %d", i+1)}
	start := time.Now()
	fault := p.send(ctx, ex, req)
	took := time.Since(start)
	p.mu.Lock()
	p.res.Sent++
	p.mu.Unlock()
	if fault != nil {
		if ctx.Err() != nil {
			return &outcome{fault: errNotSent}
		}
		f := traffic.FaultFinding(fault, ex.Source, m.op.Name(), p.base.String(), p.opts.Timeout)
		if f.Rule == contract.RuleUpstreamUnreachable {
			p.mu.Lock()
			p.res.Unreachable++
			p.mu.Unlock()
		}
		return &outcome{ex: ex, fault: fault, findings: []contract.Finding{f}}
	}
	return &outcome{ex: ex, findings: p.check(m, c, ex, took)}
}

func (p *prober) send(ctx context.Context, ex *contract.Exchange, req *http.Request) error {
	ctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	resp, err := p.opts.Client.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, p.opts.MaxBody))
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
