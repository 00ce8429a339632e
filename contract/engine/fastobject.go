package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/maphash"
)

// fastObject is the state of reading one object.
type fastObject struct {
	s, w      *fnode
	start     int
	table     *fnode // whose key indexes mark the keys seen
	bitBase   int
	otherBase int
	spanBase  int
	unsupBase int
	n         int  // keys read
	dup       bool // a key came twice: encoding/json keeps the last
	echoed    map[string]any
	otherSet  map[uint64]int32 // the unknown keys by their hash, once there are many (r.keySets)
	faultMark int
	prev      *fkey // the key of the last member read, in s
}

// object reads an object: validates it against s, walks it with w, and
// fills cap.
func (r *fastRun) object(s, w *fnode, cap *fastCapture) {
	o := fastObject{s: s, w: w, start: r.pos, table: s, otherBase: len(r.others), spanBase: len(r.spans),
		unsupBase: len(r.unsup), bitBase: len(r.bits), faultMark: len(r.b.faults)}
	if o.table == nil {
		o.table = w
	}
	if o.table != nil {
		for range (len(o.table.keys) + 63) / 64 {
			r.bits = append(r.bits, 0)
		}
	}
	if w != nil {
		for range w.orderKeys {
			r.spans = append(r.spans, span{-1, -1})
		}
	}
	r.pos++
	if r.enter() {
		return
	}
	r.ws()
	if r.at('}') {
		r.pos++
	} else {
		for !r.bad {
			r.member(&o, cap)
			if !r.next('}') {
				break
			}
		}
	}
	r.leave()
	if !r.bad {
		r.objectEnd(&o)
	}
	if o.otherSet != nil {
		r.nKeySets--
	}
	r.bits, r.others, r.spans, r.unsup = r.bits[:o.bitBase], r.others[:o.otherBase], r.spans[:o.spanBase], r.unsup[:o.unsupBase]
}

// member reads one key and its value.
func (r *fastRun) member(o *fastObject, cap *fastCapture) {
	if !r.at('"') {
		r.bad = true
		return
	}
	s, w := o.s, o.w
	var es, ew *fkey
	ks, ke, plain := 0, 0, true
	if s != nil {
		// the key of s that came next (or first) in the last object read
		// against s, when the body has it here as the key itself, quoted,
		// and a colon: objects tend to list their keys in one order, so
		// most keys need neither scanning nor a look-up
		switch {
		case o.prev != nil:
			es = o.prev.next.Load()
		case o.n == 0:
			es = s.first.Load()
		}
		if es != nil && !r.leads(es.lead) {
			es = nil
		}
	}
	if es != nil {
		ks, ke = r.pos+1, r.pos+1+len(es.name)
		r.pos += len(es.lead)
	} else {
		ks, ke, plain = r.str()
		r.ws()
		if r.bad || !r.at(':') {
			r.bad = true
			return
		}
		r.pos++
	}
	r.ws()
	key := span{ks, ke}
	var name string // decoded, for keys that are not plain
	if !plain {
		name = decodeString(r.body[ks-1 : ke+1])
	}
	lookup := func(n *fnode) *fkey {
		if plain {
			return n.keys[string(r.body[ks:ke])]
		}
		return n.keys[name]
	}
	if s != nil {
		if es == nil {
			es = lookup(s)
			switch {
			case es == nil:
			case o.prev != nil:
				o.prev.next.Store(es)
			case o.n == 0:
				s.first.Store(es)
			}
		}
		o.prev = es
	}
	switch {
	case w == s:
		ew = es
	case w != nil:
		ew = lookup(w)
	}
	o.n++
	if e := es; o.table != nil { // the key, and whether it came before
		if o.table != o.s {
			e = ew
		}
		if e == nil {
			r.markOther(o, pathSeg{key: key, plain: plain})
		} else {
			i := uint(e.idx)
			word, bit := o.bitBase+int(i/64), uint64(1)<<(i%64)
			o.dup = o.dup || r.bits[word]&bit != 0
			r.bits[word] |= bit
		}
	}

	var sc, wc *fnode
	var more uint64 // patterns whose schemas the value passes besides sc
	unsupported, undocumented := false, false
	if s != nil {
		switch {
		case len(s.patterns) > 0 || s.uneval:
			var prop *fnode
			if es != nil {
				prop = es.prop
			}
			sc, more, unsupported = r.member31(s, prop, key, plain)
		case es != nil && es.prop != nil:
			sc = es.prop
		case s.apAllowed:
			sc = s.ap
		default:
			unsupported = true
		}
	}
	if w != nil {
		switch {
		case ew != nil && ew.walk != nil:
			wc = ew.walk
		case w.ap != nil:
			wc = w.ap
		case r.strict == 1 && w.strictable:
			undocumented = true
		}
	}
	r.path = append(r.path, pathSeg{key: key, plain: plain})
	vs := r.pos
	r.value(sc, wc, nil)
	ve := r.pos
	if more != 0 {
		r.patternValues(s, more, vs, ve)
	}
	if r.bad {
		return
	}
	if cap != nil && (plain && string(r.body[ks:ke]) == cap.name || !plain && name == cap.name) {
		cap.at = span{vs, ve}
	}
	if ew != nil && ew.orderSlot >= 0 {
		r.spans[o.spanBase+ew.orderSlot] = span{vs, ve}
	}
	if es != nil && es.refused[r.side] && r.body[vs] != 'n' {
		// 3.1: an annotation to the 2020-12 validator, a check to the 3.0 one
		r.bad = r.bad || r.p.v31
		field, direction := "readOnly", "request"
		if !r.asReq {
			field, direction = "writeOnly", "response"
		}
		r.fault(es.prop.s, field, fmt.Sprintf("%s property %q in %s", field, es.name, direction), r.pointer(len(r.path)), r.body[vs:ve])
	}
	r.path = r.path[:len(r.path)-1]
	if unsupported {
		r.unsup = append(r.unsup, r.keyString(key, plain))
	}
	if undocumented && !o.dup {
		k := r.keyString(key, plain)
		v := decodeSub(r.body[vs:ve])
		if r.b.undocumented(w.info, k, v, r.pointer(len(r.path))) {
			if o.echoed == nil {
				o.echoed = map[string]any{}
			}
			o.echoed[k] = v
		}
	}
}

// leads says whether the body has lead at r.pos; "" never.
func (r *fastRun) leads(lead string) bool {
	return lead != "" && len(r.body)-r.pos >= len(lead) && string(r.body[r.pos:r.pos+len(lead)]) == lead
}

// markOther notes a key the node does not know: few, unless the object is
// a map.
func (r *fastRun) markOther(o *fastObject, seg pathSeg) {
	if o.otherSet != nil {
		h := r.keyHash(seg)
		j, ok := o.otherSet[h]
		switch {
		case !ok:
			o.otherSet[h] = int32(len(r.others))
		case r.sameKey(r.others[j], seg):
			o.dup = true
			return
		default: // another key of the same hash: look at them all
			for _, other := range r.others[o.otherBase:] {
				if r.sameKey(other, seg) {
					o.dup = true
					return
				}
			}
		}
		r.others = append(r.others, seg)
		return
	}
	for _, other := range r.others[o.otherBase:] {
		if r.sameKey(other, seg) {
			o.dup = true
			return
		}
	}
	r.others = append(r.others, seg)
	if len(r.others)-o.otherBase > 16 {
		// a map: its keys by their hash, in a set the run keeps
		if r.nKeySets == len(r.keySets) {
			r.keySets = append(r.keySets, map[uint64]int32{})
		}
		o.otherSet = r.keySets[r.nKeySets]
		r.nKeySets++
		clear(o.otherSet)
		for j := o.otherBase; j < len(r.others); j++ {
			if h := r.keyHash(r.others[j]); !hasKey(o.otherSet, h) {
				o.otherSet[h] = int32(j)
			}
		}
	}
}

func hasKey(m map[uint64]int32, h uint64) bool {
	_, ok := m[h]
	return ok
}

// keyHash hashes a key as decoded.
func (r *fastRun) keyHash(k pathSeg) uint64 {
	if k.plain {
		return maphash.Bytes(r.p.seed, r.body[k.key.start:k.key.end])
	}
	return maphash.String(r.p.seed, r.keyString(k.key, false))
}

func (r *fastRun) sameKey(a, b pathSeg) bool {
	if a.plain && b.plain {
		return bytes.Equal(r.body[a.key.start:a.key.end], r.body[b.key.start:b.key.end])
	}
	return r.keyString(a.key, a.plain) == r.keyString(b.key, b.plain)
}

// objectEnd runs the checks that need the whole object.
func (r *fastRun) objectEnd(o *fastObject) {
	raw := r.body[o.start:r.pos]
	if o.dup {
		r.b.faults = r.b.faults[:o.faultMark]
		r.slow(o.s, o.w, raw)
		return
	}
	if s := o.s; s != nil {
		ptr, known := "", false
		pointer := func() string {
			if !known {
				ptr, known = r.pointer(len(r.path)), true
			}
			return ptr
		}
		if s.minProps != 0 && int64(o.n) < s.minProps {
			r.fault(s.s, "minProperties", fmt.Sprintf("there must be at least %d properties", s.s.MinProps), pointer(), raw)
		}
		if s.maxProps >= 0 && int64(o.n) > s.maxProps {
			r.fault(s.s, "maxProperties", fmt.Sprintf("there must be at most %d properties", *s.s.MaxProps), pointer(), raw)
		}
		if len(s.depReq) > 0 && !r.dependents(s, r.bits[o.bitBase:]) {
			r.fault(s.s, "dependentRequired", "a property that another requires is missing", pointer(), raw)
		}
		for _, k := range r.unsup[o.unsupBase:] {
			r.fault(s.s, "properties", fmt.Sprintf("property %q is unsupported", k), pointer(), raw)
		}
		for _, k := range s.required {
			if r.bits[o.bitBase+k.idx/64]&(1<<(k.idx%64)) != 0 {
				continue
			}
			if k.refused[r.side] {
				if r.p.v31 {
					r.bad = true // required to the 2020-12 validator, not to the 3.0 one
					return
				}
				continue
			}
			r.fault(s.s, "required", k.missing, pointer()+k.escaped, raw)
		}
	}
	if w := o.w; w != nil {
		r.order(w, r.spans[o.spanBase:o.spanBase+len(w.orderKeys)])
		if o.echoed != nil {
			ptr := r.pointer(len(r.path))
			r.b.order(r.b.idx.Info(r.b.echoParent(ptr)), o.echoed, ptr)
		}
	}
}

// order checks x-specdrift-order; values that need a closer look than
// comparing RFC 3339 UTC times or integers go to the walk's own check.
func (r *fastRun) order(w *fnode, spans []span) {
	sure := true
	for _, rule := range w.orderRules {
		a, b := spans[rule.before], spans[rule.after]
		if a.start >= 0 && b.start >= 0 && !orderFine(r.body[a.start:a.end], r.body[b.start:b.end], rule.strict) {
			sure = false
			break
		}
	}
	if sure {
		return
	}
	obj := map[string]any{}
	for i, name := range w.orderKeys {
		if sp := spans[i]; sp.start >= 0 {
			obj[name] = decodeSub(r.body[sp.start:sp.end])
		}
	}
	r.b.order(w.info, obj, r.pointer(len(r.path)))
}

// orderFine says whether after certainly does not break the order with
// before: they are not comparable, or are in order.
func orderFine(before, after []byte, strict bool) bool {
	inOrder := func(c int) bool { return c < 0 || c == 0 && !strict }
	switch {
	case before[0] == '"' && after[0] == '"':
		if utcTime(before) && utcTime(after) {
			return inOrder(bytes.Compare(before, after))
		}
		return false
	case numberStart(before[0]) && numberStart(after[0]):
		a, ok1 := shortInt(before)
		b, ok2 := shortInt(after)
		if ok1 && ok2 {
			return inOrder(cmpInt(a, b))
		}
		return false
	}
	return true // a string and a number, or neither: not times
}

func numberStart(c byte) bool { return c == '-' || digit(c) }

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// utcTime: "YYYY-MM-DDTHH:MM:SSZ", whose text sorts as its time does.
func utcTime(q []byte) bool {
	if len(q) != 22 {
		return false
	}
	t := q[1:21]
	return digit(t[0]) && digit(t[1]) && digit(t[2]) && digit(t[3]) && t[4] == '-' && digit(t[5]) && digit(t[6]) && t[7] == '-' &&
		digit(t[8]) && digit(t[9]) && t[10] == 'T' && digit(t[11]) && digit(t[12]) && t[13] == ':' && digit(t[14]) && digit(t[15]) &&
		t[16] == ':' && digit(t[17]) && digit(t[18]) && t[19] == 'Z'
}

// shortInt reads an integer of at most 15 digits.
func shortInt(raw []byte) (int64, bool) {
	neg := raw[0] == '-'
	if neg {
		raw = raw[1:]
	}
	if len(raw) == 0 || len(raw) > 15 {
		return 0, false
	}
	var v int64
	for _, c := range raw {
		if !digit(c) {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// unique checks x-specdrift-unique-by over the ids of an array's items;
// when two may be equal, the walk's own check reports them.
func (r *fastRun) unique(w *fnode, ids []span) {
	clear(r.seen)
	dup := false
	for i, sp := range ids {
		if sp.start < 0 {
			continue
		}
		h := maphash.Bytes(r.p.seed, uniqueKey(r.body[sp.start:sp.end]))
		if _, ok := r.seen[h]; ok {
			dup = true
			break
		}
		r.seen[h] = int32(i)
	}
	if !dup {
		return
	}
	list := make([]any, len(ids))
	for i, sp := range ids {
		if sp.start >= 0 {
			list[i] = map[string]any{w.info.UniqueBy: decodeSub(r.body[sp.start:sp.end])}
		}
	}
	r.b.unique(w.info, list, r.pointer(len(r.path)))
}

// asMarshaled are the bytes of a string that json.Marshal writes as they
// are (of those uniqueKey looks at): printable ASCII but a backslash, <, >
// and &.
var asMarshaled = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// uniqueKey is the JSON the walk compares ids by (compact's): the text
// itself for numbers, literals and strings json.Marshal writes as they are.
func uniqueKey(raw []byte) []byte {
	switch raw[0] {
	case '"':
		for _, c := range raw[1 : len(raw)-1] {
			if !asMarshaled[c] {
				b, _ := json.Marshal(decodeSub(raw))
				return b
			}
		}
		return raw
	case '{', '[':
		b, _ := json.Marshal(decodeSub(raw))
		return b
	}
	return raw
}
