package docs

import "github.com/specdrift/specdrift/contract/internal/jsonpos"

// valueLines maps the JSON pointer of every value in a JSON text to the
// 0-based line it starts on. It reads what it can of malformed text.
func valueLines(text []byte) map[string]int {
	out := map[string]int{}
	idx, _ := jsonpos.Parse(text) // malformed: the index of what was read
	root, ok := idx.Root()
	if !ok {
		return out
	}
	var walk func(ptr string, n jsonpos.Node)
	walk = func(ptr string, n jsonpos.Node) {
		out[ptr] = n.ValueLine() - 1
		n.Each(func(tok string, c jsonpos.Node) { walk(ptr+"/"+escape(tok), c) })
	}
	walk("", root)
	return out
}
