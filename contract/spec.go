package contract

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Spec is one loaded and validated OpenAPI document.
type Spec struct {
	Name       string // slash path used in locations: "spec/cloudconnect.yaml"
	Doc        *openapi3.T
	Operations []*Operation

	root    *yaml.Node
	routes  []*Operation // most literal segments first
	schemas map[*openapi3.Schema]*schemaInfo
}

// Operation is one method on one path of a spec.
type Operation struct {
	ID      string // operationId
	Method  string
	Path    string
	Pointer string // "/paths/~1v3~1{domain_id}~1ccaas~1authorisations/post"
	Spec    *Spec
	Op      *openapi3.Operation
	Item    *openapi3.PathItem

	together []string
	segments []string // the path split at "/"; "{name}" segments are parameters
	literals int      // how many segments are literal, for preferring the most specific match
}

// Name is how findings name the operation: "POST /v3/{domain_id}/ccaas/authorisations".
func (o *Operation) Name() string { return o.Method + " " + o.Path }

// Statuses lists the documented response statuses, sorted ("default" last).
func (o *Operation) Statuses() []string {
	var out []string
	if o.Op.Responses != nil {
		for code := range o.Op.Responses.Map() {
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}

// LoadSpec parses, resolves and validates an OpenAPI 3 document. Errors
// name the file and, where the YAML is malformed, the line.
func LoadSpec(name string, data []byte) (*Spec, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &InputError{File: name, Line: yamlErrorLine(err, data), Err: fmt.Errorf("malformed YAML: %s", yamlErrorText(err))}
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, &InputError{File: name, Err: fmt.Errorf("not an OpenAPI document: %v", err)}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0") {
		return nil, &InputError{File: name, Err: fmt.Errorf("openapi %q: specdrift reads OpenAPI 3.0 documents", doc.OpenAPI)}
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, &InputError{File: name, Err: fmt.Errorf("invalid OpenAPI document: %v", err)}
	}
	s := &Spec{Name: name, Doc: doc, root: &root}
	s.indexSchemas()
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for method, op := range item.Operations() {
			o := &Operation{ID: op.OperationID, Method: method, Path: p, Spec: s, Op: op, Item: item,
				Pointer: "/paths/" + escapePointer(p) + "/" + strings.ToLower(method)}
			o.together = stringList(op.Extensions["x-specdrift-together"])
			o.segments = strings.Split(strings.Trim(p, "/"), "/")
			for _, seg := range o.segments {
				if !strings.HasPrefix(seg, "{") {
					o.literals++
				}
			}
			s.Operations = append(s.Operations, o)
		}
	}
	sort.Slice(s.Operations, func(i, j int) bool { return s.Operations[i].Pointer < s.Operations[j].Pointer })
	s.routes = append([]*Operation(nil), s.Operations...)
	sort.SliceStable(s.routes, func(i, j int) bool { return s.routes[i].literals > s.routes[j].literals })
	return s, nil
}

// LoadSpecs loads every *.yaml, *.yml and *.json file of dir in fsys (or the
// one file when dir is a file). display turns a path of fsys into the name
// used in locations.
func LoadSpecs(fsys fs.FS, dir string, display func(string) string) ([]*Spec, error) {
	files, err := listFiles(fsys, dir, ".yaml", ".yml", ".json")
	if err != nil {
		return nil, &InputError{File: display(dir), Err: err}
	}
	if len(files) == 0 {
		return nil, &InputError{File: display(dir), Err: errors.New("no spec files (*.yaml, *.yml, *.json) found")}
	}
	var specs []*Spec
	seen := map[string]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, &InputError{File: display(f), Err: err}
		}
		s, err := LoadSpec(display(f), data)
		if err != nil {
			return nil, err
		}
		for _, o := range s.Operations {
			if prev, dup := seen[o.Name()]; dup {
				return nil, &InputError{File: s.Name, Line: s.Line(o.Pointer), Err: fmt.Errorf("%s is defined in %s too", o.Name(), prev)}
			}
			seen[o.Name()] = s.Name
		}
		specs = append(specs, s)
	}
	return specs, nil
}

func listFiles(fsys fs.FS, root string, exts ...string) ([]string, error) {
	st, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{root}, nil
	}
	var out []string
	err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, e := range exts {
			if !d.IsDir() && path.Ext(p) == e {
				out = append(out, p)
			}
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Route returns the operation a request's method and escaped path route to
// in the spec, as validation routes them; nil when none does.
func (s *Spec) Route(method, escapedPath string) *Operation {
	op, _ := s.route(method, escapedPath)
	return op
}

// route finds the operation of a request by method and path. Routing uses
// the path alone: fixtures, logs and proxied calls reach the API under hosts
// the spec's servers do not list. Path parameters match one non-empty
// segment; the match with the most literal segments wins.
func (s *Spec) route(method, escapedPath string) (*Operation, map[string]string) {
	path := strings.Trim(escapedPath, "/")
	for _, o := range s.routes {
		if o.Method != method {
			continue
		}
		if params, ok := o.match(path); ok {
			return o, params
		}
	}
	return nil, nil
}

func (o *Operation) match(path string) (map[string]string, bool) {
	parts := strings.Split(path, "/")
	if len(parts) != len(o.segments) {
		return nil, false
	}
	var params map[string]string
	for i, seg := range o.segments {
		if !strings.HasPrefix(seg, "{") {
			if parts[i] != seg {
				return nil, false
			}
			continue
		}
		v, err := url.PathUnescape(parts[i])
		if err != nil || v == "" {
			return nil, false
		}
		if params == nil {
			params = map[string]string{}
		}
		params[strings.Trim(seg, "{}")] = v
	}
	return params, true
}

// Line returns the line of the node a JSON pointer names, or of its nearest
// ancestor that exists.
func (s *Spec) Line(pointer string) int {
	n := s.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	if pointer == "" {
		return line
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					line, next = n.Content[i].Line, n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}

// Locate returns the spec location of a JSON pointer.
func (s *Spec) Locate(pointer string) Location {
	return Location{File: s.Name, Pointer: pointer, Line: s.Line(pointer)}
}

func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
