package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Kin is the engine that decodes each body and has kin-openapi validate
// it all.
type Kin struct{ idx Index }

// NewKin returns the kin engine over the schemas of idx.
func NewKin(idx Index) *Kin { return &Kin{idx: idx} }

// Validate implements Engine.
func (e *Kin) Validate(body []byte, s *openapi3.Schema, o Options) ([]Fault, error) {
	v, err := Decode(body)
	if err != nil {
		return nil, err
	}
	w := &walker{idx: e.idx, o: o}
	opts := kinOptions(o)
	w.faults = e.idx.appendKin(nil, s.VisitJSON(v, opts...), "", "", true, &kinCtx{v: v, opts: opts})
	w.walk(s, v, "")
	return e.idx.resolve(w.faults, false), nil
}

// kinOptions are the options of every kin-openapi validation of a value.
func kinOptions(o Options) []openapi3.SchemaValidationOption {
	as := openapi3.VisitAsResponse()
	if o.Request {
		as = openapi3.VisitAsRequest()
	}
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), as}
	if o.JSONSchema2020 {
		opts = append(opts, openapi3.EnableJSONSchema2020())
	}
	return opts
}

// kinProbeOptions are kinOptions for a validation that only says whether a
// value fails.
func kinProbeOptions(o Options) []openapi3.SchemaValidationOption {
	opts := kinOptions(o)
	opts[0] = openapi3.FailFast()
	return opts
}

// Faults flattens what kin-openapi's VisitJSON returned for a value into
// faults, as the engines report them.
func (x Index) Faults(err error) []Fault {
	return x.resolve(x.appendKin(nil, err, "", "", true, nil), false)
}

// resolve decodes the values of faults read from the bytes (unless raw:
// see Options.RawActual), and fills in where each keyword stands and what
// it asks for.
func (x Index) resolve(fs []Fault, raw bool) []Fault {
	var last []byte // faults of one object (its required properties) share its value
	var lastV any
	var lastS *openapi3.Schema // and their keyword's schema and expectation
	var lastKeyword, lastPtr, lastExp string
	for i := range fs {
		f := &fs[i]
		if f.raw != nil && !raw {
			if len(f.raw) == 0 || len(f.raw) != len(last) || &f.raw[0] != &last[0] {
				last, lastV = f.raw, decodeSub(f.raw)
			}
			f.Actual, f.raw = lastV, nil
		}
		if f.Kind == Schema {
			if f.Schema != lastS || f.Keyword != lastKeyword || lastS == nil {
				lastS, lastKeyword, lastPtr = f.Schema, f.Keyword, ""
				if info, ok := x[f.Schema]; ok {
					lastPtr = info.Pointer + "/" + f.Keyword
				}
				lastExp = Expectation(f.Schema, f.Keyword)
			}
			f.SchemaPointer, f.Expected = lastPtr, lastExp
		}
	}
	return fs
}

// appendKin flattens what kin-openapi's VisitJSON returned, as the
// validation of a value at base. The pointer of a SchemaError is base plus
// the path kin-openapi marked on it (marked: the ancestors of err marked
// theirs too); an error that is not a SchemaError, or a SchemaError found
// inside one, stands at other, the pointer of the body the value is part of.
// With c, a failed composition is reported as composition says.
func (x Index) appendKin(out []Fault, err error, base, other string, marked bool, c *kinCtx) []Fault {
	if err == nil {
		return out
	}
	if se, ok := err.(*openapi3.SchemaError); ok && c != nil {
		at := other
		if marked {
			at = base
		}
		if out, ok := x.composition(out, se, at+pointerOf(se.JSONPointer()), c); ok {
			return out
		}
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		inner := marked && marksNested(err)
		for _, e := range me {
			out = x.appendKin(out, e, base, other, inner, c)
		}
		return out
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return append(out, Fault{Kind: Error, Reason: PlainError(err), Pointer: other})
	}
	at := other
	if direct, ok := err.(*openapi3.SchemaError); ok && direct == se && marked {
		at = base
	}
	return append(out, Fault{Schema: se.Schema, Keyword: se.SchemaField, Reason: reasonOf(se), Actual: se.Value,
		Pointer: at + pointerOf(se.JSONPointer())})
}

// marksNested says whether kin-openapi marks the path of the errors in the
// first MultiError within err as it marks err's: those of a MultiError itself,
// those an allOf or oneOf SchemaError carries in its Origin, and the causes
// of a 2020-12 validation.
func marksNested(err error) bool {
	switch e := err.(type) {
	case openapi3.MultiError:
		return true
	case *openapi3.SchemaError:
		if e.Origin == nil {
			return false
		}
		switch fmt.Sprintf("%T", errors.Unwrap(e.Origin)) {
		case "openapi3.multiErrorForAllOf", "openapi3.multiErrorForOneOf":
			return true
		case "openapi3.MultiError":
			// The JSON Schema 2020-12 validator's causes (3.1 documents)
			// carry their place in the value visited, as marked ones do.
			return strings.HasPrefix(e.Origin.Error(), "validation failed due to: ")
		}
	}
	return false
}

func pointerOf(toks []string) string {
	var sb strings.Builder
	for _, t := range toks {
		sb.WriteByte('/')
		sb.WriteString(EscapePointer(t))
	}
	return sb.String()
}

// Expectation states what the violated schema keyword asked for.
func Expectation(s *openapi3.Schema, field string) string {
	if s == nil {
		return ""
	}
	switch field {
	case "type":
		t := strings.Join(s.Type.Slice(), "|")
		if s.Format != "" {
			t += " (" + s.Format + ")"
		}
		return t
	case "enum":
		vals := make([]string, len(s.Enum))
		for i, e := range s.Enum {
			vals[i] = Compact(e)
		}
		return "one of " + strings.Join(vals, ", ")
	case "format":
		return "format " + s.Format
	case "pattern":
		return "pattern " + s.Pattern
	case "minLength":
		return fmt.Sprintf("at least %d characters", s.MinLength)
	case "maxLength":
		if s.MaxLength != nil {
			return fmt.Sprintf("at most %d characters", *s.MaxLength)
		}
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return rangeText(s)
	case "minItems":
		return fmt.Sprintf("at least %d items", s.MinItems)
	case "maxItems":
		if s.MaxItems != nil {
			return fmt.Sprintf("at most %d items", *s.MaxItems)
		}
	case "required":
		return "required properties " + strings.Join(s.Required, ", ")
	case "additionalProperties":
		return "only the properties " + strings.Join(SortedKeys(s.Properties), ", ")
	case "nullable":
		return "not null"
	case "const":
		return "the value " + Compact(s.Const)
	case "oneOf":
		return "exactly one of " + branchNames("oneOf", s.OneOf)
	case "anyOf":
		return "at least one of " + branchNames("anyOf", s.AnyOf)
	case "discriminator":
		if s.Discriminator != nil {
			return "property " + s.Discriminator.PropertyName + " naming one of " + branchNames("oneOf", s.OneOf) + branchNames("anyOf", s.AnyOf)
		}
	}
	return field
}

func rangeText(s *openapi3.Schema) string {
	lo, hi := "-inf", "+inf"
	if s.Min != nil {
		lo = fmt.Sprint(*s.Min)
	}
	if s.Max != nil {
		hi = fmt.Sprint(*s.Max)
	}
	return fmt.Sprintf("a number in [%s, %s]", lo, hi)
}

// Compact is a value's compact JSON.
func Compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// placed is the place the JSON Schema 2020-12 validator (3.1 documents)
// writes before its reasons: `error at "/id": at '/id': `, relative to the
// value it was given, so that the same fault reads differently when the
// fast engine hands kin-openapi a part of the body. The fault's pointer
// says where it is.
var placed = regexp.MustCompile(`^(?:error at "[^"]*": )?at '[^']*': `)

// reasonOf is a SchemaError's reason without the place it may start with.
func reasonOf(se *openapi3.SchemaError) string { return placed.ReplaceAllString(se.Reason, "") }

// PlainError is an error's first line, without kin-openapi's schema dumps.
func PlainError(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return reasonOf(se)
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSuffix(msg, ".")
}
