package probe

import (
	"fmt"
	"strconv"
	"time"

	"github.com/specdrift/specdrift/contract"
)

// check validates the response of a case, and holds it to what the case
// expects: no server error, a positive request accepted, a negative one
// rejected with a client error, in time.
func (p *prober) check(m *model, c Case, ex *contract.Exchange, took time.Duration) []contract.Finding {
	out := p.v.ValidateResponse(ex, m.op).Findings // the request was classified as it was built
	status := ex.Response.Status
	code := strconv.Itoa(status)
	add := func(rule contract.RuleID, pointer, expected, msg string) {
		r, _ := contract.LookupRule(rule)
		out = append(out, contract.Finding{Rule: rule, Severity: r.Severity, Operation: m.op.Name(), Source: ex.Source.At("response"),
			In: "response.status", Pointer: pointer, Spec: m.op.Spec.Locate(m.op.Pointer + "/responses"), Expected: expected, Actual: code, Message: msg})
	}
	switch {
	case status >= 500:
		add(contract.RuleServerError, code, "a status below 500", fmt.Sprintf("%s answered %s, a server error.", m.op.ID, code))
	case !c.Positive && status >= 200 && status < 300:
		add(contract.RuleInvalidRequestAccepted, c.Breaks, "a client error (4xx)",
			fmt.Sprintf("%s accepted a request that breaks %s: it should refuse it with a documented client error.", m.op.ID, c.Breaks))
	case c.Positive && status >= 400 && status < 500 && status != 404 && m.succeeds():
		add(contract.RuleValidRequestRejected, code, "a status below 400",
			fmt.Sprintf("%s refused a request that satisfies its spec with %s.", m.op.ID, code))
	}
	if p.opts.Latency > 0 && took > p.opts.Latency {
		r, _ := contract.LookupRule(contract.RuleSlowResponse)
		out = append(out, contract.Finding{Rule: r.ID, Severity: r.Severity, Operation: m.op.Name(), Source: ex.Source.At("response"),
			In: "response", Expected: "within " + p.opts.Latency.String(), Actual: took.Round(time.Millisecond).String(),
			Message: fmt.Sprintf("%s took %s to answer, over the budget of %s.", m.op.ID, took.Round(time.Millisecond), p.opts.Latency)})
	}
	return out
}

// succeeds says whether the operation documents a response that is not an
// error (below 400, or default): one that documents only errors cannot be
// said to refuse a request wrongly.
func (m *model) succeeds() bool {
	for _, k := range m.op.Statuses() {
		if n, err := strconv.Atoi(k); err == nil && n < 400 || k == "default" || k == "1XX" || k == "2XX" || k == "3XX" {
			return true
		}
	}
	return false
}
