package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Loss is one place where a JSON body and its round trip through a
// generated type differ.
type Loss struct {
	Pointer  string // RFC 6901 pointer into the body
	Kind     string // "dropped": the type has no such field; "changed": it holds the value differently; "added": the round trip has a value the body has not
	Recorded string // the body's value, compact JSON ("" when added)
	Typed    string // the round trip's value ("" when dropped)
	Reason   string // why, where the decoder said: "cannot unmarshal number into string"
}

func (l Loss) String() string {
	s := l.Kind + " " + l.Pointer
	switch l.Kind {
	case "changed":
		s += fmt.Sprintf(" (%s became %s)", l.Recorded, l.Typed)
	case "added":
		s += fmt.Sprintf(" (%s)", l.Typed)
	}
	if l.Reason != "" {
		s += ": " + l.Reason
	}
	return s
}

// JoinLosses renders losses on one line.
func JoinLosses(ls []Loss) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.String()
	}
	return strings.Join(parts, ", ")
}

// RoundTrip decodes body into target (a pointer to a generated type),
// encodes target again and compares the two JSON documents semantically:
// numbers by value, times by instant, objects regardless of key order. It
// returns every difference. The error is non-nil only when body is not
// JSON; a value of the wrong type is a loss (the decoder leaves the field
// unset), not an error.
func RoundTrip(body []byte, target any) ([]Loss, error) {
	recorded, err := decode(body)
	if err != nil {
		return nil, err
	}
	var typeErrs []*json.UnmarshalTypeError
	if err := json.Unmarshal(body, target); err != nil {
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) {
			return nil, err
		}
		typeErrs = append(typeErrs, te)
	}
	out, err := json.Marshal(target)
	if err != nil {
		return nil, err
	}
	typed, err := decode(out)
	if err != nil {
		return nil, err
	}
	var losses []Loss
	compare(recorded, typed, "", &losses)
	for i := range losses {
		for _, te := range typeErrs {
			if fieldPath(losses[i].Pointer) == te.Field {
				losses[i].Reason = fmt.Sprintf("cannot decode a JSON %s into a Go %s", te.Value, te.Type)
			}
		}
	}
	return losses, nil
}

// fieldPath turns a pointer into the dotted field path encoding/json names
// in its errors: /a/0/b → a.b.
func fieldPath(ptr string) string {
	var parts []string
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if _, err := strconv.Atoi(tok); err != nil {
			parts = append(parts, strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~"))
		}
	}
	return strings.Join(parts, ".")
}

func compare(a, b any, ptr string, out *[]Loss) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			break
		}
		for _, k := range slices.Sorted(maps.Keys(av)) {
			p := ptr + "/" + escape(k)
			if e, ok := bv[k]; ok {
				compare(av[k], e, p, out)
			} else {
				*out = append(*out, Loss{Pointer: p, Kind: "dropped", Recorded: compact(av[k])})
			}
		}
		for _, k := range slices.Sorted(maps.Keys(bv)) {
			if _, ok := av[k]; !ok {
				*out = append(*out, Loss{Pointer: ptr + "/" + escape(k), Kind: "added", Typed: compact(bv[k])})
			}
		}
		return
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			break
		}
		for i := range av {
			compare(av[i], bv[i], ptr+"/"+strconv.Itoa(i), out)
		}
		return
	}
	if !sameScalar(a, b) {
		*out = append(*out, Loss{Pointer: ptr, Kind: "changed", Recorded: compact(a), Typed: compact(b)})
	}
}

func sameScalar(a, b any) bool {
	if an, ok := a.(json.Number); ok {
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		fa, _, err1 := big.ParseFloat(string(an), 10, 200, big.ToNearestEven)
		fb, _, err2 := big.ParseFloat(string(bn), 10, 200, big.ToNearestEven)
		return err1 == nil && err2 == nil && fa.Cmp(fb) == 0
	}
	if as, ok := a.(string); ok {
		bs, ok := b.(string)
		if !ok {
			return false
		}
		if as == bs {
			return true
		}
		ta, err1 := time.Parse(time.RFC3339Nano, as)
		tb, err2 := time.Parse(time.RFC3339Nano, bs)
		return err1 == nil && err2 == nil && ta.Equal(tb)
	}
	return reflect.DeepEqual(a, b)
}

func decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return v, nil
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// jsonLeaves maps the pointer of every scalar of a JSON body to its compact
// JSON; nil when the body is not JSON.
func jsonLeaves(body []byte) map[string]string {
	if len(body) == 0 {
		return nil
	}
	v, err := decode(body)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				walk(e, ptr+"/"+escape(k))
			}
		case []any:
			for i, e := range t {
				walk(e, ptr+"/"+strconv.Itoa(i))
			}
		default:
			out[ptr] = compact(t)
		}
	}
	walk(v, "")
	return out
}

// leafOf gives the compact JSON of the scalar at a pointer of a JSON body
// (false for none, or for an object or array). The work is the body's
// decoding and one walk per pointer asked for: the candidates' few
// pointers, not every value of a request's body.
func leafOf(body []byte) func(ptr string) (string, bool) {
	v, err := decode(body)
	if len(body) == 0 || err != nil {
		return func(string) (string, bool) { return "", false }
	}
	return func(ptr string) (string, bool) {
		at := v
		for ptr != "" {
			var tok string
			tok, ptr, _ = strings.Cut(ptr[1:], "/")
			if ptr != "" {
				ptr = "/" + ptr
			}
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
			switch t := at.(type) {
			case map[string]any:
				e, ok := t[tok]
				if !ok {
					return "", false
				}
				at = e
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(t) {
					return "", false
				}
				at = t[i]
			default:
				return "", false
			}
		}
		switch at.(type) {
		case map[string]any, []any:
			return "", false
		}
		return compact(at), true
	}
}

// typeName names the type a pointer points to: "cloudconnect.ListAuthorisationsResponseBody".
func typeName(v any) string {
	return strings.TrimPrefix(reflect.TypeOf(v).String(), "*")
}
