package docs

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/specdrift/specdrift/contract/docpage"
)

// Draft is an OpenAPI 3.0 document drafted from documentation pages.
type Draft struct {
	YAML []byte
	// Origins maps JSON pointers into the draft (operations, parameters,
	// properties, responses, schemas) to the page lines they come from.
	Origins map[string]Origin
}

// Origin is a line of a page.
type Origin struct {
	Page string
	Line int
}

// Import drafts one OpenAPI document with an operation for each page, read
// from the page's tables as they are: types, mandatory rows, lengths,
// ranges, array lengths, allowed values, defaults, time formats, statuses.
// Objects the pages describe become component schemas, shared by pages
// that describe them alike. It fails only for a page with no request line.
func Import(pages []*docpage.Page) (*Draft, error) {
	im := &importer{origins: map[string]Origin{}, schemas: map[string]*schemaEntry{}}
	for _, p := range pages {
		if p.Method == "" || p.Path == "" {
			return nil, fmt.Errorf("%s: no request line (such as \"POST /v3/...\") found: cannot draft its operation", p.Name)
		}
	}
	paths := &yaml.Node{Kind: yaml.MappingNode}
	items := map[string]*yaml.Node{}
	for _, p := range pages {
		im.page = p
		item := items[p.Path]
		if item == nil {
			item = &yaml.Node{Kind: yaml.MappingNode}
			items[p.Path] = item
			add(paths, p.Path, item)
		}
		ptr := "/paths/" + escape(p.Path) + "/" + strings.ToLower(p.Method)
		add(item, strings.ToLower(p.Method), im.operation(p, ptr))
	}
	comps := &yaml.Node{Kind: yaml.MappingNode}
	for _, name := range im.order {
		add(comps, name, im.schemas[name].node)
	}
	root := mapping("openapi", str("3.0.3"), "info", im.info(pages), "paths", paths)
	if len(im.order) > 0 {
		add(root, "components", mapping("schemas", comps))
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return &Draft{YAML: b.Bytes(), Origins: im.origins}, nil
}

type importer struct {
	page    *docpage.Page
	opID    string
	origins map[string]Origin
	schemas map[string]*schemaEntry
	order   []string
}

type schemaEntry struct {
	node *yaml.Node
	text string // the node as YAML, to tell equal schemas from different ones
}

func (im *importer) origin(ptr string, line int) {
	if line > 0 {
		im.origins[ptr] = Origin{Page: im.page.Name, Line: line}
	}
}

// PageID names a page as specs do in x-specdrift-page: its file name up to
// the first "_" or ".", "cloudconnect-list-permissions" for
// "spec/pages/cloudconnect-list-permissions.txt", "002" for "002_v2.txt".
func PageID(name string) string {
	base := filepath.Base(name)
	if i := strings.IndexAny(base, "_."); i > 0 {
		return base[:i]
	}
	return base
}

func (im *importer) info(pages []*docpage.Page) *yaml.Node {
	title, version := "Draft", "undated"
	var names, ids []string
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, p := range pages {
		names = append(names, filepath.Base(p.Name))
		ids = append(ids, PageID(p.Name))
		if p.Updated > version || version == "undated" && p.Updated != "" {
			version = p.Updated
		}
		e := mapping("page", str(PageID(p.Name)), "title", str(p.Title), "operation", str(operationID(p)))
		if p.Updated != "" {
			add(e, "updated", str(p.Updated))
		}
		list.Content = append(list.Content, e)
	}
	if len(pages) > 0 && pages[0].Title != "" {
		title = pages[0].Title
	}
	if len(pages) > 1 {
		title = fmt.Sprintf("Draft of pages %s", strings.Join(ids, ", "))
	}
	return mapping("title", str(title), "version", str(version),
		"description", str("Drafted by specdrift docs import from "+strings.Join(names, ", ")+
			", as the parameter tables state it. Review before use: add servers and security, and record each choice where the spec departs from a page."),
		"x-specdrift-doc-version", str(version), "x-specdrift-pages", list)
}

// operation drafts the operation of page p at pointer ptr.
func (im *importer) operation(p *docpage.Page, ptr string) *yaml.Node {
	op := FromPage(p)
	im.opID = operationID(p)
	im.origin(ptr, p.MethodLine)
	n := mapping("operationId", str(im.opID), "summary", str(p.Title), "x-specdrift-page", str(PageID(p.Name)))
	if ps := pathParams(p.Path, op.Params); len(ps) > 0 {
		params := &yaml.Node{Kind: yaml.SequenceNode}
		for i, f := range ps {
			params.Content = append(params.Content, im.parameter(f, fmt.Sprintf("%s/parameters/%d", ptr, i)))
		}
		add(n, "parameters", params)
	}
	if op.Body != nil {
		name := im.opID + "RequestBody"
		add(n, "requestBody", mapping("required", boolean(true), "content",
			mapping("application/json", mapping("schema", im.component(name, op.Body)))))
	}
	responses := &yaml.Node{Kind: yaml.MappingNode}
	bodies := 0
	for _, r := range op.Responses {
		if r.Body != nil {
			bodies++
		}
	}
	for _, r := range op.Responses {
		code := statusName(r.Status)
		im.origin(ptr+"/responses/"+code, r.At.Line)
		resp := mapping("description", str(im.statusText(r.Status)))
		if r.Body != nil {
			name := im.opID + "ResponseBody"
			if bodies > 1 {
				name += code
			}
			add(resp, "content", mapping("application/json", mapping("schema", im.component(name, r.Body))))
		}
		add(responses, code, resp)
	}
	if len(op.Responses) == 0 {
		add(responses, "default", mapping("description", str("The page documents no status.")))
	}
	add(n, "responses", responses)
	return n
}

// statusText is a status's description: the Status Codes table's, else
// the response example's caption.
func (im *importer) statusText(code int) string {
	for _, s := range im.page.Statuses {
		if s.Code == code && s.Description != "" {
			return s.Description
		}
	}
	for _, e := range im.page.Examples {
		if e.Kind == "response" && e.Status == code && e.Title != "" {
			return e.Title
		}
	}
	return "Status " + statusName(code) + "."
}

func (im *importer) parameter(f *Field, ptr string) *yaml.Node {
	im.origin(ptr, f.At.Line)
	n := mapping("name", str(f.Name), "in", str(f.In))
	switch {
	case f.In == "path" || f.Required != nil && *f.Required:
		add(n, "required", boolean(true))
	case f.Required != nil:
		add(n, "required", boolean(false)) // as the page says it
	}
	if f.Description != "" {
		add(n, "description", str(f.Description))
	}
	if f.In == "query" && f.Type.Base == "array" {
		add(n, "style", str("form"), "explode", boolean(true))
	}
	add(n, "schema", im.schema(f, ptr+"/schema", false))
	return n
}

// pathParams fits the parameters to the path template, as OpenAPI wants
// them: a path row the template does not name is left out (the reader
// warns of it), and a template parameter no row documents is added as a
// string.
func pathParams(template string, params []*Field) []*Field {
	names := map[string]bool{}
	for _, m := range paramRe.FindAllString(template, -1) {
		names[m[1:len(m)-1]] = true
	}
	var out []*Field
	seen := map[string]bool{}
	for _, f := range params {
		key := f.In + " " + strings.ToLower(f.Name)
		if f.In == "path" && !names[f.Name] || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, f)
	}
	for _, m := range paramRe.FindAllString(template, -1) {
		name := m[1 : len(m)-1]
		if !seen["path "+strings.ToLower(name)] {
			seen["path "+strings.ToLower(name)] = true
			out = append(out, &Field{Name: name, In: "path", Type: Type{Base: "string"},
				Description: "Not documented on the page: only the path names it."})
		}
	}
	return out
}
