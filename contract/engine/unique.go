package engine

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// kin-openapi tells uniqueItems apart by each item's JSON text, so that 1
// and 1.0 are two items; JSON Schema compares numbers by value.
func init() { openapi3.RegisterArrayUniqueItemsChecker(uniqueItems) }

// uniqueItems says whether no two items are equal as JSON Schema compares
// them: numbers by value, objects whatever their members' order.
func uniqueItems(items []any) bool {
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		var sb strings.Builder
		canonical(&sb, it)
		if seen[sb.String()] {
			return false
		}
		seen[sb.String()] = true
	}
	return true
}

// canonical writes a decoded JSON value so that equal values write alike.
func canonical(sb *strings.Builder, v any) {
	switch v := v.(type) {
	case json.Number:
		canonicalNumber(sb, string(v))
	case float64:
		canonicalNumber(sb, strconv.FormatFloat(v, 'g', -1, 64))
	case int64:
		canonicalNumber(sb, strconv.FormatInt(v, 10))
	case string:
		b, _ := json.Marshal(v)
		sb.Write(b)
	case []any:
		sb.WriteByte('[')
		for i, it := range v {
			if i > 0 {
				sb.WriteByte(',')
			}
			canonical(sb, it)
		}
		sb.WriteByte(']')
	case map[string]any:
		keys := SortedKeys(v)
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteByte(',')
			}
			b, _ := json.Marshal(k)
			sb.Write(b)
			sb.WriteByte(':')
			canonical(sb, v[k])
		}
		sb.WriteByte('}')
	default: // true, false, null
		b, _ := json.Marshal(v)
		sb.Write(b)
	}
}

// maxExponent bounds the exponents compared exactly: 1e999999999 as a
// rational would take a gigabyte.
const maxExponent = 400

// canonicalNumber writes a number as the exact rational it is: 1, 1.0 and
// 1e0 alike (beyond maxExponent, as written).
func canonicalNumber(sb *strings.Builder, text string) {
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		if e, err := strconv.Atoi(strings.TrimPrefix(text[i+1:], "+")); err != nil || e > maxExponent || e < -maxExponent {
			sb.WriteString("n" + text)
			return
		}
	}
	if r, ok := new(big.Rat).SetString(text); ok {
		sb.WriteString("n" + r.RatString())
		return
	}
	sb.WriteString("n" + text)
}
