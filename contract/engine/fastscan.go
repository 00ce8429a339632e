package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"sync"
	"unicode/utf8"
)

// The scanner of the fast path reads exactly the JSON that the kin path
// accepts: what encoding/json accepts (RFC 8259), less invalid UTF-8
// inside strings, which encoding/json would decode as U+FFFD. On anything
// else it sets bad, and the body goes to the kin path, which reports the
// error as it always has.

// fastMaxDepth is the nesting the fast path follows; deeper bodies go to the
// kin path (encoding/json itself stops at 10000).
const fastMaxDepth = 1000

// span is a value's place in the body; start < 0: absent.
type span struct{ start, end int }

func (r *fastRun) ws() {
	for r.pos < len(r.body) && r.body[r.pos] <= ' ' { // most values have none before them
		switch r.body[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// at says whether the next byte is c.
func (r *fastRun) at(c byte) bool { return r.pos < len(r.body) && r.body[r.pos] == c }

const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// plainWord says whether 8 bytes of a string need no look: none is a quote,
// a backslash, a control character or a non-ASCII byte.
func plainWord(x uint64) bool {
	quote := x ^ (swarOnes * '"')
	slash := x ^ (swarOnes * '\\')
	return (x|(quote-swarOnes)&^quote|(slash-swarOnes)&^slash|(x-swarOnes*0x20)&^x)&swarHigh == 0
}

// plainSpan says whether a string's content needs no look: no byte is a
// backslash, a control character or non-ASCII. It reads 8 bytes a step
// and decides once at the end, without a branch per word.
func plainSpan(s []byte) bool {
	var acc uint64
	i := 0
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(s[i:])
		slash := x ^ (swarOnes * '\\')
		acc |= x | (slash-swarOnes)&^slash | (x-swarOnes*0x20)&^x
	}
	for ; i < len(s); i++ {
		if c := s[i]; c == '\\' || c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return acc&swarHigh == 0
}

// str scans the string at r.pos (a quote) and returns the span of its
// content; plain: without escapes, so that the content is the decoded
// string. Invalid UTF-8 is bad.
func (r *fastRun) str() (start, end int, plain bool) {
	b := r.body
	i := r.pos + 1
	start = i
	// Most strings are plain ASCII: the closing quote is the first quote
	// (found with bytes.IndexByte, many bytes a step), and what is before
	// it has nothing to look at.
	if q := bytes.IndexByte(b[i:], '"'); q >= 0 && plainSpan(b[i:i+q]) {
		r.pos = i + q + 1
		return start, i + q, true
	}
	esc, ascii := false, true
	for {
		for i+8 <= len(b) && plainWord(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		if i >= len(b) {
			r.bad = true
			return
		}
		switch c := b[i]; {
		case c == '"':
			if !ascii && !utf8.Valid(b[start:i]) {
				r.bad = true
				return
			}
			r.pos = i + 1
			return start, i, !esc
		case c == '\\':
			esc = true
			if i+1 >= len(b) {
				r.bad = true
				return
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !hex(b[i+2]) || !hex(b[i+3]) || !hex(b[i+4]) || !hex(b[i+5]) {
					r.bad = true
					return
				}
				i += 6
			default:
				r.bad = true
				return
			}
		case c < 0x20:
			r.bad = true
			return
		case c >= 0x80:
			ascii = false
			i++
		default:
			i++
		}
	}
}

func hex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// num scans the number at r.pos.
func (r *fastRun) num() (start, end int) {
	b := r.body
	i := r.pos
	start = i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && digit(b[i]) {
			i++
		}
	default:
		r.bad = true
		return
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !digit(b[i]) {
			r.bad = true
			return
		}
		for i < len(b) && digit(b[i]) {
			i++
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !digit(b[i]) {
			r.bad = true
			return
		}
		for i < len(b) && digit(b[i]) {
			i++
		}
	}
	r.pos = i
	return start, i
}

// literal scans true, false or null.
func (r *fastRun) literal(word string) {
	if len(r.body)-r.pos < len(word) || string(r.body[r.pos:r.pos+len(word)]) != word {
		r.bad = true
		return
	}
	r.pos += len(word)
}

// enter and leave count the nesting; enter says whether it is too deep.
func (r *fastRun) enter() bool {
	r.depth++
	if r.depth > fastMaxDepth {
		r.bad = true
	}
	return r.bad
}

func (r *fastRun) leave() { r.depth-- }

// skip scans a value nothing needs to look into.
func (r *fastRun) skip() {
	if r.pos >= len(r.body) {
		r.bad = true
		return
	}
	switch c := r.body[r.pos]; c {
	case '{', '[':
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		r.pos++
		if r.enter() {
			return
		}
		r.ws()
		if r.at(closing) {
			r.pos++
			r.leave()
			return
		}
		for !r.bad {
			if c == '{' {
				if !r.at('"') {
					r.bad = true
					return
				}
				r.str()
				r.ws()
				if !r.at(':') {
					r.bad = true
					return
				}
				r.pos++
				r.ws()
			}
			r.skip()
			if !r.next(closing) {
				break
			}
		}
		r.leave()
	case '"':
		r.str()
	case 't':
		r.literal("true")
	case 'f':
		r.literal("false")
	case 'n':
		r.literal("null")
	default:
		r.num()
	}
}

// next reads what follows a member of an object or array: a comma (true),
// or the closing bracket (false); anything else is bad.
func (r *fastRun) next(closing byte) bool {
	if r.bad {
		return false
	}
	r.ws()
	switch {
	case r.at(','):
		r.pos++
		r.ws()
		return true
	case r.at(closing):
		r.pos++
		return false
	}
	r.bad = true
	return false
}

// decodeString decodes a string that is not plain, as encoding/json does.
func decodeString(quoted []byte) string {
	var s string
	_ = json.Unmarshal(quoted, &s) // the scanner has checked the syntax
	return s
}

// decodeSub decodes a value of the body as the kin path decodes bodies
// (Decode: numbers as json.Number, the last of duplicate keys), reading
// bytes the scanner has read once more with the scanner.
func decodeSub(raw []byte) any {
	d := decoders.Get().(*fastRun)
	*d = fastRun{body: raw, dkeys: d.dkeys[:0], dvals: d.dvals[:0]}
	d.ws()
	v := d.decode()
	d.ws()
	if d.bad || d.pos != len(raw) {
		v, _ = Decode(raw) // not a value the scanner read
	}
	d.body = nil // decode leaves its stacks empty and cleared
	decoders.Put(d)
	return v
}

// decoders are the runs decodeSub decodes with, for their stacks.
var decoders = sync.Pool{New: func() any { return new(fastRun) }}

// decode decodes the value at r.pos. The members of an object and the
// items of an array are stacked (dkeys, dvals) until the count is known, so
// that each map and slice is made once, at its size.
func (r *fastRun) decode() any {
	if r.pos >= len(r.body) {
		r.bad = true
		return nil
	}
	switch c := r.body[r.pos]; c {
	case '{', '[':
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		keyBase, valBase := len(r.dkeys), len(r.dvals)
		r.pos++
		if r.enter() {
			return nil
		}
		r.ws()
		if r.at(closing) {
			r.pos++
		} else {
			for !r.bad {
				if c == '{' {
					if !r.at('"') {
						r.bad = true
						break
					}
					k := r.strValue()
					r.ws()
					if !r.at(':') {
						r.bad = true
						break
					}
					r.pos++
					r.ws()
					r.dkeys = append(r.dkeys, k)
				}
				v := r.decode()
				r.dvals = append(r.dvals, v)
				if !r.next(closing) {
					break
				}
			}
		}
		r.leave()
		vals := r.dvals[valBase:]
		var out any
		if c == '[' {
			out = append(make([]any, 0, len(vals)), vals...)
		} else {
			keys := r.dkeys[keyBase:]
			m := make(map[string]any, len(keys))
			for i, k := range keys {
				if i < len(vals) {
					m[k] = vals[i] // the last of a key stays, as with encoding/json
				}
			}
			out = m
			clear(keys)
			r.dkeys = r.dkeys[:keyBase]
		}
		clear(vals)
		r.dvals = r.dvals[:valBase]
		return out
	case '"':
		return r.strValue()
	case 't':
		r.literal("true")
		return true
	case 'f':
		r.literal("false")
		return false
	case 'n':
		r.literal("null")
		return nil
	}
	start, end := r.num()
	if r.bad {
		return nil
	}
	return json.Number(r.body[start:end])
}

// strValue decodes the string at r.pos.
func (r *fastRun) strValue() string {
	start, end, plain := r.str()
	switch {
	case r.bad:
		return ""
	case plain:
		return string(r.body[start:end])
	}
	return decodeString(r.body[start-1 : end+1])
}

// Member is a member of a JSON object: its key, decoded (bytes of the
// object itself when the key has no escape), and its value's JSON.
type Member struct{ Key, Value []byte }

// Members lists the members of the JSON object raw, in their order (a key
// that comes twice, twice); false if raw is not one object of JSON the
// scanner reads.
func Members(raw []byte) ([]Member, bool) {
	d := fastRun{body: raw}
	if !d.at('{') {
		return nil, false
	}
	d.pos++
	d.ws()
	if d.at('}') {
		d.pos++
		return nil, d.pos == len(raw)
	}
	var out []Member
	for !d.bad {
		if !d.at('"') {
			return nil, false
		}
		start, end, plain := d.str()
		if d.bad {
			return nil, false
		}
		key := raw[start:end]
		if !plain {
			key = []byte(decodeString(raw[start-1 : end+1]))
		}
		d.ws()
		if !d.at(':') {
			return nil, false
		}
		d.pos++
		d.ws()
		vs := d.pos
		d.skip()
		out = append(out, Member{key, raw[vs:d.pos]})
		if !d.next('}') {
			break
		}
	}
	return out, !d.bad && d.pos == len(raw)
}

// Items lists the JSON of the items of the JSON array raw; false if raw is
// not one array of JSON the scanner reads.
func Items(raw []byte) (items [][]byte, ok bool) {
	d := fastRun{body: raw}
	if !d.at('[') {
		return nil, false
	}
	d.pos++
	d.ws()
	if d.at(']') {
		d.pos++
		return nil, d.pos == len(raw)
	}
	for !d.bad {
		start := d.pos
		d.skip()
		items = append(items, raw[start:d.pos])
		if !d.next(']') {
			break
		}
	}
	return items, !d.bad && d.pos == len(raw)
}

// String decodes the JSON string raw; false if raw is not one string of
// JSON the scanner reads.
func String(raw []byte) (string, bool) {
	d := fastRun{body: raw}
	if !d.at('"') {
		return "", false
	}
	s := d.strValue()
	return s, !d.bad && d.pos == len(raw)
}
