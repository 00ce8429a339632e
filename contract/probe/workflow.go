package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// workflows runs each workflow's steps in order, each with the values of
// its inputs and the steps before it; a step whose success criteria do not
// hold, or whose call fails, ends its workflow with a workflow-step-failed
// finding.
func (p *prober) workflows(ctx context.Context, ops []*contract.Operation) {
	for _, wf := range p.opts.Workflows {
		p.workflow(ctx, wf, ops)
	}
}

func (p *prober) workflow(ctx context.Context, wf Workflow, ops []*contract.Operation) {
	outputs := map[string]map[string]any{}
	for _, st := range wf.Steps {
		if ctx.Err() != nil {
			return
		}
		op := byID(ops, st.OperationID)
		if op == nil {
			p.stepFailed(nil, wf, st, nil, "its operation "+st.OperationID+" is not one the specs define (or one --operation selects)")
			return
		}
		if !p.opts.AllowWrites && isWrite(op.Method) {
			p.res.Findings = append(p.res.Findings, skipped(op))
			return
		}
		m := newModel(op, p.opts.Vars)
		in := input{params: map[string]any{}}
		for k, v := range m.base(false).params {
			in.params[k] = v
		}
		eval := func(v any) any { return resolve(v, wf.Inputs, outputs) }
		for _, prm := range st.Parameters {
			where := prm.In
			if where == "" {
				where = paramIn(m, prm.Name)
			}
			in.params[where+":"+prm.Name] = eval(prm.Value)
		}
		if st.RequestBody != nil {
			in.body, in.hasBody = substitute(st.RequestBody.Payload, eval), true
		} else if m.bodyReq {
			in.body, in.hasBody = m.base(false).body, true
		}
		c := Case{Positive: true, Name: "workflow " + wf.ID + " step " + st.ID, in: in}
		o := p.try(ctx, m, c, sendable{}, 0)
		if o.fault == errNotSent {
			return
		}
		if o.ex == nil || o.ex.Response == nil {
			p.stepFailed(op, wf, st, o, "the call failed")
			return
		}
		o.ex.Source = contract.Source{Name: "workflow/" + wf.ID, Entry: "step " + st.ID}
		p.res.Followed++
		for _, f := range o.findings {
			if f.Rule != contract.RuleValidRequestRejected && f.Rule != contract.RuleInvalidRequestAccepted {
				f.Source = o.ex.Source.At("response")
				p.res.Findings = append(p.res.Findings, f)
			}
		}
		var body any
		_ = json.Unmarshal(o.ex.Response.Body, &body)
		here := func(expr string) any { return stepValue(expr, o.ex.Response, body) }
		for _, cr := range st.Criteria {
			l, op2, r, _ := parseCondition(cr.Condition)
			got := text(here(l))
			if !holds(got, op2, r) {
				p.stepFailed(op, wf, st, o, fmt.Sprintf("its success criterion %q does not hold (%s is %s)", cr.Condition, l, got))
				return
			}
		}
		outputs[st.ID] = map[string]any{}
		for name, expr := range st.Outputs {
			outputs[st.ID][name] = here(expr)
		}
	}
}

func byID(ops []*contract.Operation, id string) *contract.Operation {
	id = id[strings.LastIndexByte(id, '.')+1:] // $sourceDescriptions.name.opId
	for _, o := range ops {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// resolve is the value of a runtime expression of the inputs and earlier
// steps ($inputs.x, $steps.id.outputs.y), else v itself.
func resolve(v any, inputs map[string]any, outputs map[string]map[string]any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	if name, ok := strings.CutPrefix(s, "$inputs."); ok {
		return inputs[name]
	}
	if rest, ok := strings.CutPrefix(s, "$steps."); ok {
		step, name, _ := strings.Cut(rest, ".outputs.")
		return outputs[step][name]
	}
	return v
}

// substitute resolves the runtime expressions among a payload's values.
func substitute(v any, eval func(any) any) any {
	switch t := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range t {
			out[k] = substitute(e, eval)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = substitute(e, eval)
		}
		return out
	}
	return eval(v)
}

// stepValue is the value of an expression of a step's response:
// $statusCode, $response.body#/ptr, $response.header.X; else the text.
func stepValue(expr string, r *contract.Response, body any) any {
	switch {
	case expr == "$statusCode":
		return strconv.Itoa(r.Status)
	case strings.HasPrefix(expr, "$response.body#"):
		v, _ := at(body, strings.TrimPrefix(expr, "$response.body#"))
		return v
	case expr == "$response.body":
		return body
	case strings.HasPrefix(expr, "$response.header."):
		return r.Header.Get(strings.TrimPrefix(expr, "$response.header."))
	}
	return expr
}

func (p *prober) stepFailed(op *contract.Operation, wf Workflow, st Step, o *outcome, why string) {
	r, _ := contract.LookupRule(contract.RuleWorkflowStepFailed)
	f := contract.Finding{Rule: r.ID, Severity: r.Severity, Source: fmt.Sprintf("workflow/%s#step %s", wf.ID, st.ID), In: "response", Pointer: st.ID,
		Message: fmt.Sprintf("Step %s of workflow %s failed: %s.", st.ID, wf.ID, why)}
	if op != nil {
		f.Operation, f.Spec = op.Name(), op.Spec.Locate(op.Pointer)
	}
	if o != nil && o.ex != nil {
		f.Message = strings.TrimSuffix(f.Message, ".") + " (" + requestLine(o.ex.Request) + ")."
		if o.ex.Response != nil {
			f.Actual = strconv.Itoa(o.ex.Response.Status)
		}
	}
	p.res.Findings = append(p.res.Findings, f)
}
