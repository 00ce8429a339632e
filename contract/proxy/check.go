package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/traffic"
)

// errEnforced withholds a drifting response (Enforce).
var errEnforced = errors.New("the response drifts from the spec")

func (p *Proxy) modifyResponse(resp *http.Response) error {
	st := stateOf(resp.Request)
	if st == nil {
		return nil
	}
	st.gotResp.Store(true)
	st.upstream = time.Since(st.start)
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// an upgraded connection is passed on, not validated
		st.upgrade = upgradePassed
		p.check(st, 0, nil, snapshot{}, nil)
		return nil
	}
	status, header := resp.StatusCode, resp.Header.Clone()
	if !p.opts.Enforce {
		c := newCapture(resp.Body, resp.ContentLength, p.opts.MaxBody, func(c *capture) {
			p.later(func() {
				p.check(st, status, header, c.snapshot(), nil)
				if c.reuse {
					c.recycle()
				}
			})
		})
		// Once validated, nothing holds the body but a recording.
		c.reuse = p.opts.Recorder == nil
		resp.Body = c
		return nil
	}
	// Enforce: the body is read before anything is passed on.
	c := newCapture(resp.Body, resp.ContentLength, p.opts.MaxBody, nil)
	body, err := io.ReadAll(io.LimitReader(c, p.opts.MaxBody+1))
	snap := c.snapshot()
	if err != nil {
		resp.Body.Close()
		return err
	}
	if snap.over {
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), resp.Body), resp.Body}
	} else {
		resp.Body.Close()
		snap.complete = true
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	findings := p.check(st, status, header, snap, nil)
	for _, f := range findings {
		if strings.HasPrefix(f.In, "response") && f.Severity >= p.opts.EnforceAt {
			st.enforced = append(st.enforced, f)
		}
	}
	if len(st.enforced) > 0 {
		resp.Body.Close()
		return errEnforced
	}
	return nil
}

// later runs a validation after the response has been delivered, in the
// background while there is room, so that it adds no latency; when every
// slot is taken it runs at once, which slows the proxy down rather than
// piling up work.
func (p *Proxy) later(fn func()) {
	p.pending.Add(1)
	select {
	case p.slots <- struct{}{}:
		go func() {
			defer func() { <-p.slots; p.pending.Done() }()
			fn()
		}()
	default:
		defer p.pending.Done()
		fn()
	}
}

func (p *Proxy) errorHandler(w http.ResponseWriter, r *http.Request, err error) {
	st := stateOf(r)
	if st == nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	if errors.Is(err, errEnforced) {
		detail := make([]string, 0, len(st.enforced))
		for _, f := range st.enforced {
			detail = append(detail, fmt.Sprintf("%s at %s %s: %s", f.Rule, f.In, f.Pointer, f.Message))
		}
		writeProblem(w, http.StatusBadGateway, problem{Type: "urn:specdrift:problem:drift", Title: "The upstream's response drifts from the spec",
			Detail: strings.Join(detail, "\n"), Instance: st.source().String(), Findings: st.enforced})
		return
	}
	if !waitedOnClient(st, err) && (st.in.Context().Err() != nil && !errors.Is(err, context.DeadlineExceeded) || st.reqBody.snapshot().err != nil) {
		// The client went away or its request body failed: nothing the
		// upstream did, and no one to answer.
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	findings := p.check(st, 0, nil, snapshot{}, err)
	fault := findings[len(findings)-1]
	status, title := http.StatusBadGateway, "The upstream failed"
	if fault.Rule == contract.RuleClientTimeout {
		status, title = http.StatusRequestTimeout, "The client was too slow"
	}
	writeProblem(w, status, problem{Type: "urn:specdrift:problem:" + string(fault.Rule), Title: title,
		Detail: fault.Message, Instance: st.source().String(), Findings: []contract.Finding{fault}})
}

func (st *state) source() contract.Source {
	return contract.Source{Name: st.in.URL.Path, Entry: "exchange " + strconv.FormatInt(st.seq, 10)}
}

// check validates one exchange, logs and counts its findings, and records
// it. A status of 0 means no response came: fault says why. The findings
// are returned redacted, the fault's last.
func (p *Proxy) check(st *state, status int, header http.Header, resp snapshot, fault error) []contract.Finding {
	req := st.reqBody.snapshot()
	reqView := p.view(st.in.Header, req)
	ex := &contract.Exchange{Source: st.source(), Request: contract.Request{Method: st.in.Method, URL: st.in.URL.RequestURI(), Host: p.opts.Upstream.Host, Header: st.in.Header, Body: reqView.body}}
	var respView view
	if status != 0 && resp.err == nil {
		respView = p.view(header, resp)
		ex.Response = &contract.Response{Status: status, Header: header, Body: respView.body}
	}
	var findings []contract.Finding
	var op *contract.Operation
	began := time.Now()
	res, err := p.opts.Validator.Validate(context.Background(), ex)
	validation := time.Since(began)
	var re *contract.RouteError
	switch {
	case errors.As(err, &re):
		findings = append(findings, re.Finding(ex.Source))
	case err != nil:
		p.opts.ErrorLog.Printf("specdrift proxy: %s: cannot validate: %v", ex.Source, err)
	default:
		op = res.Operation
		findings = res.Findings
	}
	name := UnknownOperation
	if op != nil {
		name = op.Name()
	}
	// Bodies not seen whole are not judged.
	if !reqView.whole {
		findings = p.unseen(findings, "request", reqView, name, ex.Source.String())
	}
	if ex.Response != nil && !respView.whole {
		findings = p.unseen(findings, "response", respView, name, ex.Source.String())
	}
	if fault == nil {
		fault = resp.err
	}
	if fault != nil {
		findings = dropIn(findings, "response")
		if waitedOnClient(st, fault) {
			findings = append(findings, p.clientTimeout(ex.Source, name))
		} else {
			findings = append(findings, traffic.FaultFinding(fault, ex.Source, name, p.upstream, p.opts.Timeout))
		}
	}
	if st.upgrade != noUpgrade {
		findings = append(findings, upgradeFinding(st, name, ex.Source.String()))
	}
	for i := range findings {
		findings[i] = p.opts.Validator.Redactor().Finding(findings[i])
	}
	p.log(name, findings)
	if p.opts.Observer != nil {
		obs := Observation{Operation: name, Findings: findings, Validation: validation}
		if ex.Response != nil {
			obs.Upstream = st.upstream
		}
		if !reqView.whole {
			obs.Skipped = append(obs.Skipped, reqView.skipped("request"))
		}
		if ex.Response != nil && !respView.whole {
			obs.Skipped = append(obs.Skipped, respView.skipped("response"))
		}
		p.opts.Observer.ObserveExchange(obs)
	}
	if p.opts.Recorder != nil && ex.Response != nil && fault == nil && reqView.whole && respView.whole {
		ex.Request.URL = p.upstream + ex.Request.URL
		ex.Request.Header, ex.Response.Header = recorded(ex.Request.Header, reqView), recorded(ex.Response.Header, respView)
		if err := p.opts.Recorder.Record(ex, op); err != nil {
			p.opts.ErrorLog.Printf("specdrift proxy: recording %s: %v", ex.Source, err)
			p.logMu.Lock()
			p.summary.failed(fmt.Errorf("recording %s: %w", ex.Source, err))
			p.logMu.Unlock()
		}
	}
	return findings
}

// dropIn leaves out the findings about a part of the exchange that was not
// seen whole ("request.body", or "response" for all of the response).
func dropIn(fs []contract.Finding, part string) []contract.Finding {
	out := fs[:0]
	for _, f := range fs {
		if f.In != part && !strings.HasPrefix(f.In, part+".") {
			out = append(out, f)
		}
	}
	return out
}

// log writes the findings as NDJSON and counts them.
func (p *Proxy) log(operation string, fs []contract.Finding) {
	var buf bytes.Buffer
	if p.opts.Log != nil {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for _, f := range fs {
			if err := enc.Encode(f); err != nil {
				p.opts.ErrorLog.Printf("specdrift proxy: %v", err)
			}
		}
	}
	p.logMu.Lock()
	defer p.logMu.Unlock()
	if warning := p.summary.add(operation, fs); warning != "" {
		p.opts.ErrorLog.Printf("specdrift proxy: warning: %s", warning)
	}
	if buf.Len() > 0 {
		if _, err := p.opts.Log.Write(buf.Bytes()); err != nil {
			p.opts.ErrorLog.Printf("specdrift proxy: writing the log: %v", err)
			p.summary.failed(fmt.Errorf("writing the log: %w", err))
		}
	}
}

// problem is an RFC 9457 problem detail.
type problem struct {
	Type     string             `json:"type"`
	Title    string             `json:"title"`
	Status   int                `json:"status"`
	Detail   string             `json:"detail,omitempty"`
	Instance string             `json:"instance,omitempty"`
	Findings []contract.Finding `json:"findings,omitempty"`
}

func writeProblem(w http.ResponseWriter, status int, pr problem) {
	pr.Status = status
	body, err := json.MarshalIndent(pr, "", "  ")
	if err != nil {
		body = []byte(`{"title":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
}
