package contract

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// decodeSpecJSON decodes an OpenAPI 3 JSON document into kin-openapi's types,
// as json.Unmarshal does, but in pieces: each path item and each component
// on its own, on as many goroutines as there are processors. kin-openapi's
// decoders read the document, its paths and its components once more as
// generic values (and its paths once more again, re-encoded), so on a large
// spec most of the time goes to those enclosing objects; in pieces, each
// byte is read once or twice as deep as it stands. A document of another
// shape than the pieces expect is decoded whole.
func decodeSpecJSON(data []byte, idx *jsonpos.Index) (*openapi3.T, error) {
	whole := func() (*openapi3.T, error) {
		doc := &openapi3.T{}
		return doc, json.Unmarshal(data, doc)
	}
	root, ok := idx.Root()
	if !ok || root.Kind() != '{' {
		return whole()
	}
	var paths, comps jsonpos.Node
	var havePaths, haveComps bool
	seen := map[string]bool{}
	dup := false
	root.Each(func(key string, n jsonpos.Node) {
		dup = dup || seen[key]
		seen[key] = true
		switch key {
		case "paths":
			paths, havePaths = n, true
		case "components":
			comps, haveComps = n, true
		}
	})
	if dup || (havePaths && paths.Kind() != '{') || (haveComps && comps.Kind() != '{') {
		return whole()
	}
	d := &pieces{}
	var p *openapi3.Paths
	if havePaths {
		p = d.paths(paths)
	}
	var c *openapi3.Components
	if haveComps {
		if c = d.components(comps); c == nil {
			return whole()
		}
	}
	// the rest of the document, with {} where the paths and components were
	var cut []jsonpos.Node
	if havePaths {
		cut = append(cut, paths)
	}
	if haveComps {
		cut = append(cut, comps)
	}
	doc := &openapi3.T{}
	if err := json.Unmarshal(skeleton(data, 0, cut), doc); err != nil {
		return nil, err
	}
	if err := d.run(); err != nil {
		return nil, err
	}
	if p != nil {
		d.fillPaths(p)
		doc.Paths = p
	}
	if c != nil {
		d.fillComponents(c)
		doc.Components = c
	}
	return doc, nil
}

// skeleton is text (which starts at offset base of the document) with each
// cut value replaced by {}.
func skeleton(text []byte, base int, cut []jsonpos.Node) []byte {
	sort.Slice(cut, func(i, j int) bool { return cut[i].Offset() < cut[j].Offset() })
	var b bytes.Buffer
	b.Grow(len(text))
	at := 0
	for _, n := range cut {
		off := n.Offset() - base
		b.Write(text[at:off])
		b.WriteString("{}")
		at = off + len(n.Raw())
	}
	b.Write(text[at:])
	return b.Bytes()
}

// pieces are the values to decode on their own, and where each goes.
type pieces struct {
	jobs []piece
	// the paths and components, in document order, filled in after run
	pathKeys []string
	pathVals []*openapi3.PathItem
	pathExt  map[string]any
	sections []section
	compExt  map[string]any
}

type piece struct {
	raw []byte
	dst json.Unmarshaler // the value to decode into
}

// section is one map of components: its name and its entries.
type section struct {
	name string
	keys []string
	vals []any // pointers to the decoded values; nil for null
}

// add queues an entry of a map, which is nil for null.
func (d *pieces) add(raw []byte, dst json.Unmarshaler) any {
	if string(raw) == "null" {
		return nil
	}
	d.jobs = append(d.jobs, piece{raw: raw, dst: dst})
	return dst
}

func (d *pieces) paths(n jsonpos.Node) *openapi3.Paths {
	p := openapi3.NewPaths()
	d.pathExt = map[string]any{}
	n.Each(func(key string, v jsonpos.Node) {
		if strings.HasPrefix(key, "x-") {
			d.jobs = append(d.jobs, piece{raw: v.Raw(), dst: extension(d.pathExt, key)})
			return
		}
		// as kin-openapi does, null too is decoded, into an empty path item
		item := &openapi3.PathItem{}
		d.jobs = append(d.jobs, piece{raw: v.Raw(), dst: item})
		d.pathKeys = append(d.pathKeys, key)
		d.pathVals = append(d.pathVals, item)
	})
	return p
}

// extension is where the decoded value of an extension goes: a value set
// into m under key once decoded.
func extension(m map[string]any, key string) *extValue {
	return &extValue{m: m, key: key}
}

type extValue struct {
	m   map[string]any
	key string
	v   any
}

func (e *extValue) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &e.v) }

// componentTypes makes the value of an entry of each section of Components.
var componentTypes = map[string]func() json.Unmarshaler{
	"schemas":         func() json.Unmarshaler { return &openapi3.SchemaRef{} },
	"parameters":      func() json.Unmarshaler { return &openapi3.ParameterRef{} },
	"headers":         func() json.Unmarshaler { return &openapi3.HeaderRef{} },
	"requestBodies":   func() json.Unmarshaler { return &openapi3.RequestBodyRef{} },
	"responses":       func() json.Unmarshaler { return &openapi3.ResponseRef{} },
	"securitySchemes": func() json.Unmarshaler { return &openapi3.SecuritySchemeRef{} },
	"examples":        func() json.Unmarshaler { return &openapi3.ExampleRef{} },
	"links":           func() json.Unmarshaler { return &openapi3.LinkRef{} },
	"callbacks":       func() json.Unmarshaler { return &openapi3.CallbackRef{} },
}

// components queues the entries of each section; nil when a section is not
// an object (the whole decode then says what is wrong).
func (d *pieces) components(n jsonpos.Node) *openapi3.Components {
	ok := true
	d.compExt = map[string]any{}
	n.Each(func(key string, v jsonpos.Node) {
		make, known := componentTypes[key]
		if !known {
			d.jobs = append(d.jobs, piece{raw: v.Raw(), dst: extension(d.compExt, key)})
			return
		}
		if v.Kind() != '{' {
			ok = ok && string(v.Raw()) == "null"
			return
		}
		sec := section{name: key}
		v.Each(func(name string, e jsonpos.Node) {
			sec.keys = append(sec.keys, name)
			dst := make()
			if ref, ok := dst.(*openapi3.SchemaRef); ok {
				dst = &schemaPiece{n: e, ref: ref}
			}
			sec.vals = append(sec.vals, d.add(e.Raw(), dst))
		})
		d.sections = append(d.sections, sec)
	})
	if !ok {
		return nil
	}
	return &openapi3.Components{}
}

// run decodes every piece; the error is that of the first piece, in
// document order, that failed.
func (d *pieces) run() error {
	errs := make([]error, len(d.jobs))
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(d.jobs)) {
		wg.Go(func() {
			for {
				next.Lock()
				j := i
				i++
				next.Unlock()
				if j >= len(d.jobs) {
					return
				}
				errs[j] = d.jobs[j].dst.UnmarshalJSON(d.jobs[j].raw)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, j := range d.jobs {
		if e, ok := j.dst.(*extValue); ok {
			e.m[e.key] = e.v
		}
	}
	return nil
}

func (d *pieces) fillPaths(p *openapi3.Paths) {
	for i, k := range d.pathKeys {
		p.Set(k, d.pathVals[i])
	}
	p.Extensions = d.pathExt
}

func (d *pieces) fillComponents(c *openapi3.Components) {
	for _, sec := range d.sections {
		newSection(c, sec.name)
		for i, k := range sec.keys {
			setComponent(c, sec.name, k, sec.vals[i])
		}
	}
	if len(d.compExt) > 0 {
		c.Extensions = d.compExt
	}
}

// newSection makes the (empty) map of a section, as decoding an object does.
func newSection(c *openapi3.Components, section string) {
	switch section {
	case "schemas":
		c.Schemas = openapi3.Schemas{}
	case "parameters":
		c.Parameters = openapi3.ParametersMap{}
	case "headers":
		c.Headers = openapi3.Headers{}
	case "requestBodies":
		c.RequestBodies = openapi3.RequestBodies{}
	case "responses":
		c.Responses = openapi3.ResponseBodies{}
	case "securitySchemes":
		c.SecuritySchemes = openapi3.SecuritySchemes{}
	case "examples":
		c.Examples = openapi3.Examples{}
	case "links":
		c.Links = openapi3.Links{}
	case "callbacks":
		c.Callbacks = openapi3.Callbacks{}
	}
}

// setComponent sets one entry of a section.
func setComponent(c *openapi3.Components, section, name string, v any) {
	if p, ok := v.(*schemaPiece); ok {
		v = p.ref
	}
	switch section {
	case "schemas":
		c.Schemas[name], _ = v.(*openapi3.SchemaRef)
	case "parameters":
		c.Parameters[name], _ = v.(*openapi3.ParameterRef)
	case "headers":
		c.Headers[name], _ = v.(*openapi3.HeaderRef)
	case "requestBodies":
		c.RequestBodies[name], _ = v.(*openapi3.RequestBodyRef)
	case "responses":
		c.Responses[name], _ = v.(*openapi3.ResponseRef)
	case "securitySchemes":
		c.SecuritySchemes[name], _ = v.(*openapi3.SecuritySchemeRef)
	case "examples":
		c.Examples[name], _ = v.(*openapi3.ExampleRef)
	case "links":
		c.Links[name], _ = v.(*openapi3.LinkRef)
	case "callbacks":
		c.Callbacks[name], _ = v.(*openapi3.CallbackRef)
	}
}
