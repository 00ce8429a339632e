package engine

import (
	"errors"
	"net/netip"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/net/idna"
)

// The string formats OpenAPI and JSON Schema name that kin-openapi leaves
// unchecked, checked as their RFCs define them. They are registered with
// kin-openapi, whose format registry both engines use: a schema with one
// of them is validated by kin-openapi in the fast engine too.
func init() {
	for name, ok := range formatCheckers {
		openapi3.DefineStringFormatValidator(name, &ownFormat{name: name, ok: ok})
	}
}

// ownFormat is a format validator of this package's: where it is the one
// registered, the fast path calls its check itself (fnode.check), and
// kin-openapi reports the values it fails.
type ownFormat struct {
	name string
	ok   func(string) bool
}

func (f *ownFormat) Validate(s string) error {
	if !f.ok(s) {
		return errors.New("not " + article(f.name) + " " + f.name)
	}
	return nil
}

// formatCheckers are the formats registered, by name.
var formatCheckers = map[string]func(string) bool{
	"email":    isEmail,
	"hostname": isHostname,
	"ipv4":     isIPv4,
	"ipv6":     isIPv6,
	"uri":      isURI,
	// RFC 3339's date-time, T and Z in either case, a leap second only as
	// the last second of a UTC day: the fast path's own check.
	"date-time": func(s string) bool { return dateTimeOK([]byte(s)) },
}

func article(name string) string {
	if strings.ContainsRune("aeiou", rune(name[0])) {
		return "an"
	}
	return "a"
}

// isIPv4 is RFC 2673's dotted-quad: four decimal octets, no leading zeros.
func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// isIPv6 is RFC 4291's text form, without a zone.
func isIPv6(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() && a.Zone() == "" && !strings.ContainsRune(s, '%')
}

// isHostname is RFC 1123's host name: dot-separated labels of letters,
// digits and hyphens, 1 to 63 characters, neither starting nor ending with
// a hyphen, 253 characters in all; a label with "--" in its 3rd and 4th
// place must be an A-label ("xn--").
func isHostname(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !isAlnum(c) && c != '-' {
				return false
			}
		}
		if len(label) >= 4 && label[2:4] == "--" {
			// An A-label: valid Punycode of a valid IDNA 2008 U-label.
			if !strings.EqualFold(label[:2], "xn") {
				return false
			}
			if _, err := idnaLabels.ToUnicode(label); err != nil {
				return false
			}
		}
	}
	return true
}

// idnaLabels checks A-labels as RFC 5891 registers them: the code points,
// joiners and bidi rules of IDNA 2008.
var idnaLabels = idna.New(idna.ValidateForRegistration(), idna.CheckJoiners(true), idna.BidiRule())

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isEmail is RFC 5321's Mailbox: a dot-string or quoted local part, @, and
// a host name or an address literal ([192.0.2.1], [IPv6:2001:db8::1]).
func isEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if !isDotString(local) && !isQuotedString(local) {
		return false
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		lit := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(lit, "IPv6:"); ok {
			return isIPv6(v6)
		}
		return isIPv4(lit)
	}
	return isHostname(domain)
}

// isDotString: atoms of atext separated by single dots.
func isDotString(s string) bool {
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			if c := atom[i]; !isAlnum(c) && !strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", rune(c)) {
				return false
			}
		}
	}
	return true
}

// isQuotedString: printable ASCII between quotes, with \ quoting one.
func isQuotedString(s string) bool {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return false
	}
	for i := 1; i < len(s)-1; i++ {
		switch c := s[i]; {
		case c == '\\':
			if i++; i >= len(s)-1 || s[i] < 0x20 || s[i] > 0x7e {
				return false
			}
		case c == '"', c < 0x20, c > 0x7e:
			return false
		}
	}
	return true
}

// isURI is RFC 3986's URI: a scheme, ":", and a hierarchical part, query
// and fragment of URI characters and well-formed percent-encodings; an
// authority's port is digits and its host an IP literal or a reg-name.
func isURI(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon <= 0 || !isScheme(s[:colon]) {
		return false
	}
	brackets := false // s has a [ or a ]
	query := -1       // the first ? or #
	for i := 0; i < len(s); i++ {
		for i < len(s) && uriChars[s[i]] == uriPlain {
			i++
		}
		if i == len(s) {
			break
		}
		switch c := s[i]; {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		case uriChars[c] == uriNot:
			return false
		case c == '[' || c == ']':
			brackets = true
		case (c == '?' || c == '#') && query < 0:
			query = i
		}
	}
	hasBracket := func(s string) bool {
		return brackets && (strings.IndexByte(s, '[') >= 0 || strings.IndexByte(s, ']') >= 0)
	}
	rest := s[colon+1:]
	if query >= 0 { // after the scheme, which has neither
		i := query - colon - 1
		if hasBracket(rest[i+1:]) || strings.Count(rest[i:], "#") > 1 {
			return false
		}
		rest = rest[:i]
	}
	auth, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return !hasBracket(rest)
	}
	if i := strings.IndexByte(auth, '/'); i >= 0 {
		if hasBracket(auth[i:]) {
			return false
		}
		auth = auth[:i]
	}
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		if hasBracket(auth[:i]) || strings.IndexByte(auth[:i], '@') >= 0 {
			return false
		}
		auth = auth[i+1:]
	}
	host := auth
	if strings.HasPrefix(auth, "[") {
		end := strings.IndexByte(auth, ']')
		if end < 0 || !isIPLiteral(auth[1:end]) {
			return false
		}
		host, auth = auth[:end+1], auth[end+1:]
		if auth != "" && auth[0] != ':' {
			return false
		}
	} else if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		host, auth = auth[:i], auth[i:]
	} else {
		auth = ""
	}
	if len(host) > 2 && hasBracket(host[1:len(host)-1]) { // brackets only around an IP literal
		return false
	}
	for _, c := range strings.TrimPrefix(auth, ":") {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// uriChars sorts the bytes a URI may hold besides percent-encodings (RFC
// 3986's unreserved, reserved and gen-delims characters): those isURI
// looks at (%, brackets, ? and #), the others, and the bytes it may not.
var uriChars = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case strings.IndexByte("%[]?#", byte(c)) >= 0:
			t[c] = uriSpecial
		case isAlnum(byte(c)) || strings.IndexByte("-._~:/@!$&'()*+,;=", byte(c)) >= 0:
			t[c] = uriPlain
		}
	}
	return t
}()

const (
	uriNot uint8 = iota
	uriPlain
	uriSpecial
)

func isScheme(s string) bool {
	if !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// isIPLiteral is what stands between a URI's brackets: an IPv6 address or
// an IPvFuture ("v1.x").
func isIPLiteral(s string) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		return strings.Contains(s, ".")
	}
	return isIPv6(s)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
