package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// MarshalJSON writes single values as strings, several as an array, names
// sorted: the form of NDJSON logs.
func (h Headers) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(k)
		buf.Write(name)
		buf.WriteByte(':')
		var v any = h[k]
		if len(h[k]) == 1 {
			v = h[k][0]
		}
		val, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON accepts a string or an array of strings for each header.
func (h *Headers) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return errors.New("headers must be an object of name to value")
	}
	out := make(Headers, len(raw))
	for k, v := range raw {
		var one string
		if err := json.Unmarshal(v, &one); err == nil {
			out[k] = []string{one}
			continue
		}
		var many []string
		if err := json.Unmarshal(v, &many); err != nil {
			return fmt.Errorf("header %s: value must be a string or an array of strings", k)
		}
		out[k] = many
	}
	*h = out
	return nil
}
