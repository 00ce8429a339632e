package engine

import (
	"unicode/utf8"
	"unsafe"

	"github.com/getkin/kin-openapi/openapi3"
)

// ParamOK says whether kin-openapi certainly accepts the value of a
// request parameter whose schema is s, one of the spec's, as its decoder
// reads it: vals are the value as sent (one for a scalar, the items for an
// array), each read as a value of typ ("string", "integer", "number" or
// "boolean"), the integers and numbers as JSON numbers and the booleans
// "true" or "false" (the caller checks their syntax). false when it cannot
// say: then kin-openapi has to.
func (e *Fast) ParamOK(s *openapi3.Schema, v31, array bool, typ string, vals []string) bool {
	p := e.program(v31)
	n := p.nodes[s]
	if n == nil || n.xof || v31 && p.declines(s) {
		return false
	}
	if array {
		if n.kin || n.empty || !n.tArr || n.enum != nil || n.xof || len(n.allOf) > 0 || n.uniqueItems || len(n.prefix) > 0 || n.items == nil ||
			int64(len(vals)) < n.minItems || n.maxItems >= 0 && int64(len(vals)) > n.maxItems {
			return false
		}
		if n = n.items; n.xof {
			return false
		}
	}
	for _, v := range vals {
		if !utf8.ValidString(v) {
			return false
		}
		b := unsafe.Slice(unsafe.StringData(v), len(v)) // read only, and not kept: the checks neither change nor keep it
		switch typ {
		case openapi3.TypeString:
			if !n.stringOK(b) {
				return false
			}
		case openapi3.TypeInteger, openapi3.TypeNumber:
			if !n.numberOK(b) {
				return false
			}
		case openapi3.TypeBoolean:
			if !n.boolOK(v == "true") {
				return false
			}
		default:
			return false
		}
	}
	return true
}
