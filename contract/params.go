package contract

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/specdrift/specdrift/contract/engine"
)

// The parameters of a request are read here without kin-openapi when that
// is sure to change nothing: each parameter that is a scalar (string,
// integer, number, boolean) or, in the query, an array of scalars, in its
// default style, sent once (an array's items as often as it has them), is read as its type and checked
// against its compiled schema (engine.Fast.ParamOK); a value the fast
// engine is not sure of is validated by kin-openapi's schema validation, as
// openapi3filter would after decoding it. Anything else (a parameter
// missing or empty, a style, type or schema outside this list) has
// openapi3filter validate the request's parameters as before.

// paramPlan is how one parameter is read on the fast path.
type paramPlan struct {
	p       *openapi3.Parameter
	schema  *openapi3.Schema
	typ     string // the scalar's type, or the items' for an array
	array   bool
	explode bool   // an array of the query: one value per item; else comma-separated
	bits    int    // for an integer, the bits strconv.ParseInt reads (32 for format int32)
	header  string // the canonical name of a header parameter
}

// planParams plans the parameters of an operation, those of its path item
// that it does not override among them; false when one of them is not
// read on the fast path.
func planParams(o *Operation) ([]paramPlan, bool) {
	var out []paramPlan
	for i, ps := range []openapi3.Parameters{o.Item.Parameters, o.Op.Parameters} {
		for _, p := range ps {
			if p.Value == nil {
				return nil, false
			}
			if i == 0 && o.Op.Parameters.GetByInAndName(p.Value.In, p.Value.Name) != nil {
				continue // the operation's own is read instead
			}
			pp, ok := planParam(p.Value)
			if !ok {
				return nil, false
			}
			out = append(out, pp)
		}
	}
	return out, true
}

func planParam(p *openapi3.Parameter) (paramPlan, bool) {
	pp := paramPlan{p: p}
	if p.Content != nil || p.Schema == nil || p.Schema.Value == nil {
		return pp, p.Content == nil && p.Schema == nil // no schema: kin-openapi checks nothing
	}
	sm, err := p.SerializationMethod()
	if err != nil {
		return pp, false
	}
	pp.schema = p.Schema.Value
	s := pp.schema
	switch {
	case p.In == openapi3.ParameterInPath && sm.Style == openapi3.SerializationSimple && !sm.Explode,
		p.In == openapi3.ParameterInHeader && sm.Style == openapi3.SerializationSimple && !sm.Explode:
	case p.In == openapi3.ParameterInQuery && sm.Style == openapi3.SerializationForm:
		pp.explode = sm.Explode
		if s.Type.Is(openapi3.TypeArray) && scalarSchema(s) {
			if s.Items == nil || s.Items.Value == nil || !scalarSchema(s.Items.Value) {
				return pp, false
			}
			pp.array = true
			s = s.Items.Value
		}
	default:
		return pp, false
	}
	if !scalarSchema(s) {
		return pp, false
	}
	pp.typ = s.Type.Slice()[0]
	switch pp.typ {
	case openapi3.TypeString, openapi3.TypeNumber, openapi3.TypeBoolean:
	case openapi3.TypeInteger:
		pp.bits = 64
		if s.Format == "int32" {
			pp.bits = 32
		}
	default:
		return pp, false
	}
	if p.In == openapi3.ParameterInHeader {
		pp.header = http.CanonicalHeaderKey(p.Name)
	}
	return pp, true
}

// scalarSchema says whether s has one type and no composition, which
// kin-openapi's decoding would look into.
func scalarSchema(s *openapi3.Schema) bool {
	return len(s.Type.Slice()) == 1 && len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 && s.Not == nil
}

// fastParams validates the parameters of a request on the fast path. A
// parameter the fast engine is sure of passes; any other is validated by
// kin-openapi's schema validation on the value its decoder would have
// made, which is what it would have found (its error, as
// openapi3filter.ValidateRequest returns it). false when some parameter
// is not read on the fast path: then openapi3filter has to read them all.
func (c *check) fastParams(req *http.Request, q url.Values, path map[string]string) (openapi3.MultiError, bool) {
	plans, ok := c.v.params[c.op]
	if !ok {
		return nil, false
	}
	fast, ok := c.v.engines[c.spec].(*engine.Fast)
	if !ok {
		return nil, false
	}
	v31 := c.spec.Doc.IsOpenAPI31OrLater()
	var errs openapi3.MultiError
	var one [1]string
	for i := range plans {
		pp := &plans[i]
		if pp.schema == nil {
			continue
		}
		var vals []string
		var sent bool
		switch pp.p.In {
		case openapi3.ParameterInPath:
			if one[0], sent = path[pp.p.Name]; sent {
				vals = one[:]
			}
		case openapi3.ParameterInQuery:
			vals, sent = q[pp.p.Name]
			if pp.array && !pp.explode && len(vals) == 1 {
				vals = splitComma(vals[0])
			} else if len(vals) > 1 && !(pp.array && pp.explode) {
				return nil, false // kin-openapi reads one of them
			}
		case openapi3.ParameterInHeader:
			if vals, sent = req.Header[pp.header]; len(vals) > 1 {
				return nil, false
			}
		}
		if len(vals) == 0 {
			if sent || pp.p.Required {
				return nil, false // sent without a value, or missing
			}
			continue
		}
		if !pp.readable(vals) {
			return nil, false
		}
		if !pp.array && vals[0] == "" && pp.p.AllowEmptyValue {
			continue // openapi3filter validates no empty value it allows
		}
		if fast.ParamOK(pp.schema, v31, pp.array, pp.typ, vals) {
			continue
		}
		opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors()}
		if v31 {
			opts = append(opts, openapi3.EnableJSONSchema2020())
		}
		if err := pp.schema.VisitJSON(pp.decode(vals), opts...); err != nil {
			errs = append(errs, &openapi3filter.RequestError{Parameter: pp.p, Err: err})
		}
	}
	return errs, true
}

// decode is the value openapi3filter decodes readable values into.
func (pp *paramPlan) decode(vals []string) any {
	if !pp.array {
		return pp.scalar(vals[0])
	}
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = pp.scalar(v)
	}
	return out
}

func (pp *paramPlan) scalar(v string) any {
	switch pp.typ {
	case openapi3.TypeBoolean:
		return v == "true"
	case openapi3.TypeInteger:
		n, _ := strconv.ParseInt(v, 10, pp.bits)
		if pp.bits == 32 {
			return int32(n)
		}
		return n
	case openapi3.TypeNumber:
		f, _ := strconv.ParseFloat(v, 64)
		return f
	}
	return v
}

// readable says whether each value reads as the parameter's type exactly
// as JSON would. An empty value is a string's only: openapi3filter takes
// the empty value of a path parameter, or of anything but a string, for no
// value, and an array of one empty string for no array.
func (pp *paramPlan) readable(vals []string) bool {
	for _, v := range vals {
		switch {
		case v == "":
			if pp.typ != openapi3.TypeString || pp.p.In == openapi3.ParameterInPath || pp.array && len(vals) == 1 {
				return false
			}
		case pp.typ == openapi3.TypeBoolean:
			if v != "true" && v != "false" {
				return false
			}
		case pp.typ == openapi3.TypeInteger:
			if _, err := strconv.ParseInt(v, 10, pp.bits); err != nil || !jsonNumber(v, false) {
				return false
			}
		case pp.typ == openapi3.TypeNumber:
			if _, err := strconv.ParseFloat(v, 64); err != nil || !jsonNumber(v, true) {
				return false
			}
		}
	}
	return true
}

// jsonNumber says whether s is a JSON number (RFC 8259 section 6), an
// integer one unless fraction.
func jsonNumber(s string, fraction bool) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > start
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case !digits():
		return false
	}
	if fraction {
		if i < len(s) && s[i] == '.' {
			i++
			if !digits() {
				return false
			}
		}
		if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
			i++
			if i < len(s) && (s[i] == '+' || s[i] == '-') {
				i++
			}
			if !digits() {
				return false
			}
		}
	}
	return i == len(s)
}

func splitComma(s string) []string {
	n := 1
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			n++
		}
	}
	out := make([]string, 0, n)
	for {
		i := 0
		for i < len(s) && s[i] != ',' {
			i++
		}
		out = append(out, s[:i])
		if i == len(s) {
			return out
		}
		s = s[i+1:]
	}
}
