package contract

import (
	"net"
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// server is one entry of a spec's servers, as routing reads it: the host a
// request for the spec goes to, and the base path its paths are under.
type server struct {
	url  string         // as written
	host string         // lowercase, without the port; "" for a relative URL
	re   *regexp.Regexp // for a host with variables, each of which matches any text
	base []string       // the base path's segments, its variables at their defaults; nil for none
}

// parseServers reads the servers of a document. A server whose URL names
// neither a host nor a base path ("/", "") routes nothing and is left out.
func parseServers(servers openapi3.Servers) []server {
	var out []server
	for _, sv := range servers {
		if sv == nil {
			continue
		}
		s := server{url: sv.URL}
		rest := sv.URL
		if i := strings.Index(rest, "//"); i >= 0 && !strings.Contains(rest[:i], "/") {
			rest = rest[i+2:]
			hostPart, p, _ := strings.Cut(rest, "/")
			s.host = strings.ToLower(stripPort(hostPart))
			rest = "/" + p
		}
		if strings.Contains(s.host, "{") {
			s.re = hostPattern(s.host)
		}
		p := paramInSegment.ReplaceAllStringFunc(strings.SplitN(rest, "?", 2)[0], func(m string) string {
			if v := sv.Variables[m[1:len(m)-1]]; v != nil {
				return v.Default
			}
			return m
		})
		if p = strings.Trim(p, "/"); p != "" && p != "." {
			s.base = strings.Split(p, "/")
		}
		if s.host != "" || s.base != nil {
			out = append(out, s)
		}
	}
	return out
}

// hostPattern matches a host whose variables may take any value.
func hostPattern(host string) *regexp.Regexp {
	var sb strings.Builder
	sb.WriteString("^")
	last := 0
	for _, m := range paramInSegment.FindAllStringIndex(host, -1) {
		sb.WriteString(regexp.QuoteMeta(host[last:m[0]]))
		sb.WriteString(".+")
		last = m[1]
	}
	sb.WriteString(regexp.QuoteMeta(host[last:]) + "$")
	return regexp.MustCompile(sb.String())
}

// stripPort leaves out the port of a host (and the brackets of an IPv6
// address).
func stripPort(host string) string {
	if !strings.Contains(host, ":") {
		return host
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		return h
	}
	return strings.Trim(host, "[]")
}

// matchesHost says whether a request for host (lowercase, no port) goes to
// the server.
func (s *server) matchesHost(host string) bool {
	switch {
	case host == "" || s.host == "":
		return false
	case s.re != nil:
		return s.re.MatchString(host)
	}
	return host == s.host
}

// key tells servers apart for routing: host and base path.
func (s *server) key() string { return s.host + "/" + strings.Join(s.base, "/") }

// servesHost says whether any server of the spec is at host.
func (s *Spec) servesHost(host string) bool {
	for i := range s.servers {
		if s.servers[i].matchesHost(host) {
			return true
		}
	}
	return false
}

// sharesServer says whether two specs cannot be told apart by their
// servers: they list one server alike, or neither lists any.
func (s *Spec) sharesServer(o *Spec) (string, bool) {
	if len(s.servers) == 0 && len(o.servers) == 0 {
		return "", true
	}
	for i := range s.servers {
		for j := range o.servers {
			if s.servers[i].key() == o.servers[j].key() {
				return s.servers[i].url, true
			}
		}
	}
	return "", false
}

// requestHost is the host a request names, lowercase and without the port:
// the first of hosts that is not "" (the URL's if it is absolute, then the
// one it was sent to, then its Host header's); "" if none.
func requestHost(hosts ...string) string {
	for _, h := range hosts {
		if h != "" {
			return strings.ToLower(stripPort(h))
		}
	}
	return ""
}
