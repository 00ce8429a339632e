package contract

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// blankYAML replaces the values of a YAML document's members by null,
// keeping their newlines so that every line stays where it was: from the
// end of each member's key to the end of its value becomes ": null" and
// the line breaks it spanned. root is the document as parsed from data. A
// value whose end cannot be told (a tagged scalar inside a flow collection)
// is left as it is.
func blankYAML(data []byte, root *yaml.Node, values []posNode) []byte {
	t := newYAMLText(data, root)
	type span struct{ from, to int }
	var spans []span
	for _, v := range values {
		key := t.keyOf[v.y]
		if key == nil {
			continue
		}
		from, to := t.end(key), t.end(v.y)
		if from < 0 || to < from {
			continue
		}
		spans = append(spans, span{from, to})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	out := make([]byte, 0, len(data))
	at := 0
	for _, s := range spans {
		if s.from < at {
			continue // within a value already blanked
		}
		out = append(out, data[at:s.from]...)
		out = append(out, ": null"...)
		out = append(out, bytes.Repeat([]byte{'\n'}, bytes.Count(data[s.from:s.to], []byte{'\n'}))...)
		at = s.to
	}
	return append(out, data[at:]...)
}

// yamlText finds where the nodes of a parsed YAML document stand in its text.
type yamlText struct {
	data   []byte
	lines  []int // the offset of each line's start
	starts []int // the offsets of every node, sorted
	keyOf  map[*yaml.Node]*yaml.Node
	last   map[*yaml.Node]int // the offset of the last node of each subtree
}

func newYAMLText(data []byte, root *yaml.Node) *yamlText {
	t := &yamlText{data: data, lines: []int{0}, keyOf: map[*yaml.Node]*yaml.Node{}, last: map[*yaml.Node]int{}}
	for i, b := range data {
		if b == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	var walk func(n *yaml.Node) int
	walk = func(n *yaml.Node) int {
		last := t.offset(n)
		t.starts = append(t.starts, last)
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 1 {
				t.keyOf[c] = n.Content[i-1]
			}
			last = max(last, walk(c))
		}
		t.last[n] = last
		return last
	}
	walk(root)
	slices.Sort(t.starts)
	return t
}

// offset is where a node starts: its line and column (in characters).
func (t *yamlText) offset(n *yaml.Node) int {
	if n.Line < 1 || n.Line > len(t.lines) {
		return len(t.data)
	}
	at := t.lines[n.Line-1]
	for col := 1; col < n.Column && at < len(t.data) && t.data[at] != '\n'; col++ {
		_, size := utf8.DecodeRune(t.data[at:])
		at += size
	}
	return at
}

// end is the offset just past a node's text; -1 when it cannot be told.
func (t *yamlText) end(n *yaml.Node) int {
	start := t.offset(n)
	rest := t.data[start:]
	switch {
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && len(rest) > 0:
		return start + quotedLen(rest)
	case n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 &&
		!strings.ContainsRune(n.Value, '\n') && bytes.HasPrefix(rest, []byte(n.Value)):
		return start + len(n.Value)
	case n.Kind != yaml.ScalarNode && n.Style&yaml.FlowStyle != 0 && len(rest) > 0:
		return start + flowLen(rest)
	}
	// A block collection or scalar: up to the line break before what follows.
	next := len(t.data)
	if i := sort.SearchInts(t.starts, t.last[n]+1); i < len(t.starts) {
		next = t.starts[i]
	}
	nl := bytes.LastIndexByte(t.data[start:next], '\n')
	if nl < 0 {
		if next == len(t.data) {
			return next
		}
		return -1
	}
	return start + nl + 1
}

// quotedLen is the length of the quoted scalar b starts with.
func quotedLen(b []byte) int {
	q := b[0]
	for i := 1; i < len(b); i++ {
		switch {
		case q == '"' && b[i] == '\\':
			i++
		case b[i] == q && q == '\'' && i+1 < len(b) && b[i+1] == '\'':
			i++
		case b[i] == q:
			return i + 1
		}
	}
	return len(b)
}

// flowLen is the length of the flow collection b starts with.
func flowLen(b []byte) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"', '\'':
			i += quotedLen(b[i:]) - 1
		case '[', '{':
			depth++
		case ']', '}':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(b)
}
