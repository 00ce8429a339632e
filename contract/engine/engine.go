// Package engine validates JSON bodies against the schemas of an OpenAPI
// document. Two engines do it and report the same faults: the fast one
// reads the bytes with the spec's schemas compiled once, and has
// kin-openapi validate any value it does not cover; the kin one decodes each
// body and has kin-openapi validate it all. A fault is plain data: where the
// value is, the keyword it breaks, where the keyword stands in the spec,
// what the keyword asked for and the value that was there. What a fault
// means to a person (a finding) is for the caller to say.
package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Engine validates bodies against the schemas of one spec. It is safe for
// concurrent use.
type Engine interface {
	// Validate validates body against s, a schema of the spec. The error
	// is non-nil only when body is not JSON (a *json.SyntaxError, a
	// *UTF8Error, or another decoding error): then nothing was validated.
	Validate(body []byte, s *openapi3.Schema, o Options) ([]Fault, error)
}

// Options say how a body is validated.
type Options struct {
	Request bool // a request body (readOnly properties may not be sent); else a response body (writeOnly ones)
	Strict  bool // report the fields a schema does not list (Undocumented)
	// Echo is, for a response body, the schema of the operation's request
	// body: a field the response schema does not list but the request's
	// defines at the same place is validated against that definition.
	Echo *openapi3.Schema
	// JSONSchema2020 says the schema is of an OpenAPI 3.1 document (JSON
	// Schema 2020-12): kin-openapi validates it with its 2020-12
	// validator, without which const, prefixItems and the like pass
	// unchecked.
	JSONSchema2020 bool
	// RawActual leaves the value of a fault that the fast path finds
	// itself undecoded: Actual is nil and ActualJSON has the value's JSON,
	// for a caller that shows only the start of it.
	RawActual bool
}

// Kind says what a fault is about.
type Kind uint8

const (
	// Schema: the value breaks a keyword of its schema.
	Schema Kind = iota
	// Error: kin-openapi failed the value with an error that names no
	// keyword; Reason says what it is.
	Error
	// Undocumented: in strict mode, a field the schema does not list.
	Undocumented
	// Order: two fields break an x-specdrift-order rule.
	Order
	// DuplicateID: two items of an array share their x-specdrift-unique-by field.
	DuplicateID
)

// Fault is one thing wrong with a body.
type Fault struct {
	Kind    Kind
	Pointer string           // the value's place in the body: "" is the body itself
	Keyword string           // the keyword broken: "type", "required", "x-specdrift-order", ...
	Schema  *openapi3.Schema // the schema whose keyword it is (nil for Error)
	// SchemaPointer is where the keyword stands in the spec ("" when the
	// schema is not one of the spec's indexed schemas).
	SchemaPointer string
	Reason        string // what is wrong, in kin-openapi's words
	Expected      string // what the keyword asks for
	Actual        any    // the value that was there, decoded
	// Name is the field a walk fault is about: Undocumented, the field;
	// Order, the rule's After; DuplicateID, the id field.
	Name string
	// Echo, when set, is the field of a response that its schema does not
	// list and that this fault found against the request body's definition
	// of it (Options.Echo).
	Echo string
	// Defined is, for Undocumented, where the request body's schema
	// defines the field, when the response echoes it.
	Defined string
	// Order: the rule broken, the value of its Before field (Other), and
	// whether the two are equal.
	Rule  *OrderRule
	Other any
	Equal bool
	// DuplicateID: the array's pointer and the indexes of the two items.
	Parent string
	Items  [2]int

	raw []byte // the value's JSON, decoded into Actual before it is returned (but see Options.RawActual)
}

// ActualJSON is the JSON of the value that was there, when the fault was
// found with Options.RawActual and Actual is left undecoded; nil otherwise.
// It is part of the body validated.
func (f *Fault) ActualJSON() []byte { return f.raw }

// UTF8Error is a body that is not UTF-8, which JSON must be (RFC 8259
// section 8.1); encoding/json would read the bad bytes as U+FFFD.
type UTF8Error struct{ Offset int }

func (e *UTF8Error) Error() string {
	return fmt.Sprintf("invalid UTF-8 at offset %d (JSON must be UTF-8)", e.Offset)
}

// invalidUTF8 is the offset of the first byte of b that is not UTF-8, -1
// if there is none.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// Decode decodes one JSON value, numbers as json.Number so that large
// integers keep their digits, and rejects trailing data and bytes that
// are not UTF-8.
func Decode(body []byte) (any, error) {
	if at := invalidUTF8(body); at >= 0 {
		return nil, &UTF8Error{Offset: at}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if err == io.EOF {
			return nil, errors.New("empty body")
		}
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON value at offset %d", dec.InputOffset())
	}
	return v, nil
}
