package probe

import (
	"context"
	"math"
	"strconv"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/engine"
)

// shrink replaces a failure's case with the smallest one that still shows
// the same fault: optional parameters and fields left out, arrays
// shortened, strings cut, numbers brought toward zero, one step at a time,
// each step kept only if the validator still classifies the request as
// the case was and the response still shows the fault.
func (p *prober) shrink(ctx context.Context, m *model, fl *Failure, fault string) {
	for fl.Steps < p.opts.ShrinkSteps && ctx.Err() == nil {
		improved := false
		for _, cand := range p.smaller(m, fl.Case.in) {
			if fl.Steps >= p.opts.ShrinkSteps || ctx.Err() != nil {
				break
			}
			c := fl.Case
			c.in = cand
			s, err := p.build(ctx, m, cand)
			if err != nil || !p.classified(c, s.ex) {
				continue
			}
			if size(s.ex.Request) >= size(fl.Exchange.Request) {
				continue
			}
			fl.Steps++
			o := p.try(ctx, m, c, s, 0)
			if o.fault != nil && o.fault != errNotSent && o.findings == nil {
				continue
			}
			for _, f := range o.findings {
				if faultKey(f) == fault {
					o.ex.Source = fl.Exchange.Source
					fl.Case, fl.Exchange, fl.Finding = c, o.ex, f
					improved = true
					break
				}
			}
			if improved {
				break
			}
		}
		if !improved {
			return
		}
	}
}

// size is how large a request is: what is sent of it, in bytes.
func size(r contract.Request) int {
	n := len(r.URL) + len(r.Body)
	for k, vs := range r.Header {
		for _, v := range vs {
			n += len(k) + len(v)
		}
	}
	return n
}

// smaller are the requests one step smaller than in.
func (p *prober) smaller(m *model, in input) []input {
	var out []input
	for _, prm := range m.params {
		k := prm.In + ":" + prm.Name
		v, ok := in.params[k]
		if _, fixed := m.fixed[prm.Name]; !ok || fixed {
			continue
		}
		if !prm.Required {
			c := in.clone()
			delete(c.params, k)
			if g := m.groups[prm.Name]; g > 0 {
				for _, q := range m.params {
					if m.groups[q.Name] == g {
						delete(c.params, q.In+":"+q.Name)
					}
				}
			}
			out = append(out, c)
		}
		for _, s := range smallerValues(v) {
			c := in.clone()
			c.params[k] = s
			out = append(out, c)
		}
	}
	if in.hasBody && in.rawBody == nil {
		var walk func(v any, ptr string)
		walk = func(v any, ptr string) {
			switch t := v.(type) {
			case map[string]any:
				for _, name := range sortedKeys(t) {
					c := in.clone()
					if setAt(&c.body, ptr+"/"+engine.EscapePointer(name), nil, true) {
						out = append(out, c)
					}
					walk(t[name], ptr+"/"+engine.EscapePointer(name))
				}
			case []any:
				for i, e := range t {
					walk(e, ptr+"/"+strconv.Itoa(i))
				}
			}
			for _, s := range smallerValues(v) {
				c := in.clone()
				if setAt(&c.body, ptr, s, false) {
					out = append(out, c)
				}
			}
		}
		walk(in.body, "")
	}
	return out
}

// smallerValues are values one step smaller than v: a shorter array or
// string, a number nearer zero.
func smallerValues(v any) []any {
	switch t := v.(type) {
	case []any:
		if len(t) == 0 {
			return nil
		}
		return []any{deepCopy(t[:len(t)/2]), deepCopy(t[:len(t)-1])}
	case string:
		if t == "" {
			return nil
		}
		return []any{t[:len(t)/2], t[:len(t)-1]}
	case float64:
		if t == 0 {
			return nil
		}
		return []any{0.0, math.Trunc(t / 2)}
	case int64:
		if t == 0 {
			return nil
		}
		return []any{int64(0), t / 2}
	case int:
		if t == 0 {
			return nil
		}
		return []any{0, t / 2}
	}
	return nil
}
