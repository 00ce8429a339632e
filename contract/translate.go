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
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			c.requestErrors(e)
		}
		return
	}
	var sre *openapi3filter.SecurityRequirementsError
	if errors.As(err, &sre) {
		c.add(Finding{Rule: RuleMissingAuthentication, Source: c.ex.Source.At("request.headers"), In: "request.header", Pointer: "X-Auth-Token|Authorization",
			Spec: c.spec.Locate(c.securityPointer()), Expected: "X-Auth-Token, or Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=... with X-Sdk-Date",
			Actual:  "no credentials",
			Message: "The request carries no credentials: send an IAM token in X-Auth-Token, or sign it with AK/SK as the SDKs do."})
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
			f.Expected, f.Actual = expectation(se), actualValue(se.Schema, se.Value)
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
	if err == nil {
		return
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		for _, e := range me {
			b.schemaErrors(e, rule, base, note)
		}
		return
	}
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		b.c.add(Finding{Rule: rule, Source: b.at(base), In: b.side + ".body", Pointer: base, Message: plainError(err) + note})
		return
	}
	if b.skip != nil && b.skip(se) {
		return
	}
	ptr := base + pointerOf(se.JSONPointer())
	spec := b.c.spec.Locate(b.c.spec.info(se.Schema).pointer + "/" + se.SchemaField)
	if se.Schema != nil && b.c.spec.schemas[se.Schema] == nil {
		spec = Location{File: b.c.spec.Name}
	}
	where := ptr
	if where == "" {
		where = "the body"
	}
	reason := se.Reason
	if se.SchemaField == "format" {
		if i := strings.Index(reason, " (string doesn't match pattern"); i > 0 {
			reason = reason[:i] // the expected value names the format; the regexp helps no one
		}
	}
	b.c.add(Finding{Rule: rule, Source: b.at(ptr), In: b.side + ".body", Pointer: ptr, Spec: spec,
		Expected: expectation(se), Actual: actualValue(se.Schema, se.Value),
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
func expectation(se *openapi3.SchemaError) string {
	s := se.Schema
	if s == nil {
		return ""
	}
	switch se.SchemaField {
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
	}
	return se.SchemaField
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
// the content of a field the spec marks as a password.
func actualValue(s *openapi3.Schema, v any) string {
	if s != nil && s.Format == "password" {
		return "(" + jsonType(v) + ", redacted)"
	}
	out := compact(v)
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
