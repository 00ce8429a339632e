package contract

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// valueMarker is the JSON text that replaces a secret scalar: of the type
// the schema gives it when the recorded value has that type, and of the
// recorded type otherwise.
func valueMarker(s *openapi3.Schema, recorded any) []byte {
	switch recorded.(type) {
	case nil:
		return []byte("null")
	case bool:
		return []byte("false")
	case json.Number:
		if s == nil || s.Type == nil || s.Type.Is("number") || s.Type.Is("integer") {
			return []byte(numberMarker(s))
		}
		return []byte("0")
	}
	if s == nil || s.Type == nil || s.Type.Is("string") {
		b, _ := json.Marshal(stringMarker(s))
		return b
	}
	b, _ := json.Marshal(Marker)
	return b
}

// stringMarker is the first of a few candidates that the schema accepts:
// an enum value, a value of the schema's format, Marker cut or padded to
// the allowed length.
func stringMarker(s *openapi3.Schema) string {
	if s == nil {
		return Marker
	}
	var cands []string
	for _, e := range s.Enum {
		if v, ok := e.(string); ok {
			cands = append(cands, v)
		}
	}
	switch s.Format {
	case "date-time":
		cands = append(cands, "1970-01-01T00:00:00Z")
	case "date":
		cands = append(cands, "1970-01-01")
	case "uuid":
		cands = append(cands, "00000000-0000-0000-0000-000000000000")
	case "email":
		cands = append(cands, "redacted@example.invalid")
	case "uri", "url":
		cands = append(cands, "https://redacted.invalid/")
	case "ipv4":
		cands = append(cands, "0.0.0.0")
	case "byte":
		cands = append(cands, "UkVEQUNURUQ=")
	}
	m := Marker
	if s.MaxLength != nil && uint64(len(m)) > *s.MaxLength {
		m = m[:*s.MaxLength]
	}
	if uint64(len(m)) < s.MinLength {
		m += strings.Repeat("X", int(s.MinLength)-len(m))
	}
	cands = append(cands, m, Marker)
	for _, c := range cands {
		if s.VisitJSON(c) == nil {
			return c
		}
	}
	return Marker
}

// numberMarker is 0, or the nearest bound or enum value the schema accepts.
func numberMarker(s *openapi3.Schema) string {
	if s == nil {
		return "0"
	}
	var cands []float64
	for _, e := range s.Enum {
		if v, ok := e.(float64); ok {
			cands = append(cands, v)
		}
	}
	cands = append(cands, 0)
	if s.Min != nil {
		cands = append(cands, *s.Min, *s.Min+1)
	}
	if s.Max != nil {
		cands = append(cands, *s.Max, *s.Max-1)
	}
	for _, c := range cands {
		if s.VisitJSON(c) == nil {
			return strconv.FormatFloat(c, 'f', -1, 64)
		}
	}
	return "0"
}
