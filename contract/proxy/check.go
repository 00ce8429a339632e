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
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return nil // an upgraded connection is passed on, not validated
	}
	status, header := resp.StatusCode, resp.Header.Clone()
	if !p.opts.Enforce {
		resp.Body = newCapture(resp.Body, resp.ContentLength, p.opts.MaxBody, func(c *capture) {
			p.later(func() { p.check(st, status, header, c.snapshot(), nil) })
		})
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
	if st.in.Context().Err() != nil && !errors.Is(err, context.DeadlineExceeded) || st.reqBody.snapshot().err != nil {
		// The client went away or its request body failed: nothing the
		// upstream did, and no one to answer.
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	findings := p.check(st, 0, nil, snapshot{}, err)
	fault := findings[len(findings)-1]
	writeProblem(w, http.StatusBadGateway, problem{Type: "urn:specdrift:problem:" + string(fault.Rule), Title: "The upstream failed",
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
	ex := &contract.Exchange{Source: st.source(), Request: contract.Request{Method: st.in.Method, URL: st.in.URL.RequestURI(), Header: st.in.Header}}
	if req.complete && !req.over {
		ex.Request.Body = req.body
	}
	if status != 0 && resp.err == nil {
		ex.Response = &contract.Response{Status: status, Header: header}
		if resp.complete && !resp.over {
			ex.Response.Body = resp.body
		}
	}
	var findings []contract.Finding
	var op *contract.Operation
	res, err := p.opts.Validator.Validate(context.Background(), ex)
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
	name := "(unknown)"
	if op != nil {
		name = op.Name()
	}
	// Bodies not seen whole are not judged.
	unseen := func(side string, s snapshot) {
		findings = dropIn(findings, side+".body")
		if s.over {
			r, _ := contract.LookupRule(contract.RuleBodyTooLarge)
			findings = append(findings, contract.Finding{Rule: r.ID, Severity: r.Severity, Operation: name, Source: ex.Source.String(), In: side + ".body",
				Expected: fmt.Sprintf("at most %d bytes to validate", p.opts.MaxBody), Actual: fmt.Sprintf("more than %d bytes", p.opts.MaxBody),
				Message: fmt.Sprintf("The %s body is larger than the validation limit (--max-body %d): it was passed on unchanged but not validated.", side, p.opts.MaxBody)})
		}
	}
	if req.over || !req.complete {
		unseen("request", req)
	}
	if ex.Response != nil && (resp.over || !resp.complete) {
		unseen("response", resp)
	}
	if fault == nil {
		fault = resp.err
	}
	if fault != nil {
		findings = dropIn(findings, "response")
		findings = append(findings, traffic.FaultFinding(fault, ex.Source, name, p.upstream, p.opts.Timeout))
	}
	for i := range findings {
		findings[i] = p.opts.Validator.Redactor().Finding(findings[i])
	}
	p.log(name, findings)
	if p.opts.Recorder != nil && ex.Response != nil && fault == nil && req.complete && !req.over && resp.complete && !resp.over {
		ex.Request.URL = p.upstream + ex.Request.URL
		if err := p.opts.Recorder.Record(ex, op); err != nil {
			p.opts.ErrorLog.Printf("specdrift proxy: recording %s: %v", ex.Source, err)
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
	p.summary.add(operation, fs)
	if buf.Len() > 0 {
		if _, err := p.opts.Log.Write(buf.Bytes()); err != nil {
			p.opts.ErrorLog.Printf("specdrift proxy: writing the log: %v", err)
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
