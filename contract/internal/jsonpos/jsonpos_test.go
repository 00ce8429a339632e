package jsonpos

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
)

// lookup walks a pointer of plain tokens and returns the node's lines.
func lookup(t *testing.T, x *Index, ptr string) (line, valueLine int, ok bool) {
	t.Helper()
	n, ok := x.Root()
	require.True(t, ok)
	if ptr == "" {
		return n.Line(), n.ValueLine(), true
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		if n, ok = n.Child(tok); !ok {
			return 0, 0, false
		}
	}
	return n.Line(), n.ValueLine(), true
}

func TestLines(t *testing.T) {
	text := "{\n" +
		`  "a": [ {` + "\n" + // 2
		`    "b": 1` + "\n" + // 3
		`  }, 2 ],` + "\n" + // 4
		`  "c/d": "x\"y",` + "\n" + // 5
		`  "e\u0066":` + "\n" + // 6: the key "ef", its value on the next line
		`    "\ud83c\udf6b",` + "\n" + // 7
		`  "dup": 1, "dup": [true, null]` + "\n" + // 8
		"}\n"
	x, err := Parse([]byte(text))
	require.NoError(t, err)
	for _, c := range []struct {
		ptr             string
		line, valueLine int
	}{
		{"", 1, 1},
		{"/a", 2, 2},
		{"/a/0", 2, 2},
		{"/a/0/b", 3, 3},
		{"/a/1", 4, 4},
		{"/c/d", 0, 0}, // a token with a slash is not two tokens: no such node
		{"/ef", 6, 7},
		{"/dup/1", 8, 8}, // the last of a repeated key
	} {
		line, vl, ok := lookup(t, x, c.ptr)
		if c.line == 0 {
			require.False(t, ok, c.ptr)
			continue
		}
		require.True(t, ok, c.ptr)
		require.Equal(t, []int{c.line, c.valueLine}, []int{line, vl}, c.ptr)
	}
	root, _ := x.Root()
	cd, ok := root.Child("c/d")
	require.True(t, ok)
	s, ok := cd.Str()
	require.True(t, ok)
	require.Equal(t, `x"y`, s)
	ef, _ := root.Child("ef")
	s, _ = ef.Str()
	require.Equal(t, "\U0001F36B", s, "a surrogate pair is one rune")
	_, ok = root.Child("a")
	require.True(t, ok)
	a, _ := root.Child("a")
	for _, tok := range []string{"2", "-1", "01", "x"} {
		_, ok := a.Child(tok)
		require.False(t, ok, tok)
	}
	require.Equal(t, `[ {
    "b": 1
  }, 2 ]`, string(a.Raw()))
	require.Equal(t, `"x\"y"`, string(cd.Raw()))
	var keys []string
	root.Each(func(tok string, _ Node) { keys = append(keys, tok) })
	require.Empty(t, cmp.Diff([]string{"a", "c/d", "ef", "dup", "dup"}, keys))
}

func TestSyntaxErrors(t *testing.T) {
	for _, c := range []struct {
		text string
		line int
		msg  string
	}{
		{"", 1, "no JSON value"},
		{"{\n  \"a\": 1,\n  \"b\" 2\n}", 3, "want ':' after the key"},
		{"{\n  \"a\": [1, 2\n", 3, "unexpected end of the text"},
		{"[1,\n 2]\nx", 3, "text after the JSON value"},
		{"{\"a\": tru}", 1, `unexpected 't'`},
		{"{\"a\": \"\\x\"}", 1, `bad escape \x`},
		{"{\"a\": \"\\u12\"}", 1, `bad \u escape`},
		{"{\"a\":\n 01}", 2, "malformed number"},
		{"{\"a\": \"b\n\"}", 1, "control character in a string"},
		{"{1: 2}", 1, "want a key string, found '1'"},
		{"[1 2]", 1, "want ',' or ']', found '2'"},
	} {
		_, err := Parse([]byte(c.text))
		var se *SyntaxError
		require.ErrorAs(t, err, &se, "%q", c.text)
		require.Equal(t, c.line, se.Line, "%q", c.text)
		require.Equal(t, c.msg, se.Msg, "%q", c.text)
	}
}

// TestPartial: on malformed text, the index holds what was read.
func TestPartial(t *testing.T) {
	x, err := Parse([]byte("{\"a\": [1,\n {\"b\": "))
	require.Error(t, err)
	line, _, ok := lookup(t, x, "/a/1")
	require.True(t, ok)
	require.Equal(t, 2, line)
	_, _, ok = lookup(t, x, "/a/1/b")
	require.False(t, ok, "the member has no value yet")
}

// FuzzParse: the index accepts exactly the texts encoding/json accepts, and
// every value it indexes has its text and line.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{`{"a": [1, {"b": null}], "c": "\ud83c\udf6b"}`, `[1,`, `{"a" 1}`, "\"\xff\"", `-0.5e+3`, `tru`, `{"a":{}}x`, ` `} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := Parse(data)
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid says %v, Parse says %v", valid, err)
		}
		root, ok := x.Root()
		if !ok {
			return
		}
		var walk func(n Node)
		walk = func(n Node) {
			if l := n.Line(); l < 1 || l > bytes.Count(data, []byte("\n"))+1 {
				t.Fatalf("line %d", l)
			}
			if err == nil && !json.Valid(n.Raw()) {
				t.Fatalf("value %q is not JSON", n.Raw())
			}
			n.Each(func(_ string, c Node) { walk(c) })
		}
		walk(root)
	})
}
