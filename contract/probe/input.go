package probe

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract"
)

// model is what probe knows of one operation: the parameters it generates
// values for, its JSON body and its security.
type model struct {
	op        *contract.Operation
	params    []*openapi3.Parameter // path, query and header, credentials left out
	body      *openapi3.Schema      // nil: the operation takes no JSON body
	bodyReq   bool
	mediaType string
	fixed     map[string]string              // --var values of parameters, never generated
	secured   bool                           // every alternative of its security asks for credentials
	groups    map[string]int                 // x-specdrift-together: parameter name → group
	security  []contract.SecurityRequirement // the operation's, read once
}

func newModel(op *contract.Operation, vars map[string]string) *model {
	m := &model{op: op, fixed: map[string]string{}, groups: map[string]int{}}
	skip := map[string]bool{"authorization": true, "content-type": true, "accept": true, "content-length": true, "host": true}
	sec := op.Security()
	m.security, m.secured = sec, len(sec) > 0
	for _, alt := range sec {
		m.secured = m.secured && len(alt) > 0
		for _, s := range alt {
			if s.Param != "" {
				skip[strings.ToLower(s.In+":"+s.Param)] = true
			}
		}
	}
	seen := map[string]bool{}
	add := func(ps openapi3.Parameters) {
		for _, ref := range ps {
			p := ref.Value
			if p == nil || p.In == "cookie" || seen[p.In+":"+p.Name] {
				continue
			}
			if p.In == "header" && (skip[strings.ToLower(p.Name)] || skip["header:"+strings.ToLower(p.Name)]) {
				continue
			}
			seen[p.In+":"+p.Name] = true
			if v, ok := vars[p.Name]; ok && p.In != "header" {
				m.fixed[p.Name] = v
			}
			m.params = append(m.params, p)
		}
	}
	add(op.Op.Parameters) // the operation's own win over the path item's
	add(op.Item.Parameters)
	sort.SliceStable(m.params, func(i, j int) bool { return m.params[i].In+m.params[i].Name < m.params[j].In+m.params[j].Name })
	for i, g := range togetherGroups(op) {
		for _, name := range g {
			m.groups[name] = i + 1
		}
	}
	if rb := op.Op.RequestBody; rb != nil && rb.Value != nil {
		for _, mt := range sortedKeys(rb.Value.Content) {
			media := rb.Value.Content[mt]
			base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
			if (base == "application/json" || strings.HasSuffix(base, "+json")) && media.Schema != nil && media.Schema.Value != nil {
				m.body, m.mediaType, m.bodyReq = media.Schema.Value, mt, rb.Value.Required
				break
			}
		}
	}
	return m
}

func togetherGroups(op *contract.Operation) [][]string {
	list, _ := op.Op.Extensions["x-specdrift-together"].([]any)
	var g []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			g = append(g, s)
		}
	}
	if len(g) == 0 {
		return nil
	}
	return [][]string{g}
}

// input is one generated request, before it is built: a value for each
// parameter sent (by "in:name"), the JSON body, and whether it carries
// credentials. Shrinking works on it.
type input struct {
	params  map[string]any
	body    any
	hasBody bool
	noCreds bool
	rawBody []byte // a body that is not JSON (a broken one), sent as it is
}

func (in input) clone() input {
	out := in
	out.params = make(map[string]any, len(in.params))
	for k, v := range in.params {
		out.params[k] = deepCopy(v)
	}
	out.body = deepCopy(in.body)
	return out
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

// request builds the request of in: the path with its parameters, the
// query, the headers and the body. Credentials are added when it is sent.
func (m *model) request(in input) (contract.Request, error) {
	path := m.op.Path
	var q strings.Builder // as url.Values.Encode writes it: m.params are in the order of their names
	h := http.Header{}
	query := func(name, value string) {
		if q.Len() > 0 {
			q.WriteByte('&')
		}
		q.WriteString(url.QueryEscape(name))
		q.WriteByte('=')
		q.WriteString(url.QueryEscape(value))
	}
	for _, p := range m.params {
		v, ok := in.params[p.In+":"+p.Name]
		if !ok {
			continue
		}
		switch p.In {
		case "path":
			path = strings.ReplaceAll(path, "{"+p.Name+"}", url.PathEscape(strings.Join(texts(v), ",")))
		case "query":
			if p.Explode == nil || *p.Explode {
				for _, s := range texts(v) {
					query(p.Name, s)
				}
			} else {
				query(p.Name, strings.Join(texts(v), ","))
			}
		case "header":
			h.Set(p.Name, strings.Join(texts(v), ","))
		}
	}
	if strings.Contains(path, "{") {
		return contract.Request{}, fmt.Errorf("%s: a path parameter has no value", m.op.ID)
	}
	r := contract.Request{Method: m.op.Method, URL: path, Header: h}
	if q.Len() > 0 {
		r.URL += "?" + q.String()
	}
	switch {
	case in.rawBody != nil:
		r.Body = in.rawBody
	case in.hasBody:
		b, err := json.Marshal(in.body)
		if err != nil {
			return contract.Request{}, err
		}
		r.Body = b
	}
	if len(r.Body) > 0 && m.mediaType != "" {
		h.Set("Content-Type", m.mediaType)
	}
	return r, nil
}

// texts renders a parameter value as the strings a URL or header carries.
func texts(v any) []string {
	if list, ok := v.([]any); ok {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = text(e)
		}
		return out
	}
	return []string{text(v)}
}

func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case nil:
		return ""
	case float64:
		return fmt.Sprint(t)
	case int64: // as JSON writes them, without encoding/json's cost
		return strconv.FormatInt(t, 10)
	case int:
		return strconv.Itoa(t)
	case bool:
		return strconv.FormatBool(t)
	}
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
