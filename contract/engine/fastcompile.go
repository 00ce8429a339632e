package engine

import (
	"fmt"
	"hash/maphash"
	"math"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// The fast path validates a JSON body straight from its bytes, with the
// schemas of a spec compiled once into fnodes. It covers the keywords the
// specs use (see fastField); a schema with any other keyword is validated by
// kin-openapi (kin), on the value it applies to only. Wherever a check of the
// fast path fails, kin-openapi validates that value again and its errors are
// the ones reported, so that both engines report the same faults.

// fastProgram is the compiled form of one spec's schemas.
type fastProgram struct {
	idx   Index
	nodes map[*openapi3.Schema]*fnode
	seed  maphash.Seed
	// v31: the schemas are of an OpenAPI 3.1 document, validated with
	// kin-openapi's JSON Schema 2020-12 validator (see fast31.go)
	v31      bool
	declined sync.Map // root schema -> bool: see declines
}

// fnode is one compiled schema: what validating a value against it needs,
// and what the walk (strict fields, order, unique ids) needs.
type fnode struct {
	// what reading most values looks at first, together
	kin         bool // validated by kin-openapi
	empty       bool // kin-openapi's IsEmpty: any value but null passes
	null        bool // null passes
	xof         bool
	uniqueItems bool
	always      int8 // a boolean schema: 1 true, -1 false (Schema.Always)
	special     bool // kin, xof or uniqueItems: reading a value looks at them first

	tBool, tNum, tInt, tStr, tArr, tObj bool // the types permitted
	requireInt                          bool
	strChecks                           bool
	walkNeed                            [2]bool // [strict] the walk of a value finds anything here or below

	allOf    []*fnode
	enum     *fenum
	s        *openapi3.Schema
	info     *Info
	uniqueBy string // info.UniqueBy
	// not, oneOf and anyOf (xof: any of them), and the discriminator that
	// picks the branches of oneOf and anyOf: its property, the branches'
	// refs, and its mapping from values to refs (none: every branch counts)
	not          *fnode
	oneOf, anyOf []*fnode
	oneOfRefs    []string
	anyOfRefs    []string
	disc         string
	discMap      map[string]string
	// 3.1 (fast31.go): prefixItems, dependentRequired, patternProperties,
	// unevaluatedProperties (const is an enum of one)
	prefix    []*fnode
	depReq    []fastDep
	patterns  []fastPatternProp
	uneval    bool   // unevaluatedProperties is set: it applies where additionalProperties is not
	unevalOK  bool   // it is not false
	unevalS   *fnode // its schema
	v31       bool   // of a 3.1 document: numbers need exact text near a bound (exactEnough)
	nullFails bool   // null certainly fails, in every validator kin-openapi may use
	xofNull   bool   // null passes when the compositions pass it

	typeReason string // the reason of the fault of a value of another type

	// strings
	minLen, maxLen int64 // maxLen < 0: none
	re             *fastPattern
	format         fastFormat
	check          func(string) bool // formatOwn: the registered ownFormat's check
	// numbers
	intFormat          fastFormat
	min, max           float64
	hasMin, hasMax     bool
	exMin, exMax       float64
	hasExMin, hasExMax bool
	multipleOf         float64
	hasMultipleOf      bool
	// arrays
	minItems, maxItems int64 // maxItems < 0: none
	items              *fnode
	// objects
	keys               map[string]*fkey
	required           []*fkey
	apAllowed          bool
	ap                 *fnode               // additionalProperties' schema
	first              atomic.Pointer[fkey] // the first key of the last object read (see member)
	minProps, maxProps int64                // maxProps < 0: none
	// the walk
	walkItems  *fnode
	strictable bool     // strict mode reports the fields info.props does not list
	orderKeys  []string // the fields info.order names
	orderRules []fastOrder
}

// fastOrder is an x-specdrift-order rule, its fields as indexes in orderKeys.
type fastOrder struct {
	before, after int
	strict        bool
}

// fkey is what a node knows of one property name.
type fkey struct {
	idx       int // in the node's keys, in the order they were added
	name      string
	prop      *fnode // the schema of properties[name]
	walk      *fnode // the schema the walk uses: info.props[name]
	orderSlot int    // index in orderKeys, -1 if none
	readOnly  bool
	writeOnly bool
	// refused says, of a response body [0] and of a request body [1],
	// whether properties[name] is one that body may not send (writeOnly,
	// readOnly)
	refused [2]bool
	// next is the key that came after this one in the last object read:
	// objects tend to list their keys in one order, so it is tried before
	// the map (see member)
	next atomic.Pointer[fkey]
	// missing is the reason of its required fault, escaped its token of a
	// pointer with the slash before it (of a required property)
	missing, escaped string
	// lead is the key as a body has it before its value, "name": (none when
	// the name needs escaping in JSON)
	lead string
}

type fastFormat uint8

const (
	formatNone fastFormat = iota
	formatDate
	formatDateTime
	formatByte
	formatInt32
	formatInt64
	formatOwn // a format of formats.go, as registered
)

// compileFast compiles every schema of the spec.
func compileFast(idx Index, v31 bool) *fastProgram {
	p := &fastProgram{idx: idx, nodes: map[*openapi3.Schema]*fnode{}, seed: maphash.MakeSeed(), v31: v31}
	for s := range idx {
		p.node(s)
	}
	for _, n := range p.nodes {
		if (len(n.allOf) > 0 || n.xof) && !n.kin && !p.simpleAllOf(n) {
			n.kin = true
		}
	}
	p.walkNeeds()
	for _, n := range p.nodes {
		n.special = n.kin || n.xof || n.uniqueItems
	}
	return p
}

func (p *fastProgram) node(s *openapi3.Schema) *fnode {
	if s == nil {
		return nil
	}
	if n, ok := p.nodes[s]; ok {
		return n
	}
	n := &fnode{s: s, info: p.idx.Info(s), maxLen: -1, maxItems: -1, maxProps: -1}
	n.uniqueBy = n.info.UniqueBy
	if a := s.Always; a != nil {
		n.always = -1
		if *a {
			n.always = 1
		}
	}
	p.nodes[s] = n
	n.compile(p)
	return n
}

func (n *fnode) compile(p *fastProgram) {
	s := n.s
	n.kin = !onlyFastFields(s, p.v31)
	n.empty = !n.kin && acceptsAll(s, map[*openapi3.Schema]bool{})
	n.null = s.Nullable || s.Type.IncludesNull()
	n.nullFails = !n.null
	if s.Type != nil {
		if len(*s.Type) == 0 {
			n.kin = true
		}
		for _, t := range *s.Type {
			switch t {
			case "boolean", "number", "integer", "string", "array", "object", "null":
			default:
				n.kin = true
			}
		}
	}
	n.tBool, n.tNum, n.tInt = s.Type.Permits("boolean"), s.Type.Permits("number"), s.Type.Permits("integer")
	n.tStr, n.tArr, n.tObj = s.Type.Permits("string"), s.Type.Permits("array"), s.Type.Permits("object")
	n.requireInt = n.tInt && !n.tNum
	if s.Type != nil && len(*s.Type) > 0 {
		// as kin-openapi's 3.0 validator says a value has another type
		a, x := "a", (*s.Type)[0]
		switch {
		case len(*s.Type) > 1:
			a, x = "one of", strings.Join(*s.Type, ", ")
		case x == "array" || x == "object" || x == "integer":
			a = "an"
		}
		n.typeReason = "value must be " + a + " " + x
	}
	for _, m := range s.AllOf {
		if m == nil || m.Value == nil {
			n.kin = true
			continue
		}
		n.allOf = append(n.allOf, p.node(m.Value))
	}
	n.compileXOf(p)
	n.xofNull = len(n.oneOf)+len(n.anyOf) > 0 && len(n.allOf) == 0
	n.uniqueItems = s.UniqueItems
	if len(s.Enum) > 0 {
		n.enum = compileEnum(s.Enum)
		if n.enum == nil {
			n.kin = true
		}
	}
	n.compileScalars(p.v31)
	n.minItems, n.minProps = int64(min(s.MinItems, math.MaxInt64)), int64(min(s.MinProps, math.MaxInt64))
	if s.MaxItems != nil {
		n.maxItems = int64(min(*s.MaxItems, math.MaxInt64))
	}
	if s.MaxProps != nil {
		n.maxProps = int64(min(*s.MaxProps, math.MaxInt64))
	}
	if s.Items != nil {
		if s.Items.Value == nil {
			n.kin = true
		}
		n.items = p.node(s.Items.Value)
		n.walkItems = n.items
	}
	ap := s.AdditionalProperties
	n.apAllowed = ap.Has == nil || *ap.Has
	if ap.Schema != nil {
		if ap.Schema.Value == nil {
			n.kin = true
		}
		n.ap = p.node(ap.Schema.Value)
	}
	n.compileKeys(p)
	if p.v31 {
		n.compile31(p)
	}
}

// compileXOf compiles not, oneOf, anyOf and the discriminator.
func (n *fnode) compileXOf(p *fastProgram) {
	s := n.s
	branches := func(refs openapi3.SchemaRefs) ([]*fnode, []string) {
		var nodes []*fnode
		var names []string
		for _, ref := range refs {
			if ref == nil || ref.Value == nil {
				n.kin = true
				continue
			}
			nodes = append(nodes, p.node(ref.Value))
			names = append(names, ref.Ref)
		}
		return nodes, names
	}
	n.oneOf, n.oneOfRefs = branches(s.OneOf)
	n.anyOf, n.anyOfRefs = branches(s.AnyOf)
	if ref := s.Not; ref != nil {
		if ref.Value == nil {
			n.kin = true
		} else {
			n.not = p.node(ref.Value)
		}
	}
	n.xof = n.not != nil || len(n.oneOf)+len(n.anyOf) > 0
	if d := s.Discriminator; d != nil && len(n.oneOf)+len(n.anyOf) > 0 {
		n.disc = d.PropertyName
		for name, m := range d.Mapping {
			if n.discMap == nil {
				n.discMap = map[string]string{}
			}
			ref := m.Ref
			if ref != "" && !strings.Contains(ref, "/") {
				ref = "#/components/schemas/" + ref // a mapping may name a schema
			}
			n.discMap[name] = ref
		}
	}
}

// compileScalars compiles the string and number keywords.
func (n *fnode) compileScalars(v31 bool) {
	s := n.s
	n.minLen = int64(min(s.MinLength, math.MaxInt64))
	if s.MaxLength != nil {
		n.maxLen = int64(min(*s.MaxLength, math.MaxInt64))
	}
	if s.Pattern != "" {
		n.re = compilePatternFor(s.Pattern, v31)
		if n.re == nil {
			n.kin = true // kin-openapi reports the pattern
		}
	}
	if f := s.Format; f != "" {
		if v, ok := openapi3.SchemaStringFormats[f]; ok {
			switch f {
			case "date":
				n.format = formatDate
			case "date-time":
				n.format = formatDateTime
			case "byte":
				n.format = formatByte
			}
			if own, ok := v.(*ownFormat); ok && n.format == formatNone {
				n.format, n.check = formatOwn, own.ok
			} else if n.format == formatNone || !sameFormat(v, n.format) {
				n.kin = true // a format the fast path does not know, or not as it knows it
			}
		}
		if _, ok := openapi3.SchemaNumberFormats[f]; ok {
			n.kin = true
		}
		if _, ok := openapi3.SchemaIntegerFormats[f]; ok && n.requireInt {
			switch f {
			case "int32":
				n.intFormat = formatInt32
			case "int64":
				n.intFormat = formatInt64
			default:
				n.kin = true
			}
		}
	}
	n.strChecks = n.minLen > 0 || n.maxLen >= 0 || n.re != nil || n.format != formatNone
	if s.Min != nil {
		n.min, n.hasMin = *s.Min, true
	}
	if s.Max != nil {
		n.max, n.hasMax = *s.Max, true
	}
	// exclusiveMinimum and exclusiveMaximum: a bound of their own (3.1), or
	// true to make minimum and maximum exclusive (3.0).
	if eb := s.ExclusiveMin; eb.Value != nil {
		n.exMin, n.hasExMin = *eb.Value, true
	} else if eb.IsTrue() && s.Min != nil {
		n.exMin, n.hasExMin = *s.Min, true
	}
	if eb := s.ExclusiveMax; eb.Value != nil {
		n.exMax, n.hasExMax = *eb.Value, true
	} else if eb.IsTrue() && s.Max != nil {
		n.exMax, n.hasExMax = *s.Max, true
	}
	if s.MultipleOf != nil {
		n.multipleOf, n.hasMultipleOf = *s.MultipleOf, true
	}
}

// compileKeys indexes the property names the node and its walk know.
func (n *fnode) compileKeys(p *fastProgram) {
	s, info := n.s, n.info
	n.keys = map[string]*fkey{}
	key := n.key
	for _, name := range SortedKeys(s.Properties) {
		ref := s.Properties[name]
		if ref == nil || ref.Value == nil {
			n.kin = true
			continue
		}
		k := key(name)
		k.prop = p.node(ref.Value)
		k.readOnly, k.writeOnly = ref.Value.ReadOnly, ref.Value.WriteOnly
		k.refused = [2]bool{k.writeOnly, k.readOnly}
	}
	for _, name := range SortedKeys(info.Props) {
		key(name).walk = p.node(info.Props[name])
	}
	for _, name := range s.Required {
		k := key(name)
		k.missing, k.escaped = fmt.Sprintf("property %q is missing", name), "/"+EscapePointer(name)
		n.required = append(n.required, k)
	}
	slot := func(name string) int {
		k := key(name)
		if k.orderSlot < 0 {
			k.orderSlot = len(n.orderKeys)
			n.orderKeys = append(n.orderKeys, name)
		}
		return k.orderSlot
	}
	for _, r := range info.Order {
		n.orderRules = append(n.orderRules, fastOrder{before: slot(r.Before), after: slot(r.After), strict: r.Strict})
	}
	n.strictable = !info.Open && !info.Closed && len(info.Props) > 0 && len(s.OneOf)+len(s.AnyOf) == 0
}

// key is the node's entry for a property name, added if new.
func (n *fnode) key(name string) *fkey {
	k := n.keys[name]
	if k == nil {
		k = &fkey{idx: len(n.keys), name: name, orderSlot: -1, lead: keyLead(name)}
		n.keys[name] = k
	}
	return k
}

// keyLead is `"name":` when that is how JSON writes the name with no
// escape: valid UTF-8 without quotes, backslashes or control characters.
func keyLead(name string) string {
	if !utf8.ValidString(name) || strings.ContainsAny(name, "\"\\") || strings.ContainsFunc(name, func(c rune) bool { return c < 0x20 }) {
		return ""
	}
	return `"` + name + `":`
}

// simpleAllOf says whether the fast path validates a value against n's
// allOf as kin-openapi does: no schema that applies to the same value
// (through allOf, oneOf, anyOf or not) leads back to n, and none of them has
// readOnly or writeOnly properties, which make kin-openapi's required check
// depend on the schemas visited.
func (p *fastProgram) simpleAllOf(n *fnode) bool {
	seen := map[*openapi3.Schema]bool{}
	var visit func(s *openapi3.Schema) bool
	visit = func(s *openapi3.Schema) bool {
		if s == nil || seen[s] {
			return true
		}
		seen[s] = true
		for _, ref := range s.Properties {
			if ref != nil && ref.Value != nil && (ref.Value.ReadOnly || ref.Value.WriteOnly) {
				return false
			}
		}
		for _, refs := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf, {s.Not}} {
			for _, ref := range refs {
				if ref == nil || ref.Value == nil {
					continue
				}
				if ref.Value == n.s || !visit(ref.Value) {
					return false
				}
			}
		}
		return true
	}
	return visit(n.s)
}

// walkNeeds computes for every node whether the walk can find anything in a
// value there: the least fixed point, as schemas may be recursive.
func (p *fastProgram) walkNeeds() {
	for strict := range 2 {
		for changed := true; changed; {
			changed = false
			for _, n := range p.nodes {
				if n.walkNeed[strict] {
					continue
				}
				need := len(n.info.Order) > 0 || n.info.UniqueBy != "" || (strict == 1 && n.strictable)
				for _, k := range n.keys {
					need = need || (k.walk != nil && k.walk.walkNeed[strict])
				}
				need = need || (n.ap != nil && n.ap.walkNeed[strict]) || (n.walkItems != nil && n.walkItems.walkNeed[strict])
				if need {
					n.walkNeed[strict], changed = true, true
				}
			}
		}
	}
}

// acceptsAll is kin-openapi's IsEmpty without its blind spots: IsEmpty
// counts `not: {}`, which no value passes, and `oneOf: [{}, {}]`, which no
// value passes either, as no constraint, here or in any schema below; so a
// schema is empty here only when neither it nor any schema below it has a
// not, a oneOf or an anyOf, or a field the fast path does not implement.
func acceptsAll(s *openapi3.Schema, seen map[*openapi3.Schema]bool) bool {
	if seen[s] {
		return true
	}
	seen[s] = true
	if !s.IsEmpty() || !onlyFastFields(s, false) || s.Not != nil || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return false // not, and oneOf of several empty branches, reject values
	}
	below := append(openapi3.SchemaRefs{s.Items, s.AdditionalProperties.Schema}, s.AllOf...)
	for _, ref := range s.Properties {
		below = append(below, ref)
	}
	for _, ref := range below {
		if ref != nil && ref.Value != nil && !acceptsAll(ref.Value, seen) {
			return false
		}
	}
	return true
}

// onlyFastFields says whether a schema sets only fields the fast path
// implements, or fields that do not change how kin-openapi validates; v31:
// as a schema of an OpenAPI 3.1 document, with the 2020-12 keywords of
// fast31.go.
func onlyFastFields(s *openapi3.Schema, v31 bool) bool {
	v := reflect.ValueOf(s).Elem()
	t := v.Type()
	for i := range t.NumField() {
		switch t.Field(i).Name {
		case "Extensions", "Origin", "AllOf", "Type", "Title", "Format", "Description", "Enum", "Default", "Example",
			"ExternalDocs", "ExclusiveMin", "ExclusiveMax", "Nullable", "ReadOnly", "WriteOnly", "AllowEmptyValue",
			"Deprecated", "XML", "Min", "Max", "MultipleOf", "MinLength", "MaxLength", "Pattern", "MinItems", "MaxItems",
			"Items", "Required", "Properties", "MinProps", "MaxProps", "AdditionalProperties", "Examples",
			"OneOf", "AnyOf", "Not", "Discriminator", "UniqueItems":
			continue
		case "Const", "PrefixItems", "Defs", "DependentRequired", "PatternProperties", "UnevaluatedProperties", "Comment", "Always":
			if v31 {
				continue
			}
		}
		if !v.Field(i).IsZero() {
			return false
		}
	}
	return true
}

// goRegexp turns the \uXXXX escapes of an ECMA pattern into Go's \x{XXXX},
// as kin-openapi does before compiling a pattern.
func goRegexp(pattern string) string {
	upperHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }
	var out []byte
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '\\' && i+5 < len(pattern) && pattern[i+1] == 'u' &&
			upperHex(pattern[i+2]) && upperHex(pattern[i+3]) && upperHex(pattern[i+4]) && upperHex(pattern[i+5]) {
			out = append(out, `\x{`...)
			out = append(out, pattern[i+2:i+6]...)
			out = append(out, '}')
			i += 5
			continue
		}
		out = append(out, pattern[i])
	}
	return string(out)
}

// sameFormat says whether a registered format validator agrees with the
// fast path's check on the probes: a program may have replaced kin-openapi's.
func sameFormat(v openapi3.StringFormatValidator, f fastFormat) bool {
	// strings on the edges of the formats the fast path checks
	probes := [...]string{"", "2024-02-29", "2023-02-29", "2023-04-31", "1900-02-29", "2000-02-29", "2023-13-01", "2023-1-01",
		"2023-09-20T08:03:51Z", "2023-09-20T08:03:51.123+08:00", "2023-09-20T24:00:00Z", "2023-09-20T08:03:60Z", "2023-09-20t08:03:51z",
		"2023-09-20T08:03:51", "2023-09-20T08:03:51.Z", "2023-02-30T00:00:00Z", "aGVsbG8=", "a-b_c+/==", "a=b", "ab c", "é", "\n"}
	n := &fnode{tStr: true, strChecks: true, maxLen: -1, format: f}
	for _, p := range probes {
		if (v.Validate(p) == nil) != n.stringOK([]byte(p)) {
			return false
		}
	}
	return true
}
