package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Baseline is a file of accepted findings (the documentation's own known
// drift, say), so that CI fails only on new drift. Entries are matched by
// Finding.Key, which ignores line numbers, wording and how an exchange was
// obtained (fixture, replay, log line, HAR entry).
type Baseline struct {
	Comment  string          `json:"comment,omitempty"`
	Accepted []BaselineEntry `json:"accepted"`
}

// BaselineEntry is one accepted finding.
type BaselineEntry struct {
	Rule      RuleID `json:"rule"`
	Operation string `json:"operation"`
	Source    string `json:"source"`
	In        string `json:"in,omitempty"`
	Pointer   string `json:"pointer,omitempty"`
	Message   string `json:"message,omitempty"` // for the reader; not matched
}

func (e BaselineEntry) key() string {
	return Finding{Rule: e.Rule, Operation: e.Operation, Source: e.Source, In: e.In, Pointer: e.Pointer}.Key()
}

// NewBaseline accepts every finding given.
func NewBaseline(fs []Finding) *Baseline {
	b := &Baseline{Comment: "Accepted findings: specdrift validate --baseline FILE counts only findings not listed here.", Accepted: []BaselineEntry{}}
	seen := map[string]bool{}
	for _, f := range fs {
		if seen[f.Key()] {
			continue
		}
		seen[f.Key()] = true
		b.Accepted = append(b.Accepted, BaselineEntry{Rule: f.Rule, Operation: f.Operation, Source: SourceFile(f.Source), In: f.In, Pointer: f.Pointer, Message: f.Message})
	}
	sort.SliceStable(b.Accepted, func(i, j int) bool { return b.Accepted[i].key() < b.Accepted[j].key() })
	return b
}

// ParseBaseline reads a baseline file strictly: a key the format does not
// have is an error with its line (a misspelled "pointer" would accept more
// than was meant), and so is anything after the object.
func ParseBaseline(name string, data []byte) (*Baseline, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Baseline
	err := dec.Decode(&b)
	if err == nil {
		if _, next := dec.Token(); !errors.Is(next, io.EOF) {
			return nil, &InputError{File: name, Line: lineAt(data, dec.InputOffset()), Err: errors.New("not a baseline file: more than one JSON value")}
		}
		return &b, nil
	}
	if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		key, _ = strconv.Unquote(key)
		return nil, &InputError{File: name, Line: unknownKeyLine(data, key), Err: fmt.Errorf("not a baseline file: unknown key %q (a baseline has comment and accepted; an entry has %s)", key, strings.Join(tagNames(reflect.TypeFor[BaselineEntry](), "json"), ", "))}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return nil, &InputError{File: name, Line: lineAt(data, se.Offset), Err: fmt.Errorf("not a baseline file: %v", err)}
	}
	return nil, &InputError{File: name, Err: fmt.Errorf("not a baseline file: %v", err)}
}

// unknownKeyLine is the line of the first key named key that the format
// does not have where it stands: at the top, or in an entry of accepted.
func unknownKeyLine(data []byte, key string) int {
	top, entry := tagNames(reflect.TypeFor[Baseline](), "json"), tagNames(reflect.TypeFor[BaselineEntry](), "json")
	best := 0
	for ptr, line := range pointerLines(data) {
		parts := strings.Split(ptr, "/")
		unknownAt := (len(parts) == 2 && !slices.Contains(top, key)) ||
			(len(parts) == 4 && parts[1] == "accepted" && !slices.Contains(entry, key))
		if unknownAt && parts[len(parts)-1] == escapePointer(key) && (best == 0 || line+1 < best) {
			best = line + 1
		}
	}
	return best
}

func lineAt(data []byte, offset int64) int {
	return bytes.Count(data[:min(int(offset), len(data))], []byte("\n")) + 1
}

// Split separates findings the baseline accepts from new ones.
func (b *Baseline) Split(fs []Finding) (fresh, accepted []Finding) {
	keys := map[string]bool{}
	if b != nil {
		for _, e := range b.Accepted {
			keys[e.key()] = true
		}
	}
	for _, f := range fs {
		if keys[f.Key()] {
			accepted = append(accepted, f)
		} else {
			fresh = append(fresh, f)
		}
	}
	return fresh, accepted
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
