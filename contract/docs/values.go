package docs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

func jsonKind(v any) string {
	switch x := v.(type) {
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(x.String(), ".eE") {
			return "number"
		}
		return "integer"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return "null"
}

func kindFits(kind, base string) bool {
	return kind == base || (kind == "integer" && base == "number")
}

func typeWords(f *Field) string {
	if f.Written != "" {
		return f.Written
	}
	return f.TypeString()
}

// fromURL types a path or query value as its row says, so that "20" is a
// number where the row is an Integer.
func fromURL(s, base string) any {
	if base == "integer" || base == "number" {
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var n json.Number
		if dec.Decode(&n) == nil && !dec.More() {
			return n
		}
	}
	if base == "boolean" && (s == "true" || s == "false") {
		return s == "true"
	}
	return s
}

func scalarOf(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		if x {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

func short(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 40 {
		return string(b[:37]) + "..."
	}
	return string(b)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// splitURL returns the path and the raw query of an example URL, without
// scheme and host.
func splitURL(u string) (path, query string) {
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			return "/", ""
		}
		u = rest[j:]
	}
	path, query, _ = strings.Cut(u, "?")
	return path, query
}

// matchPath matches an example path with a path template and returns the
// values of the template's parameters that the example fills in (not those
// it leaves as "{name}").
func matchPath(template, path string) (map[string]string, bool) {
	ts, ps := strings.Split(strings.Trim(template, "/"), "/"), strings.Split(strings.Trim(path, "/"), "/")
	if len(ts) != len(ps) {
		return nil, false
	}
	values := map[string]string{}
	for i, t := range ts {
		if strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
			if ps[i] == "" {
				return nil, false
			}
			if !strings.HasPrefix(ps[i], "{") {
				if v, err := url.PathUnescape(ps[i]); err == nil {
					values[t[1:len(t)-1]] = v
				}
			}
			continue
		}
		if t != ps[i] {
			return nil, false
		}
	}
	return values, true
}

// formatRegexp turns a date and time pattern into a regular expression:
// yyyy four digits, MM dd HH mm ss two, SSS three, Z or X a zone, quoted
// text as written.
func formatRegexp(pattern string) *regexp.Regexp {
	if pattern == "" {
		return nil
	}
	var b bytes.Buffer
	b.WriteString("^")
	for i := 0; i < len(pattern); {
		c := pattern[i]
		n := 1
		for i+n < len(pattern) && pattern[i+n] == c {
			n++
		}
		switch {
		case c == '\'':
			end := strings.IndexByte(pattern[i+1:], '\'')
			if end < 0 {
				end = len(pattern) - i - 1
			}
			b.WriteString(regexp.QuoteMeta(pattern[i+1 : i+1+end]))
			i += end + 2
			continue
		case strings.IndexByte("yMdHhmsS", c) >= 0:
			fmt.Fprintf(&b, `\d{%d}`, n)
		case c == 'Z' || c == 'X':
			b.WriteString(`(?:Z|[+-]\d{2}:?\d{2})`)
		default:
			b.WriteString(regexp.QuoteMeta(pattern[i : i+n]))
		}
		i += n
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return nil
	}
	return re
}
