package engine

import (
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The schemas of an OpenAPI 3.1 document on the fast path. kin-openapi
// validates them with its JSON Schema 2020-12 validator, or with its 3.0 one
// (for a schema with refs and no 2020-12 keyword, or one the 2020-12
// validator does not compile). A 3.1 body the fast path does not find
// clean goes to kin-openapi whole (kinLeaf), so a check here may be
// stricter than kin-openapi, never laxer, in either validator; a fault of
// the fast path's own must be exact, as a probe's says that a branch fails.
//
// The 2020-12 keywords taken here: const (an enum of one scalar),
// prefixItems with items after it, $defs (what refs point to: no check of
// its own), dependentRequired, patternProperties with properties and
// additionalProperties, examples and $comment (annotations),
// unevaluatedProperties where no composition evaluates properties of the
// same object, and the boolean schemas true and false. In 3.1
// nullable is no keyword: null is a type; readOnly and writeOnly are
// annotations to the 2020-12 validator and checks to the 3.0 one, so a
// value they decide goes to kin-openapi.

// fastDep is a dependentRequired entry: when on is present, so are needs.
type fastDep struct {
	on    *fkey
	needs []*fkey
}

// fastPatternProp is a patternProperties entry.
type fastPatternProp struct {
	re   *fastPattern
	node *fnode
}

// compile31 compiles what a 3.1 schema says beyond what compile does.
func (n *fnode) compile31(p *fastProgram) {
	s := n.s
	// null passes where the type says so and nothing else could refuse it;
	// it fails for certain where a type without null is given and no
	// composition might let it through (kin-openapi's 3.0 validator)
	n.null = s.Type.IncludesNull() && len(s.Enum) == 0 && s.Const == nil && len(n.allOf) == 0 && !n.xof
	n.nullFails = s.Type != nil && !s.Type.IncludesNull() && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0
	if a := s.Always; a != nil { // a boolean schema
		if *a {
			n.empty, n.null = true, true
		} else {
			n.kin = true // kin-openapi says why no value passes (a probe's: mismatch)
		}
	}
	if s.Const != nil {
		c := compileEnum([]any{s.Const})
		switch {
		case c == nil || len(c.strs)+len(c.nums) == 0 && !c.hasBools, n.enum != nil:
			n.kin = true // an object or an array, or const beside enum
		default:
			n.enum = c
		}
	}
	if _, ok := openapi3.SchemaIntegerFormats[s.Format]; ok && !n.requireInt {
		// the 2020-12 validator checks an integer format on any number
		// without a fraction, whatever the type says
		switch s.Format {
		case "int32":
			n.intFormat = formatInt32
		case "int64":
			n.intFormat = formatInt64
		default:
			n.kin = true
		}
	}
	n.xofNull = n.xofNull && (s.Type == nil || s.Type.IncludesNull()) && len(s.Enum) == 0 && s.Const == nil
	n.v31 = true
	for _, ref := range s.PrefixItems {
		if ref == nil || ref.Value == nil {
			n.kin = true
			continue
		}
		n.prefix = append(n.prefix, p.node(ref.Value))
	}
	for _, name := range SortedKeys(s.DependentRequired) {
		d := fastDep{on: n.key(name)}
		for _, need := range s.DependentRequired[name] {
			d.needs = append(d.needs, n.key(need))
		}
		n.depReq = append(n.depReq, d)
	}
	for _, pat := range SortedKeys(s.PatternProperties) {
		ref := s.PatternProperties[pat]
		re := compilePatternFor(pat, true)
		if re == nil || ref == nil || ref.Value == nil || len(n.patterns) == 64 {
			n.kin = true
			continue
		}
		n.patterns = append(n.patterns, fastPatternProp{re: re, node: p.node(ref.Value)})
	}
	ap := s.AdditionalProperties
	if u := s.UnevaluatedProperties; (u.Has != nil || u.Schema != nil) && ap.Has == nil && ap.Schema == nil {
		// with additionalProperties every property is evaluated: nothing
		// is left to unevaluatedProperties
		if len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || s.Not != nil {
			n.kin = true // what the compositions evaluate counts
		}
		n.uneval, n.unevalOK = true, u.Has == nil || *u.Has
		if u.Schema != nil {
			if u.Schema.Value == nil {
				n.kin = true
			} else {
				n.unevalS = p.node(u.Schema.Value)
			}
		}
	}
}

// compilePatternFor compiles a pattern; for a 3.1 document only one that
// Go's regexp compiles as it is written, as the 2020-12 validator does.
func compilePatternFor(pattern string, v31 bool) *fastPattern {
	if v31 {
		if _, err := regexp.Compile(pattern); err != nil || goRegexp(pattern) != pattern {
			return nil
		}
	}
	return compilePattern(pattern)
}

// declines says whether the fast path leaves bodies of the 3.1 schema s to
// kin-openapi whole: a pattern below it that the 2020-12 validator does not
// compile, or a ref it does not resolve, makes kin-openapi validate s with
// its 3.0 validator, which reads other keywords otherwise.
func (p *fastProgram) declines(s *openapi3.Schema) bool {
	if v, ok := p.declined.Load(s); ok {
		return v.(bool)
	}
	bad := openapi3.NewSchemaRef("", s).WalkSubtree(func(_ string, ref *openapi3.SchemaRef) error {
		if ref.Ref != "" && !strings.HasPrefix(ref.Ref, "#/components/schemas/") {
			return errDeclined
		}
		v := ref.Value
		if v.Pattern != "" && compilePatternFor(v.Pattern, true) == nil {
			return errDeclined
		}
		for pat := range v.PatternProperties {
			if compilePatternFor(pat, true) == nil {
				return errDeclined
			}
		}
		return nil
	}) != nil
	p.declined.Store(s, bad)
	return bad
}

var errDeclined = errorString("declined")

type errorString string

func (e errorString) Error() string { return string(e) }

// member31 is what patternProperties and unevaluatedProperties say of a
// member of an object of s: the schema of its value (other than
// properties'), the patterns whose schemas it must pass besides (a bit
// each), and whether no schema takes it.
func (r *fastRun) member31(s *fnode, prop *fnode, key span, plain bool) (sc *fnode, more uint64, unsupported bool) {
	if len(s.patterns) > 0 {
		name := r.keyString(key, plain)
		for i, pp := range s.patterns {
			if !pp.re.match([]byte(name)) {
				continue
			}
			if prop == nil && sc == nil {
				sc = pp.node
			} else {
				more |= 1 << i
			}
		}
	}
	switch {
	case prop != nil:
		return prop, more, false
	case sc != nil:
		return sc, more, false
	case s.uneval:
		return s.unevalS, 0, !s.unevalOK
	case s.apAllowed:
		return s.ap, 0, false
	}
	return nil, 0, true
}

// patternValues validates the value at [vs, ve) against the schemas of the
// patterns more names.
func (r *fastRun) patternValues(s *fnode, more uint64, vs, ve int) {
	for i, pp := range s.patterns {
		if more&(1<<i) != 0 && !r.bad {
			r.pos = vs
			r.value(pp.node, nil, nil)
		}
	}
	r.pos = ve
}

// dependents checks dependentRequired over the keys seen (bits).
func (r *fastRun) dependents(s *fnode, bits []uint64) bool {
	seen := func(k *fkey) bool { return bits[k.idx/64]&(1<<(k.idx%64)) != 0 }
	for _, d := range s.depReq {
		if !seen(d.on) {
			continue
		}
		for _, k := range d.needs {
			if !seen(k) {
				return false
			}
		}
	}
	return true
}

// exactEnough says whether a 3.1 number's text is exact enough for the
// checks that compare it: the 2020-12 validator compares the exact value
// of the text, the fast path its float64, which differ only for a text
// that is not a short integer, and matter only at a bound, an enum value,
// or for integers and multipleOf.
func (n *fnode) exactEnough(raw []byte, f float64) bool {
	if _, ok := shortInt(raw); ok {
		return true
	}
	return !n.nearNumber(f)
}

func (n *fnode) nearNumber(f float64) bool {
	if n.requireInt || n.hasMultipleOf || n.hasMin && f == n.min || n.hasMax && f == n.max ||
		n.hasExMin && f == n.exMin || n.hasExMax && f == n.exMax || n.enum != nil && n.enum.hasNumber(f) {
		return true
	}
	for _, m := range n.allOf {
		if m.nearNumber(f) {
			return true
		}
	}
	return false
}
