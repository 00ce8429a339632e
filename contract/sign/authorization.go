package sign

import (
	"errors"
	"fmt"
	"strings"
)

// ErrMalformedAuthorization reports an Authorization value that is not a
// well-formed SDK-HMAC-SHA256 authorization.
var ErrMalformedAuthorization = errors.New("sign: malformed Authorization")

// Authorization is the parsed value of an SDK-HMAC-SHA256 Authorization
// header.
type Authorization struct {
	Access        string   // access key (AK)
	SignedHeaders []string // header names, in the order they were signed
	Signature     string   // hex HMAC-SHA256
}

// String formats a as an Authorization header value.
func (a Authorization) String() string {
	return fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s",
		Algorithm, a.Access, strings.Join(a.SignedHeaders, ";"), a.Signature)
}

// Parse splits an Authorization header value of the form
//
//	SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b;c, Signature=hex
//
// into its parts. It fails unless the algorithm is SDK-HMAC-SHA256 and
// Access, SignedHeaders and Signature (64 hex digits) each appear exactly
// once. Errors wrap ErrMalformedAuthorization and never contain the signature.
func Parse(authorization string) (Authorization, error) {
	var a Authorization
	rest, ok := strings.CutPrefix(strings.TrimSpace(authorization), Algorithm+" ")
	if !ok {
		alg, _, spaced := strings.Cut(strings.TrimSpace(authorization), " ")
		if !spaced || !isSchemeName(alg) {
			// a bare value may be a token: it is not repeated
			return a, fmt.Errorf("%w: not of the form %s Access=AK, SignedHeaders=NAMES, Signature=HEX", ErrMalformedAuthorization, Algorithm)
		}
		return a, fmt.Errorf("%w: algorithm %q, want %s", ErrMalformedAuthorization, alg, Algorithm)
	}
	seen := map[string]bool{}
	for _, field := range strings.Split(rest, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(field), "=")
		if !ok {
			return a, fmt.Errorf("%w: field without '='", ErrMalformedAuthorization)
		}
		if seen[key] {
			return a, fmt.Errorf("%w: duplicate %s", ErrMalformedAuthorization, key)
		}
		seen[key] = true
		switch key {
		case "Access":
			if value == "" || strings.ContainsAny(value, " \t") {
				return a, fmt.Errorf("%w: empty or invalid Access", ErrMalformedAuthorization)
			}
			a.Access = value
		case "SignedHeaders":
			for _, h := range strings.Split(value, ";") {
				if h == "" || strings.ContainsAny(h, " \t:") {
					return a, fmt.Errorf("%w: invalid SignedHeaders %q", ErrMalformedAuthorization, value)
				}
				a.SignedHeaders = append(a.SignedHeaders, h)
			}
		case "Signature":
			if !isHex64(value) {
				return a, fmt.Errorf("%w: Signature is not 64 hex digits", ErrMalformedAuthorization)
			}
			a.Signature = value
		default:
			return a, fmt.Errorf("%w: unknown field %q", ErrMalformedAuthorization, key)
		}
	}
	for _, k := range []string{"Access", "SignedHeaders", "Signature"} {
		if !seen[k] {
			return a, fmt.Errorf("%w: missing %s", ErrMalformedAuthorization, k)
		}
	}
	return a, nil
}

// isSchemeName reports whether s looks like the name of an authorization
// scheme ("Bearer", "AWS4-HMAC-SHA256"), not like a credential.
func isSchemeName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
