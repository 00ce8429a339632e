package docs

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract"
)

// The extensions with which a spec records a deliberate departure from its
// page, or what it completed where the page lost something.
const (
	ExtDeviation      = "x-specdrift-deviation"
	ExtDeviationRules = "x-specdrift-deviation-rules"
	ExtCompletedFrom  = "x-specdrift-completed-from"
)

// FromSpec builds the model of a spec operation. Locations are JSON
// pointers into the spec: where a parameter or schema is a $ref, the
// pointer of its definition.
func FromSpec(o *contract.Operation) *Operation {
	op := &Operation{Method: o.Method, Path: o.Path, At: Loc{Pointer: o.Pointer}}
	itemPtr := o.Pointer[:strings.LastIndexByte(o.Pointer, '/')]
	params := map[string]*Field{}
	var order []string
	add := func(refs openapi3.Parameters, base string) {
		for i, pr := range refs {
			if pr == nil || pr.Value == nil {
				continue
			}
			p := pr.Value
			f := specParam(p, refPointer(pr.Ref, fmt.Sprintf("%s/parameters/%d", base, i)))
			key := p.In + " " + strings.ToLower(p.Name)
			if _, ok := params[key]; !ok {
				order = append(order, key)
			}
			params[key] = f // the operation's own overrides the path item's
		}
	}
	if o.Item != nil {
		add(o.Item.Parameters, itemPtr)
	}
	add(o.Op.Parameters, o.Pointer)
	for _, k := range order {
		f := params[k]
		if f.In == "header" && mediaHeaders[strings.ToLower(f.Name)] {
			continue // OpenAPI ignores these parameters
		}
		op.Params = append(op.Params, f)
	}
	if rb := o.Op.RequestBody; rb != nil && rb.Value != nil {
		base := refPointer(rb.Ref, o.Pointer+"/requestBody")
		if mt, s := jsonSchema(rb.Value.Content); s != nil {
			op.Body = specSchema("", "body", s, base+"/content/"+escape(mt)+"/schema", nil, nil)
		}
	}
	if o.Op.Responses != nil {
		for code, rr := range o.Op.Responses.Map() {
			status, err := strconv.Atoi(code)
			if err != nil && code != "default" {
				continue // 2XX ranges have no place on a page
			}
			ptr := o.Pointer + "/responses/" + escape(code)
			r := &Response{Status: status, At: Loc{Pointer: ptr}}
			if rr != nil && rr.Value != nil {
				base := refPointer(rr.Ref, ptr)
				if mt, s := jsonSchema(rr.Value.Content); s != nil {
					r.Body = specSchema("", "response", s, base+"/content/"+escape(mt)+"/schema", nil, nil)
				}
			}
			op.Responses = append(op.Responses, r)
		}
	}
	sort.Slice(op.Responses, func(i, j int) bool { return op.Responses[i].Status < op.Responses[j].Status })
	return op
}

func specParam(p *openapi3.Parameter, at string) *Field {
	var f *Field
	if p.Schema != nil {
		f = specSchema(p.Name, p.In, p.Schema, at+"/schema", nil, nil)
	} else {
		f = &Field{Name: p.Name, In: p.In}
	}
	f.Required, f.At = ptr(p.Required), Loc{Pointer: at}
	if s := ext(p.Extensions, ExtDeviation); s != "" {
		f.Deviation, f.DeviationRules = s, extList(p.Extensions, ExtDeviationRules)
	}
	if s := ext(p.Extensions, ExtCompletedFrom); s != "" {
		f.CompletedFrom = s
	}
	inherit(f)
	return f
}

// inherit passes an element's recorded choices on to its array items,
// which are part of the same element.
func inherit(f *Field) {
	for it := f.Items; it != nil; it = it.Items {
		if it.Deviation == "" && it.CompletedFrom == "" {
			it.Deviation, it.DeviationRules, it.CompletedFrom = f.Deviation, f.DeviationRules, f.CompletedFrom
		}
	}
}

// jsonSchema picks the JSON media type of a content map: application/json,
// else the first that mentions json, else the first.
func jsonSchema(c openapi3.Content) (string, *openapi3.SchemaRef) {
	if len(c) == 0 {
		return "", nil
	}
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pick := keys[0]
	for _, k := range keys {
		if strings.Contains(k, "json") {
			pick = k
			break
		}
	}
	if _, ok := c["application/json"]; ok {
		pick = "application/json"
	}
	if c[pick] == nil || c[pick].Schema == nil {
		return pick, nil
	}
	return pick, c[pick].Schema
}

// specSchema builds a Field from a schema; path holds the schemas being
// expanded, so that a recursive schema ends the expansion.
func specSchema(name, in string, sr *openapi3.SchemaRef, at string, required *bool, path []*openapi3.Schema) *Field {
	at = refPointer(sr.Ref, at)
	f := &Field{Name: name, In: in, Required: required, At: Loc{Pointer: at}}
	s := sr.Value
	if s == nil {
		return f
	}
	if sr.Ref != "" {
		f.Ref = sr.Ref[strings.LastIndexByte(sr.Ref, '/')+1:]
	}
	f.Deviation, f.CompletedFrom = ext(s.Extensions, ExtDeviation), ext(s.Extensions, ExtCompletedFrom)
	f.DeviationRules = extList(s.Extensions, ExtDeviationRules)
	if s.Type != nil && len(s.Type.Slice()) == 1 {
		f.Type.Base = s.Type.Slice()[0]
	}
	switch {
	case s.Format == "int32" || s.Format == "int64" || s.Format == "float" || s.Format == "double":
		f.Type.Format = s.Format
	case s.Format == "date" || s.Format == "date-time" || strings.Contains(s.Format, "yyyy"):
		f.Format = s.Format
	}
	if s.MinLength > 0 {
		f.Length.Min = ptr(float64(s.MinLength))
	}
	if s.MaxLength != nil {
		f.Length.Max = ptr(float64(*s.MaxLength))
	}
	f.Range = Bounds{s.Min, s.Max}
	if s.MinItems > 0 {
		f.Count.Min = ptr(float64(s.MinItems))
	}
	if s.MaxItems != nil {
		f.Count.Max = ptr(float64(*s.MaxItems))
	}
	for _, v := range s.Enum {
		f.Enum = append(f.Enum, scalar(v))
	}
	f.EnumDeclared = len(f.Enum) > 0
	if s.Default != nil {
		f.Default = ptr(scalar(s.Default))
	}
	for _, p := range path {
		if p == s {
			return f // recursive: the properties are those of an ancestor
		}
	}
	path = append(path, s)
	if s.Items != nil {
		f.Items = specSchema(name, in, s.Items, at+"/items", nil, path)
		if f.Type.Base == "" {
			f.Type.Base = "array"
		}
		inherit(f)
	}
	props, req, known := properties(s, at)
	if known && f.Type.Base == "" {
		f.Type.Base = "object"
	}
	f.PropsKnown, f.PropsAt = known, Loc{Pointer: at + "/properties"}
	for _, k := range sortedKeys(props) {
		f.Props = append(f.Props, specSchema(k, in, props[k].ref, props[k].at, ptr(req[k]), path))
	}
	return f
}

type propRef struct {
	ref *openapi3.SchemaRef
	at  string
}

// properties gathers a schema's properties and required names, with those
// of its allOf parts. known is false when the schema says nothing of its
// properties (no properties, no allOf).
func properties(s *openapi3.Schema, at string) (props map[string]propRef, req map[string]bool, known bool) {
	props, req = map[string]propRef{}, map[string]bool{}
	known = len(s.Properties) > 0 || (s.Type != nil && s.Type.Is("object") && s.AdditionalProperties.Has == nil &&
		s.AdditionalProperties.Schema == nil)
	for k, p := range s.Properties {
		props[k] = propRef{p, at + "/properties/" + escape(k)}
	}
	for _, r := range s.Required {
		req[r] = true
	}
	for i, part := range s.AllOf {
		if part == nil || part.Value == nil {
			continue
		}
		pp, pr, pk := properties(part.Value, refPointer(part.Ref, fmt.Sprintf("%s/allOf/%d", at, i)))
		known = known || pk
		for k, v := range pp {
			props[k] = v
		}
		for k := range pr {
			req[k] = true
		}
	}
	return props, req, known
}

// refPointer is the pointer a local $ref names, else def.
func refPointer(ref, def string) string {
	if strings.HasPrefix(ref, "#/") {
		return ref[1:]
	}
	return def
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func extList(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func ext(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return strings.TrimSpace(s)
}

// scalar renders an enum or default value as a page writes it.
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return num(x)
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
