package contract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// specFile is one file of a spec as it was written, the root document or a
// file its $refs name, kept to turn JSON pointers into lines. JSON is
// indexed as JSON (yaml.v3 reads neither surrogate pairs nor large files
// cheaply), YAML as YAML.
type specFile struct {
	name string // as locations name it: "spec/cloudconnect.yaml", "https://example.com/common.yaml"
	key  string // where the loader read it: its path in the spec's file system, or its URL
	json *jsonpos.Index
	yaml *yaml.Node
}

// parseSpecFile reads a spec file's text: a *.json file as JSON, another
// as JSON when it starts like JSON and parses as JSON, else as YAML (of
// which JSON is a subset). Errors name the file and line.
func parseSpecFile(name, key string, data []byte) (*specFile, error) {
	f := &specFile{name: name, key: key}
	isJSON := strings.EqualFold(path.Ext(strings.SplitN(key, "?", 2)[0]), ".json")
	if t := bytes.TrimLeft(data, " \t\r\n"); isJSON || (len(t) > 0 && (t[0] == '{' || t[0] == '[')) {
		idx, err := jsonpos.Parse(data)
		if err == nil {
			f.json = idx
			return f, nil
		}
		var se *jsonpos.SyntaxError
		if errors.As(err, &se) && isJSON {
			return nil, &InputError{File: name, Line: se.Line, Err: fmt.Errorf("malformed JSON: %s", se.Msg)}
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &InputError{File: name, Line: yamlErrorLine(err, data), Err: fmt.Errorf("malformed YAML: %s", yamlErrorText(err))}
	}
	f.yaml = &root
	return f, nil
}

// isJSON says whether the file was read as JSON.
func (f *specFile) isJSON() bool { return f.json != nil }

// topString returns a string field of the document's top level: "openapi", "swagger".
func (f *specFile) topString(field string) (string, bool) {
	n, _, ok := f.root().child(field)
	if !ok {
		return "", false
	}
	return n.str()
}

// posNode is one node of a spec file, JSON or YAML.
type posNode struct {
	j  jsonpos.Node
	y  *yaml.Node
	ok bool
}

func (f *specFile) root() posNode {
	if f.json != nil {
		n, ok := f.json.Root()
		return posNode{j: n, ok: ok}
	}
	n := f.yaml
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return posNode{}
		}
		n = n.Content[0]
	}
	return posNode{y: n, ok: true}
}

// line is the line of the node itself.
func (n posNode) line() int {
	switch {
	case !n.ok:
		return 0
	case n.y != nil:
		return n.y.Line
	}
	return n.j.Line()
}

// child returns the member named tok or the item at index tok, with the
// line to report for it: a member's key, an item's value.
func (n posNode) child(tok string) (posNode, int, bool) {
	if !n.ok {
		return posNode{}, 0, false
	}
	if n.y == nil {
		c, ok := n.j.Child(tok)
		if !ok {
			return posNode{}, 0, false
		}
		return posNode{j: c, ok: true}, c.Line(), true
	}
	y := n.y
	if y.Kind == yaml.AliasNode && y.Alias != nil {
		y = y.Alias
	}
	switch y.Kind {
	case yaml.MappingNode:
		var found *yaml.Node
		line := 0
		for i := 0; i+1 < len(y.Content); i += 2 {
			if y.Content[i].Value == tok {
				found, line = y.Content[i+1], y.Content[i].Line
				break
			}
		}
		if found != nil {
			return posNode{y: found, ok: true}, line, true
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(y.Content) {
			return posNode{y: y.Content[i], ok: true}, y.Content[i].Line, true
		}
	}
	return posNode{}, 0, false
}

// children lists the members or items of the node.
func (n posNode) children() []posNode {
	var out []posNode
	switch {
	case !n.ok:
	case n.y != nil:
		step := 1
		if n.y.Kind == yaml.MappingNode {
			step = 2
		}
		for i := step - 1; i < len(n.y.Content); i += step {
			out = append(out, posNode{y: n.y.Content[i], ok: true})
		}
	default:
		n.j.Each(func(_ string, c jsonpos.Node) { out = append(out, posNode{j: c, ok: true}) })
	}
	return out
}

// eachChild calls f with each member's key (an item's index) and node.
func (n posNode) eachChild(f func(key string, c posNode)) {
	switch {
	case !n.ok:
	case n.y != nil:
		if n.y.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.y.Content); i += 2 {
				f(n.y.Content[i].Value, posNode{y: n.y.Content[i+1], ok: true})
			}
			return
		}
		for i, c := range n.y.Content {
			f(strconv.Itoa(i), posNode{y: c, ok: true})
		}
	default:
		n.j.Each(func(key string, c jsonpos.Node) { f(key, posNode{j: c, ok: true}) })
	}
}

func (n posNode) str() (string, bool) {
	switch {
	case !n.ok:
		return "", false
	case n.y != nil:
		return n.y.Value, n.y.Kind == yaml.ScalarNode
	}
	return n.j.Str()
}

// ref is the $ref of a Reference Object node, "" for any other node.
func (n posNode) ref() string {
	r, _, ok := n.child("$ref")
	if !ok {
		return ""
	}
	s, _ := r.str()
	return s
}

// locate walks a JSON pointer from the root file. Where the pointer goes on
// past a $ref (the pointer was built through the referenced value), the
// walk follows the $ref into the file it names, so that the location is
// where the value is written. It stops at the deepest node that exists;
// found says whether that is the node the pointer names.
func (s *Spec) locate(pointer string) (loc Location, found bool) {
	f := s.root
	n := f.root()
	loc = Location{File: f.name, Pointer: pointer, Line: n.line()}
	if pointer == "" {
		return loc, n.ok
	}
	toks := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	hops := 0
	for i := 0; i < len(toks); i++ {
		tok := strings.ReplaceAll(strings.ReplaceAll(toks[i], "~1", "/"), "~0", "~")
		c, line, ok := n.child(tok)
		if !ok {
			tf, tn, frag, followed := s.follow(f, n)
			if hops++; !followed || hops > maxRefHops {
				return loc, false
			}
			f, n = tf, tn
			loc = Location{File: f.name, Pointer: frag + "/" + strings.Join(toks[i:], "/"), Line: tn.line()}
			i--
			continue
		}
		n, loc.Line = c, line
	}
	return loc, true
}

// maxRefHops bounds the $refs one location follows, against cycles.
const maxRefHops = 32

// follow resolves the $ref of node n of file f: the file it names (f itself
// for a ref within it), the node and the pointer to it. Refs into files the
// loader did not read are not followed.
func (s *Spec) follow(f *specFile, n posNode) (*specFile, posNode, string, bool) {
	ref := n.ref()
	if ref == "" {
		return nil, posNode{}, "", false
	}
	file, frag, _ := strings.Cut(ref, "#")
	target := f
	if file != "" {
		target = s.files[refKey(f.key, file)]
		if target == nil {
			return nil, posNode{}, "", false
		}
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, posNode{}, "", false
	}
	tn := target.root()
	if frag != "" {
		for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			var ok bool
			if tn, _, ok = tn.child(strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")); !ok {
				return nil, posNode{}, "", false
			}
		}
	}
	if target == f && tn == n {
		return nil, posNode{}, "", false // a ref to itself
	}
	return target, tn, frag, true
}

// refKey is the key of the file a $ref names, as the loader reads it:
// relative to the referring file, or the URL.
func refKey(from, file string) string {
	if u, err := url.Parse(file); err == nil && u.IsAbs() {
		return file
	}
	if u, err := url.Parse(from); err == nil && u.IsAbs() {
		if r, err := u.Parse(file); err == nil {
			return r.String()
		}
	}
	return path.Join(path.Dir(from), file)
}
