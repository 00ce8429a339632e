package contract

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// exampleExchange is one exchange made of a spec's examples, with where in
// Doc the values of its bodies stand ("" for a body that is not an
// example: a request built from the parameters alone).
type exampleExchange struct {
	ex       *Exchange
	request  string // the request example's value
	response string // the response example's value
}

// ExampleExchanges turns the operation's examples into exchanges, as the
// mock serves them. Each example of a documented response that has a
// status ("200", not "default" or "2XX") and a JSON media type is one
// exchange, in the order of the statuses, the named examples (sorted)
// before the media type's example. Its request is the request body's
// example of the same name, else the only one there is, else a request
// with no body; a request example that no response example pairs with is
// an exchange of its own, with no response. The request's URL is the
// operation's path under the spec's first server, its path parameters and
// required query parameters and headers from their examples (or values
// built from their schemas). Each exchange names the operation and the
// example, and its source is the spec at the example (Entry its pointer).
func (o *Operation) ExampleExchanges() []*Exchange {
	ees := o.exampleExchanges()
	out := make([]*Exchange, len(ees))
	for i, ee := range ees {
		out[i] = ee.ex
	}
	return out
}

// ExampleExchanges lists the example exchanges of every operation of the
// spec (see Operation.ExampleExchanges), in the order of the operations.
func (s *Spec) ExampleExchanges() []*Exchange {
	var out []*Exchange
	for _, o := range s.Operations {
		out = append(out, o.ExampleExchanges()...)
	}
	return out
}

// namedExample is one example of a media type: a named one's value is at
// pointer + "/value", the media type's example at pointer itself.
type namedExample struct {
	name    string
	pointer string
	value   string // pointer of the value
	body    []byte
}

// mediaExamples lists the examples of a JSON media type of content: the
// named ones sorted, then the media type's example. Examples without a
// value (an externalValue) are left out.
func mediaExamples(content openapi3.Content, pointer string) (string, []namedExample) {
	mt, media := jsonMediaType(content)
	if media == nil {
		return "", nil
	}
	base := pointer + "/content/" + escapePointer(mt)
	var out []namedExample
	for _, name := range sortedKeys(media.Examples) {
		ex := media.Examples[name]
		if ex == nil || ex.Value == nil || ex.Value.Value == nil {
			continue
		}
		if b, err := json.Marshal(ex.Value.Value); err == nil {
			p := base + "/examples/" + escapePointer(name)
			out = append(out, namedExample{name: name, pointer: p, value: p + "/value", body: b})
		}
	}
	if media.Example != nil {
		if b, err := json.Marshal(media.Example); err == nil {
			out = append(out, namedExample{name: "example", pointer: base + "/example", value: base + "/example", body: b})
		}
	}
	return mt, out
}

// jsonMediaType picks the JSON media type of a content map, the first in
// sorted order.
func jsonMediaType(content openapi3.Content) (string, *openapi3.MediaType) {
	for _, mt := range sortedKeys(content) {
		base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
		if base == "application/json" || strings.HasSuffix(base, "+json") {
			return mt, content[mt]
		}
	}
	return "", nil
}

func (o *Operation) exampleExchanges() []exampleExchange {
	var reqType string
	var reqs []namedExample
	if rb := o.Op.RequestBody; rb != nil && rb.Value != nil {
		reqType, reqs = mediaExamples(rb.Value.Content, o.Pointer+"/requestBody")
	}
	used := map[string]bool{} // the request examples paired with a response example
	pick := func(name string) *namedExample {
		for i := range reqs {
			if reqs[i].name == name {
				return &reqs[i]
			}
		}
		if len(reqs) == 1 {
			return &reqs[0]
		}
		return nil
	}
	var out []exampleExchange
	if o.Op.Responses != nil {
		for _, key := range o.Statuses() {
			status, err := strconv.Atoi(key)
			if err != nil {
				continue
			}
			resp := o.Op.Responses.Value(key)
			if resp == nil || resp.Value == nil {
				continue
			}
			mt, exs := mediaExamples(resp.Value.Content, o.Pointer+"/responses/"+key)
			for _, rx := range exs {
				q := pick(rx.name)
				ee := exampleExchange{ex: o.exampleRequest(q, reqType, rx), response: rx.value}
				ee.ex.Response = &Response{Status: status, Header: http.Header{"Content-Type": {mt}}, Body: rx.body}
				ee.ex.Source.Lines["response.status"] = o.Spec.rootLine(o.Pointer + "/responses/" + key)
				ee.ex.Source.Lines["response.body"] = o.Spec.rootLine(rx.value)
				if q != nil {
					ee.request = q.value
					used[q.name] = true
				}
				out = append(out, ee)
			}
		}
	}
	for i := range reqs {
		if !used[reqs[i].name] {
			out = append(out, exampleExchange{ex: o.exampleRequest(&reqs[i], reqType, reqs[i]), request: reqs[i].value})
		}
	}
	return out
}

// exampleRequest builds the request of an example exchange: with the body
// of req (nil: none), named and sourced after the example at.
func (o *Operation) exampleRequest(req *namedExample, mt string, at namedExample) *Exchange {
	s := o.Spec
	ex := &Exchange{Operation: o.ID, Example: at.name,
		Source: Source{Name: s.Name, Entry: at.pointer, Lines: map[string]int{
			"exchange": s.rootLine(at.pointer), "request": s.rootLine(o.Pointer), "request.url": s.rootLine(o.Pointer)}}}
	r := Request{Method: o.Method, Header: http.Header{}}
	var p strings.Builder
	p.WriteString(s.exampleServer())
	for _, seg := range o.segments {
		p.WriteString("/")
		switch seg.kind {
		case segLiteral:
			p.WriteString(seg.text)
		default:
			p.WriteString(paramInSegment.ReplaceAllStringFunc(seg.text, func(m string) string {
				return url.PathEscape(o.paramExample(m[1:len(m)-1], openapi3.ParameterInPath))
			}))
		}
	}
	q := url.Values{}
	for _, prm := range o.parameters() {
		if !prm.Required {
			continue
		}
		switch prm.In {
		case openapi3.ParameterInQuery:
			q.Add(prm.Name, o.paramExample(prm.Name, prm.In))
		case openapi3.ParameterInHeader:
			r.Header.Set(prm.Name, o.paramExample(prm.Name, prm.In))
		}
	}
	r.URL = p.String()
	if len(q) > 0 {
		r.URL += "?" + q.Encode()
	}
	if req != nil {
		r.Header.Set("Content-Type", mt)
		r.Body = req.body
		ex.Source.Lines["request.body"] = s.rootLine(req.value)
	}
	ex.Request = r
	return ex
}

// parameters lists the operation's parameters: the path item's, unless the
// operation has one of the same name and location, then the operation's.
func (o *Operation) parameters() []*openapi3.Parameter {
	var out []*openapi3.Parameter
	own := map[string]bool{}
	for _, ref := range o.Op.Parameters {
		if ref != nil && ref.Value != nil {
			out = append(out, ref.Value)
			own[ref.Value.In+" "+ref.Value.Name] = true
		}
	}
	for _, ref := range o.Item.Parameters {
		if ref != nil && ref.Value != nil && !own[ref.Value.In+" "+ref.Value.Name] {
			out = append(out, ref.Value)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].In+out[i].Name < out[j].In+out[j].Name })
	return out
}

// paramExample is the value an example request gives a parameter: its
// example, else its first named example, else one its schema gives (an
// example, the default, the first enum value) or a value of its type.
func (o *Operation) paramExample(name, in string) string {
	var prm *openapi3.Parameter
	for _, p := range o.parameters() {
		if p.Name == name && p.In == in {
			prm = p
			break
		}
	}
	if prm == nil {
		return name
	}
	if prm.Example != nil {
		return paramText(prm.Example)
	}
	for _, n := range sortedKeys(prm.Examples) {
		if ex := prm.Examples[n]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return paramText(ex.Value.Value)
		}
	}
	if prm.Schema == nil || prm.Schema.Value == nil {
		return name
	}
	return paramText(schemaSample(prm.Schema.Value))
}

// schemaSample is a simple value of a parameter's schema.
func schemaSample(sv *openapi3.Schema) any {
	switch {
	case sv.Example != nil:
		return sv.Example
	case sv.Default != nil:
		return sv.Default
	case len(sv.Enum) > 0:
		return sv.Enum[0]
	case sv.Type.Is("integer"), sv.Type.Is("number"):
		if sv.Min != nil {
			return *sv.Min + 1
		}
		return 1
	case sv.Type.Is("boolean"):
		return true
	case sv.Type.Is("array") && sv.Items != nil && sv.Items.Value != nil:
		return []any{schemaSample(sv.Items.Value)}
	}
	switch sv.Format {
	case "date-time":
		return "2024-01-01T00:00:00Z"
	case "date":
		return "2024-01-01"
	case "uuid":
		return "00000000-0000-4000-8000-000000000000"
	}
	v := "example"
	if n := int(sv.MinLength); n > len(v) {
		v += strings.Repeat("x", n-len(v))
	}
	return v
}

// paramText renders a parameter's value as the simple style sends it.
func paramText(v any) string {
	switch t := v.(type) {
	case string:
		if t == "" {
			return "example"
		}
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			parts[i] = paramText(e)
		}
		return strings.Join(parts, ",")
	case nil:
		return "example"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "example"
	}
	return strings.Trim(string(b), `"`)
}

// exampleServer is the first server's URL, its variables at their
// defaults, without a trailing slash: what example requests go to ("" when
// the spec lists none).
func (s *Spec) exampleServer() string {
	if len(s.Doc.Servers) == 0 || s.Doc.Servers[0] == nil {
		return ""
	}
	sv := s.Doc.Servers[0]
	u := paramInSegment.ReplaceAllStringFunc(sv.URL, func(m string) string {
		if v := sv.Variables[m[1:len(m)-1]]; v != nil && v.Default != "" {
			return v.Default
		}
		return "example"
	})
	return strings.TrimRight(u, "/")
}

// rootLine is the line of pointer in the spec's root file, 0 when the node
// is written in another file (a $ref leads there).
func (s *Spec) rootLine(pointer string) int {
	loc := s.Locate(pointer)
	if loc.File != s.Name {
		return 0
	}
	return loc.Line
}
