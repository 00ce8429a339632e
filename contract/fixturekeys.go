package contract

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// checkKeys reports the first key of a fixture, its request or its
// response that the format does not have, with its line. yaml.v3 checks
// known fields only when it decodes from a Decoder, not from a node, so the
// keys are checked here, against the fields' yaml tags.
func checkKeys(name string, root *yaml.Node) error {
	if err := knownKeys(name, root, reflect.TypeFor[Fixture](), "", "a fixture"); err != nil {
		return err
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind != yaml.MappingNode {
			continue // decoding says what is wrong with it
		}
		switch k.Value {
		case "request":
			if err := knownKeys(name, v, reflect.TypeFor[FixtureRequest](), " in the request", "a request"); err != nil {
				return err
			}
		case "response":
			if err := knownKeys(name, v, reflect.TypeFor[FixtureResponse](), " in the response", "a response"); err != nil {
				return err
			}
		}
	}
	return nil
}

func knownKeys(name string, n *yaml.Node, t reflect.Type, where, what string) error {
	fields := tagNames(t, "yaml")
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		known := false
		for _, f := range fields {
			known = known || k.Value == f
		}
		if !known {
			return &InputError{File: name, Line: k.Line, Err: fmt.Errorf("unknown key %q%s: %s has %s", k.Value, where, what, strings.Join(fields, ", "))}
		}
	}
	return nil
}

// tagNames lists the keys of struct type t in the format of tag ("yaml",
// "json"), in the order of its fields.
func tagNames(t reflect.Type, tag string) []string {
	out := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get(tag), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}
