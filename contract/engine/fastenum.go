package engine

import (
	"encoding/json"
	"slices"
)

// fenum is an enum of scalars, as kin-openapi compares them (numbers by
// their float64 value).
type fenum struct {
	strs     map[string]bool
	nums     []float64
	bools    [2]bool
	hasBools bool
}

// compileEnum compiles an enum whose values are scalars; nil if it holds
// values the fast path does not compare as kin-openapi does.
func compileEnum(values []any) *fenum {
	e := &fenum{strs: map[string]bool{}}
	for _, v := range values {
		if f, ok := enumNumber(v); ok {
			e.nums = append(e.nums, f)
			continue
		}
		switch v := v.(type) {
		case string:
			e.strs[v] = true
		case bool:
			e.hasBools = true
			if v {
				e.bools[1] = true
			} else {
				e.bools[0] = true
			}
		case nil, []any, map[string]any:
			// never equal to a value the fast path compares: null, arrays
			// and objects go to kin-openapi
		default:
			return nil
		}
	}
	return e
}

// enumNumber converts the numbers kin-openapi compares as float64 values.
func enumNumber(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	}
	return 0, false
}

func (e *fenum) hasNumber(f float64) bool { return slices.Contains(e.nums, f) }
