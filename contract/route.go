package contract

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// segKind is what one segment of a path template is. The kinds are ordered
// by how specific they are: a literal segment beats a segment of literal
// text and parameters ("v{version}"), which beats a parameter alone.
type segKind uint8

const (
	segLiteral segKind = iota
	segMixed
	segParam
)

// segment is one segment of a path template, between two slashes.
type segment struct {
	kind  segKind
	text  string         // the segment as written
	name  string         // segParam: the parameter
	re    *regexp.Regexp // segMixed: the segment, each parameter a group
	names []string       // segMixed: the parameters, in order
}

var paramInSegment = regexp.MustCompile(`\{([^{}]+)\}`)

func parseSegments(path string) []segment {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	out := make([]segment, len(parts))
	for i, p := range parts {
		ms := paramInSegment.FindAllStringSubmatchIndex(p, -1)
		switch {
		case len(ms) == 0:
			out[i] = segment{kind: segLiteral, text: p}
		case len(ms) == 1 && ms[0][0] == 0 && ms[0][1] == len(p):
			out[i] = segment{kind: segParam, text: p, name: p[ms[0][2]:ms[0][3]]}
		default:
			var sb strings.Builder
			sb.WriteString("^")
			s := segment{kind: segMixed, text: p}
			last := 0
			for _, m := range ms {
				sb.WriteString(regexp.QuoteMeta(p[last:m[0]]))
				sb.WriteString("(.+?)")
				s.names = append(s.names, p[m[2]:m[3]])
				last = m[1]
			}
			sb.WriteString(regexp.QuoteMeta(p[last:]) + "$")
			s.re = regexp.MustCompile(sb.String())
			out[i] = s
		}
	}
	return out
}

// matches says whether the escaped path segment part can stand for s.
func (s *segment) matches(part string) bool {
	switch s.kind {
	case segLiteral:
		return part == s.text
	case segParam:
		return part != ""
	}
	return s.re.MatchString(part)
}

// bind adds the parameters' values of part to params.
func (s *segment) bind(part string, params map[string]string) {
	switch s.kind {
	case segParam:
		params[s.name] = unescapeSegment(part)
	case segMixed:
		m := s.re.FindStringSubmatch(part)
		for i, name := range s.names {
			params[name] = unescapeSegment(m[i+1])
		}
	}
}

func unescapeSegment(part string) string {
	if v, err := url.PathUnescape(part); err == nil {
		return v
	}
	return part
}

// moreSpecific says whether template a is more specific than b, which has
// as many segments: at the first segment where their kinds differ, a's is
// the more literal one.
func moreSpecific(a, b []segment) bool {
	for i := range a {
		if i >= len(b) {
			return false
		}
		if a[i].kind != b[i].kind {
			return a[i].kind < b[i].kind
		}
	}
	return false
}

// routeTable indexes a spec's operations for routing: by method and number
// of segments, most specific first; and, for the requests no template
// matches, the operations whose last segment is a parameter, which may then
// take the rest of the path, slashes and all.
type routeTable struct {
	exact    map[routeKey][]*Operation
	trailing map[string][]*Operation // by method: the most segments first, then the most specific
}

type routeKey struct {
	method   string
	segments int
}

func newRouteTable(ops []*Operation) routeTable {
	t := routeTable{exact: map[routeKey][]*Operation{}, trailing: map[string][]*Operation{}}
	for _, o := range ops {
		k := routeKey{o.Method, len(o.segments)}
		t.exact[k] = append(t.exact[k], o)
		if last := o.segments[len(o.segments)-1]; last.kind == segParam {
			t.trailing[o.Method] = append(t.trailing[o.Method], o)
		}
	}
	for _, list := range t.exact {
		sort.SliceStable(list, func(i, j int) bool { return moreSpecific(list[i].segments, list[j].segments) })
	}
	for _, list := range t.trailing {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i].segments, list[j].segments
			if len(a) != len(b) {
				return len(a) > len(b)
			}
			return moreSpecific(a, b)
		})
	}
	return t
}

// find returns the most specific operation whose template matches the path
// segments parts (of the operation claimed, when claimed is not ""), nil if
// none does. With trailing, only a template whose last parameter takes more
// than one segment counts.
func (t *routeTable) find(method string, parts []string, claimed string, trailing bool) *Operation {
	if !trailing {
		for _, o := range t.exact[routeKey{method, len(parts)}] {
			if (claimed == "" || o.ID == claimed) && o.matchPrefix(parts, len(parts)) {
				return o
			}
		}
		return nil
	}
	for _, o := range t.trailing[method] {
		n := len(o.segments)
		if n < len(parts) && (claimed == "" || o.ID == claimed) && o.matchPrefix(parts, n-1) && !emptyAmong(parts[n-1:]) {
			return o
		}
	}
	return nil
}

// matchPrefix says whether the first n segments of the template match those
// of parts.
func (o *Operation) matchPrefix(parts []string, n int) bool {
	for i := range n {
		if !o.segments[i].matches(parts[i]) {
			return false
		}
	}
	return true
}

func emptyAmong(parts []string) bool {
	for _, p := range parts {
		if p == "" {
			return true
		}
	}
	return false
}

// bindParams returns the path parameters' values of parts, which match the
// operation's template; when parts has more segments, the last parameter
// takes the rest, and its name is returned as slashed.
func (o *Operation) bindParams(parts []string) (params map[string]string, slashed string) {
	n := len(o.segments)
	for i := range n {
		seg := &o.segments[i]
		if seg.kind == segLiteral {
			continue
		}
		if params == nil {
			params = map[string]string{}
		}
		if i == n-1 && len(parts) > n {
			rest := make([]string, 0, len(parts)-i)
			for _, p := range parts[i:] {
				rest = append(rest, unescapeSegment(p))
			}
			params[seg.name] = strings.Join(rest, "/")
			slashed = seg.name
			continue
		}
		seg.bind(parts[i], params)
	}
	return params, slashed
}

// splitPath splits an escaped path into its segments, without the slashes
// at either end.
func splitPath(escapedPath string) []string {
	return strings.Split(strings.Trim(escapedPath, "/"), "/")
}

// routed is where a request routes: the operation, and the segments of the
// path below the base path of the spec's server that it was matched under.
type routed struct {
	op     *Operation
	parts  []string
	host   bool // the request's host is one of the spec's servers'
	base   int  // how many segments of the server's base path the path starts with
	slashy bool // the operation's last parameter takes more than one segment
}

// better says whether r is a better route than o, which may be empty: a
// request for the host of a spec's server goes to that spec; then the one
// whose server's base path the path starts with, the longest; then the most
// specific template (for a last parameter that takes a slash, the one with
// the most segments first). What is left goes to the first spec.
func (r routed) better(o routed) bool {
	switch {
	case o.op == nil:
		return true
	case r.host != o.host:
		return r.host
	case r.base != o.base:
		return r.base > o.base
	case r.slashy && len(r.op.segments) != len(o.op.segments):
		return len(r.op.segments) > len(o.op.segments)
	}
	return moreSpecific(r.op.segments, o.op.segments)
}

// route finds the operation of a request among specs: by its method, host
// (lowercase, no port; "" if unknown) and path segments, of the operation
// claimed when claimed is not "". Each spec's templates are tried on the
// path from the root and below each of its servers' base paths. Only when
// no template matches may a last parameter take the rest of the path.
func route(specs []*Spec, method, host string, parts []string, claimed string) routed {
	for _, slashy := range []bool{false, true} {
		var best routed
		for _, s := range specs {
			atHost := s.servesHost(host)
			try := func(rest []string, base int) {
				if op := s.routes.find(method, rest, claimed, slashy); op != nil {
					if r := (routed{op: op, parts: rest, host: atHost, base: base, slashy: slashy}); r.better(best) {
						best = r
					}
				}
			}
			try(parts, 0)
			for j := range s.servers {
				if base := s.servers[j].base; len(base) > 0 && len(base) <= len(parts) && hasPrefix(parts, base) {
					rest := parts[len(base):]
					if len(rest) == 0 {
						rest = []string{""}
					}
					try(rest, len(base))
				}
			}
		}
		if best.op != nil {
			return best
		}
	}
	return routed{}
}

func hasPrefix(parts, prefix []string) bool {
	for i, p := range prefix {
		if parts[i] != p {
			return false
		}
	}
	return true
}
