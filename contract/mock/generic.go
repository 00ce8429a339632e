package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

type callKey struct{}

// call is what the mock decided for one valid request, handed to the
// handler of its operation through the request's context.
type call struct {
	op         *operation
	cand       *candidate
	asRecorded bool
}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// typedBody returns a copy of the candidate's body decoded into its
// generated type T, if the candidate has that status and was decoded.
// Callers change the copy only by replacing fields, never through the
// pointers it shares with the candidate.
func typedBody[T any](c *call, status int) (T, bool) {
	var zero T
	if c == nil || c.cand.status != status {
		return zero, false
	}
	v, ok := c.cand.typed.(*T)
	if !ok {
		return zero, false
	}
	return *v, true
}

// recorded is a response served as the candidate has it: the status,
// headers and body bytes. It implements every generated operation's
// response interface (see the Visit methods in the service files).
type recorded struct{ c *call }

func (r recorded) write(w http.ResponseWriter) error {
	if r.c == nil {
		return errNoCall
	}
	return writeCandidate(w, r.c.cand, r.c.cand.body)
}

func writeCandidate(w http.ResponseWriter, c *candidate, body []byte) error {
	if ct := c.header.Get("Content-Type"); ct != "" {
		w.Header().Set("Content-Type", ct)
	} else if len(body) > 0 && json.Valid(body) {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(c.status)
	_, err := w.Write(body)
	return err
}

// serveGeneric answers an operation that has no generated code: the
// candidate's body, with the path's values echoed into fields of the same
// name.
func serveGeneric(w http.ResponseWriter, r *http.Request) {
	c := callFrom(r.Context())
	if c == nil {
		responseError(w, r, errNoCall)
		return
	}
	body := c.cand.body
	if !c.asRecorded {
		body = echoPath(body, c.op.params.values(r.URL.EscapedPath()))
	}
	if err := writeCandidate(w, c.cand, body); err != nil {
		return // the client went away
	}
}

type mockError string

func (e mockError) Error() string { return string(e) }

const errNoCall = mockError("the request reached a handler without the mock's decision")

// echoPath sets every string field named like a path parameter to the
// request's value of it, at any depth: the owner IDs a response repeats
// (domain_id, project_id) agree with the request then.
func echoPath(body []byte, values map[string]string) []byte {
	if len(values) == 0 || len(body) == 0 {
		return body
	}
	mentioned := false
	for name := range values {
		mentioned = mentioned || bytes.Contains(body, []byte(`"`+name+`"`))
	}
	if !mentioned {
		return body
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return body
	}
	replaceFields(v, values)
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}

func replaceFields(v any, values map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if val, ok := values[k]; ok {
				if _, isString := e.(string); isString {
					t[k] = val
					continue
				}
			}
			replaceFields(e, values)
		}
	case []any:
		for _, e := range t {
			replaceFields(e, values)
		}
	}
}

// pathTemplate extracts the values of a path's parameters.
type pathTemplate struct {
	re    *regexp.Regexp
	names []string
}

var paramRE = regexp.MustCompile(`\{([^{}]+)\}`)

func newPathTemplate(p string) *pathTemplate {
	var names []string
	var sb strings.Builder
	sb.WriteString("^")
	last := 0
	for _, m := range paramRE.FindAllStringSubmatchIndex(p, -1) {
		sb.WriteString(regexp.QuoteMeta(p[last:m[0]]))
		sb.WriteString("([^/]+)")
		names = append(names, p[m[2]:m[3]])
		last = m[1]
	}
	sb.WriteString(regexp.QuoteMeta(p[last:]) + "$")
	return &pathTemplate{re: regexp.MustCompile(sb.String()), names: names}
}

func (t *pathTemplate) values(p string) map[string]string {
	if len(t.names) == 0 {
		return nil
	}
	m := t.re.FindStringSubmatch(p)
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(t.names))
	for i, name := range t.names {
		v, err := url.PathUnescape(m[i+1])
		if err != nil {
			v = m[i+1]
		}
		out[name] = v
	}
	return out
}

// jsonMedia picks the JSON media type of a content map.
func jsonMedia(content openapi3.Content) (string, *openapi3.MediaType) {
	for _, mt := range slices.Sorted(maps.Keys(content)) {
		base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
		if base == "application/json" || strings.HasSuffix(base, "+json") {
			return mt, content[mt]
		}
	}
	return "", nil
}
