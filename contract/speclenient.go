package contract

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// wrongType is kin-openapi's error for a schema keyword whose value has a
// type OpenAPI does not allow there (pattern: 0, examples: {...} in 3.0):
// the JSON kind, the keyword and the Go type it wanted.
var wrongType = regexp.MustCompile(`cannot unmarshal (number|string|object|array|bool) into field Schema\.(\w+) of type (\S+)`)

// maxLenient bounds the keywords a document is read past.
const maxLenient = 16

// schemaKeys are the keys under which a schema object stands: its own key,
// or that of the object (a map or a list of schemas) that holds it.
var (
	schemaKeys       = []string{"schema", "items", "additionalProperties", "not"}
	schemaHolderKeys = []string{"schemas", "properties", "allOf", "anyOf", "oneOf", "patternProperties", "$defs"}
)

// readPastWrongTypes decodes a JSON document with decode, and where
// kin-openapi cannot decode a schema keyword whose value has the wrong type,
// decodes it again with each such value of the root file read as null (left
// out), and returns a spec-invalid finding for each. Lines stay those of the
// file as written: the values are replaced line for line.
func (s *Spec) readPastWrongTypes(data []byte, decode func(data []byte, idx *jsonpos.Index) error) ([]Finding, error) {
	err := decode(data, s.root.json)
	var faults []Finding
	var blanks []jsonpos.Node // values of the root file read as null
	for i := 0; err != nil && i < maxLenient && s.root.isJSON(); i++ {
		m := wrongType.FindStringSubmatch(err.Error())
		if m == nil {
			break
		}
		kind, key, want := m[1], m[2], m[3]
		before := len(blanks)
		s.root.root().walkSchemaMembers(key, kind, "", func(ptr string, v posNode) {
			blanks = append(blanks, v.j)
			faults = append(faults, s.problem(RuleSpecInvalid, ptr, Location{},
				fmt.Sprintf("The spec is invalid: %s is a%s %s, where OpenAPI wants %s; specdrift reads the schema without it.", key, article(kind), kind, wantedJSON(want))))
		})
		if len(blanks) == before {
			break
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
			if inSchema && k == key && isKind(c.j.Kind(), kind) {
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
func blankValues(data []byte, vs []jsonpos.Node) []byte {
	vs = slices.Clone(vs)
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
