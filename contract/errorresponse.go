package contract

import (
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ExtErrorResponse is the document's extension that names, as a local
// reference ("#/components/responses/Error"), the response of the errors
// no operation documents.
const ExtErrorResponse = "x-specdrift-error-response"

// ErrorResponse finds the response the operation documents for an error of
// status: that status, its class (4XX), default, else the operation's
// first documented 4xx error (its error body, though documented for
// another status), else the one the document's x-specdrift-error-response
// names. Only responses with a JSON schema count; nil: none has one. key
// names the response in the spec: its status, or its $ref.
func (o *Operation) ErrorResponse(status int) (key string, resp *openapi3.Response) {
	if o.Op.Responses == nil {
		return documentErrorResponse(o.Spec.Doc)
	}
	code := strconv.Itoa(status)
	keys := []string{code, code[:1] + "XX", "default"}
	for _, k := range o.Statuses() {
		if n, err := strconv.Atoi(k); err == nil && n >= 400 && n < 500 || strings.EqualFold(k, "4XX") {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if ref := o.Op.Responses.Value(k); ref != nil && ref.Value != nil && hasJSONSchema(ref.Value) {
			return k, ref.Value
		}
	}
	return documentErrorResponse(o.Spec.Doc)
}

// documentErrorResponse is the response the document's
// x-specdrift-error-response names, if it has a JSON schema.
func documentErrorResponse(doc *openapi3.T) (string, *openapi3.Response) {
	ref, _ := doc.Extensions[ExtErrorResponse].(string)
	name, ok := strings.CutPrefix(ref, "#/components/responses/")
	if !ok || doc.Components == nil {
		return "", nil
	}
	if r := doc.Components.Responses[name]; r != nil && r.Value != nil && hasJSONSchema(r.Value) {
		return ref, r.Value
	}
	return "", nil
}

func hasJSONSchema(r *openapi3.Response) bool {
	for _, mt := range sortedKeys(r.Content) { // the first JSON media type, as the mock answers with it
		if base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0])); base == "application/json" || strings.HasSuffix(base, "+json") {
			m := r.Content[mt]
			return m != nil && m.Schema != nil && m.Schema.Value != nil
		}
	}
	return false
}
