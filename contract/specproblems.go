package contract

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// problems collects the document's own faults as findings: every fault
// kin-openapi's validation reports (with examples and defaults left to
// checkExamples, which reports each of them), sorted by place. The
// document is validated with its schemas set aside (stubSchemas), and each
// schema on its own (schemaFaults): kin-openapi validates the whole graph
// of schemas under every media type and parameter anew, which on a large
// spec (Microsoft Graph's) is most of the time it takes to load. Then the
// examples and the schemas are checked at once: neither changes the
// document.
func (s *Spec) problems() []Finding {
	opts := []openapi3.ValidationOption{openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation(), openapi3.EnableMultiError()}
	restore := s.stubSchemas()
	err := s.Doc.Validate(context.Background(), opts...)
	restore()
	var examples []Finding
	var wg sync.WaitGroup
	wg.Go(func() { examples = s.checkExamples() })
	out, own := s.schemaFaults(opts)
	s.validationFaults(&out, err, "", true, own)
	wg.Wait()
	out = append(out, examples...)
	out = append(out, s.decodeFaults...)
	seen := map[string]bool{}
	kept := out[:0]
	for _, f := range out {
		if k := string(f.Rule) + "|" + f.Source + "|" + f.Pointer + "|" + f.Message; !seen[k] {
			seen[k] = true
			kept = append(kept, f)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		a, b := kept[i], kept[j]
		an, al := SplitSource(a.Source)
		bn, bl := SplitSource(b.Source)
		if an != bn {
			return an < bn
		}
		if al != bl {
			return al < bl
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Rule < b.Rule
	})
	return kept
}

// problem builds a finding of the spec's own at a pointer of Doc.
func (s *Spec) problem(rule RuleID, pointer string, spec Location, msg string) Finding {
	at := s.Locate(pointer)
	src := at.File
	if at.Line > 0 {
		src += ":" + strconv.Itoa(at.Line)
	}
	if spec.File == "" {
		spec = at
	}
	r, _ := LookupRule(rule)
	return Finding{Rule: rule, Severity: r.Severity, Operation: s.operationAt(pointer), Source: src, In: "spec",
		Pointer: at.Pointer, Spec: spec, Message: msg}
}

// operationAt names the operation a pointer is in ("GET /pets"), or the
// spec and the section it is in ("spec/pets.yaml components").
func (s *Spec) operationAt(pointer string) string {
	toks := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	if len(toks) >= 3 && toks[0] == "paths" {
		m := strings.ToUpper(toks[2])
		for _, o := range s.Operations {
			if o.Method == m && o.Pointer == "/paths/"+toks[1]+"/"+toks[2] {
				return o.Name()
			}
		}
	}
	if toks[0] == "" {
		return s.Name
	}
	return s.Name + " " + unescapePointer(toks[0])
}

// schemaFaults validates each schema of the spec on its own, its
// subschemas replaced by empty ones, so that each fault is reported once at
// the schema it is in: the document's validation reports a schema's fault
// at every operation and component that uses the schema, and names none.
// own holds the messages found, for validationFaults to leave out.
func (s *Spec) schemaFaults(opts []openapi3.ValidationOption) (out []Finding, own map[string]bool) {
	if s.Doc.IsOpenAPI31OrLater() {
		opts = append(opts[:len(opts):len(opts)], openapi3.IsOpenAPI31OrLater())
	}
	own = map[string]bool{}
	ptrs := make([]string, 0, len(s.schemas))
	byPtr := make(map[string]*openapi3.Schema, len(s.schemas))
	for sv, info := range s.schemas {
		ptrs = append(ptrs, info.Pointer)
		byPtr[info.Pointer] = sv
	}
	sort.Strings(ptrs)
	ctx := context.Background()
	for _, ptr := range ptrs {
		err := shallow(byPtr[ptr]).Validate(ctx, opts...)
		for _, leaf := range leaves(err, nil) {
			own[leaf.Error()] = true
			out = append(out, s.problem(RuleSpecInvalid, ptr, Location{}, "The schema is invalid: "+plainError(leaf)+"."))
		}
	}
	return out, own
}

// shallow is a copy of a schema whose subschemas (those the schema index
// walks) are empty schemas.
func shallow(sv *openapi3.Schema) *openapi3.Schema {
	c := *sv
	empty := func(r *openapi3.SchemaRef) *openapi3.SchemaRef {
		if r == nil {
			return nil
		}
		return &openapi3.SchemaRef{Value: &openapi3.Schema{}}
	}
	list := func(rs openapi3.SchemaRefs) openapi3.SchemaRefs {
		out := make(openapi3.SchemaRefs, len(rs))
		for i, r := range rs {
			out[i] = empty(r)
		}
		return out
	}
	if sv.Properties != nil {
		c.Properties = make(openapi3.Schemas, len(sv.Properties))
		for k, r := range sv.Properties {
			c.Properties[k] = empty(r)
		}
	}
	c.AllOf, c.OneOf, c.AnyOf = list(sv.AllOf), list(sv.OneOf), list(sv.AnyOf)
	c.Items, c.Not = empty(sv.Items), empty(sv.Not)
	c.AdditionalProperties.Schema = empty(sv.AdditionalProperties.Schema)
	return &c
}

// leaves flattens kin-openapi's multi-errors and context wrappers.
func leaves(err error, out []error) []error {
	for err != nil {
		if multi, ok := err.(openapi3.MultiError); ok {
			for _, e := range multi {
				out = leaves(e, out)
			}
			return out
		}
		if !isWrapper(err) {
			return append(out, err)
		}
		err = errors.Unwrap(err)
	}
	return out
}

// validationFaults turns what Doc.Validate returned into findings, one per
// fault, each at the pointer its context wrappers give. mapped says whether
// the pointer so far is exact; past a wrapper that names no place it is the
// nearest ancestor known. Faults whose message schemaFaults found (own)
// were reported at their schema.
func (s *Spec) validationFaults(out *[]Finding, err error, pointer string, mapped bool, own map[string]bool) {
	for err != nil {
		if multi, ok := err.(openapi3.MultiError); ok {
			for _, e := range multi {
				s.validationFaults(out, e, pointer, mapped, own)
			}
			return
		}
		var ex *openapi3.ExampleValueOrExternalValueRequired
		if errors.As(err, &ex) {
			return // checkExamples reports each example without a value
		}
		if mapped {
			pointer, mapped = s.wrapperPointer(err, pointer)
		}
		if cp, ok := err.(*openapi3.ConflictingPathsError); ok {
			// reported at the one written last, with the other as its spec location
			first, second := "/paths/"+escapePointer(cp.Path1), "/paths/"+escapePointer(cp.Path2)
			if s.Line(second) < s.Line(first) {
				first, second = second, first
			}
			*out = append(*out, s.problem(RuleSpecAmbiguousPaths, second, s.Locate(first),
				fmt.Sprintf("The path templates %s and %s differ only in their parameters' names: a request that matches one matches the other, so which operation it is checked against depends on the order they are tried in. Merge them, or make one of them literal.",
					unescapePointer(first[len("/paths/"):]), unescapePointer(second[len("/paths/"):]))))
			return
		}
		if !isWrapper(err) {
			if !own[err.Error()] {
				*out = append(*out, s.problem(RuleSpecInvalid, pointer, Location{}, "The spec is invalid: "+plainError(err)+"."))
			}
			return
		}
		err = errors.Unwrap(err)
	}
}

// isWrapper says whether err is one of kin-openapi's context wrappers,
// which say where the error inside them is and nothing else.
func isWrapper(err error) bool {
	switch err.(type) {
	case *openapi3.SectionValidationError, *openapi3.PathValidationError, *openapi3.OperationValidationError,
		*openapi3.ComponentValidationError, *openapi3.WebhookValidationError, *openapi3.ParameterFieldValidationError,
		*openapi3.HeaderFieldValidationError, *openapi3.MediaTypeEncodingValidationError, *openapi3.TagValidationError,
		*openapi3.SchemaCombinatorElementValidationError, *openapi3.SecuritySchemeFlowValidationError,
		*openapi3.OAuthFlowValidationError, *openapi3.OAuthFlowFieldValidationError:
		return true
	}
	return false
}

var componentSections = map[string]string{
	"schema": "schemas", "parameter": "parameters", "header": "headers", "request body": "requestBodies",
	"response": "responses", "security scheme": "securitySchemes", "example": "examples", "link": "links", "callback": "callbacks",
}

// wrapperPointer extends pointer by the place a context wrapper names; ok is
// false when the wrapper names none the pointer can say.
func (s *Spec) wrapperPointer(err error, pointer string) (string, bool) {
	switch e := err.(type) {
	case *openapi3.SectionValidationError:
		switch e.Section {
		case "external docs":
			return "/externalDocs", true
		case "components", "info", "paths", "security", "servers", "tags", "webhooks", "jsonSchemaDialect":
			return "/" + e.Section, true
		}
		return pointer, false
	case *openapi3.PathValidationError:
		return pointer + "/" + escapePointer(e.Path), true
	case *openapi3.OperationValidationError:
		return pointer + "/" + strings.ToLower(e.Method), true
	case *openapi3.ComponentValidationError:
		if sec, ok := componentSections[e.Section]; ok {
			return pointer + "/" + sec + "/" + escapePointer(e.Name), true
		}
		return pointer, false
	case *openapi3.WebhookValidationError:
		return pointer + "/" + escapePointer(e.Name), true
	case *openapi3.HeaderFieldValidationError:
		return pointer + "/" + e.Field, true
	case *openapi3.MediaTypeEncodingValidationError:
		return pointer + "/encoding/" + escapePointer(e.EncodingName), true
	case *openapi3.ParameterFieldValidationError:
		if i := s.parameterIndex(pointer, e.ParameterName); i >= 0 {
			return pointer + "/parameters/" + strconv.Itoa(i) + "/" + e.Field, true
		}
		return pointer, false
	}
	return pointer, false
}

// parameterIndex finds a parameter by name among those of the operation or
// path item at pointer.
func (s *Spec) parameterIndex(pointer, name string) int {
	toks := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	if len(toks) < 2 || toks[0] != "paths" {
		return -1
	}
	item := s.Doc.Paths.Value(unescapePointer(toks[1]))
	if item == nil {
		return -1
	}
	params := item.Parameters
	if len(toks) >= 3 {
		op := item.GetOperation(strings.ToUpper(toks[2]))
		if op == nil {
			return -1
		}
		params = op.Parameters
	}
	for i, p := range params {
		if p != nil && p.Value != nil && p.Value.Name == name {
			return i
		}
	}
	return -1
}

// stubSchemas sets aside the schemas that the document's parameters,
// headers, media types and components hold, each replaced by an empty
// schema, and returns what puts them back. Only the schemas of the index
// are set aside: schemaFaults validates each of them; any other is left
// for the document's validation.
func (s *Spec) stubSchemas() (restore func()) {
	saved := map[*openapi3.SchemaRef]*openapi3.Schema{}
	empty := &openapi3.Schema{}
	stub := func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || ref.Value == empty {
			return
		}
		if _, indexed := s.schemas[ref.Value]; indexed {
			saved[ref] = ref.Value
			ref.Value = empty
		}
	}
	content := func(c openapi3.Content) {
		for _, mt := range c {
			if mt != nil {
				stub(mt.Schema)
			}
		}
	}
	param := func(p *openapi3.ParameterRef) {
		if p != nil && p.Value != nil {
			stub(p.Value.Schema)
			content(p.Value.Content)
		}
	}
	header := func(h *openapi3.HeaderRef) {
		if h != nil && h.Value != nil {
			stub(h.Value.Schema)
			content(h.Value.Content)
		}
	}
	response := func(r *openapi3.ResponseRef) {
		if r != nil && r.Value != nil {
			content(r.Value.Content)
			for _, h := range r.Value.Headers {
				header(h)
			}
		}
	}
	if c := s.Doc.Components; c != nil {
		for _, ref := range c.Schemas {
			stub(ref)
		}
		for _, p := range c.Parameters {
			param(p)
		}
		for _, h := range c.Headers {
			header(h)
		}
		for _, rb := range c.RequestBodies {
			if rb != nil && rb.Value != nil {
				content(rb.Value.Content)
			}
		}
		for _, r := range c.Responses {
			response(r)
		}
	}
	for _, item := range s.Doc.Paths.Map() {
		for _, p := range item.Parameters {
			param(p)
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				param(p)
			}
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(op.RequestBody.Value.Content)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					response(r)
				}
			}
		}
	}
	return func() {
		for ref, v := range saved {
			ref.Value = v
		}
	}
}
