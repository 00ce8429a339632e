package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/specdrift/specdrift/contract"
)

// readVars merges the --vars file and the --var flags, flags last. The
// file is one YAML mapping of NAME: VALUE; the line of each of its names is
// returned, for checkVarNames.
func readVars(file string, flags []string) (map[string]string, map[string]int, error) {
	out := map[string]string{}
	lines := map[string]int{}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, cannotRun(err)
		}
		if err := parseVars(file, data, out, lines); err != nil {
			return nil, nil, cannotRun(err)
		}
	}
	for _, kv := range flags {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, nil, usageError("--var %q: want NAME=VALUE", kv)
		}
		out[strings.Trim(k, "{}")] = v
	}
	return out, lines, nil
}

// parseVars reads a vars file strictly: one document, a mapping of names
// to strings.
func parseVars(file string, data []byte, out map[string]string, lines map[string]int) error {
	bad := func(line int, format string, args ...any) error {
		return &contract.InputError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return bad(0, "want a YAML mapping of NAME: VALUE: %v", err)
	}
	if len(doc.Content) == 0 {
		return nil // empty, or comments only
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return bad(m.Line, "want a YAML mapping of NAME: VALUE")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return bad(v.Line, "%s: want a string", k.Value)
		}
		name := strings.Trim(k.Value, "{}")
		if first, dup := lines[name]; dup {
			return bad(k.Line, "%s given twice (first at line %d)", name, first)
		}
		out[name], lines[name] = v.Value, k.Line
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		line := next.Line
		if len(next.Content) > 0 {
			line = next.Content[0].Line
		}
		return bad(line, "a second YAML document: a vars file is one mapping of NAME: VALUE")
	}
	return nil
}

// checkVarNames insists that every name of the vars file is a placeholder
// of the fixtures or a path parameter of the specs: a misspelled name would
// leave the recorded value in place.
func checkVarNames(file string, lines map[string]int, known []string) error {
	names := make([]string, 0, len(lines))
	for n := range lines {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return lines[names[i]] < lines[names[j]] })
	for _, n := range names {
		if !slices.Contains(known, n) {
			return &contract.InputError{File: file, Line: lines[n], Err: fmt.Errorf("unknown key %q: no fixture placeholder or path parameter has this name (the names are %s)", n, strings.Join(known, ", "))}
		}
	}
	return nil
}
