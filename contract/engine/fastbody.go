package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// fastRun is the state of validating one body on the fast path. Runs are
// pooled; their slices are stacks that keep their memory between bodies.
type fastRun struct {
	p        *fastProgram
	b        walker // holds the faults
	body     []byte
	pos      int
	depth    int
	bad      bool                              // not JSON the fast path reads: the kin path takes the body
	kin      []openapi3.SchemaValidationOption // of the values kin-openapi validates
	kinProbe []openapi3.SchemaValidationOption // the same, to say only whether a value fails
	asReq    bool
	side     int // 1 for a request body, 0 for a response one (fkey.refused)
	strict   int // index into walkNeed
	// probing counts the probes under way: validations of a value against
	// a branch of a composition, whose faults only say that it fails
	probing int
	// probeMark is the number of faults when the innermost probe began:
	// one more, and the probe fails whatever the rest of the value is
	probeMark int

	path   []pathSeg
	others []pathSeg // keys of the objects being read that their node does not know
	bits   []uint64  // the keys seen, per object being read
	spans  []span    // the order fields of the objects being read
	ids    []span    // the x-specdrift-unique-by values of the arrays being read
	unsup  []string  // the unsupported fields of the objects being read
	seen   map[uint64]int32
	// keySets are the sets of unknown keys of the objects being read that
	// have many (fastObject.otherSet), the first nKeySets in use
	keySets  []map[uint64]int32
	nKeySets int
	// the members and items of the objects and arrays being decoded
	dkeys []string
	dvals []any
}

// pathSeg is one step of the pointer to the value being read: a key (its
// span in the body) or an index.
type pathSeg struct {
	key   span
	plain bool
	index int
}

// fastCapture asks an object for the value of one field.
type fastCapture struct {
	name string
	at   span
}

// Fast is the engine that validates the bytes of a body with the spec's
// schemas compiled once (on first use), and has kin-openapi validate any
// value it does not cover, and any body it does not read.
type Fast struct {
	idx   Index
	kin   *Kin
	once  [2]sync.Once
	progs [2]*fastProgram // of 3.0 documents, of 3.1 ones (Options.JSONSchema2020)
	runs  sync.Pool
}

// NewFast returns the fast engine over the schemas of idx.
func NewFast(idx Index) *Fast {
	return &Fast{idx: idx, kin: NewKin(idx), runs: sync.Pool{New: func() any { return &fastRun{seen: map[uint64]int32{}} }}}
}

func (e *Fast) program(v31 bool) *fastProgram {
	i := 0
	if v31 {
		i = 1
	}
	e.once[i].Do(func() { e.progs[i] = compileFast(e.idx, v31) })
	return e.progs[i]
}

// Validate implements Engine.
func (e *Fast) Validate(body []byte, s *openapi3.Schema, o Options) ([]Fault, error) {
	if fs, ok := e.Read(body, s, o); ok {
		return fs, nil
	}
	return e.kin.Validate(body, s, o)
}

// Read validates a body on the fast path; false if it could not (the body
// is not JSON it reads, or too deeply nested, or s is not a schema of the
// index), with nothing reported.
func (e *Fast) Read(body []byte, schema *openapi3.Schema, o Options) ([]Fault, bool) {
	p := e.program(o.JSONSchema2020)
	root := p.nodes[schema]
	if root == nil || p.v31 && p.declines(schema) {
		return nil, false
	}
	r := e.runs.Get().(*fastRun)
	defer func() {
		r.release()
		e.runs.Put(r)
	}()
	*r = fastRun{p: p, b: walker{idx: e.idx, o: o, faults: r.b.faults[:0]}, body: body, kin: fastKin[o.kinCase()], kinProbe: fastKinProbe[o.kinCase()], asReq: o.Request, path: r.path[:0],
		others: r.others[:0], bits: r.bits[:0], spans: r.spans[:0], ids: r.ids[:0], unsup: r.unsup[:0], seen: r.seen, keySets: r.keySets}
	if o.Strict {
		r.strict = 1
	}
	if o.Request {
		r.side = 1
	}
	r.ws()
	if r.pos < len(body) { // else: "empty body", as the kin path says
		r.value(root, root, nil)
		r.ws()
	} else {
		r.bad = true
	}
	if r.bad || r.pos != len(body) {
		return nil, false
	}
	if len(r.b.faults) == 0 {
		return nil, true
	}
	if o.JSONSchema2020 {
		return nil, false // a 3.1 body with faults is kin-openapi's: see kinLeaf
	}
	return e.idx.resolve(append([]Fault(nil), r.b.faults...), o.RawActual), true
}

// KinPointers lists, by their pointers, the schemas the fast path hands to
// kin-openapi whole, validating with o (o.JSONSchema2020: of a 3.1
// document).
func (e *Fast) KinPointers(o Options) []string {
	var out []string
	for _, n := range e.program(o.JSONSchema2020).nodes {
		if n.kin {
			out = append(out, e.idx.Info(n.s).Pointer)
		}
	}
	sort.Strings(out)
	return out
}

// release drops what the run refers to, so that the pool holds no body.
func (r *fastRun) release() {
	clear(r.b.faults)
	clear(r.unsup)
	r.p, r.b.o, r.body, r.kin, r.kinProbe = nil, Options{}, nil, nil, nil
}

// value reads the value at r.pos: it validates it against s (nil: none),
// walks it with w (nil: none), and fills cap with a field of it.
func (r *fastRun) value(s, w *fnode, cap *fastCapture) {
	if r.pos >= len(r.body) {
		r.bad = true
		return
	}
	if w != nil && !w.walkNeed[r.strict] {
		w = nil
	}
	c := r.body[r.pos]
	if s != nil && (s.special || r.probing > 0) {
		if r.probing > 0 && len(r.b.faults) > r.probeMark && !r.p.v31 {
			r.skip() // the probe fails already: the rest is only read
			return
		}
		if r.probing > 0 && s.mismatch(c) {
			r.skip()
			r.b.faults = append(r.b.faults, Fault{Kind: Error, Reason: "type"}) // a probe's: only says it fails
			return
		}
		if s.kin {
			r.kinValue(s, w, cap)
			return
		}
		if s.xof && !(c == 'n' && s.null) {
			if pass, several := r.xofPass(s); !pass {
				switch {
				case r.bad:
				case several != 0:
					if raw := r.pass(w, cap); !r.bad {
						r.several(s, several, raw)
					}
				default:
					r.kinValue(s, w, cap)
				}
				return
			}
			if c == 'n' && s.xofNull {
				r.literal("null") // kin-openapi: a null the compositions accept passes
				return
			}
		}
		if s.uniqueItems && c == '[' && !r.surelyUnique() {
			if !r.bad {
				r.kinValue(s, w, cap)
			}
			return
		}
	}
	switch c {
	case '{', '[':
		if s != nil && s.empty {
			s = nil
		}
		if s != nil {
			typed := s.tObj
			if c == '[' {
				typed = s.tArr
			}
			if !typed && s.enum == nil && len(s.allOf) == 0 && !s.xof && r.probing == 0 && !r.p.v31 {
				r.wrongType(s, w, cap)
				return
			}
			if !typed || s.enum != nil || !r.allOfPass(s) {
				r.kinValue(s, w, cap)
				return
			}
		}
		switch {
		case c == '{' && (s != nil || w != nil || cap != nil):
			r.object(s, w, cap)
		case c == '[' && (s != nil || w != nil):
			r.array(s, w)
		default:
			r.skip()
		}
	case '"':
		start, end, plain := r.str()
		if r.bad || s == nil || s.empty {
			return
		}
		str := r.body[start:end]
		if !plain {
			str = []byte(decodeString(r.body[start-1 : end+1]))
		}
		if !s.stringOK(str) {
			r.kinLeaf(s, string(str))
		}
	case 't', 'f':
		word := "true"
		if c == 'f' {
			word = "false"
		}
		r.literal(word)
		if !r.bad && s != nil && !s.boolOK(c == 't') {
			r.kinLeaf(s, c == 't')
		}
	case 'n':
		r.literal("null")
		if !r.bad && s != nil && !s.null {
			r.kinLeaf(s, nil)
		}
	default:
		start, end := r.num()
		if !r.bad && s != nil && !s.numberOK(r.body[start:end]) {
			r.kinLeaf(s, json.Number(r.body[start:end]))
		}
	}
}

// allOfPass validates the container at r.pos against each schema of s's
// allOf, as kin-openapi does before it looks at s itself.
func (r *fastRun) allOfPass(s *fnode) bool {
	for _, m := range s.allOf {
		pos, mark := r.pos, len(r.b.faults)
		r.value(m, nil, nil)
		failed := len(r.b.faults) > mark
		r.pos, r.b.faults = pos, r.b.faults[:mark]
		if failed || r.bad {
			return false
		}
	}
	return true
}

// kinValue has kin-openapi validate the value at r.pos against s, which the
// walk and cap still read on the fast path.
func (r *fastRun) kinValue(s, w *fnode, cap *fastCapture) {
	if raw := r.pass(w, cap); !r.bad {
		r.kinLeaf(s, decodeSub(raw))
	}
}

// pass reads the value at r.pos for the walk and cap only (skipping it
// when neither wants it) and returns its bytes.
func (r *fastRun) pass(w *fnode, cap *fastCapture) []byte {
	start := r.pos
	if w == nil && cap == nil {
		r.skip()
	} else {
		r.value(nil, w, cap)
	}
	return r.body[start:r.pos]
}

// wrongType reports an object or array where s, of a 3.0 document, has
// another type and nothing that kin-openapi's validator looks at before the
// type (not, oneOf, anyOf, allOf, enum): its one fault, the type's, as it
// says it. The walk and cap still read the value.
func (r *fastRun) wrongType(s, w *fnode, cap *fastCapture) {
	if raw := r.pass(w, cap); !r.bad {
		r.fault(s.s, "type", s.typeReason, r.pointer(len(r.path)), raw)
	}
}

// kinLeaf has kin-openapi validate a decoded value against s.
func (r *fastRun) kinLeaf(s *fnode, v any) {
	if r.b.o.JSONSchema2020 {
		// kin-openapi validates a 3.1 schema with its 2020-12 validator, or
		// with its 3.0 one when the schema has refs and no 2020-12 keyword:
		// a part of a schema may get the other validator, and other words,
		// than the whole. So the fast path judges only the 3.1 bodies it
		// finds clean; any other goes to kin-openapi whole, as the kin
		// engine validates it.
		r.bad = true
		return
	}
	if r.probing > 0 {
		if s.s.VisitJSON(v, r.kinProbe...) != nil {
			r.b.faults = append(r.b.faults, Fault{Kind: Error, Reason: "kin"}) // a probe's: only says it fails
		}
		return
	}
	err := s.s.VisitJSON(v, r.kin...)
	r.b.faults = r.b.idx.appendKin(r.b.faults, err, r.pointer(len(r.path)), "", true, &kinCtx{v: v, opts: r.kin})
}

// fastKin and fastKinProbe are the options of the fast path's kin-openapi
// validations (those of kinOptions, with reasonOnly; kinProbeOptions), by
// Options.kinCase: made once, as options are the same for every body.
var fastKin, fastKinProbe = func() (kin, probe [4][]openapi3.SchemaValidationOption) {
	for _, o := range []Options{{}, {Request: true}, {JSONSchema2020: true}, {Request: true, JSONSchema2020: true}} {
		k := append(kinOptions(o), reasonOnly)
		p := kinProbeOptions(o)
		kin[o.kinCase()], probe[o.kinCase()] = k[:len(k):len(k)], p[:len(p):len(p)]
	}
	return kin, probe
}()

// kinCase numbers the options that make the fast path's kin-openapi
// options differ.
func (o Options) kinCase() int {
	i := 0
	if o.Request {
		i |= 1
	}
	if o.JSONSchema2020 {
		i |= 2
	}
	return i
}

// reasonOnly cuts the message of a SchemaError to its reason, which is all
// a fault takes from it, so that kin-openapi does not render schemas into
// the messages of the errors it wraps.
var reasonOnly = openapi3.SetSchemaErrorMessageCustomizer(func(e *openapi3.SchemaError) string { return e.Reason })

// slow validates and walks a decoded value as the kin path does: for an
// object whose duplicate keys leave only the last of each.
func (r *fastRun) slow(s, w *fnode, raw []byte) {
	if r.b.o.JSONSchema2020 {
		r.bad = true // the whole body goes to kin-openapi: see kinLeaf
		return
	}
	v := decodeSub(raw)
	ptr := r.pointer(len(r.path))
	if s != nil {
		err := s.s.VisitJSON(v, r.kin...)
		r.b.faults = r.b.idx.appendKin(r.b.faults, err, ptr, "", true, &kinCtx{v: v, opts: r.kin})
	}
	if w != nil {
		r.b.walk(w.s, v, ptr)
	}
}

// pointer renders the pointer of the first n steps of the path.
func (r *fastRun) pointer(n int) string {
	var sb strings.Builder
	for _, seg := range r.path[:n] {
		sb.WriteByte('/')
		if seg.key.start < 0 {
			sb.WriteString(strconv.Itoa(seg.index))
			continue
		}
		sb.WriteString(EscapePointer(r.keyString(seg.key, seg.plain)))
	}
	return sb.String()
}

func (r *fastRun) keyString(k span, plain bool) string {
	if plain {
		return string(r.body[k.start:k.end])
	}
	return decodeString(r.body[k.start-1 : k.end+1])
}

// fault adds a fault of the fast path's own, about the value at raw.
func (r *fastRun) fault(s *openapi3.Schema, field, reason, ptr string, raw []byte) {
	r.b.faults = append(r.b.faults, Fault{Schema: s, Keyword: field, Reason: reason, Pointer: ptr, raw: raw})
}

// array reads an array: its items against s's items, its walk (unique ids)
// with w.
func (r *fastRun) array(s, w *fnode) {
	start := r.pos
	r.pos++
	if r.enter() {
		return
	}
	var is, iw *fnode
	if s != nil && len(s.prefix) == 0 {
		is = s.items
	}
	unique := ""
	if w != nil {
		iw = w.walkItems
		unique = w.uniqueBy
	}
	idBase := len(r.ids)
	n := 0
	r.ws()
	if r.at(']') {
		r.pos++
	} else {
		for !r.bad {
			r.path = append(r.path, pathSeg{key: span{-1, -1}, index: n})
			if s != nil && len(s.prefix) > 0 { // 3.1: items after prefixItems
				is = s.items
				if n < len(s.prefix) {
					is = s.prefix[n]
				}
			}
			if unique != "" {
				c := fastCapture{name: unique, at: span{-1, -1}}
				r.value(is, iw, &c)
				r.ids = append(r.ids, c.at)
			} else {
				r.value(is, iw, nil)
			}
			r.path = r.path[:len(r.path)-1]
			n++
			if !r.next(']') {
				break
			}
		}
	}
	r.leave()
	if r.bad {
		return
	}
	if s != nil {
		raw := r.body[start:r.pos]
		if s.minItems != 0 && int64(n) < s.minItems {
			r.fault(s.s, "minItems", fmt.Sprintf("minimum number of items is %d", s.s.MinItems), r.pointer(len(r.path)), raw)
		}
		if s.maxItems >= 0 && int64(n) > s.maxItems {
			r.fault(s.s, "maxItems", fmt.Sprintf("maximum number of items is %d", *s.s.MaxItems), r.pointer(len(r.path)), raw)
		}
	}
	if unique != "" {
		r.unique(w, r.ids[idBase:])
		r.ids = r.ids[:idBase]
	}
}
