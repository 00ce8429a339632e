package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/internal/sample"
)

// ExtError is the extension of an error response's schema that says which
// fields carry the error's code and message, where their names do not
// (x-specdrift-error: {code: fault_id, message: /fault/text}): a property
// name, or a JSON pointer into the body.
const ExtError = "x-specdrift-error"

// ExtErrorResponse is the document's extension that names, as a local
// $ref ("#/components/responses/Error"), the response of the errors no
// operation documents: the mock answers its own errors with it there.
const ExtErrorResponse = contract.ExtErrorResponse

// problemType is the media type of RFC 9457 problem details, the mock's
// answer where an operation documents no error body.
const problemType = "application/problem+json"

// mockStatuses are the statuses the mock answers its own errors with.
var mockStatuses = []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusRequestEntityTooLarge,
	http.StatusUnprocessableEntity, http.StatusInternalServerError, http.StatusServiceUnavailable}

// errorShape is how the mock words an error for an operation: as the body
// of the error response the operation documents, or (schema nil) as
// problem details.
type errorShape struct {
	mediaType string
	schema    *openapi3.Schema
	base      []byte // a sample of the schema, as JSON
	visit     []openapi3.SchemaValidationOption
	source    string // where the response is documented: "spec.yaml#/paths/.../responses/4XX"
	code      errorField
	message   errorField
	status    errorField
	title     errorField
}

// errorField is a field of the body that the mock fills: where it is, and
// its schema.
type errorField struct {
	path   []string
	schema *openapi3.Schema
}

// problem is the shape of an operation that documents no error body.
var problem = &errorShape{mediaType: problemType}

// bodiless is the shape of an error the operation documents without a
// body: the status alone.
var bodiless = &errorShape{}

// newErrorShape reads a documented error response: a sample of its schema
// (its example where that validates), and the fields that take the error's
// code, message, status and title.
func newErrorShape(o *contract.Operation, key string, resp *openapi3.Response) (*errorShape, []string) {
	mt, media := jsonMedia(resp.Content)
	schema := media.Schema.Value
	at := o.Pointer + "/responses/" + escape(key)
	if strings.HasPrefix(key, "#/") {
		at = key[1:]
	}
	e := &errorShape{mediaType: mt, schema: schema, source: o.Spec.Name + "#" + at + "/content/" + escape(mt) + "/schema",
		visit: []openapi3.SchemaValidationOption{openapi3.VisitAsResponse()}}
	if o.Spec.Doc.IsOpenAPI31OrLater() {
		e.visit = append(e.visit, openapi3.EnableJSONSchema2020())
	}
	var notes []string
	var base any
	for _, ex := range exampleValues(media) {
		if validates(schema, ex, e.visit) {
			base = ex
			break
		}
	}
	if base == nil {
		base = sample.Value(schema, 0)
	}
	b, err := json.Marshal(base)
	if err != nil {
		return problem, []string{fmt.Sprintf("%s: %v; the mock answers errors with problem details", e.source, err)}
	}
	e.base = b
	e.findFields(normalize(base))
	var v any
	if json.Unmarshal(e.body(http.StatusBadRequest, codeInvalid, "The request is invalid."), &v) != nil || !validates(schema, v, e.visit) {
		notes = append(notes, fmt.Sprintf("%s: the mock's errors, built from a sample of this schema, do not validate against it (a pattern or a format it cannot meet); it answers with them all the same", e.source))
	}
	return e, notes
}

func exampleValues(m *openapi3.MediaType) []any {
	var out []any
	if m.Example != nil {
		out = append(out, m.Example)
	}
	for _, name := range sortedKeys(m.Examples) {
		if ex := m.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			out = append(out, ex.Value.Value)
		}
	}
	return out
}

// validates says whether v, as JSON, satisfies the schema.
func validates(s *openapi3.Schema, v any, opts []openapi3.SchemaValidationOption) bool {
	return s.VisitJSON(normalize(v), opts...) == nil
}

// normalize turns a value into what decoding its JSON gives.
func normalize(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if dec.Decode(&out) != nil {
		return v
	}
	return out
}

// body is the error's body: the sample with the code, message, status and
// title set where the schema lets them be, or problem details.
func (e *errorShape) body(status int, code, msg string) []byte {
	if e.schema == nil {
		b, _ := json.Marshal(struct {
			Type   string `json:"type"`
			Title  string `json:"title"`
			Status int    `json:"status"`
			Detail string `json:"detail"`
			Code   string `json:"code"`
		}{"about:blank", http.StatusText(status), status, msg, code})
		return b
	}
	dec := json.NewDecoder(bytes.NewReader(e.base))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return e.base
	}
	e.code.set(&v, code, status, e.visit)
	e.message.set(&v, msg, status, e.visit)
	e.status.set(&v, strconv.Itoa(status), status, e.visit)
	e.title.set(&v, http.StatusText(status), status, e.visit)
	b, err := json.Marshal(v)
	if err != nil {
		return e.base
	}
	return b
}

// write answers the error.
func (e *errorShape) write(w http.ResponseWriter, status int, code, msg string) {
	if e == bodiless {
		w.WriteHeader(status)
		return
	}
	w.Header().Set("Content-Type", e.mediaType)
	w.WriteHeader(status)
	_, _ = w.Write(e.body(status, code, msg))
}

// addErrorShapes finds the shape of each error the mock may answer the
// operation with, reading each documented response once (shapes), and
// returns notes on the responses whose samples do not validate.
func (op *operation) addErrorShapes(shapes map[*openapi3.Response]*errorShape) []string {
	var notes []string
	op.errors = map[int]*errorShape{}
	for _, status := range mockStatuses {
		key, resp := op.op.ErrorResponse(status)
		if resp == nil {
			op.errors[status] = problem
			if documentedWithoutBody(op.op, status) {
				op.errors[status] = bodiless
			}
			continue
		}
		e, ok := shapes[resp]
		if !ok {
			var n []string
			e, n = newErrorShape(op.op, key, resp)
			shapes[resp] = e
			notes = append(notes, n...)
		}
		op.errors[status] = e
	}
	return notes
}

// documentedWithoutBody says whether the operation documents status (or
// its class, or default) as a response without content: then the mock's
// error of that status has no body either.
func documentedWithoutBody(o *contract.Operation, status int) bool {
	if o.Op.Responses == nil {
		return false
	}
	code := strconv.Itoa(status)
	for _, k := range []string{code, code[:1] + "XX", "default"} {
		if ref := o.Op.Responses.Value(k); ref != nil && ref.Value != nil {
			return len(ref.Value.Content) == 0
		}
	}
	return false
}

// errorShape is the shape of the operation's errors of status.
func (op *operation) errorShape(status int) *errorShape {
	if e := op.errors[status]; e != nil {
		return e
	}
	return problem
}

// fail answers an error of the mock in the shape of op's errors, or where
// op is nil of the operation the request routes to, else of the one whose
// path shares the most leading segments with the request's.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, op *operation, status int, code, msg string) {
	if op == nil {
		op = s.nearest(r)
	}
	shape := problem
	if op != nil {
		shape = op.errorShape(status)
	}
	shape.write(w, status, code, msg)
}

// nearest is the operation whose errors answer a request that is not
// validated (yet): the one it routes to, else the first of those whose
// paths share the most leading segments with its path (a parameter shares
// any), of its method where that decides; nil when the server has none.
func (s *Server) nearest(r *http.Request) *operation {
	if o := contract.Route(s.v.Specs(), r.Method, r.Host, r.URL.EscapedPath()); o != nil {
		return s.ops[o]
	}
	parts := strings.Split(strings.Trim(r.URL.EscapedPath(), "/"), "/")
	var best *operation
	bestN := -1
	for _, op := range s.order {
		n := 0
		for i, seg := range strings.Split(strings.Trim(op.op.Path, "/"), "/") {
			if i >= len(parts) || seg != parts[i] && !strings.HasPrefix(seg, "{") {
				break
			}
			n++
		}
		n *= 2
		if op.op.Method == r.Method {
			n++
		}
		if n > bestN {
			best, bestN = op, n
		}
	}
	return best
}
