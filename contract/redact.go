package contract

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/sign"
)

// This file says what is secret. Redactor applies it to everything
// specdrift writes: findings (every report format, proxy --log, the
// --enforce 502 body, the mock's log), recorded exchanges (--record) and
// the URLs in messages. Nothing in it is vendor-specific: a spec adds its
// own credential names through its apiKey security schemes.

// RedactedText is what a secret becomes in a finding.
const RedactedText = "(redacted)"

// Marker is what a secret becomes in a URL, a header or a recorded body,
// where the spec's schema does not ask for another value.
const Marker = "REDACTED"

// secretWords are the words that mark a credential anywhere in a name with
// its separators removed and in lower case.
var secretWords = [][]byte{[]byte("password"), []byte("passwd"), []byte("passphrase"), []byte("secret"), []byte("token"), []byte("credential"),
	[]byte("signature"), []byte("apikey"), []byte("accesskey"), []byte("privatekey"), []byte("sessionid"), []byte("sessid")}

// secretToken are words that mark a credential when they are a whole word
// of the name (pwd but not "cwd"): "sig", "x-pin", "otp_value".
var secretToken = map[string]bool{"pwd": true, "pass": true, "sig": true, "pin": true, "otp": true, "jwt": true}

// secretWhole are names that are a credential only on their own: "auth"
// (but not auth_detail_id), "key" (but not key_name), "cookie".
var secretWhole = map[string]bool{"auth": true, "authorization": true, "key": true, "cookie": true, "session": true, "sid": true}

// alwaysSecretHeader are headers that carry credentials whatever their
// names say.
var alwaysSecretHeader = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true}

// IsSecretName reports whether a field, parameter or header of this name
// holds a secret: a password, passphrase, secret, token, credential,
// signature, API, access or private key, or session ID ("client_secret",
// "X-Auth-Token", "accessKey", "sig", "pwd"). A name ending in "key" is one
// ("api_key", "X-Auth-Key"); one starting with it is not ("key_id").
func IsSecretName(name string) bool {
	var joinedBuf [64]byte
	var startsBuf [16]int
	joined, starts, ok := asciiWords(name, joinedBuf[:0], startsBuf[:0])
	if !ok {
		words := nameWords(name)
		joined, starts = nil, nil
		for _, w := range words {
			starts = append(starts, len(joined))
			joined = append(joined, w...)
		}
	}
	if len(starts) == 0 {
		return false
	}
	if secretWhole[string(joined)] {
		return true
	}
	for _, w := range secretWords {
		if bytes.Contains(joined, w) {
			return true
		}
	}
	for i, st := range starts {
		end := len(joined)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		w := joined[st:end]
		if secretToken[string(w)] {
			return true
		}
		if i == len(starts)-1 && i > 0 && (string(w) == "key" || string(w) == "keys") {
			return true
		}
	}
	return false
}

// asciiWords is nameWords for an ASCII name of at most 64 letters and
// digits, without allocating: the words lower-case and joined, and where
// each starts. ok is false for any other name.
func asciiWords(name string, joined []byte, starts []int) ([]byte, []int, bool) {
	inWord := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		upper := 'A' <= c && c <= 'Z'
		alnum := upper || 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
		switch {
		case c >= 0x80:
			return nil, nil, false
		case !alnum:
			inWord = false
			continue
		case !inWord:
			starts = append(starts, len(joined))
		case upper:
			prev := name[i-1]
			if 'a' <= prev && prev <= 'z' || i+1 < len(name) && 'a' <= name[i+1] && name[i+1] <= 'z' {
				starts = append(starts, len(joined))
			}
		}
		inWord = true
		if len(joined) == cap(joined) || len(starts) == cap(starts) {
			return nil, nil, false
		}
		if upper {
			c += 'a' - 'A'
		}
		joined = append(joined, c)
	}
	return joined, starts, true
}

// nameWords splits a name into lower-case words at separators and at
// camel-case humps: "X-Api-Key", "xApiKey", "X_API_KEY" → x, api, key.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && len(cur) > 0 && (unicode.IsLower(cur[len(cur)-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// Redactor removes secrets from findings, exchanges, URLs and headers by
// the rules of IsSecretName, the credential headers, the apiKey names of
// its specs' security schemes, and the schemas' "format: password" and
// writeOnly fields. A nil *Redactor applies the rules without spec names.
type Redactor struct {
	headers map[string]bool // lower-case names of header apiKeys
	params  map[string]bool // names of query and cookie apiKeys
	// keepUnparsed leaves bodies that cannot be parsed as they are (see
	// Exchange); by default they are replaced whole.
	keepUnparsed bool
	names        *nameMemo
}

// nameMemo remembers what IsSecretName says of the names it was asked
// about most recently, up to a bound: the names come from traffic, and
// repeat (the same query parameters and headers on every request).
type nameMemo struct {
	m sync.Map // name → bool
	n atomic.Int32
}

const memoNames = 4096

func (m *nameMemo) secret(name string) bool {
	if m == nil {
		return IsSecretName(name)
	}
	if v, ok := m.m.Load(name); ok {
		return v.(bool)
	}
	secret := IsSecretName(name)
	if m.n.Load() < memoNames {
		if _, had := m.m.LoadOrStore(strings.Clone(name), secret); !had {
			m.n.Add(1)
		}
	}
	return secret
}

// NewRedactor returns the redactor of specs. keepUnparsedBodies leaves a
// recorded body that cannot be parsed (not JSON or a form, or malformed)
// as it is, instead of replacing it whole.
func NewRedactor(specs []*Spec, keepUnparsedBodies bool) *Redactor {
	r := &Redactor{headers: map[string]bool{}, params: map[string]bool{}, keepUnparsed: keepUnparsedBodies, names: &nameMemo{}}
	for _, s := range specs {
		if s.Doc == nil || s.Doc.Components == nil {
			continue
		}
		for _, ref := range s.Doc.Components.SecuritySchemes {
			if ref == nil || ref.Value == nil || ref.Value.Type != "apiKey" || ref.Value.Name == "" {
				continue
			}
			switch ref.Value.In {
			case openapi3.ParameterInHeader:
				r.headers[strings.ToLower(ref.Value.Name)] = true
			case openapi3.ParameterInQuery, openapi3.ParameterInCookie:
				r.params[ref.Value.Name] = true
			}
		}
	}
	return r
}

// SecretHeader reports whether a header of this name carries a secret.
func (r *Redactor) SecretHeader(name string) bool {
	if r == nil {
		return alwaysSecretHeader[http.CanonicalHeaderKey(name)] || IsSecretName(name)
	}
	if alwaysSecretHeader[http.CanonicalHeaderKey(name)] || r.names.secret(name) {
		return true
	}
	return r.headers[strings.ToLower(name)]
}

// SecretParam reports whether a query, form or cookie parameter, or a
// body field, of this name holds a secret.
func (r *Redactor) SecretParam(name string) bool {
	if r == nil {
		return IsSecretName(name)
	}
	return r.names.secret(name) || r.params[name]
}

// secretSchema reports whether a schema marks its value as secret.
func secretSchema(s *openapi3.Schema) bool {
	return s != nil && (s.Format == "password" || s.WriteOnly)
}

// Value returns v, a decoded JSON value of schema s (nil if unknown), with
// every member that holds a secret (by its name or its schema) replaced by
// RedactedText, at any depth; v itself is not changed.
func (r *Redactor) Value(v any, s *openapi3.Schema) any {
	if secretSchema(s) {
		return RedactedText
	}
	switch val := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(val))
		for k, m := range val {
			ps := propertySchema(s, k)
			if r.SecretParam(k) || secretSchema(ps) {
				out[k] = RedactedText
				continue
			}
			out[k] = r.Value(m, ps)
		}
		return out
	case []any:
		out := make([]any, len(val))
		is := s // an array where the schema has an object: its items are likely that object
		if s != nil && s.Items != nil {
			is = s.Items.Value
		}
		for i, e := range val {
			out[i] = r.Value(e, is)
		}
		return out
	}
	return v
}

// propertySchema finds the schema of an object's member, through allOf,
// oneOf, anyOf and additionalProperties.
func propertySchema(s *openapi3.Schema, name string) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if p := s.Properties[name]; p != nil {
		return p.Value
	}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range group {
			if p := propertySchema(sub.Value, name); p != nil {
				return p
			}
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		return ap.Value
	}
	return nil
}

// minQuoted is the shortest secret value that is looked for in the text of
// a finding: shorter ones would blank ordinary words.
const minQuoted = 4

// redact applies the redactor to a finding of the exchange being checked,
// and blanks, wherever the finding quotes them (a parameter's parse error
// quotes the value), the values of the exchange's credential headers,
// cookies and secret query parameters.
func (c *check) redact(f Finding) Finding {
	f = c.v.redact.Finding(f)
	if c.secrets == nil {
		c.secrets = c.v.redact.secretValues(c.ex)
	}
	for _, s := range c.secrets {
		f.Actual = strings.ReplaceAll(f.Actual, s, RedactedText)
		f.Expected = strings.ReplaceAll(f.Expected, s, RedactedText)
		f.Message = strings.ReplaceAll(f.Message, s, RedactedText)
	}
	return f
}

// authSchemeWord reports whether an Authorization value is only the name
// of an HTTP authentication scheme, with no credentials after it.
func authSchemeWord(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "basic", "bearer", "digest", "negotiate", "ntlm", "hoba", "mutual", "aws4-hmac-sha256", "sdk-hmac-sha256":
		return true
	}
	return false
}

// secretValues lists the secrets of an exchange that are not in a body,
// longest first; never nil.
func (r *Redactor) secretValues(ex *Exchange) []string {
	out := []string{}
	add := func(vs ...string) {
		for _, v := range vs {
			if v = strings.TrimSpace(v); len(v) >= minQuoted {
				out = append(out, v)
			}
		}
	}
	headers := func(h http.Header) {
		for name, vs := range h {
			if !r.SecretHeader(name) {
				continue
			}
			for _, v := range vs {
				switch http.CanonicalHeaderKey(name) {
				case "Cookie":
					for _, part := range strings.Split(v, ";") {
						if _, val, ok := strings.Cut(part, "="); ok {
							add(val)
						} else {
							add(part)
						}
					}
				case "Set-Cookie":
					first, _, _ := strings.Cut(v, ";")
					_, val, _ := strings.Cut(first, "=")
					add(val)
				case "Authorization", "Proxy-Authorization":
					if a, err := sign.Parse(v); err == nil {
						add(a.Access, a.Signature)
						continue
					}
					if authSchemeWord(v) {
						continue // a scheme with no credentials after it ("Bearer"): nothing secret, and a word the findings use
					}
					fallthrough
				default:
					add(v)
					if _, rest, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
						add(rest)
					}
				}
			}
		}
	}
	headers(ex.Request.Header)
	if ex.Response != nil {
		headers(ex.Response.Header)
	}
	if strings.Contains(ex.Request.URL, "@") { // else it has no user information
		if u, err := url.Parse(ex.Request.URL); err == nil && u.User != nil {
			p, _ := u.User.Password()
			add(u.User.Username(), p)
		}
	}
	if _, query, ok := strings.Cut(ex.Request.URL, "?"); ok {
		query, frag, _ := strings.Cut(query, "#")
		for _, part := range [2]string{query, frag} {
			for part != "" {
				i := 0
				for i < len(part) && part[i] != '&' && part[i] != ';' {
					i++
				}
				pair := part[:i]
				part = part[min(i+1, len(part)):]
				k, v, ok := strings.Cut(pair, "=")
				name, err := k, error(nil)
				if strings.IndexByte(k, '%') >= 0 || strings.IndexByte(k, '+') >= 0 {
					name, err = url.QueryUnescape(k)
				}
				if !ok || err != nil || !r.SecretParam(name) {
					continue
				}
				add(v)
				if un, err := url.QueryUnescape(v); err == nil {
					add(un)
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}
