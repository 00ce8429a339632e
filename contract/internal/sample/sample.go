// Package sample builds values that satisfy a schema: what the mock serves
// for a documented response that has neither fixture nor example, and what
// probe starts its requests from.
package sample

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Value builds a value that satisfies a schema's types, formats, enums and
// bounds, for a documented response that has neither fixture nor example:
// the schema's example or default where it gives one, else the first enum
// value, else the smallest value its bounds allow. Patterns are not
// honoured.
func Value(s *openapi3.Schema, depth int) any {
	if s == nil || depth > 8 {
		return nil
	}
	switch {
	case s.Example != nil:
		return s.Example
	case s.Default != nil:
		return s.Default
	case len(s.Enum) > 0:
		return s.Enum[0]
	case len(s.AllOf) > 0:
		out := map[string]any{}
		for _, m := range s.AllOf {
			if obj, ok := Value(m.Value, depth+1).(map[string]any); ok {
				for k, v := range obj {
					out[k] = v
				}
			}
		}
		return out
	case len(s.OneOf) > 0:
		return Value(s.OneOf[0].Value, depth+1)
	case len(s.AnyOf) > 0:
		return Value(s.AnyOf[0].Value, depth+1)
	}
	switch {
	case s.Type.Is("object") || (s.Type == nil && len(s.Properties) > 0):
		out := map[string]any{}
		for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
			if p := s.Properties[name]; p != nil && p.Value != nil {
				out[name] = Value(p.Value, depth+1)
			}
		}
		return out
	case s.Type.Is("array"):
		n := max(int(s.MinItems), 1)
		if s.MaxItems != nil && int(*s.MaxItems) < n {
			n = int(*s.MaxItems)
		}
		out := make([]any, 0, n)
		for range n {
			if s.Items != nil {
				out = append(out, Value(s.Items.Value, depth+1))
			}
		}
		return out
	case s.Type.Is("integer"), s.Type.Is("number"):
		return Number(s)
	case s.Type.Is("boolean"):
		return false
	case s.Type.Is("string"):
		return String(s)
	}
	return nil
}

// Number is the smallest number the schema's bounds allow, or 0.
func Number(s *openapi3.Schema) any {
	v := 0.0
	if s.Min != nil {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	} else if s.Max != nil && *s.Max < 0 {
		v = *s.Max
		if s.ExclusiveMax.IsTrue() {
			v--
		}
	}
	if s.Type.Is("integer") {
		return int64(v)
	}
	return v
}

// String is a string of the schema's format and lengths.
func String(s *openapi3.Schema) string {
	var v string
	switch s.Format {
	case "date-time":
		v = "2024-01-01T00:00:00Z"
	case "date":
		v = "2024-01-01"
	case "uuid":
		v = "00000000-0000-4000-8000-000000000000"
	case "email":
		v = "user@example.com"
	case "uri", "url":
		v = "https://example.com/"
	default:
		v = "string"
	}
	if n := int(s.MinLength); len(v) < n {
		v += strings.Repeat("x", n-len(v))
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}
