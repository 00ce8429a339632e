package contract

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/engine"
)

// exampleWalk checks every example and default of a spec against its
// schema, each on its own, so that every fault is reported and not only
// the first (kin-openapi's document validation stops at the first).
type exampleWalk struct {
	s    *Spec
	base []openapi3.SchemaValidationOption
	out  []Finding
}

// direction is how a value is validated: as a request sends it, as a
// response returns it, or neither (a schema's own example or default).
type direction int

const (
	asNeither direction = iota
	asRequest
	asResponse
)

// checkExamples reports each example or default that breaks its schema,
// and each Example Object without a value.
func (s *Spec) checkExamples() []Finding {
	w := &exampleWalk{s: s, base: []openapi3.SchemaValidationOption{openapi3.MultiErrors()}}
	if s.Doc.IsOpenAPI31OrLater() {
		w.base = append(w.base, openapi3.EnableJSONSchema2020())
	}
	infos := make([]*engine.Info, 0, len(s.schemas))
	byInfo := make(map[*engine.Info]*openapi3.Schema, len(s.schemas))
	for sv, info := range s.schemas {
		infos = append(infos, info)
		byInfo[info] = sv
	}
	sort.Slice(infos, func(i, j int) bool { return infos[i].Pointer < infos[j].Pointer })
	for _, info := range infos {
		w.schema(byInfo[info], info.Pointer)
	}
	doc := s.Doc
	if c := doc.Components; c != nil {
		for _, n := range sortedKeys(c.Parameters) {
			w.parameter(c.Parameters[n], "/components/parameters/"+escapePointer(n))
		}
		for _, n := range sortedKeys(c.Headers) {
			w.header(c.Headers[n], "/components/headers/"+escapePointer(n))
		}
		for _, n := range sortedKeys(c.RequestBodies) {
			w.requestBody(c.RequestBodies[n], "/components/requestBodies/"+escapePointer(n))
		}
		for _, n := range sortedKeys(c.Responses) {
			w.response(c.Responses[n], "/components/responses/"+escapePointer(n))
		}
		for _, n := range sortedKeys(c.Examples) {
			if ex := c.Examples[n]; ex != nil && !w.local(ex.Ref, ex.RefPath()) {
				w.example(ex.Value, nil, "/components/examples/"+escapePointer(n), asNeither)
			}
		}
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		base := "/paths/" + escapePointer(p)
		for i, prm := range item.Parameters {
			w.parameter(prm, base+"/parameters/"+strconv.Itoa(i))
		}
		for method, op := range item.Operations() {
			ob := base + "/" + strings.ToLower(method)
			for i, prm := range op.Parameters {
				w.parameter(prm, ob+"/parameters/"+strconv.Itoa(i))
			}
			w.requestBody(op.RequestBody, ob+"/requestBody")
			if op.Responses != nil {
				for _, code := range sortedKeys(op.Responses.Map()) {
					w.response(op.Responses.Value(code), ob+"/responses/"+code)
				}
			}
		}
	}
	return w.out
}

// local says whether a ref points into the root document, whose
// components the walk checks where they are defined.
func (w *exampleWalk) local(ref string, refPath *url.URL) bool {
	return len(ref) > 1 && ref[0] == '#' && w.s.inRoot(refPath)
}

func (w *exampleWalk) schema(sv *openapi3.Schema, ptr string) {
	if sv.Example != nil {
		w.value(RuleSpecExampleInvalid, sv.Example, sv, ptr+"/example", asNeither)
	}
	for i, ex := range sv.Examples {
		w.value(RuleSpecExampleInvalid, ex, sv, ptr+"/examples/"+strconv.Itoa(i), asNeither)
	}
	if sv.Default != nil {
		w.value(RuleSpecDefaultInvalid, sv.Default, sv, ptr+"/default", asNeither)
	}
}

func (w *exampleWalk) parameter(ref *openapi3.ParameterRef, ptr string) {
	if ref == nil || ref.Value == nil || w.local(ref.Ref, ref.RefPath()) {
		return
	}
	w.examples(ref.Value.Schema, ref.Value.Example, ref.Value.Examples, ptr, asRequest)
	w.content(ref.Value.Content, ptr+"/content", asRequest)
}

func (w *exampleWalk) header(ref *openapi3.HeaderRef, ptr string) {
	if ref == nil || ref.Value == nil || w.local(ref.Ref, ref.RefPath()) {
		return
	}
	w.examples(ref.Value.Schema, ref.Value.Example, ref.Value.Examples, ptr, asResponse)
	w.content(ref.Value.Content, ptr+"/content", asResponse)
}

func (w *exampleWalk) requestBody(ref *openapi3.RequestBodyRef, ptr string) {
	if ref == nil || ref.Value == nil || w.local(ref.Ref, ref.RefPath()) {
		return
	}
	w.content(ref.Value.Content, ptr+"/content", asRequest)
}

func (w *exampleWalk) response(ref *openapi3.ResponseRef, ptr string) {
	if ref == nil || ref.Value == nil || w.local(ref.Ref, ref.RefPath()) {
		return
	}
	w.content(ref.Value.Content, ptr+"/content", asResponse)
	for _, h := range sortedKeys(ref.Value.Headers) {
		w.header(ref.Value.Headers[h], ptr+"/headers/"+escapePointer(h))
	}
}

func (w *exampleWalk) content(c openapi3.Content, ptr string, dir direction) {
	for _, mt := range sortedKeys(c) {
		if m := c[mt]; m != nil {
			w.examples(m.Schema, m.Example, m.Examples, ptr+"/"+escapePointer(mt), dir)
		}
	}
}

// examples checks the example and the examples of a parameter, header or
// media type.
func (w *exampleWalk) examples(schema *openapi3.SchemaRef, example any, examples openapi3.Examples, ptr string, dir direction) {
	var sv *openapi3.Schema
	if schema != nil {
		sv = schema.Value
	}
	if example != nil && sv != nil {
		w.value(RuleSpecExampleInvalid, example, sv, ptr+"/example", dir)
	}
	for _, name := range sortedKeys(examples) {
		ex := examples[name]
		if ex == nil {
			continue
		}
		ep := ptr + "/examples/" + escapePointer(name)
		if w.local(ex.Ref, ex.RefPath()) {
			ep = ex.Ref[1:]
		}
		w.example(ex.Value, sv, ep, dir)
	}
}

// example checks one Example Object: that it has a value, and that the
// value validates against the schema it illustrates.
func (w *exampleWalk) example(ex *openapi3.Example, sv *openapi3.Schema, ptr string, dir direction) {
	if ex == nil || ex.ExternalValue != "" {
		return
	}
	if ex.Value == nil {
		if _, written := w.s.find(ptr + "/value"); !written { // value: null is a value
			w.out = append(w.out, w.s.problem(RuleSpecExampleNoValue, ptr, Location{},
				"The example has neither a value nor an externalValue: give it one, or remove it."))
			return
		}
	}
	if sv != nil {
		w.value(RuleSpecExampleInvalid, ex.Value, sv, ptr+"/value", dir)
	}
}

// placeless matches the places the JSON Schema 2020-12 validator puts in
// front of its reasons: the finding says where.
var placeless = regexp.MustCompile(`^(error at "[^"]*": )?(at '[^']*': )?`)

// value validates one example or default against its schema and reports
// each fault at its place in the value.
func (w *exampleWalk) value(rule RuleID, v any, sv *openapi3.Schema, ptr string, dir direction) {
	opts := w.base
	switch dir {
	case asRequest:
		opts = append(opts[:len(opts):len(opts)], openapi3.VisitAsRequest())
	case asResponse:
		opts = append(opts[:len(opts):len(opts)], openapi3.VisitAsResponse())
	}
	err := sv.VisitJSON(v, opts...)
	if err == nil {
		return
	}
	noun := "example"
	if rule == RuleSpecDefaultInvalid {
		noun = "default"
	}
	for _, f := range w.s.schemas.Faults(err) {
		where := f.Pointer
		if where == "" {
			where = "its root"
		}
		if f.Kind == engine.Error {
			w.out = append(w.out, w.s.problem(rule, ptr+f.Pointer, Location{},
				fmt.Sprintf("The %s breaks its schema at %s: %s. Fix the %s, or the schema.", noun, where, f.Reason, noun)))
			continue
		}
		var spec Location
		if f.SchemaPointer != "" {
			spec = w.s.Locate(f.SchemaPointer)
		}
		p := w.s.problem(rule, ptr+f.Pointer, spec,
			fmt.Sprintf("The %s breaks its schema at %s: %s. Fix the %s, or the schema.", noun, where, placeless.ReplaceAllString(f.Reason, ""), noun))
		p.Expected, p.Actual = f.Expected, actualValue(NewRedactor([]*Spec{w.s}, false), f.Schema, f.Actual)
		w.out = append(w.out, p)
	}
}
