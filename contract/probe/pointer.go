package probe

import (
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/engine"
)

// field is a place in a body schema: its JSON pointer, its schema, and the
// object schema it is a property of (nil at the root and for items).
type field struct {
	ptr    string
	s      *openapi3.Schema
	parent *openapi3.Schema
	name   string
}

// fields lists the places of a body schema, depth first; an array's items
// are at index 0.
func fields(s *openapi3.Schema, ptr string, parent *openapi3.Schema, name string, depth int, out *[]field) {
	if s == nil || depth > maxDepth {
		return
	}
	*out = append(*out, field{ptr: ptr, s: s, parent: parent, name: name})
	switch {
	case isObject(s):
		for _, n := range sortedKeys(s.Properties) {
			if p := s.Properties[n]; p != nil && p.Value != nil && !p.Value.ReadOnly {
				fields(p.Value, ptr+"/"+engine.EscapePointer(n), s, n, depth+1, out)
			}
		}
	case s.Type.Is("array") && s.Items != nil:
		fields(s.Items.Value, ptr+"/0", nil, "", depth+1, out)
	}
}

// at returns the value at ptr and whether it is there.
func at(v any, ptr string) (any, bool) {
	for _, t := range engine.SplitPointer(ptr) {
		switch c := v.(type) {
		case map[string]any:
			e, ok := c[t]
			if !ok {
				return nil, false
			}
			v = e
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// setAt sets (or with del, removes) the value at ptr in root, which it
// changes in place, and says whether the place's container exists.
func setAt(root *any, ptr string, v any, del bool) bool {
	ts := engine.SplitPointer(ptr)
	if len(ts) == 0 {
		if !del {
			*root = v
		}
		return true
	}
	parent, ok := at(*root, "/"+strings.Join(escapeAll(ts[:len(ts)-1]), "/"))
	if len(ts) == 1 {
		parent, ok = *root, true
	}
	if !ok {
		return false
	}
	last := ts[len(ts)-1]
	switch c := parent.(type) {
	case map[string]any:
		if del {
			delete(c, last)
		} else {
			c[last] = v
		}
		return true
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i >= len(c) || del {
			return false
		}
		c[i] = v
		return true
	}
	return false
}

func escapeAll(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = engine.EscapePointer(t)
	}
	return out
}
