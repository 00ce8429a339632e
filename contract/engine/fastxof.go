package engine

import (
	"fmt"
	"hash/maphash"
	"slices"
)

// The compositions on the fast path: not, oneOf, anyOf (with their
// discriminator) and uniqueItems. Each branch is validated on the fast path
// as a probe, whose faults are dropped: they only say whether the value
// matches the branch. Where the compositions do not certainly pass, the
// value goes to kin-openapi, whose errors are reported (see compose.go).

// xofPass says whether the value at r.pos certainly passes s's not, oneOf
// and anyOf, as kin-openapi counts the branches; when it fails for matching
// several branches of the oneOf, and kin-openapi's 3.0 validator would say
// only that, several has the bits of their indexes.
func (r *fastRun) xofPass(s *fnode) (pass bool, several uint64) {
	if s.not != nil && r.probe(s.not) {
		return false, 0
	}
	if len(s.oneOf)+len(s.anyOf) == 0 {
		return !r.bad, 0
	}
	ref, ok := r.discriminator(s)
	if !ok {
		return false, 0
	}
	if len(s.oneOf) > 0 {
		// the 2020-12 validator knows no discriminator: in 3.1 exactly one
		// branch of all passes, and it is the discriminator's
		n, one := 0, -1
		var matched uint64
		// all the branches a value matches are named in the fault of a
		// 3.0 oneOf it matches several of: so they are all probed
		all := !r.p.v31 && len(s.oneOf) <= 64
		for i, m := range s.oneOf {
			if ref != "" && s.oneOfRefs[i] != ref && !r.p.v31 {
				continue
			}
			if r.probe(m) {
				n, one = n+1, i
				if all {
					matched |= 1 << i
				}
			}
			if r.bad || n > 1 && !all {
				return false, 0
			}
		}
		if n > 1 {
			return false, matched
		}
		if n != 1 || ref != "" && s.oneOfRefs[one] != ref {
			return false, 0
		}
	}
	if len(s.anyOf) > 0 {
		found := false
		for i, m := range s.anyOf {
			if ref != "" && s.anyOfRefs[i] != ref {
				continue
			}
			if r.probe(m) {
				found = true
				break
			}
		}
		if !found {
			return false, 0
		}
	}
	return !r.bad, 0
}

// several reports a value that matches several branches of s's oneOf (the
// bits of matched), as kin-openapi's 3.0 validator does: one fault of the
// oneOf, at the value; raw is the value's JSON.
func (r *fastRun) several(s *fnode, matched uint64, raw []byte) {
	if r.probing > 0 {
		r.b.faults = append(r.b.faults, Fault{Kind: Error, Reason: "oneOf"}) // a probe's: only says it fails
		return
	}
	var idx []int
	for i := range s.oneOf {
		if matched&(1<<i) != 0 {
			idx = append(idx, i)
		}
	}
	r.fault(s.s, "oneOf", fmt.Sprintf(`value matches more than one schema from "oneOf" (matches schemas at indices %v)`, idx), r.pointer(len(r.path)), raw)
}

// probe says whether the value at r.pos passes m, and leaves r as it was.
func (r *fastRun) probe(m *fnode) bool {
	pos, mark := r.pos, len(r.b.faults)
	saved := r.probeMark
	r.probing++
	r.probeMark = mark
	r.value(m, nil, nil)
	r.probing--
	r.probeMark = saved
	ok := len(r.b.faults) == mark && !r.bad
	r.pos, r.b.faults = pos, r.b.faults[:mark]
	return ok
}

// discriminator is the ref of the only branches that count for the object
// at r.pos ("": all of them); false when kin-openapi would fail the value
// for its discriminator (absent, not a string, or a value the mapping does
// not have), which it then reports.
func (r *fastRun) discriminator(s *fnode) (string, bool) {
	if s.disc == "" || r.body[r.pos] != '{' {
		return "", true
	}
	pos, mark := r.pos, len(r.b.faults)
	c := fastCapture{name: s.disc, at: span{-1, -1}}
	r.value(nil, nil, &c)
	r.pos, r.b.faults = pos, r.b.faults[:mark]
	if r.bad || c.at.start < 0 || r.body[c.at.start] != '"' {
		return "", false
	}
	if s.discMap == nil {
		return "", true
	}
	ref, ok := s.discMap[decodeString(r.body[c.at.start:c.at.end])]
	return ref, ok
}

// mismatch says whether a value starting with c certainly fails n for its
// type, whatever else n says.
func (n *fnode) mismatch(c byte) bool {
	if n.always != 0 {
		return n.always < 0 // false: no value passes
	}
	if n.empty {
		return false
	}
	switch c {
	case '{':
		return !n.tObj
	case '[':
		return !n.tArr
	case '"':
		return !n.tStr
	case 't', 'f':
		return !n.tBool
	case 'n':
		return n.nullFails && len(n.allOf)+len(n.oneOf)+len(n.anyOf) == 0
	}
	return !n.tNum && !n.tInt
}

// surelyUnique says whether the items of the array at r.pos are certainly
// unique: no two have the same canonical hash (canonHash), which equal
// values share. Items it cannot hash, and hashes that collide, are for
// kin-openapi to compare.
func (r *fastRun) surelyUnique() bool {
	pos := r.pos
	defer func() { r.pos = pos }()
	clear(r.seen)
	r.pos++
	r.ws()
	if r.at(']') {
		return true
	}
	for n := int32(0); ; n++ {
		h, ok := r.canonHash(0)
		if !ok || r.bad {
			return false
		}
		if _, dup := r.seen[h]; dup {
			return false
		}
		r.seen[h] = n
		if !r.next(']') {
			return !r.bad
		}
	}
}

// canonHash reads the value at r.pos and hashes it so that equal JSON
// values (as kin-openapi compares them: their members in any order) hash
// the same; false for what it does not hash: numbers other than plain
// integers, objects with a key twice, deep nesting.
func (r *fastRun) canonHash(depth int) (uint64, bool) {
	if r.pos >= len(r.body) || depth > 32 {
		return 0, false
	}
	seed := r.p.seed
	switch c := r.body[r.pos]; {
	case c == '"':
		start, end, plain := r.str()
		if r.bad {
			return 0, false
		}
		if plain {
			return maphash.Bytes(seed, r.body[start-1:end+1]), true
		}
		return maphash.String(seed, `"`+decodeString(r.body[start-1:end+1])+`"`), true
	case c == 't' || c == 'f' || c == 'n':
		start := r.pos
		r.skip()
		return maphash.Bytes(seed, r.body[start:r.pos]), !r.bad
	case c == '-' || digit(c):
		s, e := r.num()
		if r.bad || !plainInt(r.body[s:e]) {
			return 0, false
		}
		return maphash.Bytes(seed, r.body[s:e]), true
	case c == '[':
		h := maphash.String(seed, "[")
		r.pos++
		r.ws()
		if r.at(']') {
			r.pos++
			return h, true
		}
		for {
			v, ok := r.canonHash(depth + 1)
			if !ok {
				return 0, false
			}
			h = mix(h, v) // in order
			if !r.next(']') {
				return h, !r.bad
			}
		}
	case c == '{':
		var sum uint64 // the members in any order
		var keys []uint64
		r.pos++
		r.ws()
		if r.at('}') {
			r.pos++
			return maphash.String(seed, "{}"), true
		}
		for {
			if !r.at('"') {
				return 0, false
			}
			k, _ := r.canonHash(depth + 1)
			if slices.Contains(keys, k) {
				return 0, false // encoding/json keeps the last of a key
			}
			keys = append(keys, k)
			r.ws()
			if !r.at(':') {
				return 0, false
			}
			r.pos++
			r.ws()
			v, ok := r.canonHash(depth + 1)
			if !ok {
				return 0, false
			}
			sum += mix(k, v)
			if !r.next('}') {
				return mix(sum, uint64(len(keys))), !r.bad
			}
		}
	}
	return 0, false
}

// mix combines two hashes, in order.
func mix(a, b uint64) uint64 {
	a ^= b + 0x9e3779b97f4a7c15 + a<<6 + a>>2
	return a * 0xff51afd7ed558ccd
}

// plainInt: an integer written as digits, not -0.
func plainInt(b []byte) bool {
	if b[0] == '-' {
		b = b[1:]
		if len(b) == 1 && b[0] == '0' {
			return false
		}
	}
	for _, c := range b {
		if !digit(c) {
			return false
		}
	}
	return len(b) > 0
}
