package contract

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// wrongType matches kin-openapi's errors for a schema keyword whose value
// has a type OpenAPI does not allow there (pattern: 0, examples: {...} in
// 3.0): encoding/json's, for a JSON document it decodes itself, with the
// JSON kind, the keyword and the Go type wanted; and the YAML decoder's,
// which lists every one, with the YAML tag, the Go type wanted and the
// keyword (the last token of the pointer when it gives no field).
var wrongType = []*regexp.Regexp{
	regexp.MustCompile(`cannot unmarshal (number|string|object|array|bool) into field Schema\.(?P<key>\w+) of type (?P<want>[^\s,]+)`),
	regexp.MustCompile(`cannot unmarshal !!(\w+) into (?P<want>.+?) field "(?P<key>[^"]+)"`),
	regexp.MustCompile(`cannot construct !!(\w+)(?: \x60[^\x60]*\x60)? into (?P<want>.+?) in /(?:[^/\s;]*/)*(?P<key>[^/\s;]+)`),
}

// yamlKinds names the YAML tags of wrongType's errors as JSON kinds.
var yamlKinds = map[string]string{"int": "number", "float": "number", "str": "string", "map": "object", "seq": "array", "bool": "bool"}

// wrongTyped is one keyword of a kind kin-openapi could not decode.
type wrongTyped struct{ kind, key, want string }

// wrongTypes lists the keywords of an error of kin-openapi's that wrongType
// matches, each once.
func wrongTypes(err error) []wrongTyped {
	var out []wrongTyped
	for _, re := range wrongType {
		for _, m := range re.FindAllStringSubmatch(err.Error(), -1) {
			w := wrongTyped{kind: m[1], key: m[re.SubexpIndex("key")], want: m[re.SubexpIndex("want")]}
			if k, ok := yamlKinds[w.kind]; ok {
				w.kind = k
			}
			if !slices.ContainsFunc(out, func(o wrongTyped) bool { return o.kind == w.kind && o.key == w.key }) {
				out = append(out, w)
			}
		}
	}
	return out
}

// maxLenient bounds the rounds of decoding a document is read past in.
const maxLenient = 16

// schemaKeys are the keys under which a schema object stands: its own key,
// or that of the object (a map or a list of schemas) that holds it.
var (
	schemaKeys       = []string{"schema", "items", "additionalProperties", "not"}
	schemaHolderKeys = []string{"schemas", "properties", "allOf", "anyOf", "oneOf", "patternProperties", "$defs"}
)

// readPastWrongTypes decodes a document with decode, and where kin-openapi
// cannot decode a schema keyword whose value has the wrong type, decodes it
// again with each such value of the root file read as null (left out), and
// returns a spec-invalid finding for each. Lines stay those of the file as
// written: the values are replaced line for line. decode is given the
// JSON index of the text it decodes when the root file is JSON.
func (s *Spec) readPastWrongTypes(data []byte, decode func(data []byte, idx *jsonpos.Index) error) ([]Finding, error) {
	err := decode(data, s.root.json)
	var faults []Finding
	var blanks []posNode // values of the root file read as null
	for i := 0; err != nil && i < maxLenient; i++ {
		before := len(blanks)
		for _, w := range wrongTypes(err) {
			s.root.root().walkSchemaMembers(w.key, w.kind, "", func(ptr string, v posNode) {
				blanks = append(blanks, v)
				faults = append(faults, s.problem(RuleSpecInvalid, ptr, Location{},
					fmt.Sprintf("The spec is invalid: %s is a%s %s, where OpenAPI wants %s; specdrift reads the schema without it.", w.key, article(w.kind), w.kind, wantedJSON(w.want))))
			})
		}
		if len(blanks) == before {
			break
		}
		if !s.root.isJSON() {
			err = decode(blankYAML(data, s.root.yaml, blanks), nil)
			continue
		}
		patched := blankValues(data, blanks)
		idx, perr := jsonpos.Parse(patched)
		if perr != nil {
			break
		}
		err = decode(patched, idx)
	}
	return faults, err
}

// wantedJSON names a Go type of kin-openapi's as a JSON type, with its article.
func wantedJSON(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "map["), strings.HasPrefix(goType, "*"):
		return "an object"
	case goType == "string":
		return "a string"
	case goType == "bool":
		return "a boolean"
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"), strings.HasPrefix(goType, "float"):
		return "a number"
	}
	return goType
}

func article(kind string) string {
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "n"
	}
	return ""
}

// isKind says whether the node's value is of kind, a JSON kind.
func (n posNode) isKind(kind string) bool {
	if n.y == nil {
		return isKind(n.j.Kind(), kind)
	}
	switch n.y.Kind {
	case yaml.MappingNode:
		return kind == "object"
	case yaml.SequenceNode:
		return kind == "array"
	case yaml.ScalarNode:
		return yamlKinds[strings.TrimPrefix(n.y.Tag, "!!")] == kind
	}
	return false
}

// isKind says whether a JSON value that starts with b is of kind.
func isKind(b byte, kind string) bool {
	switch kind {
	case "number":
		return b == '-' || b >= '0' && b <= '9'
	case "string":
		return b == '"'
	case "object":
		return b == '{'
	case "array":
		return b == '['
	}
	return b == 't' || b == 'f'
}

// walkSchemaMembers calls f with the pointer and value of each member named
// key, with a value of kind, of a schema object below n (at pointer ptr).
func (n posNode) walkSchemaMembers(key, kind, ptr string, f func(string, posNode)) {
	var walk func(n posNode, ptr string, keys []string)
	walk = func(n posNode, ptr string, keys []string) {
		inSchema := len(keys) >= 1 && slices.Contains(schemaKeys, keys[len(keys)-1]) ||
			len(keys) >= 2 && slices.Contains(schemaHolderKeys, keys[len(keys)-2])
		n.eachChild(func(k string, c posNode) {
			if inSchema && k == key && c.isKind(kind) {
				f(ptr+"/"+escapePointer(k), c)
				return
			}
			walk(c, ptr+"/"+escapePointer(k), append(keys, k))
		})
	}
	walk(n, ptr, nil)
}

// blankValues replaces values of data by null, keeping their newlines so
// that every line stays where it was.
func blankValues(data []byte, nodes []posNode) []byte {
	vs := make([]jsonpos.Node, len(nodes))
	for i, n := range nodes {
		vs[i] = n.j
	}
	slices.SortFunc(vs, func(a, b jsonpos.Node) int { return a.Offset() - b.Offset() })
	out := make([]byte, 0, len(data))
	at := 0
	for _, v := range vs {
		if v.Offset() < at {
			continue // within a value already blanked
		}
		out = append(out, data[at:v.Offset()]...)
		out = append(out, "null"...)
		out = append(out, bytes.Repeat([]byte{'\n'}, bytes.Count(v.Raw(), []byte{'\n'}))...)
		at = v.Offset() + len(v.Raw())
	}
	return append(out, data[at:]...)
}
