package mock

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// The names that error bodies commonly give the fields of their code,
// message, HTTP status and title (RFC 9457's detail, status and title
// among them), in the order they are tried.
var (
	messageNames = []string{"detail", "message", "error_msg", "error_message", "errorMessage", "msg", "error_description", "description"}
	codeNames    = []string{"code", "error_code", "errorCode"}
	statusNames  = []string{"status", "status_code", "statusCode"}
	titleNames   = []string{"title"}
)

// findFields finds the fields of the sample v that take the error's code,
// message, status and title: those the schema's x-specdrift-error names,
// else those named as error bodies commonly name them, at the top or in an
// "error" object.
func (e *errorShape) findFields(v any) {
	if ext, ok := e.schema.Extensions[ExtError].(map[string]any); ok {
		for key, f := range map[string]*errorField{"code": &e.code, "message": &e.message, "status": &e.status, "title": &e.title} {
			if s, ok := ext[key].(string); ok && s != "" {
				f.path = errorFieldPath(s)
				f.schema = schemaAt(e.schema, f.path)
			}
		}
		return
	}
	for _, base := range [][]string{nil, {"error"}} {
		obj, ok := valueAt(v, base).(map[string]any)
		if !ok {
			continue
		}
		find := func(f *errorField, names []string) {
			for _, n := range names {
				if _, ok := obj[n]; ok {
					f.path = append(slices.Clone(base), n)
					f.schema = schemaAt(e.schema, f.path)
					return
				}
			}
		}
		if find(&e.message, messageNames); e.message.path == nil {
			continue
		}
		find(&e.code, codeNames)
		find(&e.status, statusNames)
		find(&e.title, titleNames)
		return
	}
}

// errorFieldPath reads a field of x-specdrift-error: a JSON pointer, or a
// property name.
func errorFieldPath(s string) []string {
	if !strings.HasPrefix(s, "/") {
		return []string{s}
	}
	toks := strings.Split(s[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

// set gives the field a string value (text, cut to the schema's maxLength)
// or a number (status), whichever its schema takes, unless the schema
// rejects it: the body keeps its sample then.
func (f errorField) set(v *any, text string, status int, opts []openapi3.SchemaValidationOption) {
	if f.path == nil {
		return
	}
	parent, ok := valueAt(*v, f.path[:len(f.path)-1]).(map[string]any)
	if !ok {
		return
	}
	name := f.path[len(f.path)-1]
	old, ok := parent[name]
	if !ok {
		return
	}
	var val any
	s := f.schema
	switch {
	case s != nil && (s.Type.Is("integer") || s.Type.Is("number")):
		val = status
	case s != nil && s.Type.Is("string"), s == nil || s.Type == nil:
		if _, isString := old.(string); !isString && (s == nil || s.Type == nil) {
			return
		}
		if s != nil && s.MaxLength != nil && uint64(utf8.RuneCountInString(text)) > *s.MaxLength {
			text = string([]rune(text)[:*s.MaxLength])
		}
		val = text
	default:
		return
	}
	if s != nil && !validates(s, val, opts) {
		return
	}
	parent[name] = val
}

// valueAt is the value at path in v, nil if there is none.
func valueAt(v any, path []string) any {
	for _, name := range path {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[name]
	}
	return v
}

// schemaAt is the schema of the property at path, looking into allOf,
// oneOf and anyOf members; nil if the schema does not say.
func schemaAt(s *openapi3.Schema, path []string) *openapi3.Schema {
	for _, name := range path {
		s = property(s, name, 0)
		if s == nil {
			return nil
		}
	}
	return s
}

func property(s *openapi3.Schema, name string, depth int) *openapi3.Schema {
	if s == nil || depth > 8 {
		return nil
	}
	if p := s.Properties[name]; p != nil && p.Value != nil {
		return p.Value
	}
	for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range refs {
			if p := property(r.Value, name, depth+1); p != nil {
				return p
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
