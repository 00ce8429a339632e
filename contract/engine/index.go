package engine

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
)

// Info is what is precomputed once per schema: where it stands in the
// spec, and its x-specdrift extensions, so that validating a body parses
// nothing.
type Info struct {
	Pointer  string
	Props    map[string]*openapi3.Schema // properties, including those of allOf members
	Closed   bool                        // additionalProperties is false
	Open     bool                        // additionalProperties is true or a schema
	Order    []OrderRule
	UniqueBy string

	only atomic.Pointer[string] // what strict mode expects (onlyProps), once asked
}

// onlyProps is what strict mode expects of an object: only the properties
// the schema lists.
func (i *Info) onlyProps() string {
	if p := i.only.Load(); p != nil {
		return *p
	}
	s := "only " + strings.Join(SortedKeys(i.Props), ", ")
	i.only.Store(&s)
	return s
}

// OrderRule says that the value of After must come after that of Before
// (strictly when Strict): x-specdrift-order.
type OrderRule struct {
	Before, After string
	Strict        bool
}

// Index holds the Info of every schema of a spec.
type Index map[*openapi3.Schema]*Info

// NewIndex walks the document once, components first so that a referenced
// schema is named by its component. inRoot says whether a ref's resolved
// path is in the root document: a schema of another file is named by the
// pointer that reaches it through the $ref.
func NewIndex(doc *openapi3.T, inRoot func(*url.URL) bool) Index {
	s := &indexer{idx: Index{}, inRoot: inRoot}
	if doc.Components != nil {
		for _, name := range SortedKeys(doc.Components.Schemas) {
			s.indexSchema(doc.Components.Schemas[name], "/components/schemas/"+EscapePointer(name))
		}
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		base := "/paths/" + EscapePointer(p)
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
				for _, mt := range SortedKeys(op.RequestBody.Value.Content) {
					s.indexSchema(op.RequestBody.Value.Content[mt].Schema, ob+"/requestBody/content/"+EscapePointer(mt)+"/schema")
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
				for _, mt := range SortedKeys(resp.Value.Content) {
					s.indexSchema(resp.Value.Content[mt].Schema, rb+"/content/"+EscapePointer(mt)+"/schema")
				}
				for _, h := range SortedKeys(resp.Value.Headers) {
					if hv := resp.Value.Headers[h].Value; hv != nil {
						s.indexSchema(hv.Schema, rb+"/headers/"+EscapePointer(h)+"/schema")
					}
				}
			}
		}
	}
	return s.idx
}

type indexer struct {
	idx    Index
	inRoot func(*url.URL) bool
}

func (s *indexer) indexSchema(ref *openapi3.SchemaRef, pointer string) {
	if ref == nil || ref.Value == nil {
		return
	}
	if strings.HasPrefix(ref.Ref, "#/") && (s.inRoot == nil || s.inRoot(ref.RefPath())) {
		pointer = ref.Ref[1:] // a referenced schema is named where it is defined
	}
	if _, seen := s.idx[ref.Value]; seen {
		return
	}
	v := ref.Value
	info := &Info{Pointer: pointer, Props: map[string]*openapi3.Schema{}}
	s.idx[v] = info
	for _, name := range SortedKeys(v.Properties) {
		s.indexSchema(v.Properties[name], pointer+"/properties/"+EscapePointer(name))
		if p := v.Properties[name]; p != nil && p.Value != nil {
			info.Props[name] = p.Value
		}
	}
	for i, m := range v.AllOf {
		s.indexSchema(m, pointer+"/allOf/"+strconv.Itoa(i))
		if m != nil && m.Value != nil {
			for name, p := range s.idx[m.Value].Props {
				if _, ok := info.Props[name]; !ok {
					info.Props[name] = p
				}
			}
			info.Order = append(info.Order, s.idx[m.Value].Order...)
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
	info.Closed = ap.Has != nil && !*ap.Has
	info.Open = (ap.Has != nil && *ap.Has) || ap.Schema != nil
	for _, e := range listOf(v.Extensions["x-specdrift-order"]) {
		m, _ := e.(map[string]any)
		before, _ := m["before"].(string)
		after, _ := m["after"].(string)
		strict, _ := m["strict"].(bool)
		if before != "" && after != "" {
			info.Order = append(info.Order, OrderRule{Before: before, After: after, Strict: strict})
		}
	}
	info.UniqueBy, _ = v.Extensions["x-specdrift-unique-by"].(string)
}

// Info returns the precomputed facts of a schema of the index; a schema the
// index has not seen (built by a caller) gets them computed on the spot.
func (x Index) Info(v *openapi3.Schema) *Info {
	if i, ok := x[v]; ok {
		return i
	}
	s2 := &indexer{idx: Index{}}
	s2.indexSchema(&openapi3.SchemaRef{Value: v}, "")
	return s2.idx[v]
}

// PointerOr is the schema's pointer, def for a nil Info.
func (i *Info) PointerOr(def string) string {
	if i == nil {
		return def
	}
	return i.Pointer
}

func listOf(v any) []any {
	l, _ := v.([]any)
	return l
}

// EscapePointer escapes one token of a JSON pointer.
func EscapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// SortedKeys lists a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
