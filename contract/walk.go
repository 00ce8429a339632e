package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// bodyWalk runs the checks a schema alone cannot express over a decoded
// body: fields the schema does not list (strict mode), x-specdrift-order
// and x-specdrift-unique-by.
type bodyWalk struct {
	c      *check
	side   string // "request" or "response"
	body   []byte
	strict bool
	skip   func(*openapi3.SchemaError) bool
	lines  map[string]int
}

// at renders the source at the line of a pointer into the body.
func (b *bodyWalk) at(ptr string) string {
	base := b.c.ex.Source.Line(b.side + ".body")
	if base == 0 {
		return b.c.ex.Source.At(b.side + ".body")
	}
	if b.lines == nil {
		b.lines = pointerLines(b.body)
	}
	return atLine(b.c.ex.Source, base+b.lines[ptr])
}

func (b *bodyWalk) walk(s *openapi3.Schema, v any, ptr string) {
	if s == nil {
		return
	}
	info := b.c.spec.info(s)
	switch val := v.(type) {
	case map[string]any:
		b.order(info, val, ptr)
		var echoed map[string]any
		for _, k := range sortedKeys(val) {
			p := ptr + "/" + escapePointer(k)
			if ps, ok := info.props[k]; ok {
				b.walk(ps, val[k], p)
				continue
			}
			if ap := s.AdditionalProperties.Schema; ap != nil && ap.Value != nil {
				b.walk(ap.Value, val[k], p)
				continue
			}
			if b.strict && !info.open && !info.closed && len(info.props) > 0 && len(s.OneOf)+len(s.AnyOf) == 0 {
				if b.undocumented(info, k, val[k], ptr) {
					if echoed == nil {
						echoed = map[string]any{}
					}
					echoed[k] = val[k]
				}
			}
		}
		if echoed != nil {
			b.order(b.c.spec.info(b.echoParent(ptr)), echoed, ptr)
		}
	case []any:
		b.unique(info, val, ptr)
		if s.Items != nil {
			for i, e := range val {
				b.walk(s.Items.Value, e, ptr+"/"+strconv.Itoa(i))
			}
		}
	}
}

// undocumented reports a field the schema does not list; it reports
// whether the field echoes a request field and was checked as one.
func (b *bodyWalk) undocumented(info *schemaInfo, key string, v any, ptr string) bool {
	rule := RuleUndocumentedResponseField
	if b.side == "request" {
		rule = RuleUndocumentedRequestField
	}
	p := ptr + "/" + escapePointer(key)
	msg := fmt.Sprintf("%s: the %s schema does not list %q; document the field, or stop sending it.", p, b.side, key)
	var echo *openapi3.Schema
	if parent := b.echoParent(ptr); parent != nil {
		echo = b.c.spec.info(parent).props[key]
	}
	if echo != nil {
		msg += fmt.Sprintf(" The request body's schema defines %q at %s, and the value is checked against that.", key, b.c.spec.info(echo).pointer)
	}
	b.c.add(Finding{Rule: rule, Source: b.at(p), In: b.side + ".body", Pointer: p,
		Spec: b.c.spec.Locate(info.pointer + "/properties"), Expected: "only " + strings.Join(sortedKeys(info.props), ", "), Actual: key,
		Message: msg})
	if echo != nil {
		note := fmt.Sprintf(" (%q is not in the response schema; checked against the request body's definition)", key)
		req := &bodyWalk{c: b.c, side: b.side, body: b.body, lines: b.lines}
		req.schemaErrors(echo.VisitJSON(v, openapi3.MultiErrors()), RuleResponseBodySchema, p, note)
		req.walk(echo, v, p)
		b.lines = req.lines
	}
	return echo != nil
}

// echoParent finds, for an object of a response at ptr, the schema of the
// object at the same place in the operation's request body. A response that
// echoes the request (as page 004's example does) has its fields the
// response schema does not list checked for what they evidently are.
func (b *bodyWalk) echoParent(ptr string) *openapi3.Schema {
	if b.side != "response" {
		return nil
	}
	s := b.requestSchema()
	for _, tok := range splitPointer(ptr) {
		if s == nil {
			return nil
		}
		if _, err := strconv.Atoi(tok); err == nil && s.Items != nil {
			s = s.Items.Value
			continue
		}
		s = b.c.spec.info(s).props[tok]
	}
	return s
}

func (b *bodyWalk) requestSchema() *openapi3.Schema {
	rb := b.c.op.Op.RequestBody
	if rb == nil || rb.Value == nil {
		return nil
	}
	for _, mt := range sortedKeys(rb.Value.Content) {
		if m := rb.Value.Content[mt]; isJSON(mt) && m.Schema != nil {
			return m.Schema.Value
		}
	}
	return nil
}

func splitPointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

func (b *bodyWalk) order(info *schemaInfo, obj map[string]any, ptr string) {
	for _, r := range info.order {
		before, ok1 := obj[r.Before]
		after, ok2 := obj[r.After]
		if !ok1 || !ok2 {
			continue
		}
		cmp, ok := compareTimes(before, after)
		if !ok || cmp < 0 || (cmp == 0 && !r.Strict) {
			continue
		}
		want := "at or after"
		if r.Strict {
			want = "after"
		}
		got := "before"
		if cmp == 0 {
			got = "equal to"
		}
		p := ptr + "/" + escapePointer(r.After)
		b.c.add(Finding{Rule: RuleTimeOrder, Source: b.at(p), In: b.side + ".body", Pointer: p,
			Spec: b.c.spec.Locate(info.pointer + "/x-specdrift-order"), Expected: fmt.Sprintf("%s %s %s (%s)", r.After, want, r.Before, b.shown(r.Before, before)),
			Actual:  b.shown(r.After, after),
			Message: fmt.Sprintf("%s must come %s %s, but it is %s it.", r.After, want, r.Before, got)})
	}
}

// compareTimes compares two times given as RFC 3339 strings or as numbers
// (epoch values); ok is false when they are not comparable.
func compareTimes(a, b any) (int, bool) {
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		if !ok {
			return 0, false
		}
		ta, err1 := parseTime(as)
		tb, err2 := parseTime(bs)
		if err1 != nil || err2 != nil {
			return 0, false
		}
		return ta.Compare(tb), true
	}
	na, ok1 := a.(json.Number)
	nb, ok2 := b.(json.Number)
	if !ok1 || !ok2 {
		return 0, false
	}
	fa, _, err1 := big.ParseFloat(string(na), 10, 128, big.ToNearestEven)
	fb, _, err2 := big.ParseFloat(string(nb), 10, 128, big.ToNearestEven)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return fa.Cmp(fb), true
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

func (b *bodyWalk) unique(info *schemaInfo, list []any, ptr string) {
	if info.uniqueBy == "" {
		return
	}
	first := map[string]int{}
	for i, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			continue
		}
		id, ok := obj[info.uniqueBy]
		if !ok {
			continue
		}
		key := compact(id)
		j, dup := first[key]
		if !dup {
			first[key] = i
			continue
		}
		p := fmt.Sprintf("%s/%d/%s", ptr, i, escapePointer(info.uniqueBy))
		shown := b.shown(info.uniqueBy, id)
		b.c.add(Finding{Rule: RuleDuplicateID, Source: b.at(p), In: b.side + ".body", Pointer: p,
			Spec: b.c.spec.Locate(info.pointer + "/x-specdrift-unique-by"), Expected: "a unique " + info.uniqueBy,
			Actual:  fmt.Sprintf("%s, as at %s/%d", shown, ptr, j),
			Message: fmt.Sprintf("Items %d and %d of %s share %s %s; each item's %s must be unique.", j, i, orRoot(ptr), info.uniqueBy, shown, info.uniqueBy)})
	}
}

// shown is a member's value as a finding shows it: compact, and redacted
// when its name says it holds a secret.
func (b *bodyWalk) shown(name string, v any) string {
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

// pointerLines maps the JSON pointer of every value in a body to its line
// offset from the body's first line (0-based).
func pointerLines(body []byte) map[string]int {
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers out of float64's range are values too
	type frame struct {
		ptr   string
		array bool
		index int
		key   string
	}
	var stack []frame
	lineAt := func(off int64) int { return bytes.Count(body[:min(int(off), len(body))], []byte("\n")) }
	// A token starts after the white space, colon or comma that follows the
	// previous one.
	tokenStart := func(off int64) int64 {
		for off < int64(len(body)) && strings.IndexByte(" \t\r\n:,", body[off]) >= 0 {
			off++
		}
		return off
	}
	expectKey := func() bool { return len(stack) > 0 && !stack[len(stack)-1].array && stack[len(stack)-1].key == "" }
	current := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := &stack[len(stack)-1]
		if f.array {
			p := f.ptr + "/" + strconv.Itoa(f.index)
			f.index++
			return p
		}
		p := f.ptr + "/" + escapePointer(f.key)
		f.key = ""
		return p
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if s, ok := tok.(string); ok && expectKey() {
			stack[len(stack)-1].key = s
			continue
		}
		ptr := current()
		start := tokenStart(before)
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{ptr: ptr, array: d == '['})
		}
		out[ptr] = lineAt(start)
	}
}
