package contract

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

// convertSwagger converts a Swagger 2.0 document to OpenAPI 3.0 and
// resolves its refs with loader. The conversion panics on some malformed
// documents; that is an error too.
func convertSwagger(d2 *openapi2.T, loader *openapi3.Loader, s *Spec) (doc *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("cannot convert Swagger 2.0 to OpenAPI 3: %v", r)
		}
	}()
	return openapi2conv.ToV3WithLoader(d2, loader, nil) // nil: see decodeV3
}

// swaggerMap turns the JSON pointers of a Swagger 2.0 document converted to
// OpenAPI 3 back into pointers of the document as written, wherever the
// conversion keeps the element: definitions, parameters (whose indices
// shift, as the body and form parameters become a request body), request
// bodies, responses, headers and security definitions.
type swaggerMap struct {
	params map[string][]string          // "/paths/~1a/get": the original pointer of each v3 parameter
	body   map[string]string            // "/paths/~1a/post": the original pointer of the body parameter
	form   map[string]map[string]string // "/paths/~1a/post": form parameter name → its original pointer
	defs   map[string]bool              // the names of definitions (the rest of components/schemas are form parameters)
}

func newSwaggerMap(d2 *openapi2.T) *swaggerMap {
	m := &swaggerMap{params: map[string][]string{}, body: map[string]string{}, form: map[string]map[string]string{}, defs: map[string]bool{}}
	for name := range d2.Definitions {
		m.defs[name] = true
	}
	in := func(p *openapi2.Parameter) (string, string) {
		if p == nil {
			return "", ""
		}
		if p.Ref != "" {
			if q := d2.Parameters[strings.TrimPrefix(p.Ref, "#/parameters/")]; q != nil {
				return q.In, q.Name
			}
		}
		return p.In, p.Name
	}
	add := func(key, base string, list openapi2.Parameters, inherit bool) {
		for i, p := range list {
			ptr := base + "/parameters/" + strconv.Itoa(i)
			switch where, name := in(p); where {
			case "body":
				if _, ok := m.body[key]; !ok || !inherit {
					m.body[key] = ptr
				}
			case "formData":
				if m.form[key] == nil {
					m.form[key] = map[string]string{}
				}
				if _, ok := m.form[key][name]; !ok || !inherit {
					m.form[key][name] = ptr
				}
			default:
				if !inherit {
					m.params[key] = append(m.params[key], ptr)
				}
			}
		}
	}
	for p, item := range d2.Paths {
		if item == nil {
			continue
		}
		base := "/paths/" + escapePointer(p)
		add(base, base, item.Parameters, false)
		for method, op := range item.Operations() {
			if op == nil {
				continue
			}
			key := base + "/" + strings.ToLower(method)
			add(key, key, op.Parameters, false)
			add(key, base, item.Parameters, true)
		}
	}
	return m
}

// original maps a pointer of the converted document to the written one.
func (m *swaggerMap) original(pointer string) string {
	toks := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	if len(toks) < 2 {
		if len(toks) == 1 && toks[0] == "servers" {
			return "/host"
		}
		return pointer
	}
	join := func(head string, rest []string) string {
		if len(rest) == 0 {
			return head
		}
		return head + "/" + strings.Join(rest, "/")
	}
	switch toks[0] {
	case "servers":
		return "/host"
	case "components":
		name := ""
		if len(toks) > 2 {
			name = "/" + toks[2]
		}
		rest := toks[min(3, len(toks)):]
		switch toks[1] {
		case "schemas":
			if name != "" && !m.defs[unescapePointer(toks[2])] {
				return join("/parameters"+name, rest)
			}
			return join("/definitions"+name, rest)
		case "parameters":
			return join("/parameters"+name, dropSchema(rest))
		case "requestBodies":
			return join("/parameters"+name, bodyRest(rest))
		case "responses":
			return join("/responses"+name, responseRest(rest))
		case "securitySchemes":
			return join("/securityDefinitions"+name, rest)
		}
		return pointer
	case "paths":
		if len(toks) < 3 {
			return pointer
		}
		key, rest := "/paths/"+toks[1], toks[2:]
		if rest[0] != "parameters" {
			key, rest = key+"/"+rest[0], rest[1:]
		}
		if len(rest) == 0 {
			return key
		}
		switch rest[0] {
		case "parameters":
			if len(rest) < 2 {
				return key + "/parameters"
			}
			i, err := strconv.Atoi(rest[1])
			if list := m.params[key]; err == nil && i >= 0 && i < len(list) {
				return join(list[i], dropSchema(rest[2:]))
			}
			return join(key+"/parameters", rest[1:])
		case "requestBody":
			if b, ok := m.body[key]; ok {
				return join(b, bodyRest(rest[1:]))
			}
			// form parameters: requestBody/content/{type}/schema/properties/{name}/...
			if len(rest) >= 6 && rest[3] == "schema" && rest[4] == "properties" {
				if p, ok := m.form[key][unescapePointer(rest[5])]; ok {
					return join(p, rest[6:])
				}
			}
			return key + "/parameters"
		case "responses":
			return join(key+"/responses", responseRest(rest[1:]))
		}
		return join(key, rest)
	}
	return pointer
}

// dropSchema maps what follows a parameter: its schema's keywords stand on
// the Swagger parameter itself.
func dropSchema(rest []string) []string {
	if len(rest) > 0 && rest[0] == "schema" {
		return rest[1:]
	}
	return rest
}

// bodyRest maps what follows a request body: content/{type}/schema/... is
// the body parameter's schema/...
func bodyRest(rest []string) []string {
	if len(rest) >= 3 && rest[0] == "content" && rest[2] == "schema" {
		return append([]string{"schema"}, rest[3:]...)
	}
	if len(rest) > 0 && rest[0] == "content" {
		return nil
	}
	return rest
}

// responseRest maps what follows responses/: {code}/content/{type}/schema/...
// is {code}/schema/..., the example of a type is {code}/examples/{type}, and
// a header's schema is the header.
func responseRest(rest []string) []string {
	if len(rest) < 2 {
		return rest
	}
	code, tail := rest[0], rest[1:]
	switch {
	case tail[0] == "content" && len(tail) >= 3 && tail[2] == "schema":
		return append([]string{code, "schema"}, tail[3:]...)
	case tail[0] == "content" && len(tail) >= 3 && tail[2] == "example":
		return append([]string{code, "examples", tail[1]}, tail[3:]...)
	case tail[0] == "content":
		return []string{code}
	case tail[0] == "headers" && len(tail) >= 3 && tail[2] == "schema":
		return append([]string{code, "headers", tail[1]}, tail[3:]...)
	}
	return rest
}

func unescapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}
