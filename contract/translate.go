package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/specdrift/specdrift/contract/engine"
	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// This file is the one place where kin-openapi's errors and the engines'
// faults become findings.

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
	if c.quiet {
		c.add(Finding{Rule: RuleRequestParameter, In: "request"})
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

// bodyReport turns the faults of one body into findings.
type bodyReport struct {
	c    *check
	side string // "request" or "response"
	body []byte
	pos  *jsonpos.Index // where the body's values stand, once a finding needs it
}

// at renders the source at the line of a pointer into the body.
func (b *bodyReport) at(ptr string) string {
	base := b.c.ex.Source.Line(b.side + ".body")
	if base == 0 {
		return b.c.ex.Source.At(b.side + ".body")
	}
	return atLine(b.c.ex.Source, base+b.lineOf(ptr))
}

// lineOf is the line of the value at ptr, from the body's first line
// (0-based); 0 for a value the body does not have.
func (b *bodyReport) lineOf(ptr string) int {
	if b.pos == nil {
		if bytes.IndexByte(b.body, '\n') < 0 {
			return 0 // a body of one line has every value on it
		}
		x, err := jsonpos.Parse(b.body)
		if err != nil {
			return 0
		}
		b.pos = x
	}
	n, ok := b.pos.Root()
	if !ok {
		return 0
	}
	for _, tok := range engine.SplitPointer(ptr) {
		if n, ok = n.Child(tok); !ok {
			return 0
		}
	}
	return n.ValueLine() - 1
}

// faults reports the faults of a body as findings; those of schema
// keywords are of rule.
func (b *bodyReport) faults(fs []engine.Fault, rule RuleID) {
	for i := range fs {
		b.fault(&fs[i], rule)
	}
}

func (b *bodyReport) fault(f *engine.Fault, rule RuleID) {
	note := ""
	if f.Echo != "" {
		rule = RuleResponseBodySchema
		note = fmt.Sprintf(" (%q is not in the response schema; checked against the request body's definition)", f.Echo)
	}
	switch f.Kind {
	case engine.Undocumented:
		b.undocumented(f)
		return
	case engine.Order:
		b.order(f)
		return
	case engine.DuplicateID:
		b.duplicate(f)
		return
	case engine.Error:
		b.c.add(Finding{Rule: rule, Source: b.at(f.Pointer), In: b.side + ".body", Pointer: f.Pointer, Message: f.Reason + note})
		return
	}
	ptr := f.Pointer
	spec := Location{File: b.c.spec.Name}
	if f.SchemaPointer != "" {
		spec = b.c.spec.Locate(f.SchemaPointer)
	}
	reason := f.Reason
	if f.Keyword == "format" {
		if i := strings.Index(reason, " (string doesn't match pattern"); i > 0 {
			reason = reason[:i] // the expected value names the format; the regexp helps no one
		}
	}
	actual := ""
	if raw := f.ActualJSON(); raw != nil {
		actual = actualJSON(b.c.v.redact, f.Schema, raw)
	} else {
		actual = actualValue(b.c.v.redact, f.Schema, f.Actual)
	}
	b.c.add(Finding{Rule: rule, Source: b.at(ptr), In: b.side + ".body", Pointer: ptr, Spec: spec,
		Expected: f.Expected, Actual: actual,
		Message: fmt.Sprintf("%s: %s.%s", orRoot(ptr), reason, note)})
}

// undocumented reports a field the schema does not list.
func (b *bodyReport) undocumented(f *engine.Fault) {
	rule := RuleUndocumentedResponseField
	if b.side == "request" {
		rule = RuleUndocumentedRequestField
	}
	msg := fmt.Sprintf("%s: the %s schema does not list %q; document the field, or stop sending it.", f.Pointer, b.side, f.Name)
	if f.Defined != "" {
		msg += fmt.Sprintf(" The request body's schema defines %q at %s, and the value is checked against that.", f.Name, f.Defined)
	}
	b.c.add(Finding{Rule: rule, Source: b.at(f.Pointer), In: b.side + ".body", Pointer: f.Pointer,
		Spec: b.c.spec.Locate(f.SchemaPointer), Expected: f.Expected, Actual: f.Name, Message: msg})
}

// order reports two fields out of their x-specdrift-order.
func (b *bodyReport) order(f *engine.Fault) {
	r := f.Rule
	want := "at or after"
	if r.Strict {
		want = "after"
	}
	got := "before"
	if f.Equal {
		got = "equal to"
	}
	b.c.add(Finding{Rule: RuleTimeOrder, Source: b.at(f.Pointer), In: b.side + ".body", Pointer: f.Pointer,
		Spec: b.c.spec.Locate(f.SchemaPointer), Expected: fmt.Sprintf("%s %s %s (%s)", r.After, want, r.Before, b.shown(r.Before, f.Other)),
		Actual:  b.shown(r.After, f.Actual),
		Message: fmt.Sprintf("%s must come %s %s, but it is %s it.", r.After, want, r.Before, got)})
}

// duplicate reports two items of an array that share their
// x-specdrift-unique-by field.
func (b *bodyReport) duplicate(f *engine.Fault) {
	j, i := f.Items[0], f.Items[1]
	shown := b.shown(f.Name, f.Actual)
	b.c.add(Finding{Rule: RuleDuplicateID, Source: b.at(f.Pointer), In: b.side + ".body", Pointer: f.Pointer,
		Spec: b.c.spec.Locate(f.SchemaPointer), Expected: "a unique " + f.Name,
		Actual:  fmt.Sprintf("%s, as at %s/%d", shown, f.Parent, j),
		Message: fmt.Sprintf("Items %d and %d of %s share %s %s; each item's %s must be unique.", j, i, orRoot(f.Parent), f.Name, shown, f.Name)})
}

// shown is a member's value as a finding shows it: compact, and redacted
// when its name says it holds a secret.
func (b *bodyReport) shown(name string, v any) string {
	if b.c.v.redact.SecretParam(name) {
		return RedactedText
	}
	return compact(b.c.v.redact.Value(v, nil))
}

func orRoot(ptr string) string {
	if ptr == "" {
		return "the body"
	}
	return ptr
}

// actualValue renders a value for a report: compact, truncated, and never
// the content of a field the spec marks as a password or writeOnly, nor of
// a member of an object that holds a secret.
func actualValue(r *Redactor, s *openapi3.Schema, v any) string {
	if secretSchema(s) {
		return "(" + jsonType(v) + ", redacted)"
	}
	out := redactedPrefix(r, v, s, 80)
	if len(out) > 80 {
		out = out[:77] + "..."
	}
	if t := jsonType(v); t != "object" && t != "array" {
		out += " (" + t + ")"
	}
	return out
}

// actualJSON is actualValue of the value whose JSON is raw, written from
// the JSON: only what is shown of it is read.
func actualJSON(r *Redactor, s *openapi3.Schema, raw []byte) string {
	t := jsonTypeOf(raw)
	if secretSchema(s) {
		return "(" + t + ", redacted)"
	}
	var sb strings.Builder
	if !(prefixWriter{sb: &sb, limit: 80, redact: true, r: r}).writeJSON(raw, s) {
		v, _ := engine.Decode(raw) // not JSON the fast path read: as decoded
		return actualValue(r, s, v)
	}
	out := sb.String()
	if len(out) > 80 {
		out = out[:77] + "..."
	}
	if t != "object" && t != "array" {
		out += " (" + t + ")"
	}
	return out
}

// jsonTypeOf is jsonType of the value whose JSON is raw.
func jsonTypeOf(raw []byte) string {
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

func compact(v any) string { return engine.Compact(v) }

// compactPrefix is compact(v), or its first limit bytes and more when it
// is longer: a large value is not written whole to show its start.
func compactPrefix(v any, limit int) string {
	var sb strings.Builder
	if !(prefixWriter{sb: &sb, limit: limit}).write(v, nil) {
		return compact(v)
	}
	return sb.String()
}

// redactedPrefix is compactPrefix(r.Value(v, s), limit), without copying
// all of v to redact what is not shown.
func redactedPrefix(r *Redactor, v any, s *openapi3.Schema, limit int) string {
	var sb strings.Builder
	if !(prefixWriter{sb: &sb, limit: limit, redact: true, r: r}).write(v, s) {
		return compact(r.Value(v, s))
	}
	return sb.String()
}

// prefixWriter writes a value as json.Marshal does until sb holds more than
// limit bytes; with redact, as r.Value would have it.
type prefixWriter struct {
	sb     *strings.Builder
	limit  int
	redact bool
	r      *Redactor
}

// write writes v, whose schema is s (nil if unknown); false when a value
// does not encode.
func (w prefixWriter) write(v any, s *openapi3.Schema) bool {
	if w.redact && secretSchema(s) {
		v = RedactedText
	}
	sb := w.sb
	switch val := v.(type) {
	case map[string]any:
		sb.WriteByte('{')
		// the keys in order, as json.Marshal writes them: each the least
		// after the last, as only the first few fit in the limit
		last := ""
		for i := range len(val) {
			if sb.Len() > w.limit {
				return true
			}
			k, found := "", false
			for key := range val {
				if (i == 0 || key > last) && (!found || key < k) {
					k, found = key, true
				}
			}
			last = k
			if i > 0 {
				sb.WriteByte(',')
			}
			if !w.write(k, nil) {
				return false
			}
			sb.WriteByte(':')
			e := val[k]
			if w.redact && w.r.SecretParam(k) {
				e = RedactedText
			}
			if !w.write(e, propertySchema(s, k)) {
				return false
			}
		}
		if sb.Len() <= w.limit {
			sb.WriteByte('}')
		}
	case []any:
		sb.WriteByte('[')
		is := s // as Value: an array where the schema has an object
		if s != nil && s.Items != nil {
			is = s.Items.Value
		}
		for i, e := range val {
			if sb.Len() > w.limit {
				return true
			}
			if i > 0 {
				sb.WriteByte(',')
			}
			if !w.write(e, is) {
				return false
			}
		}
		if sb.Len() <= w.limit {
			sb.WriteByte(']')
		}
	case string:
		if !marshalsAsIs(val) {
			return w.marshal(val)
		}
		sb.WriteByte('"')
		sb.WriteString(val)
		sb.WriteByte('"')
	case bool:
		sb.WriteString(strconv.FormatBool(val))
	case int64:
		sb.WriteString(strconv.FormatInt(val, 10))
	case nil:
		sb.WriteString("null")
	default:
		return w.marshal(val)
	}
	return true
}

func (w prefixWriter) marshal(v any) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	w.sb.Write(b)
	return true
}

// writeJSON is write of the value whose JSON is raw, as decoded, reading
// only what it writes; false when raw is not JSON the fast path reads.
func (w prefixWriter) writeJSON(raw []byte, s *openapi3.Schema) bool {
	if w.redact && secretSchema(s) {
		return w.write(RedactedText, nil)
	}
	sb := w.sb
	switch raw[0] {
	case '{':
		members, ok := engine.Members(raw)
		if !ok {
			return false
		}
		sb.WriteByte('{')
		var last []byte // as write does, the keys in order; of a key that comes twice, the last
		for i := 0; ; i++ {
			if sb.Len() > w.limit {
				return true
			}
			at := -1
			for j, m := range members {
				if (i == 0 || bytes.Compare(m.Key, last) > 0) && (at < 0 || bytes.Compare(m.Key, members[at].Key) <= 0) {
					at = j
				}
			}
			if at < 0 {
				break
			}
			last = members[at].Key
			k := string(last)
			if i > 0 {
				sb.WriteByte(',')
			}
			if !w.write(k, nil) {
				return false
			}
			sb.WriteByte(':')
			ps := propertySchema(s, k)
			if w.redact && w.r.SecretParam(k) {
				if !w.write(RedactedText, ps) {
					return false
				}
			} else if !w.writeJSON(members[at].Value, ps) {
				return false
			}
		}
		if sb.Len() <= w.limit {
			sb.WriteByte('}')
		}
	case '[':
		items, ok := engine.Items(raw)
		if !ok {
			return false
		}
		sb.WriteByte('[')
		is := s // as write does
		if s != nil && s.Items != nil {
			is = s.Items.Value
		}
		for i, e := range items {
			if sb.Len() > w.limit {
				return true
			}
			if i > 0 {
				sb.WriteByte(',')
			}
			if !w.writeJSON(e, is) {
				return false
			}
		}
		if sb.Len() <= w.limit {
			sb.WriteByte(']')
		}
	case '"':
		str, ok := engine.String(raw)
		if !ok {
			return false
		}
		return w.write(str, nil)
	default:
		sb.Write(raw) // a number (json.Number writes its text), true, false or null
	}
	return true
}

// marshalsAsIs says whether json.Marshal writes a string as it is, quoted:
// printable ASCII but a quote, a backslash, <, > and &.
func marshalsAsIs(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

func expectation(s *openapi3.Schema, field string) string { return engine.Expectation(s, field) }

func plainError(err error) string { return engine.PlainError(err) }

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
