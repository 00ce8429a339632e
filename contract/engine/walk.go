package engine

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// walker collects the faults of one body. Its walk runs the checks a
// schema alone cannot express over a decoded body: fields the schema does
// not list (strict mode), x-specdrift-order and x-specdrift-unique-by.
type walker struct {
	idx    Index
	o      Options
	faults []Fault
}

func (b *walker) walk(s *openapi3.Schema, v any, ptr string) {
	if s == nil {
		return
	}
	info := b.idx.Info(s)
	switch val := v.(type) {
	case map[string]any:
		b.order(info, val, ptr)
		var echoed map[string]any
		for _, k := range SortedKeys(val) {
			p := ptr + "/" + EscapePointer(k)
			if ps, ok := info.Props[k]; ok {
				b.walk(ps, val[k], p)
				continue
			}
			if ap := s.AdditionalProperties.Schema; ap != nil && ap.Value != nil {
				b.walk(ap.Value, val[k], p)
				continue
			}
			if b.o.Strict && !info.Open && !info.Closed && len(info.Props) > 0 && len(s.OneOf)+len(s.AnyOf) == 0 {
				if b.undocumented(info, k, val[k], ptr) {
					if echoed == nil {
						echoed = map[string]any{}
					}
					echoed[k] = val[k]
				}
			}
		}
		if echoed != nil {
			b.order(b.idx.Info(b.echoParent(ptr)), echoed, ptr)
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
func (b *walker) undocumented(info *Info, key string, v any, ptr string) bool {
	p := ptr + "/" + EscapePointer(key)
	var echo *openapi3.Schema
	if parent := b.echoParent(ptr); parent != nil {
		echo = b.idx.Info(parent).Props[key]
	}
	f := Fault{Kind: Undocumented, Pointer: p, Keyword: "properties", SchemaPointer: info.Pointer + "/properties",
		Expected: info.onlyProps(), Actual: v, Name: key}
	if echo != nil {
		f.Defined = b.idx.Info(echo).Pointer
	}
	b.faults = append(b.faults, f)
	if echo != nil {
		req := &walker{idx: b.idx}
		opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors()}
		if b.o.JSONSchema2020 {
			opts = append(opts, openapi3.EnableJSONSchema2020())
		}
		req.faults = b.idx.appendKin(nil, echo.VisitJSON(v, opts...), p, p, true, &kinCtx{v: v, opts: opts})
		req.walk(echo, v, p)
		for i := range req.faults {
			req.faults[i].Echo = key
		}
		b.faults = append(b.faults, req.faults...)
	}
	return echo != nil
}

// echoParent finds, for an object of a response at ptr, the schema of the
// object at the same place in the operation's request body. A response that
// echoes the request (as page 004's example does) has its fields the
// response schema does not list checked for what they evidently are.
func (b *walker) echoParent(ptr string) *openapi3.Schema {
	if b.o.Request {
		return nil
	}
	s := b.o.Echo
	for _, tok := range SplitPointer(ptr) {
		if s == nil {
			return nil
		}
		if _, err := strconv.Atoi(tok); err == nil && s.Items != nil {
			s = s.Items.Value
			continue
		}
		s = b.idx.Info(s).Props[tok]
	}
	return s
}

// SplitPointer splits a JSON pointer into its unescaped tokens.
func SplitPointer(p string) []string {
	if p == "" {
		return nil
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

func (b *walker) order(info *Info, obj map[string]any, ptr string) {
	for _, r := range info.Order {
		before, ok1 := obj[r.Before]
		after, ok2 := obj[r.After]
		if !ok1 || !ok2 {
			continue
		}
		cmp, ok := compareTimes(before, after)
		if !ok || cmp < 0 || (cmp == 0 && !r.Strict) {
			continue
		}
		b.faults = append(b.faults, Fault{Kind: Order, Pointer: ptr + "/" + EscapePointer(r.After), Keyword: "x-specdrift-order",
			SchemaPointer: info.Pointer + "/x-specdrift-order", Actual: after, Name: r.After, Rule: &r, Other: before, Equal: cmp == 0})
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

func (b *walker) unique(info *Info, list []any, ptr string) {
	if info.UniqueBy == "" {
		return
	}
	first := map[string]int{}
	for i, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			continue
		}
		id, ok := obj[info.UniqueBy]
		if !ok {
			continue
		}
		key := Compact(id)
		j, dup := first[key]
		if !dup {
			first[key] = i
			continue
		}
		b.faults = append(b.faults, Fault{Kind: DuplicateID, Pointer: fmt.Sprintf("%s/%d/%s", ptr, i, EscapePointer(info.UniqueBy)),
			Keyword: "x-specdrift-unique-by", SchemaPointer: info.Pointer + "/x-specdrift-unique-by", Actual: id, Name: info.UniqueBy,
			Parent: ptr, Items: [2]int{j, i}})
	}
}
