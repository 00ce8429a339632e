package contract

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/specdrift/specdrift/contract/sign"
)

// StripUserinfo removes a user name and password from a URL, whether or not
// it parses: "https://admin:pw@host/x" → "https://host/x". url.URL.Redacted
// is not enough where the user name is itself a secret.
func StripUserinfo(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return raw[:i+3] + rest[at+1:]
	}
	return raw
}

// URL returns raw (a URL, or a path with its query) with its user name and
// password removed and the value of every secret parameter replaced by
// marker: in the query, the fragment (OAuth puts access_token there) and
// the path's ;name=value parameters, with pairs separated by "&" or ";".
// The rest is kept byte for byte.
func (r *Redactor) URL(raw string) string { return r.url(raw, Marker) }

func (r *Redactor) url(raw, marker string) string {
	raw = StripUserinfo(raw)
	rest, frag, hasFrag := strings.Cut(raw, "#")
	path, query, hasQuery := strings.Cut(rest, "?")
	out := r.pathParams(path, marker)
	if hasQuery {
		q, _ := r.Form(query, func(string) string { return marker })
		out += "?" + q
	}
	if hasFrag {
		f, _ := r.Form(frag, func(string) string { return marker })
		out += "#" + f
	}
	return out
}

// pathParams redacts the ;name=value parameters of a path's segments.
func (r *Redactor) pathParams(path, marker string) string {
	if !strings.Contains(path, ";") {
		return path
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		name, params, ok := strings.Cut(seg, ";")
		if !ok {
			continue
		}
		red, _ := r.Form(params, func(string) string { return marker })
		segs[i] = name + ";" + red
	}
	return strings.Join(segs, "/")
}

// Form redacts the secret parameters of a query, form body or fragment:
// pairs separated by "&" or ";" (which Go's url.ParseQuery refuses, but
// servers read). marker gives the text that replaces a secret value, by
// the parameter's name; it is query-escaped. changed reports whether a
// value was replaced.
func (r *Redactor) Form(form string, marker func(name string) string) (out string, changed bool) {
	var b strings.Builder
	for form != "" {
		i := strings.IndexAny(form, "&;")
		pair, sep := form, ""
		if i >= 0 {
			pair, sep, form = form[:i], form[i:i+1], form[i+1:]
		} else {
			form = ""
		}
		k, _, hasValue := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if hasValue && r.SecretParam(strings.TrimSpace(name)) {
			pair = k + "=" + url.QueryEscape(marker(name))
			changed = true
		}
		b.WriteString(pair)
		b.WriteString(sep)
	}
	return b.String(), changed
}

// urlHeader are response and request headers whose value is, or holds, a
// URL whose query may carry a secret.
var urlHeader = map[string]bool{"Location": true, "Content-Location": true, "Referer": true, "Link": true, "Refresh": true, "Origin": true}

// linkURL finds the URLs of a Link header (<...>) and of Refresh (url=...).
var linkURL = regexp.MustCompile(`<[^>]*>|(?i)url=\S+`)

// HeaderValue returns a header's value as it may be written: a credential
// header's value replaced by marker (its scheme kept for Authorization,
// its names for cookies), the secrets of a URL-valued header's URL
// (Location, Link, ...) redacted, anything else as it is.
func (r *Redactor) HeaderValue(name, value, marker string) string {
	name = http.CanonicalHeaderKey(name)
	switch {
	case name == "Cookie":
		parts := strings.Split(value, ";")
		for i, p := range parts {
			if k, _, ok := strings.Cut(p, "="); ok {
				parts[i] = k + "=" + marker
			} else if strings.TrimSpace(p) != "" {
				parts[i] = " " + marker // a cookie without a name is all value
			}
		}
		return strings.Join(parts, ";")
	case name == "Set-Cookie":
		first, attrs, hasAttrs := strings.Cut(value, ";")
		if k, _, ok := strings.Cut(first, "="); ok {
			first = k + "=" + marker
		} else {
			first = marker
		}
		if hasAttrs {
			return first + ";" + attrs
		}
		return first
	case r.SecretHeader(name):
		if a, err := sign.Parse(value); err == nil {
			a.Access, a.Signature = marker, strings.Repeat("0", 64)
			return a.String()
		}
		if scheme, _, ok := strings.Cut(strings.TrimSpace(value), " "); ok && (name == "Authorization" || name == "Proxy-Authorization") {
			return scheme + " " + marker
		}
		return marker
	case urlHeader[name]:
		if name == "Link" || name == "Refresh" {
			return linkURL.ReplaceAllStringFunc(value, func(m string) string {
				if strings.HasPrefix(m, "<") {
					return "<" + r.url(m[1:len(m)-1], marker) + ">"
				}
				return m[:4] + r.url(m[4:], marker)
			})
		}
		return r.url(value, marker)
	}
	return value
}

// Finding returns f with what it shows of a secret replaced by
// RedactedText: the actual value of a credential header, of a parameter
// or body field named like a secret (its JSON type kept: "(string,
// redacted)"), and the secrets in a URL it quotes. Findings the Validator
// returns are already redacted; Finding is safe to apply again.
func (r *Redactor) Finding(f Finding) Finding {
	switch {
	case strings.HasSuffix(f.In, ".header"):
		for _, n := range strings.Split(f.Pointer, "|") {
			if r.SecretHeader(n) {
				f.Actual = redactActual(f.Actual)
			}
		}
	case strings.HasSuffix(f.In, ".body"):
		for _, tok := range strings.Split(f.Pointer, "/") {
			if tok != "" && r.SecretParam(strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")) {
				f.Actual = redactActual(f.Actual)
			}
		}
	case strings.HasSuffix(f.In, ".url"):
		f.Actual = r.URL(f.Actual)
	case f.In != "":
		if f.Pointer != "" && r.SecretParam(f.Pointer) {
			f.Actual = redactActual(f.Actual)
		}
	}
	return f
}

// redactActual hides an actual value, keeping its JSON type when the value
// shows it ("123456 (number)" → "(number, redacted)") and the words that
// say it is absent.
func redactActual(actual string) string {
	switch actual {
	case "", "missing", "no credentials", "no credentials of the form wanted", "no body", RedactedText:
		return actual
	}
	if strings.HasSuffix(actual, ", redacted)") {
		return actual
	}
	for _, t := range []string{"string", "number", "boolean", "null"} {
		if strings.HasSuffix(actual, " ("+t+")") {
			return "(" + t + ", redacted)"
		}
	}
	return RedactedText
}
