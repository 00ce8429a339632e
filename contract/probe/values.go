package probe

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/internal/sample"
)

const maxDepth = 8

// base is the value a request starts from: the schema's example or
// default, else the mock's sample of it. With all, every optional
// property is set too; without, only the required ones.
func base(s *openapi3.Schema, all bool, depth int) any {
	if s == nil || depth > maxDepth {
		return nil
	}
	if isObject(s) && s.Example == nil && len(s.AllOf) == 0 {
		out := map[string]any{}
		for _, name := range sortedKeys(s.Properties) {
			p := s.Properties[name]
			if p == nil || p.Value == nil || p.Value.ReadOnly || !all && !required(s, name) {
				continue
			}
			out[name] = base(p.Value, all, depth+1)
		}
		return out
	}
	if s.Type.Is("array") && s.Example == nil && s.Items != nil && s.Items.Value != nil {
		n := max(int(s.MinItems), 1)
		if s.MaxItems != nil && int(*s.MaxItems) < n {
			n = int(*s.MaxItems)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = base(s.Items.Value, all, depth+1)
		}
		return out
	}
	return sample.Value(s, depth)
}

func isObject(s *openapi3.Schema) bool {
	return s.Type.Is("object") || s.Type == nil && len(s.Properties) > 0
}

func required(s *openapi3.Schema, name string) bool {
	for _, r := range s.Required {
		if r == name {
			return true
		}
	}
	return false
}

// variant is a value of a schema, named for what it exercises.
type variant struct {
	name  string
	value any
}

// boundaries are the values of a scalar or array schema at its edges:
// every enum value, the shortest and longest strings, the smallest and
// largest numbers, both booleans, the fewest and most items.
func boundaries(s *openapi3.Schema) []variant {
	var out []variant
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			out = append(out, variant{"enum " + text(e), e})
		}
		return out
	}
	switch {
	case s.Type.Is("string") && s.Pattern == "":
		lo := int(s.MinLength)
		out = append(out, variant{"minLength " + strconv.Itoa(lo), fill(s, lo)})
		if s.MaxLength != nil && *s.MaxLength < 4096 {
			out = append(out, variant{"maxLength " + strconv.Itoa(int(*s.MaxLength)), fill(s, int(*s.MaxLength))})
		}
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			out = append(out, variant{"minimum", edge(s, *s.Min, s.ExclusiveMin.IsTrue(), 1)})
		}
		if s.Max != nil {
			out = append(out, variant{"maximum", edge(s, *s.Max, s.ExclusiveMax.IsTrue(), -1)})
		}
	case s.Type.Is("boolean"):
		out = append(out, variant{"true", true}, variant{"false", false})
	case s.Type.Is("array") && s.Items != nil && s.Items.Value != nil:
		item := base(s.Items.Value, false, 1)
		if s.MinItems > 0 {
			out = append(out, variant{"minItems " + strconv.Itoa(int(s.MinItems)), repeat(item, int(s.MinItems))})
		}
		if s.MaxItems != nil && *s.MaxItems <= 64 {
			out = append(out, variant{"maxItems " + strconv.Itoa(int(*s.MaxItems)), repeat(item, int(*s.MaxItems))})
		}
	}
	return out
}

func repeat(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = deepCopy(v)
	}
	return out
}

// edge is a bound of a number, moved inside when it is exclusive.
func edge(s *openapi3.Schema, v float64, exclusive bool, dir float64) any {
	if exclusive {
		if s.Type.Is("integer") {
			v += dir
		} else {
			v += dir * math.Max(math.Abs(v)*1e-9, 1e-9)
		}
	}
	if s.Type.Is("integer") {
		return int64(v)
	}
	return v
}

// fill is a string of n characters of the schema's format where it has
// one (whose length is then its own), else of letters.
func fill(s *openapi3.Schema, n int) string {
	if s.Format != "" && s.Format != "password" {
		return sample.String(s)
	}
	return strings.Repeat("a", n)
}

const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"

// random draws a value of the schema from r: any length its bounds allow,
// any enum value, any number in range, each optional property with even
// odds, together with the example, the default and the boundaries.
func random(r *rand.Rand, s *openapi3.Schema, depth int) any {
	if s == nil || depth > maxDepth {
		return nil
	}
	if len(s.Enum) > 0 {
		return s.Enum[r.IntN(len(s.Enum))]
	}
	if (s.Example != nil || s.Default != nil || s.Pattern != "" || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0) && (r.IntN(2) == 0 || s.Pattern != "" || s.Type == nil) {
		return base(s, r.IntN(2) == 0, depth)
	}
	switch {
	case isObject(s):
		out := map[string]any{}
		for _, name := range sortedKeys(s.Properties) {
			p := s.Properties[name]
			if p != nil && p.Value != nil && !p.Value.ReadOnly && (required(s, name) || r.IntN(2) == 0) {
				out[name] = random(r, p.Value, depth+1)
			}
		}
		return out
	case s.Type.Is("array") && s.Items != nil:
		lo, hi := int(s.MinItems), int(s.MinItems)+3
		if s.MaxItems != nil {
			hi = min(hi, int(*s.MaxItems))
		}
		out := make([]any, lo+r.IntN(max(hi-lo, 0)+1))
		for i := range out {
			out[i] = random(r, s.Items.Value, depth+1)
		}
		return out
	case s.Type.Is("integer"), s.Type.Is("number"):
		lo, hi := -1e6, 1e6
		if s.Min != nil {
			lo = *s.Min
		}
		if s.Max != nil {
			hi = *s.Max
		}
		if lo > hi {
			return sample.Number(s)
		}
		v := lo + r.Float64()*(hi-lo)
		if s.Type.Is("integer") {
			v = math.Round(v)
			if s.ExclusiveMin.IsTrue() && v <= lo || s.ExclusiveMax.IsTrue() && v >= hi {
				return sample.Number(s)
			}
			return int64(v)
		}
		return v
	case s.Type.Is("boolean"):
		return r.IntN(2) == 0
	case s.Type.Is("string"):
		if s.Format != "" && s.Format != "password" {
			return sample.String(s)
		}
		lo, hi := int(s.MinLength), int(s.MinLength)+16
		if s.MaxLength != nil {
			hi = min(hi, int(*s.MaxLength))
		}
		n := lo + r.IntN(max(hi-lo, 0)+1)
		var b strings.Builder
		b.Grow(n)
		for range n {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		return b.String()
	}
	return base(s, false, depth)
}
