package probe

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// created is a positive request of an operation that changes state, and
// its 2xx exchange: the start of a sequence.
type created struct {
	m  *model
	c  Case
	ex *contract.Exchange
}

// maxCreated is how many exchanges of each operation start sequences.
const maxCreated = 2

// sequences follows each created exchange: the OpenAPI links of its
// response, and where the spec has none the obvious ones: the list of the
// same path must contain the ID the create returned, and the calls that
// take an ID of that name (in their path or query) must accept it.
func (p *prober) sequences(ctx context.Context, ops []*contract.Operation) {
	models := map[*contract.Operation]*model{}
	modelOf := func(o *contract.Operation) *model {
		if models[o] == nil {
			models[o] = newModel(o, p.opts.Vars)
		}
		return models[o]
	}
	for _, cr := range p.created {
		if ctx.Err() != nil {
			return
		}
		links := p.links(cr, ops)
		if len(links) == 0 {
			links = inferredLinks(cr, ops)
		}
		for _, l := range links {
			if !p.opts.AllowWrites && isWrite(l.op.Method) {
				continue
			}
			p.follow(ctx, cr, modelOf(l.op), l)
		}
	}
}

// link is a call that follows a created exchange: the operation and the
// values it takes from the exchange, by parameter ("in:name").
type link struct {
	op     *contract.Operation
	name   string // the OpenAPI link's name, or how it was inferred
	values map[string]any
	lists  any // for the list of a create: the ID it must contain
}

// links are the OpenAPI links of the created exchange's response.
func (p *prober) links(cr created, ops []*contract.Operation) []link {
	ref := cr.m.op.Op.Responses.Value(strconv.Itoa(cr.ex.Response.Status))
	if ref == nil || ref.Value == nil {
		return nil
	}
	var body any
	_ = json.Unmarshal(cr.ex.Response.Body, &body)
	var out []link
	for _, name := range sortedKeys(ref.Value.Links) {
		l := ref.Value.Links[name].Value
		if l == nil {
			continue
		}
		for _, o := range ops {
			if o.ID != l.OperationID || l.OperationID == "" {
				continue
			}
			target := newModel(o, nil)
			lk := link{op: o, name: "link " + name, values: map[string]any{}}
			for pname, expr := range l.Parameters {
				v, ok := evaluate(expr, cr, body)
				if !ok {
					continue
				}
				in, bare, found := strings.Cut(pname, ".")
				if !found {
					bare, in = pname, paramIn(target, pname)
				}
				lk.values[in+":"+bare] = v
			}
			out = append(out, lk)
		}
	}
	return out
}

func paramIn(m *model, name string) string {
	for _, p := range m.params {
		if p.Name == name {
			return p.In
		}
	}
	return "path"
}

// evaluate reads a runtime expression of a link: $response.body#/ptr,
// $request.path.name, $request.query.name, or a constant.
func evaluate(expr any, cr created, body any) (any, bool) {
	s, ok := expr.(string)
	if !ok || !strings.HasPrefix(s, "$") {
		return expr, true
	}
	switch {
	case strings.HasPrefix(s, "$response.body#"):
		return at(body, strings.TrimPrefix(s, "$response.body#"))
	case strings.HasPrefix(s, "$request.path."), strings.HasPrefix(s, "$request.query."), strings.HasPrefix(s, "$request.header."):
		in, name, _ := strings.Cut(strings.TrimPrefix(s, "$request."), ".")
		v, ok := cr.c.in.params[in+":"+name]
		return v, ok
	case strings.HasPrefix(s, "$response.header."):
		v := cr.ex.Response.Header.Get(strings.TrimPrefix(s, "$response.header."))
		return v, v != ""
	}
	return nil, false
}

// inferredLinks are the obvious calls after a create: the list of the same
// path (given the ID where it filters by it) must contain the ID, and the
// operations whose path or query takes a parameter of the ID's name, or
// a path below the create's, must accept it.
func inferredLinks(cr created, ops []*contract.Operation) []link {
	name, id, ok := createdID(cr.ex.Response.Body)
	if !ok || cr.m.op.Method != "POST" {
		return nil
	}
	var out []link
	for _, o := range ops {
		if o == cr.m.op || o.Method != "GET" && o.Method != "DELETE" && o.Method != "PUT" && o.Method != "PATCH" {
			continue
		}
		lk := link{op: o, name: "inferred from " + name, values: map[string]any{}}
		for _, p := range cr.m.params { // the create's own path values (domain_id)
			if p.In == "path" {
				lk.values["path:"+p.Name] = cr.c.in.params["path:"+p.Name]
			}
		}
		uses := false
		for _, p := range newModel(o, nil).params {
			below := p.In == "path" && strings.HasPrefix(o.Path, cr.m.op.Path+"/{"+p.Name+"}")
			if (p.In == "path" || p.In == "query") && (p.Name == name || below) {
				lk.values[p.In+":"+p.Name] = id
				uses = true
			}
		}
		if o.Path == cr.m.op.Path && o.Method == "GET" {
			lk.lists, lk.name = id, "list after create"
			out = append(out, lk)
		} else if uses {
			out = append(out, lk)
		}
	}
	return out
}

// createdID is the ID a create's response returns: a field "id" at the top
// of the body, or of its only object field ({"authorisation": {"id": ...}}).
func createdID(body []byte) (string, any, bool) {
	var v map[string]any
	if json.Unmarshal(body, &v) != nil {
		return "", nil, false
	}
	if id, ok := v["id"]; ok {
		return "id", id, true
	}
	var found []map[string]any
	for _, e := range v {
		if obj, ok := e.(map[string]any); ok {
			found = append(found, obj)
		}
	}
	if len(found) == 1 {
		if id, ok := found[0]["id"]; ok {
			return "id", id, true
		}
	}
	return "", nil, false
}

// follow makes the call of a link and checks it: the response validates,
// the call succeeds, and a list contains the ID.
func (p *prober) follow(ctx context.Context, cr created, m *model, l link) {
	in := m.base(false)
	for k, v := range l.values {
		if v != nil {
			in.params[k] = v
		}
	}
	for _, prm := range m.params {
		if val, ok := in.params[prm.In+":"+prm.Name]; ok && prm.Schema != nil && prm.Schema.Value != nil && prm.Schema.Value.Type.Is("array") {
			if _, isList := val.([]any); !isList {
				in.params[prm.In+":"+prm.Name] = []any{val}
			}
		}
	}
	c := Case{Positive: true, Name: fmt.Sprintf("%s %s (%s)", cr.m.op.ID, m.op.ID, l.name), in: in}
	s, err := p.build(ctx, m, in)
	if err != nil || !p.classified(c, s.ex) {
		return // the value returned does not fit the parameter: no call to make
	}
	o := p.try(ctx, m, c, s, len(p.res.Failures))
	if o.fault == errNotSent || o.ex == nil || o.ex.Response == nil {
		return
	}
	p.res.Followed++
	o.ex.Source = contract.Source{Name: "probe/" + cr.m.op.ID + "+" + m.op.ID}
	var fs []contract.Finding
	for _, f := range o.findings {
		if f.Rule != contract.RuleValidRequestRejected {
			fs = append(fs, f)
		}
	}
	add := func(rule contract.RuleID, expected, actual, msg string) {
		r, _ := contract.LookupRule(rule)
		fs = append(fs, contract.Finding{Rule: rule, Severity: r.Severity, Operation: m.op.Name(), Source: o.ex.Source.At("response"),
			In: "response", Pointer: cr.m.op.ID, Spec: m.op.Spec.Locate(m.op.Pointer), Expected: expected, Actual: actual, Message: msg})
	}
	status := o.ex.Response.Status
	switch {
	case status >= 400:
		add(contract.RuleLinkFailed, "a status below 400", strconv.Itoa(status),
			fmt.Sprintf("%s, called with what %s returned (%s), answered %d.", m.op.ID, cr.m.op.ID, l.name, status))
	case l.lists != nil && !contains(o.ex.Response.Body, l.lists):
		add(contract.RuleCreatedNotListed, fmt.Sprintf("an item with ID %v", l.lists), "not in the list",
			fmt.Sprintf("%s created an item with ID %v, and %s does not list it.", cr.m.op.ID, l.lists, m.op.ID))
	}
	for _, f := range fs {
		f.Message = strings.TrimSuffix(f.Message, ".") + fmt.Sprintf(" (after %s; the calls: %s, then %s)", requestLine(cr.ex.Request), cr.c.Name, requestLine(o.ex.Request))
		p.res.Failures = append(p.res.Failures, &Failure{Case: c, Exchange: o.ex, Finding: f, Count: 1, op: m.op})
		p.res.Findings = append(p.res.Findings, f)
	}
}

// contains says whether a JSON body holds the value anywhere.
func contains(body []byte, id any) bool {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	want := text(id)
	var walk func(v any) bool
	walk = func(v any) bool {
		switch t := v.(type) {
		case map[string]any:
			for _, e := range t {
				if walk(e) {
					return true
				}
			}
		case []any:
			for _, e := range t {
				if walk(e) {
					return true
				}
			}
		default:
			return text(t) == want
		}
		return false
	}
	return walk(v)
}
