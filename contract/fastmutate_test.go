package contract_test

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// mutations derives bodies from a body: at up to paths of its values, the
// value removed, replaced by one of another type, a lengthened string, a
// changed enum value, an extra field, deep nesting, huge numbers, dates
// and formats on the edge, and the object's keys duplicated; and the whole
// body made invalid (truncated, trailing data, invalid UTF-8, bad escapes,
// nesting beyond the limits). seed varies which values are taken.
func mutations(body []byte, paths, seed int) [][]byte {
	out := byteMutations(body)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var root any
	if dec.Decode(&root) != nil {
		return out
	}
	all := valuePaths(root, nil, nil)
	step := max(1, len(all)/max(1, paths))
	for i := (seed % step); i < len(all); i += step {
		p := all[i]
		v := get(root, p)
		for j, r := range replacements(v) {
			m := set(deepCopy(root), p, r)
			if j%3 == 0 {
				out = append(out, encodeIndent(m))
			} else {
				out = append(out, encode(m, nil, nil))
			}
		}
		if len(p) > 0 {
			out = append(out, encode(remove(deepCopy(root), p), nil, nil))
		}
		if obj, ok := v.(map[string]any); ok && len(obj) > 0 {
			// the first key twice: before (the real one wins) and after (the copy wins)
			for _, dup := range []any{nil, "dup", json.Number("1e999"), map[string]any{"zz_extra": true}} {
				out = append(out, encode(root, p, &dupKey{value: dup}))
				out = append(out, encode(root, p, &dupKey{value: dup, after: true}))
			}
		}
	}
	return out
}

type dupKey struct {
	value any
	after bool
}

// replacements are the values that take v's place.
func replacements(v any) []any {
	deep := func(n int, obj bool) any {
		var x any = json.Number("1")
		for range n {
			if obj {
				x = map[string]any{"a": x}
			} else {
				x = []any{x}
			}
		}
		return x
	}
	out := []any{nil, true, json.Number("0"), json.Number("-1"), json.Number("1.5"), json.Number("7"), json.Number("1e999"),
		json.Number("-1e400"), json.Number("123456789012345678901234567890"), json.Number("5e-324"), json.Number("-0"),
		json.Number("9223372036854775807"), json.Number("2147483648"), json.Number("0.1"), json.Number("1E2"),
		"", "x", strings.Repeat("ab", 300), "<a&b>", "2023-02-29T10:00:00Z", "2024-02-29", "2023-09-20T08:03:51.123+08:00",
		"2023-09-20T08:03:50Z", "2023-09-20T24:00:00Z", "2023-09-20t08:03:51z", "2024-02-30", "2023-04-31T00:00:00Z", "2000-02-29",
		"1900-02-29T00:00:00Z", "0000-02-29", "2023-12-31T23:59:60.000001-23:59", "2023-09-20T08:03:51+24:00", "2023-09-20T08:03:51.Z", "AB-12", "zz", "éé", "😀😀😀", "aGVsbG8=", "a=b",
		"12345678-1234-1234-1234-123456789012", "\u2028<\u00e9>", "line\nbreak",
		[]any{}, []any{json.Number("1"), json.Number("2"), json.Number("2")}, []any{nil, "x", true},
		map[string]any{}, map[string]any{"zz_extra": json.Number("1")}, deep(40, false), deep(40, true)}
	switch v := v.(type) {
	case string:
		out = append(out, v+strings.Repeat("x", 50), v+"z", strings.ToUpper(v), strings.TrimSpace(v+" "), v+v)
	case json.Number:
		for _, n := range []string{string(v) + "0", string(v) + "e5", "-" + strings.TrimPrefix(string(v), "-"), string(v) + ".25"} {
			if json.Valid([]byte(n)) {
				out = append(out, json.Number(n))
			}
		}
		out = append(out, string(v))
	case map[string]any:
		extra := deepCopy(v).(map[string]any)
		extra["zz_extra"] = "x"
		extra["request_id"] = "r"
		out = append(out, extra)
		for k := range v {
			withNull := deepCopy(v).(map[string]any)
			withNull[k] = nil
			out = append(out, withNull)
			break
		}
	case []any:
		out = append(out, append(append([]any{}, v...), v...))
		if len(v) > 0 {
			out = append(out, v[:1], append(append([]any{}, v...), v[0]))
		}
	}
	return out
}

// byteMutations break a body in ways a decoded tree cannot express.
func byteMutations(body []byte) [][]byte {
	s := string(body)
	out := []string{s[:len(s)/2], s[:max(0, len(s)-1)], s + "x", s + " {}", s + "\x00", "\ufeff" + s, " \n\t", "", "null", "[]", "{}",
		`"str"`, "1e999", "-0", strings.Repeat("[", 1200) + strings.Repeat("]", 1200), strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		`{"a":` + strings.Repeat(`{"a":`, 1100) + "1" + strings.Repeat("}", 1101), "[01]", "[1.]", "[-]", "[1e]", "[+1]", `{"a" 1}`, `{"a":1,}`, "[1,]",
		`{"a":tru}`, `{"\ud800":1}`, `["\x01"]`, `["\q"]`, `["\u12"]`}
	// inside the first string value: invalid UTF-8, escapes, a lone surrogate, a raw control character
	if i := strings.Index(s, `": "`); i >= 0 {
		at := i + 4
		for _, ins := range []string{"\xff", "\xc3", "\xed\xa0\x80", `\u0041`, `\ud800`, `\ud83d\ude00`, `\/`, "\n", `\"`, `\\`, "\u2028", "é"} {
			out = append(out, s[:at]+ins+s[at:])
		}
	}
	// inside the first key
	if i := strings.Index(s, `{`); i >= 0 {
		if j := strings.Index(s[i:], `"`); j >= 0 {
			at := i + j + 1
			for _, ins := range []string{"\xff", `\u0061`, "\xed\xa0\x80"} {
				out = append(out, s[:at]+ins+s[at:])
			}
		}
	}
	res := make([][]byte, len(out))
	for i, o := range out {
		res[i] = []byte(o)
	}
	return res
}

// valuePaths lists the paths to every value of v, v's own first.
func valuePaths(v any, prefix []string, out [][]string) [][]string {
	out = append(out, append([]string(nil), prefix...))
	switch v := v.(type) {
	case map[string]any:
		for _, k := range sortedNames(v) {
			out = valuePaths(v[k], append(prefix, k), out)
		}
	case []any:
		for i, e := range v {
			out = valuePaths(e, append(prefix, strconv.Itoa(i)), out)
		}
	}
	return out
}

func get(v any, p []string) any {
	for _, tok := range p {
		switch c := v.(type) {
		case map[string]any:
			v = c[tok]
		case []any:
			i, _ := strconv.Atoi(tok)
			v = c[i]
		}
	}
	return v
}

// set replaces the value at p (the root if p is empty).
func set(root any, p []string, x any) any {
	if len(p) == 0 {
		return x
	}
	switch c := get(root, p[:len(p)-1]).(type) {
	case map[string]any:
		c[p[len(p)-1]] = x
	case []any:
		i, _ := strconv.Atoi(p[len(p)-1])
		c[i] = x
	}
	return root
}

// remove deletes the value at p from its object or array.
func remove(root any, p []string) any {
	parent := p[:len(p)-1]
	switch c := get(root, parent).(type) {
	case map[string]any:
		delete(c, p[len(p)-1])
	case []any:
		i, _ := strconv.Atoi(p[len(p)-1])
		return set(root, parent, append(append([]any{}, c[:i]...), c[i+1:]...))
	}
	return root
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

func encodeIndent(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// encode writes v as JSON, keys sorted; at the object at dupAt it writes the
// first key a second time.
func encode(v any, dupAt []string, dup *dupKey) []byte {
	var buf bytes.Buffer
	var enc func(v any, p []string)
	enc = func(v any, p []string) {
		switch c := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(c))
			for k := range c {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			member := func(k string, x any, q []string) {
				if buf.Bytes()[buf.Len()-1] != '{' {
					buf.WriteByte(',')
				}
				kb, _ := json.Marshal(k)
				buf.Write(kb)
				buf.WriteByte(':')
				enc(x, q)
			}
			here := dup != nil && len(keys) > 0 && equalPath(p, dupAt)
			buf.WriteByte('{')
			if here && !dup.after {
				member(keys[0], dup.value, []string{"\x00dup"})
			}
			for _, k := range keys {
				member(k, c[k], append(p, k))
			}
			if here && dup.after {
				member(keys[0], dup.value, []string{"\x00dup"})
			}
			buf.WriteByte('}')
		case []any:
			buf.WriteByte('[')
			for i, e := range c {
				if i > 0 {
					buf.WriteByte(',')
				}
				enc(e, append(p, strconv.Itoa(i)))
			}
			buf.WriteByte(']')
		default:
			b, err := json.Marshal(c)
			if err != nil {
				panic(err)
			}
			buf.Write(b)
		}
	}
	enc(v, []string{})
	return buf.Bytes()
}

func equalPath(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
