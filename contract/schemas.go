package contract

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaInfo is what specdrift precomputes once per schema: where it stands
// in the spec, and its x-specdrift extensions, so that validating an
// exchange parses nothing.
type schemaInfo struct {
	pointer  string
	props    map[string]*openapi3.Schema // properties, including those of allOf members
	closed   bool                        // additionalProperties is false
	open     bool                        // additionalProperties is true or a schema
	order    []orderRule
	uniqueBy string
}

// orderRule says that the value of After must come after that of Before
// (strictly when Strict): x-specdrift-order.
type orderRule struct {
	Before, After string
	Strict        bool
}

// indexSchemas walks the document once, components first so that a
// referenced schema is named by its component.
func (s *Spec) indexSchemas() {
	s.schemas = map[*openapi3.Schema]*schemaInfo{}
	doc := s.Doc
	if doc.Components != nil {
		for _, name := range sortedKeys(doc.Components.Schemas) {
			s.indexSchema(doc.Components.Schemas[name], "/components/schemas/"+escapePointer(name))
		}
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		base := "/paths/" + escapePointer(p)
		for i, prm := range item.Parameters {
			if prm.Value != nil {
				s.indexSchema(prm.Value.Schema, base+"/parameters/"+strconv.Itoa(i)+"/schema")
			}
		}
		for method, op := range item.Operations() {
			ob := base + "/" + strings.ToLower(method)
			for i, prm := range op.Parameters {
				if prm.Value != nil {
					s.indexSchema(prm.Value.Schema, ob+"/parameters/"+strconv.Itoa(i)+"/schema")
				}
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range sortedKeys(op.RequestBody.Value.Content) {
					s.indexSchema(op.RequestBody.Value.Content[mt].Schema, ob+"/requestBody/content/"+escapePointer(mt)+"/schema")
				}
			}
			if op.Responses == nil {
				continue
			}
			for code, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				rb := ob + "/responses/" + code
				for _, mt := range sortedKeys(resp.Value.Content) {
					s.indexSchema(resp.Value.Content[mt].Schema, rb+"/content/"+escapePointer(mt)+"/schema")
				}
				for _, h := range sortedKeys(resp.Value.Headers) {
					if hv := resp.Value.Headers[h].Value; hv != nil {
						s.indexSchema(hv.Schema, rb+"/headers/"+escapePointer(h)+"/schema")
					}
				}
			}
		}
	}
}

func (s *Spec) indexSchema(ref *openapi3.SchemaRef, pointer string) {
	if ref == nil || ref.Value == nil {
		return
	}
	if strings.HasPrefix(ref.Ref, "#/") && s.inRoot(ref.RefPath()) {
		pointer = ref.Ref[1:] // a referenced schema is named where it is defined
	}
	if _, seen := s.schemas[ref.Value]; seen {
		return
	}
	v := ref.Value
	info := &schemaInfo{pointer: pointer, props: map[string]*openapi3.Schema{}}
	s.schemas[v] = info
	for _, name := range sortedKeys(v.Properties) {
		s.indexSchema(v.Properties[name], pointer+"/properties/"+escapePointer(name))
		if p := v.Properties[name]; p != nil && p.Value != nil {
			info.props[name] = p.Value
		}
	}
	for i, m := range v.AllOf {
		s.indexSchema(m, pointer+"/allOf/"+strconv.Itoa(i))
		if m != nil && m.Value != nil {
			for name, p := range s.schemas[m.Value].props {
				if _, ok := info.props[name]; !ok {
					info.props[name] = p
				}
			}
			info.order = append(info.order, s.schemas[m.Value].order...)
		}
	}
	for i, m := range v.OneOf {
		s.indexSchema(m, pointer+"/oneOf/"+strconv.Itoa(i))
	}
	for i, m := range v.AnyOf {
		s.indexSchema(m, pointer+"/anyOf/"+strconv.Itoa(i))
	}
	s.indexSchema(v.Items, pointer+"/items")
	s.indexSchema(v.Not, pointer+"/not")
	ap := v.AdditionalProperties
	s.indexSchema(ap.Schema, pointer+"/additionalProperties")
	info.closed = ap.Has != nil && !*ap.Has
	info.open = (ap.Has != nil && *ap.Has) || ap.Schema != nil
	for _, e := range listOf(v.Extensions["x-specdrift-order"]) {
		m, _ := e.(map[string]any)
		before, _ := m["before"].(string)
		after, _ := m["after"].(string)
		strict, _ := m["strict"].(bool)
		if before != "" && after != "" {
			info.order = append(info.order, orderRule{Before: before, After: after, Strict: strict})
		}
	}
	info.uniqueBy, _ = v.Extensions["x-specdrift-unique-by"].(string)
}

// inRoot says whether a ref's resolved path is in the root document (a
// schema of another file is named by the pointer that reaches it through
// the $ref, which locations follow into that file).
func (s *Spec) inRoot(refPath *url.URL) bool {
	return refPath == nil || refPath.Path == "" || s.root == nil || refPath.Path == path.Base(s.root.key)
}

// info returns the precomputed facts of a schema of this spec; a schema the
// index has not seen (built by a caller) gets them computed on the spot.
func (s *Spec) info(v *openapi3.Schema) *schemaInfo {
	if i, ok := s.schemas[v]; ok {
		return i
	}
	s2 := &Spec{schemas: map[*openapi3.Schema]*schemaInfo{}}
	s2.indexSchema(&openapi3.SchemaRef{Value: v}, "")
	return s2.schemas[v]
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}
