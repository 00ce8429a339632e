// Package jsonpos indexes where each value of a JSON text stands, so that a
// JSON pointer can be turned into a line without decoding the text again.
//
// The index is flat and small (20 bytes a value, plus 4 a line): a 13 MB
// spec of 260,000 values indexes into about 7 MB. Keys are not copied; a
// lookup compares them in the text.
package jsonpos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// Index is the position of every value of one JSON text.
type Index struct {
	data  []byte
	nodes []node
	lines []int32 // offset of each '\n'
}

type node struct {
	key   int32 // offset of the member's key (its opening quote); -1 for the root and array items
	val   int32 // offset of the value's first byte
	end   int32 // offset just past the value's last byte
	first int32 // index of the first child; 0 if none (the root is no one's child)
	next  int32 // index of the next sibling; 0 if none
}

// SyntaxError is a place where the text is not JSON.
type SyntaxError struct {
	Offset int // byte offset of the fault
	Line   int // 1-based line of the fault
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Parse indexes data, one JSON value with nothing but white space after it.
// It accepts what encoding/json accepts (invalid UTF-8 in strings too). On
// malformed text it returns a *SyntaxError along with the index of what it
// read before the fault.
func Parse(data []byte) (*Index, error) {
	// sized once: each value but the root follows a comma or opens its
	// container, so this bounds the values (commas in strings only add)
	x := &Index{data: data, lines: make([]int32, 0, bytes.Count(data, []byte{'\n'})),
		nodes: make([]node, 0, 1+bytes.Count(data, []byte{','})+bytes.Count(data, []byte{'{'})+bytes.Count(data, []byte{'['}))}
	for i, c := range data {
		if c == '\n' {
			x.lines = append(x.lines, int32(i))
		}
	}
	p := &parser{x: x}
	p.space()
	if p.i >= len(data) {
		return x, p.fail("no JSON value")
	}
	x.nodes = append(x.nodes, node{key: -1})
	if err := p.value(0); err != nil {
		return x, err
	}
	p.space()
	if p.i < len(data) {
		return x, p.fail("text after the JSON value")
	}
	return x, nil
}

// LineOf returns the 1-based line of a byte offset.
func (x *Index) LineOf(off int) int {
	return sort.Search(len(x.lines), func(i int) bool { return int(x.lines[i]) >= off }) + 1
}

// Root is the top-level value; ok is false when the text held none.
func (x *Index) Root() (Node, bool) {
	return Node{x: x}, len(x.nodes) > 0
}

// Node is one value of the text.
type Node struct {
	x *Index
	i int32
}

// Kind is the value's first byte: '{', '[', '"', or that of a number or
// literal.
func (n Node) Kind() byte { return n.x.data[n.x.nodes[n.i].val] }

// Line is the line of the member's key, or of the value where it has none
// (the root, an array item).
func (n Node) Line() int {
	nd := n.x.nodes[n.i]
	if nd.key >= 0 {
		return n.x.LineOf(int(nd.key))
	}
	return n.x.LineOf(int(nd.val))
}

// ValueLine is the line the value starts on.
func (n Node) ValueLine() int { return n.x.LineOf(int(n.x.nodes[n.i].val)) }

// Child returns the member of an object named tok, or the item of an array
// at index tok. Where an object repeats a key, the last one counts, as in
// encoding/json.
func (n Node) Child(tok string) (Node, bool) {
	var found Node
	ok := false
	switch n.Kind() {
	case '{':
		for c := n.x.nodes[n.i].first; c != 0; c = n.x.nodes[c].next {
			if n.x.keyIs(n.x.nodes[c].key, tok) {
				found, ok = Node{x: n.x, i: c}, true
			}
		}
	case '[':
		k, err := strconv.Atoi(tok)
		if err != nil || k < 0 || strconv.Itoa(k) != tok {
			return Node{}, false
		}
		for c := n.x.nodes[n.i].first; c != 0; c = n.x.nodes[c].next {
			if k == 0 {
				return Node{x: n.x, i: c}, true
			}
			k--
		}
	}
	return found, ok
}

// Raw is the value's text; that of a value cut short by a syntax error
// ends where the error is.
func (n Node) Raw() []byte {
	nd := n.x.nodes[n.i]
	end := nd.end
	if end < nd.val {
		end = int32(len(n.x.data))
	}
	return n.x.data[nd.val:end]
}

// Offset is where the value starts in the text.
func (n Node) Offset() int { return int(n.x.nodes[n.i].val) }

// Str is the value of a string node.
func (n Node) Str() (string, bool) {
	if n.Kind() != '"' {
		return "", false
	}
	return n.x.str(n.x.nodes[n.i].val)
}

// Each calls fn with the key (or the index) of every child, in order.
func (n Node) Each(fn func(tok string, c Node)) {
	k := 0
	for c := n.x.nodes[n.i].first; c != 0; c = n.x.nodes[c].next {
		tok := strconv.Itoa(k)
		if key := n.x.nodes[c].key; key >= 0 {
			tok, _ = n.x.str(key)
		}
		fn(tok, Node{x: n.x, i: c})
		k++
	}
}

// keyIs compares the key string at off with tok without allocating when the
// key has no escapes.
func (x *Index) keyIs(off int32, tok string) bool {
	i := int(off) + 1
	for j := 0; i < len(x.data); i, j = i+1, j+1 {
		c := x.data[i]
		switch {
		case c == '"':
			return j == len(tok)
		case c == '\\':
			s, _ := x.str(off)
			return s == tok
		case j >= len(tok) || tok[j] != c:
			return false
		}
	}
	return false
}

// str decodes the string token at off.
func (x *Index) str(off int32) (string, bool) {
	i := int(off) + 1
	for ; i < len(x.data); i++ {
		switch x.data[i] {
		case '\\':
			i++
		case '"':
			raw := x.data[off : i+1]
			if bytes.IndexByte(raw, '\\') < 0 {
				return string(raw[1 : len(raw)-1]), true
			}
			var s string
			err := json.Unmarshal(raw, &s)
			return s, err == nil
		}
	}
	return "", false
}

type parser struct {
	x *Index
	i int
}

func (p *parser) fail(format string, args ...any) error {
	return &SyntaxError{Offset: p.i, Line: p.x.LineOf(p.i), Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) space() {
	for p.i < len(p.x.data) {
		switch p.x.data[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

// value parses the value at the current offset into node n, which the
// caller appended.
func (p *parser) value(n int32) error {
	p.x.nodes[n].val = int32(p.i)
	p.x.nodes[n].end = -1
	var err error
	switch c := p.x.data[p.i]; c {
	case '{':
		err = p.container(n, '}', true)
	case '[':
		err = p.container(n, ']', false)
	case '"':
		err = p.str()
	case 't':
		err = p.literal("true")
	case 'f':
		err = p.literal("false")
	case 'n':
		err = p.literal("null")
	default:
		if c != '-' && (c < '0' || c > '9') {
			return p.fail("unexpected %q", c)
		}
		err = p.number()
	}
	if err == nil {
		p.x.nodes[n].end = int32(p.i)
	}
	return err
}

func (p *parser) container(n int32, end byte, object bool) error {
	p.i++
	var prev int32
	for first := true; ; first = false {
		p.space()
		if p.i >= len(p.x.data) {
			return p.fail("unexpected end of the text")
		}
		if p.x.data[p.i] == end && first {
			p.i++
			return nil
		}
		key := int32(-1)
		if object {
			if p.x.data[p.i] != '"' {
				return p.fail("want a key string, found %q", p.x.data[p.i])
			}
			key = int32(p.i)
			if err := p.str(); err != nil {
				return err
			}
			p.space()
			if p.i >= len(p.x.data) || p.x.data[p.i] != ':' {
				return p.fail("want ':' after the key")
			}
			p.i++
			p.space()
			if p.i >= len(p.x.data) {
				return p.fail("unexpected end of the text")
			}
		}
		c := int32(len(p.x.nodes))
		p.x.nodes = append(p.x.nodes, node{key: key})
		if prev == 0 {
			p.x.nodes[n].first = c
		} else {
			p.x.nodes[prev].next = c
		}
		prev = c
		if err := p.value(c); err != nil {
			return err
		}
		p.space()
		if p.i >= len(p.x.data) {
			return p.fail("unexpected end of the text")
		}
		switch p.x.data[p.i] {
		case ',':
			p.i++
		case end:
			p.i++
			return nil
		default:
			return p.fail("want ',' or %q, found %q", end, p.x.data[p.i])
		}
	}
}

func (p *parser) str() error {
	start := p.i
	for p.i++; p.i < len(p.x.data); p.i++ {
		switch c := p.x.data[p.i]; {
		case c == '"':
			p.i++
			return nil
		case c == '\\':
			p.i++
			if p.i >= len(p.x.data) {
				return p.fail("unexpected end of the text")
			}
			switch p.x.data[p.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if p.i+4 >= len(p.x.data) {
					return p.fail("short \\u escape")
				}
				for _, h := range p.x.data[p.i+1 : p.i+5] {
					if !isHex(h) {
						return p.fail("bad \\u escape")
					}
				}
				p.i += 4
			default:
				return p.fail("bad escape \\%c", p.x.data[p.i])
			}
		case c < 0x20:
			return p.fail("control character in a string")
		}
	}
	p.i = start
	return p.fail("unterminated string")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (p *parser) literal(word string) error {
	if !bytes.HasPrefix(p.x.data[p.i:], []byte(word)) {
		return p.fail("unexpected %q", p.x.data[p.i])
	}
	p.i += len(word)
	return nil
}

func (p *parser) number() error {
	start := p.i
	for p.i < len(p.x.data) {
		switch c := p.x.data[p.i]; {
		case c >= '0' && c <= '9', c == '-', c == '+', c == '.', c == 'e', c == 'E':
			p.i++
		default:
			return p.checkNumber(start)
		}
	}
	return p.checkNumber(start)
}

func (p *parser) checkNumber(start int) error {
	if !json.Valid(p.x.data[start:p.i]) {
		p.i = start
		return p.fail("malformed number")
	}
	return nil
}
