package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// This file is the one place where kin-openapi's errors become findings.

// requestErrors translates what openapi3filter.ValidateRequest returned.
func (c *check) requestErrors(err error) {
	if err == nil {
		return
	}
	// Only the top-level list: errors.As would unwrap a RequestError whose
	// cause is a MultiError and lose the parameter it names.
	if me, ok := err.(openapi3.MultiError); ok {
		for _, e := range me {
			c.requestErrors(e)
		}
		return
	}
	var re *openapi3filter.RequestError
	if errors.As(err, &re) && re.Parameter != nil {
		p := re.Parameter
		ptr := c.paramPointer(p)
		f := Finding{Rule: RuleRequestParameter, Source: c.ex.Source.At(paramPart(p.In)), In: "request." + p.In, Pointer: p.Name, Spec: c.spec.Locate(ptr)}
		var se *openapi3.SchemaError
		switch {
		case errors.As(re.Err, &se):
			f.Spec = c.spec.Locate(ptr + "/schema/" + se.SchemaField)
			f.Expected, f.Actual = expectation(se.Schema, se.SchemaField), actualValue(c.v.redact, se.Schema, se.Value)
			f.Message = fmt.Sprintf("%s parameter %q: %s.", p.In, p.Name, se.Reason)
		case re.Err != nil && strings.Contains(re.Err.Error(), "value is required"):
			f.Expected, f.Actual = "a value", "missing"
			f.Message = fmt.Sprintf("Required %s parameter %q is missing.", p.In, p.Name)
		default:
			f.Actual = plainError(re.Err)
			f.Message = fmt.Sprintf("%s parameter %q: %s.", p.In, p.Name, plainError(re))
		}
		c.add(f)
		return
	}
	c.add(Finding{Rule: RuleRequestParameter, Source: c.ex.Source.At("request"), In: "request", Spec: c.spec.Locate(c.op.Pointer),
		Message: "The request is invalid: " + plainError(err) + "."})
}

func paramPart(in string) string {
	if in == "header" {
		return "request.headers"
	}
	return "request.url"
}

func (c *check) securityPointer() string {
	if c.op.Op.Security != nil {
		return c.op.Pointer + "/security"
	}
	return "/security"
}

// paramPointer finds where a parameter is defined: on the operation, on the
// path item, or as a component it refers to.
func (c *check) paramPointer(p *openapi3.Parameter) string {
	for i, ref := range c.op.Op.Parameters {
		if ref.Value == p {
			return refOr(ref.Ref, fmt.Sprintf("%s/parameters/%d", c.op.Pointer, i))
		}
	}
	for i, ref := range c.op.Item.Parameters {
		if ref.Value == p {
			return refOr(ref.Ref, fmt.Sprintf("/paths/%s/parameters/%d", escapePointer(c.op.Path), i))
		}
	}
	return c.op.Pointer + "/parameters"
}

func refOr(ref, def string) string {
	if strings.HasPrefix(ref, "#/") {
		return ref[1:]
	}
	return def
}

// schemaErrors turns a schema validation error (one or many) into findings.
// base is the pointer of the validated value within the body; note is added
// to each message.
func (b *bodyWalk) schemaErrors(err error, rule RuleID, base, note string) {
	b.faults(appendKinFaults(nil, err, base, base, true), rule, note)
}

// schemaFault is one schema violation as both engines report it: the data of
// a kin-openapi SchemaError (the schema, its keyword, the reason, the value
// and where the value is), or an error of another kind (Err).
type schemaFault struct {
	Schema  *openapi3.Schema
	Field   string // the schema keyword violated: "type", "required", ...
	Reason  string
	Value   any
	raw     []byte // the value's JSON, decoded for Value when the fault is reported
	Pointer string // into the body
	Err     error  // not a SchemaError: reported as it is
	kinErr  *openapi3.SchemaError
}

func (f *schemaFault) value() any {
	if f.raw != nil {
		f.Value, _ = decodeJSON(f.raw)
		f.raw = nil
	}
	return f.Value
}

// appendKinFaults flattens what kin-openapi's VisitJSON returned, as the
// validation of a value at base. The pointer of a SchemaError is base plus
// the path kin-openapi marked on it (marked: the ancestors of err marked
// theirs too); an error that is not a SchemaError, or a SchemaError found
// inside one, stands at other, the pointer of the body the value is part of.
func appendKinFaults(out []schemaFault, err error, base, other string, marked bool) []schemaFault {
	if err == nil {
		return out
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		inner := marked && marksNested(err)
		for _, e := range me {
			out = appendKinFaults(out, e, base, other, inner)
		}
		return out
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return append(out, schemaFault{Err: err, Pointer: other})
	}
	at := other
	if direct, ok := err.(*openapi3.SchemaError); ok && direct == se && marked {
		at = base
	}
	return append(out, schemaFault{Schema: se.Schema, Field: se.SchemaField, Reason: se.Reason, Value: se.Value,
		Pointer: at + pointerOf(se.JSONPointer()), kinErr: se})
}

// marksNested says whether kin-openapi marks the path of the errors in the
// first MultiError within err as it marks err's: those of a MultiError itself,
// and those an allOf or oneOf SchemaError carries in its Origin.
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
		}
	}
	return false
}

// faults reports schema faults as findings of rule.
func (b *bodyWalk) faults(fs []schemaFault, rule RuleID, note string) {
	for i := range fs {
		b.fault(&fs[i], rule, note)
	}
}

func (b *bodyWalk) fault(f *schemaFault, rule RuleID, note string) {
	if f.Err != nil {
		b.c.add(Finding{Rule: rule, Source: b.at(f.Pointer), In: b.side + ".body", Pointer: f.Pointer, Message: plainError(f.Err) + note})
		return
	}
	if b.skip != nil {
		se := f.kinErr
		if se == nil {
			se = &openapi3.SchemaError{Value: f.value(), Schema: f.Schema, SchemaField: f.Field, Reason: f.Reason}
		}
		if b.skip(se) {
			return
		}
	}
	ptr := f.Pointer
	spec := b.c.spec.Locate(b.c.spec.info(f.Schema).pointer + "/" + f.Field)
	if f.Schema != nil && b.c.spec.schemas[f.Schema] == nil {
		spec = Location{File: b.c.spec.Name}
	}
	where := ptr
	if where == "" {
		where = "the body"
	}
	reason := f.Reason
	if f.Field == "format" {
		if i := strings.Index(reason, " (string doesn't match pattern"); i > 0 {
			reason = reason[:i] // the expected value names the format; the regexp helps no one
		}
	}
	b.c.add(Finding{Rule: rule, Source: b.at(ptr), In: b.side + ".body", Pointer: ptr, Spec: spec,
		Expected: expectation(f.Schema, f.Field), Actual: actualValue(b.c.v.redact, f.Schema, f.value()),
		Message: fmt.Sprintf("%s: %s.%s", where, reason, note)})
}

func pointerOf(toks []string) string {
	var sb strings.Builder
	for _, t := range toks {
		sb.WriteByte('/')
		sb.WriteString(escapePointer(t))
	}
	return sb.String()
}

// expectation states what the violated schema keyword asked for.
func expectation(s *openapi3.Schema, field string) string {
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
			vals[i] = compact(e)
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
		return "only the properties " + strings.Join(sortedKeys(s.Properties), ", ")
	case "nullable":
		return "not null"
	case "const":
		return "the value " + compact(s.Const)
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

// actualValue renders a value for a report: compact, truncated, and never
// the content of a field the spec marks as a password or writeOnly, nor of
// a member of an object that holds a secret.
func actualValue(r *Redactor, s *openapi3.Schema, v any) string {
	if secretSchema(s) {
		return "(" + jsonType(v) + ", redacted)"
	}
	out := compact(r.Value(v, s))
	if len(out) > 80 {
		out = out[:77] + "..."
	}
	if t := jsonType(v); t != "object" && t != "array" {
		out += " (" + t + ")"
	}
	return out
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number, float64, int, int64:
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// plainError is an error's first line, without kin-openapi's schema dumps.
func plainError(err error) string {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return se.Reason
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSuffix(msg, ".")
}
