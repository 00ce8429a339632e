package contract

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// fastRun is the state of validating one body on the fast path. Runs are
// pooled; their slices are stacks that keep their memory between bodies.
type fastRun struct {
	p      *fastProgram
	b      *bodyWalk
	body   []byte
	pos    int
	depth  int
	bad    bool // not JSON the fast path reads: the kin path takes the body
	as     openapi3.SchemaValidationOption
	asReq  bool
	strict int // index into walkNeed
	faults []schemaFault

	path   []pathSeg
	others []pathSeg // keys of the objects being read that their node does not know
	bits   []uint64  // the keys seen, per object being read
	spans  []span    // the order fields of the objects being read
	ids    []span    // the x-specdrift-unique-by values of the arrays being read
	unsup  []string  // the unsupported fields of the objects being read
	seen   map[uint64]int32
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

func newFastRunPool() *sync.Pool {
	return &sync.Pool{New: func() any { return &fastRun{seen: map[uint64]int32{}} }}
}

// fastBody validates a body on the fast path; false if it could not (the
// body is not JSON it reads, or too deeply nested), with nothing reported.
func (c *check) fastBody(body []byte, schema *openapi3.Schema, side string, strict bool, as openapi3.SchemaValidationOption) ([]schemaFault, *bodyWalk, bool) {
	p := c.v.program(c.spec)
	if p == nil || p.nodes[schema] == nil {
		return nil, nil, false
	}
	root := p.nodes[schema]
	b := &bodyWalk{c: c, side: side, body: body, strict: strict}
	r := c.v.fast.runs.Get().(*fastRun)
	defer func() {
		r.release()
		c.v.fast.runs.Put(r)
	}()
	*r = fastRun{p: p, b: b, body: body, as: as, asReq: side == "request", faults: r.faults[:0], path: r.path[:0],
		others: r.others[:0], bits: r.bits[:0], spans: r.spans[:0], ids: r.ids[:0], unsup: r.unsup[:0], seen: r.seen}
	if strict {
		r.strict = 1
	}
	mark := len(c.res.Findings)
	r.ws()
	if r.pos < len(body) { // else: "empty body", as the kin path says
		r.value(root, root, nil)
		r.ws()
	} else {
		r.bad = true
	}
	if r.bad || r.pos != len(body) {
		r.truncateFindings(mark)
		return nil, nil, false
	}
	return append([]schemaFault(nil), r.faults...), b, true
}

// truncateFindings drops the findings added since mark; none is nil, as
// on the kin path, which never takes any back.
func (r *fastRun) truncateFindings(mark int) {
	c := r.b.c
	c.res.Findings = c.res.Findings[:mark]
	if mark == 0 {
		c.res.Findings = nil
	}
}

// release drops what the run refers to, so that the pool holds no body.
func (r *fastRun) release() {
	clear(r.faults)
	clear(r.unsup)
	r.p, r.b, r.body, r.as = nil, nil, nil, nil
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
	if s != nil && s.kin {
		r.kinValue(s, w, cap)
		return
	}
	switch c := r.body[r.pos]; c {
	case '{', '[':
		if s != nil && s.empty {
			s = nil
		}
		if s != nil {
			typed := s.tObj
			if c == '[' {
				typed = s.tArr
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
		pos, mark := r.pos, len(r.faults)
		r.value(m, nil, nil)
		failed := len(r.faults) > mark
		r.pos, r.faults = pos, r.faults[:mark]
		if failed || r.bad {
			return false
		}
	}
	return true
}

// kinValue has kin-openapi validate the value at r.pos against s, which the
// walk and cap still read on the fast path.
func (r *fastRun) kinValue(s, w *fnode, cap *fastCapture) {
	start := r.pos
	if w == nil && cap == nil {
		r.skip()
	} else {
		r.value(nil, w, cap)
	}
	if !r.bad {
		r.kinLeaf(s, decodeSub(r.body[start:r.pos]))
	}
}

// kinLeaf has kin-openapi validate a decoded value against s.
func (r *fastRun) kinLeaf(s *fnode, v any) {
	err := s.s.VisitJSON(v, openapi3.MultiErrors(), r.as)
	r.faults = appendKinFaults(r.faults, err, r.pointer(len(r.path)), "", true)
}

// slow validates and walks a decoded value as the kin path does: for an
// object whose duplicate keys leave only the last of each.
func (r *fastRun) slow(s, w *fnode, raw []byte) {
	v := decodeSub(raw)
	ptr := r.pointer(len(r.path))
	if s != nil {
		err := s.s.VisitJSON(v, openapi3.MultiErrors(), r.as)
		r.faults = appendKinFaults(r.faults, err, ptr, "", true)
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
		sb.WriteString(escapePointer(r.keyString(seg.key, seg.plain)))
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
	r.faults = append(r.faults, schemaFault{Schema: s, Field: field, Reason: reason, Pointer: ptr, raw: raw})
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
	if s != nil {
		is = s.items
	}
	unique := ""
	if w != nil {
		iw = w.walkItems
		unique = w.info.uniqueBy
	}
	idBase := len(r.ids)
	n := 0
	r.ws()
	if r.at(']') {
		r.pos++
	} else {
		for !r.bad {
			r.path = append(r.path, pathSeg{key: span{-1, -1}, index: n})
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
		if v := s.s.MinItems; v != 0 && int64(n) < s.minItems {
			r.fault(s.s, "minItems", fmt.Sprintf("minimum number of items is %d", v), r.pointer(len(r.path)), raw)
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
