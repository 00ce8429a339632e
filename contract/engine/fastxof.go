package engine

import "hash/maphash"

// The compositions on the fast path: not, oneOf, anyOf (with their
// discriminator) and uniqueItems. Each branch is validated on the fast path
// as a probe, whose faults are dropped: they only say whether the value
// matches the branch. Where the compositions do not certainly pass, the
// value goes to kin-openapi, whose errors are reported (see compose.go).

// xofPass says whether the value at r.pos certainly passes s's not, oneOf
// and anyOf, as kin-openapi counts the branches.
func (r *fastRun) xofPass(s *fnode) bool {
	if s.not != nil && r.probe(s.not) {
		return false
	}
	if len(s.oneOf)+len(s.anyOf) == 0 {
		return !r.bad
	}
	ref, ok := r.discriminator(s)
	if !ok {
		return false
	}
	if len(s.oneOf) > 0 {
		n := 0
		for i, m := range s.oneOf {
			if ref != "" && s.oneOfRefs[i] != ref {
				continue
			}
			if r.probe(m) {
				n++
			}
			if n > 1 || r.bad {
				return false
			}
		}
		if n != 1 {
			return false
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
			return false
		}
	}
	return !r.bad
}

// probe says whether the value at r.pos passes m, and leaves r as it was.
func (r *fastRun) probe(m *fnode) bool {
	pos, mark := r.pos, len(r.b.faults)
	r.probing++
	r.value(m, nil, nil)
	r.probing--
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
	if n.empty || n.s.Always != nil {
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
		return !n.null && len(n.allOf)+len(n.oneOf)+len(n.anyOf) == 0
	}
	return !n.tNum && !n.tInt
}

// surelyUnique says whether the items of the array at r.pos are certainly
// unique: all strings without escapes, integers as plain digits, true,
// false or null, and no two the same text. Anything else is for
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
		start := r.pos
		switch c := r.body[r.pos]; {
		case c == '"':
			if _, _, plain := r.str(); !plain {
				return false
			}
		case c == 't' || c == 'f' || c == 'n':
			r.skip()
		case c == '-' || digit(c):
			s, e := r.num()
			if r.bad || !plainInt(r.body[s:e]) {
				return false
			}
		default:
			return false
		}
		if r.bad {
			return false
		}
		h := maphash.Bytes(r.p.seed, r.body[start:r.pos])
		if _, dup := r.seen[h]; dup {
			return false
		}
		r.seen[h] = n
		if !r.next(']') {
			return !r.bad
		}
	}
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
