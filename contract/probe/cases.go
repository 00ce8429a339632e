package probe

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Case is one generated request: positive (it satisfies every schema of
// its operation) or negative (it breaks one constraint, named by Breaks).
type Case struct {
	Positive bool
	Name     string // what it exercises: "example", "boundary query limit: maximum", ...
	Breaks   string // the constraint a negative case breaks: "body /authorisation/name: maxLength 64"
	in       input
}

// mutation breaks one constraint of a request.
type mutation struct {
	breaks string
	apply  func(in *input) bool // false: the request has no place for it
}

// cases generates the requests of the operation (each): all of them.
func (m *model) cases(n int, r *rand.Rand) []Case {
	var out []Case
	for c := range m.each(n, r) {
		out = append(out, c)
	}
	return out
}

// each generates requests of the operation, one at a time, as they are
// asked for: the examples, the required-only and all-optional requests,
// boundaries and negatives, then random ones drawn from r, up to 3n in
// all (more than n: some are dropped as misclassified). Stopping early
// changes none of the requests before.
func (m *model) each(n int, r *rand.Rand) iter.Seq[Case] {
	return func(yield func(Case) bool) {
		required, all := m.base(false), m.base(true)
		first := []Case{{Positive: true, Name: "example", in: m.example()}, {Positive: true, Name: "required only", in: required}, {Positive: true, Name: "all optional", in: all}}
		for _, c := range first {
			if !yield(c) {
				return
			}
		}
		bounds := m.bounds(all)
		muts := m.mutations()
		var negs []Case
		for _, mu := range muts {
			in := all.clone()
			if mu.apply(&in) {
				negs = append(negs, Case{Name: "negative", Breaks: mu.breaks, in: in})
			}
		}
		count := len(first)
		for i := 0; i < len(bounds) || i < len(negs); i++ { // both kinds, should n cut them short
			if i < len(negs) {
				if count++; !yield(negs[i]) {
					return
				}
			}
			if i < len(bounds) {
				if count++; !yield(bounds[i]) {
					return
				}
			}
		}
		for i := 0; count < n*3 && i < n*3; i++ {
			in := m.random(r)
			if i%3 == 2 && len(muts) > 0 {
				mu := muts[r.IntN(len(muts))]
				if mu.apply(&in) {
					if count++; !yield(Case{Name: "random negative", Breaks: mu.breaks, in: in}) {
						return
					}
				}
				continue
			}
			if count++; !yield(Case{Positive: true, Name: "random", in: in}) {
				return
			}
		}
	}
}

// bounds are the positive requests at the boundaries of each parameter and
// body field, each from the all-optional request all.
func (m *model) bounds(all input) []Case {
	var bounds []Case
	for _, p := range m.params {
		if _, fixed := m.fixed[p.Name]; fixed || p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		for _, v := range boundaries(p.Schema.Value) {
			in := all.clone()
			in.params[p.In+":"+p.Name] = v.value
			bounds = append(bounds, Case{Positive: true, Name: "boundary " + p.In + " " + p.Name + ": " + v.name, in: in})
		}
	}
	if m.body != nil {
		var fs []field
		fields(m.body, "", nil, "", 0, &fs)
		for _, f := range fs {
			for _, v := range boundaries(f.s) {
				in := all.clone()
				if setAt(&in.body, f.ptr, v.value, false) {
					bounds = append(bounds, Case{Positive: true, Name: "boundary body " + f.ptr + ": " + v.name, in: in})
				}
			}
		}
	}
	return bounds
}

// base is the request of the examples and samples: required parameters and
// fields only, or every one.
func (m *model) base(all bool) input {
	in := input{params: map[string]any{}}
	for _, p := range m.params {
		if v, ok := m.fixed[p.Name]; ok {
			in.params[p.In+":"+p.Name] = v
		} else if (all || p.Required) && p.Schema != nil {
			in.params[p.In+":"+p.Name] = paramExample(p, all)
		}
	}
	if m.body != nil && (all || m.bodyReq) {
		in.body, in.hasBody = base(m.body, all, 0), true
	}
	return in
}

func paramExample(p *openapi3.Parameter, all bool) any {
	if p.Example != nil {
		return p.Example
	}
	for _, name := range sortedKeys(p.Examples) {
		if e := p.Examples[name]; e != nil && e.Value != nil && e.Value.Value != nil {
			return e.Value.Value
		}
	}
	return base(p.Schema.Value, all, 0)
}

// example is the all-optional request with the request body's first
// example, where the spec gives one.
func (m *model) example() input {
	in := m.base(true)
	if rb := m.op.Op.RequestBody; rb != nil && rb.Value != nil && m.body != nil {
		media := rb.Value.Content[m.mediaType]
		if media.Example != nil {
			in.body = deepCopy(media.Example)
		}
		for _, name := range sortedKeys(media.Examples) {
			if e := media.Examples[name]; e != nil && e.Value != nil && e.Value.Value != nil {
				in.body = deepCopy(e.Value.Value)
				break
			}
		}
	}
	return in
}

// random is a positive request drawn from r; parameters that take effect
// together are sent together or not at all.
func (m *model) random(r *rand.Rand) input {
	in := input{params: map[string]any{}}
	group := map[int]bool{}
	for _, p := range m.params {
		if v, ok := m.fixed[p.Name]; ok {
			in.params[p.In+":"+p.Name] = v
			continue
		}
		send := p.Required || r.IntN(2) == 0
		if g := m.groups[p.Name]; g > 0 && !p.Required {
			if _, ok := group[g]; !ok {
				group[g] = send
			}
			send = group[g]
		}
		if send && p.Schema != nil {
			in.params[p.In+":"+p.Name] = inText(random(r, p.Schema.Value, 0))
		}
	}
	if m.body != nil && (m.bodyReq || r.IntN(2) == 0) {
		in.body, in.hasBody = random(r, m.body, 0), true
	}
	return in
}

// inText is a parameter's value as a URL or a header can carry it: an
// array of one empty string is read as no value at all, so its item gets
// a character (the schema's bounds on it allowing).
func inText(v any) any {
	if list, ok := v.([]any); ok && len(list) == 1 && list[0] == "" {
		return []any{"a"}
	}
	return v
}

// mutations are the ways to break one constraint of the operation.
func (m *model) mutations() []mutation {
	var out []mutation
	for _, p := range m.params {
		if _, fixed := m.fixed[p.Name]; fixed || p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		key := p.In + ":" + p.Name
		where := p.In + " " + p.Name
		if p.Required {
			out = append(out, mutation{where + ": required", func(in *input) bool { delete(in.params, key); return true }})
		}
		for _, b := range breakers(p.Schema.Value, true) {
			out = append(out, mutation{where + ": " + b.name, func(in *input) bool { in.params[key] = b.value; return true }})
		}
	}
	if m.body != nil {
		if m.bodyReq {
			out = append(out, mutation{"body: required", func(in *input) bool { in.body, in.hasBody = nil, false; return true }})
		}
		out = append(out, mutation{"body: JSON", func(in *input) bool { in.rawBody = []byte(`{"`); return true }})
		var fs []field
		fields(m.body, "", nil, "", 0, &fs)
		for _, f := range fs {
			ptr := f.ptr
			if f.parent != nil && required(f.parent, f.name) {
				out = append(out, mutation{"body " + ptr + ": required", func(in *input) bool { _, ok := at(in.body, ptr); return ok && setAt(&in.body, ptr, nil, true) }})
			}
			for _, b := range breakers(f.s, false) {
				out = append(out, mutation{"body " + orRoot(ptr) + ": " + b.name, func(in *input) bool {
					if !in.hasBody {
						return false
					}
					return setAt(&in.body, ptr, deepCopy(b.value), false)
				}})
			}
		}
	}
	if m.secured {
		out = append(out, mutation{"credentials: required", func(in *input) bool { in.noCreds = true; return true }})
	}
	return out
}

func orRoot(ptr string) string {
	if ptr == "" {
		return "/"
	}
	return ptr
}

// breakers are values that break one keyword of a schema each. In a URL or
// a header every value is text, so a string is never of the wrong type.
func breakers(s *openapi3.Schema, inText bool) []variant {
	var out []variant
	switch {
	case s.Type.Is("integer"), s.Type.Is("number"):
		out = append(out, variant{"type " + s.Type.Slice()[0], "not-a-number"})
	case s.Type.Is("boolean"):
		out = append(out, variant{"type boolean", "not-a-boolean"})
	case !inText && s.Type.Is("string"):
		out = append(out, variant{"type string", 12345})
	case !inText && isObject(s):
		out = append(out, variant{"type object", "not-an-object"})
	case !inText && s.Type.Is("array"):
		out = append(out, variant{"type array", "not-an-array"})
	}
	if len(s.Enum) > 0 {
		if _, isString := s.Enum[0].(string); isString {
			out = append(out, variant{"enum", "not-one-of-the-values"})
		}
	}
	if s.Type.Is("string") && len(s.Enum) == 0 {
		if s.MaxLength != nil && *s.MaxLength < 1<<16 {
			out = append(out, variant{"maxLength " + strconv.Itoa(int(*s.MaxLength)), strings.Repeat("a", int(*s.MaxLength)+1)})
		}
		if s.MinLength > 0 {
			out = append(out, variant{"minLength " + strconv.Itoa(int(s.MinLength)), strings.Repeat("a", int(s.MinLength)-1)})
		}
		if s.Format == "date-time" || s.Format == "date" {
			out = append(out, variant{"format " + s.Format, "not-a-" + s.Format})
		}
	}
	if s.Type.Is("integer") || s.Type.Is("number") {
		if s.Max != nil {
			out = append(out, variant{"maximum " + text(*s.Max), number(s, *s.Max+1)})
		}
		if s.Min != nil {
			out = append(out, variant{"minimum " + text(*s.Min), number(s, *s.Min-1)})
		}
	}
	if s.Type.Is("array") && s.Items != nil && s.Items.Value != nil {
		item := base(s.Items.Value, false, 1)
		if s.MaxItems != nil && *s.MaxItems < 1024 {
			out = append(out, variant{"maxItems " + strconv.Itoa(int(*s.MaxItems)), repeat(item, int(*s.MaxItems)+1)})
		}
		if s.MinItems > 1 || s.MinItems == 1 && !inText { // no items in a URL or a header: no value at all
			out = append(out, variant{"minItems " + strconv.Itoa(int(s.MinItems)), repeat(item, int(s.MinItems)-1)})
		}
	}
	if isObject(s) && s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		out = append(out, variant{"additionalProperties false", addField(base(s, false, 1))})
	}
	return out
}

func number(s *openapi3.Schema, v float64) any {
	if s.Type.Is("integer") {
		return int64(v)
	}
	return v
}

func addField(v any) any {
	obj, _ := v.(map[string]any)
	if obj == nil {
		obj = map[string]any{}
	}
	obj["x_undocumented_field"] = "x"
	return obj
}

func (c Case) String() string {
	if c.Positive {
		return c.Name
	}
	return fmt.Sprintf("%s (breaks %s)", c.Name, c.Breaks)
}
