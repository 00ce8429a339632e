package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Exchange returns a copy of ex in which every secret is replaced by a
// marker that validates against the spec, for recording: the user name and
// password of its URL; credentials in headers (X-Auth-Token, the
// Authorization signature, cookies, the specs' apiKey headers, any header
// named like a secret) and the secrets of URL-valued headers (Location,
// Link, ...); query parameters named like a secret; JSON and form fields
// named like one or that the schema marks "format: password" or writeOnly.
// A body that cannot be parsed (neither JSON nor a form, or malformed) is
// replaced whole, unless the redactor keeps unparsed bodies: no name says
// what is secret in it. A marker takes the type, format and length the
// spec gives the value; where the recorded value already had another type
// (drift), the marker keeps the recorded type, so that the recording shows
// the same drift without the secret. op is the exchange's operation, nil if
// unknown. The second result lists what was redacted, as "request.header
// X-Auth-Token" or "response.body /a/0/password".
func (r *Redactor) Exchange(ex *Exchange, op *Operation) (*Exchange, []string) {
	out := *ex
	var places []string
	note := func(side, in, where string) { places = append(places, side+"."+in+" "+where) }
	out.Request.Header = r.redactHeaders(ex.Request.Header, op, func(n string) { note("request", "header", n) })
	out.Request.URL = r.requestURL(ex.Request.URL, op, func(n string) { note("request", "query", n) })
	var reqSchema *openapi3.Schema
	if op != nil && op.Op.RequestBody != nil && op.Op.RequestBody.Value != nil {
		reqSchema = contentSchema(op.Op.RequestBody.Value.Content, ex.Request.Header.Get("Content-Type"))
	}
	out.Request.Body = r.body(ex.Request.Body, ex.Request.Header.Get("Content-Type"), reqSchema, func(p string) { note("request", "body", p) })
	if resp := ex.Response; resp != nil {
		red := *resp
		red.Header = r.redactHeaders(resp.Header, nil, func(n string) { note("response", "header", n) })
		red.Body = r.body(resp.Body, resp.Header.Get("Content-Type"), responseSchema(op, resp), func(p string) { note("response", "body", p) })
		out.Response = &red
	}
	return &out, places
}

func (r *Redactor) redactHeaders(h http.Header, op *Operation, note func(string)) http.Header {
	out := h.Clone()
	for name, vs := range out {
		marker := Marker
		if r.SecretHeader(name) {
			marker = stringMarker(paramSchema(op, openapi3.ParameterInHeader, name))
		} else if !urlHeader[http.CanonicalHeaderKey(name)] {
			continue
		}
		changed := false
		for i, v := range vs {
			red := r.HeaderValue(name, v, marker)
			changed = changed || red != v
			vs[i] = red
		}
		if changed {
			note(name)
		}
	}
	return out
}

// requestURL removes a request URL's user name and password and replaces
// the values of its secret parameters by markers, keeping the rest as it
// was.
func (r *Redactor) requestURL(raw string, op *Operation, note func(string)) string {
	raw = StripUserinfo(raw)
	marker := func(name string) string {
		note(name)
		return stringMarker(paramSchema(op, openapi3.ParameterInQuery, name))
	}
	rest, frag, hasFrag := strings.Cut(raw, "#")
	path, query, hasQuery := strings.Cut(rest, "?")
	out := r.pathParams(path, Marker)
	if hasQuery {
		q, _ := r.Form(query, marker)
		out += "?" + q
	}
	if hasFrag {
		f, _ := r.Form(frag, marker)
		out += "#" + f
	}
	return out
}

// body redacts a JSON or form body by its fields; a body that cannot be
// parsed is replaced whole, unless kept.
func (r *Redactor) body(body []byte, contentType string, schema *openapi3.Schema, note func(string)) []byte {
	if len(body) == 0 {
		return body
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		red, changed := r.Form(string(body), func(name string) string {
			note("/" + name)
			return stringMarker(propertySchema(schema, name))
		})
		if changed {
			return []byte(red)
		}
		return body
	case strings.Contains(mt, "json") || mt == "" && json.Valid(body):
		if red, ok := r.json(body, schema, note); ok {
			return red
		}
	}
	if r != nil && r.keepUnparsed {
		return body
	}
	what := mt
	if what == "" {
		what = "no content type"
	}
	note(fmt.Sprintf("(the whole body: %s, %d bytes, not parsed)", what, len(body)))
	return []byte(Marker)
}

func paramSchema(op *Operation, in, name string) *openapi3.Schema {
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

func responseSchema(op *Operation, resp *Response) *openapi3.Schema {
	if op == nil || op.Op.Responses == nil {
		return nil
	}
	code := strconv.Itoa(resp.Status)
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
	return contentSchema(ref.Value.Content, resp.Header.Get("Content-Type"))
}

// json replaces the secret values of a JSON body, keeping every other
// byte: a scalar under a secret name or schema becomes a marker, and so
// does every scalar inside an object or array under one. ok is false when
// the body is not JSON.
func (r *Redactor) json(body []byte, schema *openapi3.Schema, note func(string)) (out []byte, ok bool) {
	if !json.Valid(body) {
		return nil, false
	}
	w := &jsonRedactor{r: r, body: body, dec: json.NewDecoder(bytes.NewReader(body))}
	w.dec.UseNumber()
	if err := w.value("", schema, secretSchema(schema)); err != nil {
		return nil, false
	}
	if _, err := w.dec.Token(); err == nil {
		return nil, false // more than one value
	}
	if len(w.spans) == 0 {
		return body, true
	}
	for _, p := range w.places {
		note(p)
	}
	var buf bytes.Buffer
	last := 0
	for _, s := range w.spans {
		buf.Write(body[last:s.start])
		buf.Write(s.repl)
		last = s.end
	}
	buf.Write(body[last:])
	return buf.Bytes(), true
}

type redactSpan struct {
	start, end int
	repl       []byte
}

type jsonRedactor struct {
	r      *Redactor
	body   []byte
	dec    *json.Decoder
	spans  []redactSpan
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
			ps := propertySchema(schema, key)
			if err := w.value(ptr+"/"+escapePointer(key), ps, secret || w.r.SecretParam(key) || secretSchema(ps)); err != nil {
				return err
			}
		}
		_, err = w.dec.Token()
		return err
	case json.Delim('['):
		var is *openapi3.Schema
		if schema != nil && schema.Items != nil {
			is = schema.Items.Value
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(ptr+"/"+strconv.Itoa(i), is, secret || secretSchema(is)); err != nil {
				return err
			}
		}
		_, err = w.dec.Token()
		return err
	}
	if secret {
		end := int(w.dec.InputOffset())
		w.spans = append(w.spans, redactSpan{start, end, valueMarker(schema, tok)})
		w.places = append(w.places, ptr)
	}
	return nil
}
