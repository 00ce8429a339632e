package traffic

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/sign"
)

// Marker is what a redacted string becomes when its schema allows it.
const Marker = "REDACTED"

// secretName matches the names of fields, parameters and headers that hold
// secrets.
var secretName = regexp.MustCompile(`(?i)passw(or)?d|pwd|secret|token|credential|api[-_]?key|private[-_]?key|signature|session[-_]?id`)

// alwaysSecret are headers that carry credentials whatever their names say.
var alwaysSecret = map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true}

// IsSecretName reports whether a field, parameter or header of this name
// holds a secret: a password, secret, token, key or signature.
func IsSecretName(name string) bool { return secretName.MatchString(name) }

func isSecretHeader(name string) bool {
	return alwaysSecret[http.CanonicalHeaderKey(name)] || IsSecretName(name)
}

// Redact returns a copy of ex in which every secret is replaced by a marker
// that validates against the spec: credentials in headers (X-Auth-Token,
// the Authorization signature, cookies), query parameters and JSON or form
// body fields named like a password, secret or token. A marker takes the
// type, format and length the spec gives the value; where the recorded
// value already had another type (drift), the marker keeps the recorded
// type, so that the recording shows the same drift without the secret. op
// is the exchange's operation, nil if unknown. The second result lists what
// was redacted, as "request.header X-Auth-Token" or "response.body /a/0/password".
func Redact(ex *contract.Exchange, op *contract.Operation) (*contract.Exchange, []string) {
	out := *ex
	var places []string
	note := func(side, in, where string) { places = append(places, side+"."+in+" "+where) }
	out.Request.Header = redactHeaders(ex.Request.Header, op, func(n string) { note("request", "header", n) })
	out.Request.URL = redactURL(ex.Request.URL, op, func(n string) { note("request", "query", n) })
	var reqSchema *openapi3.Schema
	if op != nil && op.Op.RequestBody != nil && op.Op.RequestBody.Value != nil {
		reqSchema = contentSchema(op.Op.RequestBody.Value.Content, ex.Request.Header.Get("Content-Type"))
	}
	out.Request.Body = redactBody(ex.Request.Body, ex.Request.Header.Get("Content-Type"), reqSchema, func(p string) { note("request", "body", p) })
	if r := ex.Response; r != nil {
		resp := *r
		resp.Header = redactHeaders(r.Header, nil, func(n string) { note("response", "header", n) })
		resp.Body = redactBody(r.Body, r.Header.Get("Content-Type"), responseSchema(op, r), func(p string) { note("response", "body", p) })
		out.Response = &resp
	}
	return &out, places
}

// RedactFinding blanks a finding's actual value when it shows a secret: a
// credential header, or a parameter or body field named like one.
func RedactFinding(f contract.Finding) contract.Finding {
	switch f.Actual {
	case "", "missing", "no credentials":
		return f
	}
	secret := false
	switch {
	case strings.HasSuffix(f.In, ".header"):
		for _, n := range strings.Split(f.Pointer, "|") {
			secret = secret || isSecretHeader(n)
		}
	case strings.HasSuffix(f.In, ".body"):
		for _, tok := range strings.Split(f.Pointer, "/") {
			secret = secret || IsSecretName(tok)
		}
	default:
		secret = IsSecretName(f.Pointer)
	}
	if secret {
		f.Actual = "(redacted)"
	}
	return f
}

func redactHeaders(h http.Header, op *contract.Operation, note func(string)) http.Header {
	out := h.Clone()
	for name, vs := range out {
		if !isSecretHeader(name) {
			continue
		}
		note(name)
		schema := paramSchema(op, openapi3.ParameterInHeader, name)
		for i, v := range vs {
			vs[i] = headerMarker(http.CanonicalHeaderKey(name), v, schema)
		}
	}
	return out
}

func headerMarker(name, value string, schema *openapi3.Schema) string {
	switch name {
	case "Authorization", "Proxy-Authorization":
		if a, err := sign.Parse(value); err == nil {
			a.Access, a.Signature = Marker, strings.Repeat("0", 64)
			return a.String()
		}
		if scheme, _, ok := strings.Cut(value, " "); ok {
			return scheme + " " + Marker
		}
	case "Cookie":
		parts := strings.Split(value, ";")
		for i, p := range parts {
			if k, _, ok := strings.Cut(p, "="); ok {
				parts[i] = k + "=" + Marker
			}
		}
		return strings.Join(parts, ";")
	case "Set-Cookie":
		first, attrs, _ := strings.Cut(value, ";")
		if k, _, ok := strings.Cut(first, "="); ok {
			first = k + "=" + Marker
		}
		if attrs != "" {
			return first + ";" + attrs
		}
		return first
	}
	return stringMarker(schema)
}

// redactURL replaces the values of secret query parameters, keeping the
// rest of the URL as it was.
func redactURL(raw string, op *contract.Operation, note func(string)) string {
	base, query, ok := strings.Cut(raw, "?")
	if !ok {
		return raw
	}
	red, changed := redactForm(query, func(name string) string {
		note(name)
		return stringMarker(paramSchema(op, openapi3.ParameterInQuery, name))
	})
	if !changed {
		return raw
	}
	return base + "?" + red
}

func redactForm(form string, marker func(name string) string) (string, bool) {
	pairs := strings.Split(form, "&")
	changed := false
	for i, p := range pairs {
		k, _, _ := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil || !IsSecretName(name) {
			continue
		}
		pairs[i] = k + "=" + url.QueryEscape(marker(name))
		changed = true
	}
	return strings.Join(pairs, "&"), changed
}

func redactBody(body []byte, contentType string, schema *openapi3.Schema, note func(string)) []byte {
	if len(body) == 0 {
		return body
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		red, changed := redactForm(string(body), func(name string) string {
			note("/" + name)
			return stringMarker(property(schema, name))
		})
		if changed {
			return []byte(red)
		}
		return body
	case strings.Contains(mt, "json") || mt == "" && json.Valid(body):
		return redactJSON(body, schema, note)
	}
	return body
}

func paramSchema(op *contract.Operation, in, name string) *openapi3.Schema {
	if op == nil {
		return nil
	}
	for _, ps := range []openapi3.Parameters{op.Item.Parameters, op.Op.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == in && strings.EqualFold(p.Value.Name, name) && p.Value.Schema != nil {
				return p.Value.Schema.Value
			}
		}
	}
	return nil
}

func contentSchema(content openapi3.Content, contentType string) *openapi3.Schema {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = contentType
	}
	m := content.Get(mt)
	if m == nil {
		m = content.Get("application/json")
	}
	if m == nil || m.Schema == nil {
		return nil
	}
	return m.Schema.Value
}

func responseSchema(op *contract.Operation, r *contract.Response) *openapi3.Schema {
	if op == nil || op.Op.Responses == nil {
		return nil
	}
	code := strconv.Itoa(r.Status)
	ref := op.Op.Responses.Value(code)
	if ref == nil {
		ref = op.Op.Responses.Value(code[:1] + "XX")
	}
	if ref == nil {
		ref = op.Op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return nil
	}
	return contentSchema(ref.Value.Content, r.Header.Get("Content-Type"))
}

// property finds the schema of an object's member, through allOf, oneOf,
// anyOf and additionalProperties.
func property(s *openapi3.Schema, name string) *openapi3.Schema {
	if s == nil {
		return nil
	}
	if p := s.Properties[name]; p != nil {
		return p.Value
	}
	for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, sub := range group {
			if p := property(sub.Value, name); p != nil {
				return p
			}
		}
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		return ap.Value
	}
	return nil
}

func items(s *openapi3.Schema) *openapi3.Schema {
	if s == nil || s.Items == nil {
		return nil
	}
	return s.Items.Value
}

// redactJSON replaces the secret values of a JSON body in place, keeping
// every other byte: a scalar under a secret name becomes a marker, and so
// does every scalar inside an object or array under a secret name.
func redactJSON(body []byte, schema *openapi3.Schema, note func(string)) []byte {
	w := &jsonRedactor{body: body, dec: json.NewDecoder(bytes.NewReader(body))}
	w.dec.UseNumber()
	if err := w.value("", schema, false); err != nil || len(w.spans) == 0 {
		return body // not JSON after all: nothing to redact in it
	}
	for _, p := range w.places {
		note(p)
	}
	var out bytes.Buffer
	last := 0
	for _, s := range w.spans {
		out.Write(body[last:s.start])
		out.Write(s.repl)
		last = s.end
	}
	out.Write(body[last:])
	return out.Bytes()
}

type span struct {
	start, end int
	repl       []byte
}

type jsonRedactor struct {
	body   []byte
	dec    *json.Decoder
	spans  []span
	places []string
}

// start is where the next value begins: past whitespace, ':' and ','.
func (w *jsonRedactor) start() int {
	i := int(w.dec.InputOffset())
	for i < len(w.body) && strings.IndexByte(" \t\r\n:,", w.body[i]) >= 0 {
		i++
	}
	return i
}

func (w *jsonRedactor) value(ptr string, schema *openapi3.Schema, secret bool) error {
	start := w.start()
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		for w.dec.More() {
			k, err := w.dec.Token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			if err := w.value(ptr+"/"+escapePointer(key), property(schema, key), secret || IsSecretName(key)); err != nil {
				return err
			}
		}
		_, err = w.dec.Token()
		return err
	case json.Delim('['):
		for i := 0; w.dec.More(); i++ {
			if err := w.value(ptr+"/"+strconv.Itoa(i), items(schema), secret); err != nil {
				return err
			}
		}
		_, err = w.dec.Token()
		return err
	}
	if secret {
		end := int(w.dec.InputOffset())
		w.spans = append(w.spans, span{start, end, valueMarker(schema, tok)})
		w.places = append(w.places, ptr)
	}
	return nil
}

func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}
