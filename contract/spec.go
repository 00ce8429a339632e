package contract

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/engine"
)

// Spec is one loaded OpenAPI document.
type Spec struct {
	Name       string // slash path used in locations: "spec/cloudconnect.yaml"
	Version    string // the document's own version: "3.0.3", "3.1.0", "2.0" (Swagger, converted to OpenAPI 3.0 in Doc)
	Doc        *openapi3.T
	Operations []*Operation
	// Problems are the document's own faults, as findings: examples and
	// defaults that break their schemas, ambiguous path templates, and
	// whatever else makes the document invalid but still usable.
	Problems []Finding

	root    *specFile            // the document as written
	files   map[string]*specFile // every file read, the root among them, by path in the loader's file system (or URL)
	swagger *swaggerMap          // for a converted Swagger 2.0 document
	routes  routeTable
	servers []server
	// decodeFaults are the schema keywords of a wrong type that the
	// document was read past (readPastWrongTypes), as problems.
	decodeFaults []Finding
	schemas      engine.Index
	fast         *sharedFast
	located      *sync.Map // pointer -> Location, for the pointers located so far
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
	segments []segment // the path template, split at "/"
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

// Files names every file the spec was read from, the root document first,
// then the files its $refs name, sorted, as locations name them.
func (s *Spec) Files() []string {
	out := []string{s.Name}
	var rest []string
	for _, f := range s.files {
		if f != s.root {
			rest = append(rest, f.name)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// FileOf names, as locations do, the file of the spec that kin-openapi's
// origins (openapi3.Origin, recorded with SpecLoader.Origins) call file:
// a path relative to the root document's folder, or a URL.
func (s *Spec) FileOf(file string) (string, bool) {
	if s.root == nil {
		return "", false
	}
	if file == path.Base(s.root.key) {
		return s.Name, true
	}
	if f, ok := s.files[file]; ok {
		return f.name, true
	}
	if f, ok := s.files[path.Join(path.Dir(s.root.key), file)]; ok {
		return f.name, true
	}
	return "", false
}

// build indexes the loaded document: its schemas, operations and routes.
func (s *Spec) build() {
	s.indexSchemas()
	s.located = &sync.Map{}
	doc := s.Doc
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for method, op := range item.Operations() {
			o := &Operation{ID: op.OperationID, Method: method, Path: p, Spec: s, Op: op, Item: item,
				Pointer: "/paths/" + escapePointer(p) + "/" + strings.ToLower(method)}
			o.together = stringList(op.Extensions["x-specdrift-together"])
			o.segments = parseSegments(p)
			s.Operations = append(s.Operations, o)
		}
	}
	sort.Slice(s.Operations, func(i, j int) bool { return s.Operations[i].Pointer < s.Operations[j].Pointer })
	s.routes = newRouteTable(s.Operations)
	s.servers = parseServers(doc.Servers)
}

// Route returns the operation a request's method and escaped path route to
// in the spec, as validation routes them (below the base path of any of
// the spec's servers, or from the root); nil when none does.
func (s *Spec) Route(method, escapedPath string) *Operation {
	return Route([]*Spec{s}, method, "", escapedPath)
}

// Route returns the operation a request routes to among specs, as
// validation routes it: by method, host (a URL's or Host header's, with or
// without a port; "" if unknown) and escaped path; nil when none matches.
func Route(specs []*Spec, method, host, escapedPath string) *Operation {
	return route(specs, method, requestHost(host), splitPath(escapedPath), "").op
}

// Line returns the line of the node a JSON pointer names, or of its nearest
// ancestor that exists.
func (s *Spec) Line(pointer string) int { return s.Locate(pointer).Line }

// Locate returns the spec location of a JSON pointer into Doc: the file it
// is written in (a file a $ref names, where the pointer passes through
// one), the pointer in that file and the line. For a Swagger 2.0 document
// the pointer is mapped back into the document as written.
func (s *Spec) Locate(pointer string) Location {
	if s.located != nil {
		if loc, ok := s.located.Load(pointer); ok {
			return loc.(Location)
		}
	}
	loc, _ := s.find(pointer)
	if s.located != nil {
		s.located.Store(pointer, loc)
	}
	return loc
}

// find locates a pointer and says whether the spec has a node there.
func (s *Spec) find(pointer string) (Location, bool) {
	if s.root == nil {
		return Location{File: s.Name, Pointer: pointer}, false
	}
	if s.swagger != nil {
		pointer = s.swagger.original(pointer)
	}
	return s.locate(pointer)
}

func escapePointer(tok string) string { return engine.EscapePointer(tok) }

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

func sortedKeys[V any](m map[string]V) []string { return engine.SortedKeys(m) }
