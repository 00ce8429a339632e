package docs

import (
	"regexp"
	"sort"
	"strings"

	"github.com/specdrift/specdrift/contract/docpage"
)

// mediaHeaders are the header parameters OpenAPI describes elsewhere: the
// request body's media type, the response media types, the security
// schemes. A spec cannot list them as parameters.
var mediaHeaders = map[string]bool{"content-type": true, "accept": true, "authorization": true}

// FromPage builds the model of a page's operation from its tables. Rows
// whose type it cannot read keep an unknown type; the reader's warnings say
// why.
func FromPage(p *docpage.Page) *Operation {
	b := &pageBuilder{page: p}
	op := &Operation{Method: p.Method, Path: p.Path, At: Loc{Line: p.MethodLine}, Objects: map[string]*Field{}}
	for i := range p.Tables {
		t := &p.Tables[i]
		switch {
		case t.Object:
			if _, dup := op.Objects[t.Name]; !dup {
				op.Objects[t.Name] = b.object(t, t.Name, t.In, nil)
			}
		case t.In == "path" || t.In == "query" || t.In == "header":
			for _, r := range t.Rows {
				f := b.field(r, t.In, t, nil)
				if t.In == "header" && mediaHeaders[strings.ToLower(r.Name)] {
					op.Media = append(op.Media, f)
					continue
				}
				op.Params = append(op.Params, f)
			}
		case t.In == "body":
			if op.Body == nil {
				op.Body = &Field{In: "body", Type: Type{Base: "object"}, PropsKnown: true, At: Loc{Line: t.Line}, PropsAt: Loc{Line: t.Line}}
			}
			op.Body.Props = append(op.Body.Props, b.fields(t, nil)...)
		}
	}
	op.Responses = b.responses()
	return op
}

type pageBuilder struct{ page *docpage.Page }

// responses gathers the statuses of the Status Codes table and of the
// response tables, with the body each status's tables describe.
func (b *pageBuilder) responses() []*Response {
	byStatus := map[int]*Response{}
	for _, s := range b.page.Statuses {
		if byStatus[s.Code] == nil {
			byStatus[s.Code] = &Response{Status: s.Code, At: Loc{Line: s.Line}}
		}
	}
	for i := range b.page.Tables {
		t := &b.page.Tables[i]
		if t.In != "response" || t.Object {
			continue
		}
		status := t.Status
		if status == 0 {
			status = b.successStatus()
		}
		r := byStatus[status]
		if r == nil {
			r = &Response{Status: status, At: Loc{Line: t.Line}}
			byStatus[status] = r
		}
		if r.Body == nil {
			r.Body = &Field{In: "response", Type: Type{Base: "object"}, PropsKnown: true, At: Loc{Line: t.Line}, PropsAt: Loc{Line: t.Line}}
		}
		r.Body.Props = append(r.Body.Props, b.fields(t, nil)...)
	}
	out := make([]*Response, 0, len(byStatus))
	for _, r := range byStatus {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Status < out[j].Status })
	return out
}

// successStatus is the status of response tables with no "Status code:"
// line: the first 2xx of the Status Codes table, else 200.
func (b *pageBuilder) successStatus() int {
	for _, s := range b.page.Statuses {
		if s.Code >= 200 && s.Code < 300 {
			return s.Code
		}
	}
	return 200
}

func (b *pageBuilder) fields(t *docpage.Table, seen []string) []*Field {
	out := make([]*Field, 0, len(t.Rows))
	for _, r := range t.Rows {
		out = append(out, b.field(r, t.In, t, seen))
	}
	return out
}

// field builds a Field from a row; seen are the objects being expanded,
// so that a table that refers to itself ends the expansion.
func (b *pageBuilder) field(r docpage.Param, in string, t *docpage.Table, seen []string) *Field {
	f := &Field{Name: r.Name, In: in, Required: r.Mandatory, Written: r.Type, Description: r.Description,
		At: Loc{Line: r.Line}, Enum: r.Enum, EnumDeclared: r.EnumDeclared, Format: dateFormat(r.Description)}
	if r.Default != "" {
		f.Default = ptr(r.Default)
	}
	typ, items, ref, _ := parseType(r.Type)
	f.Type = typ
	switch {
	case ref != "":
		b.expand(f, ref, in, t.Status, seen)
	case typ.Base == "array" && items != "":
		it := &Field{Name: r.Name, In: in, Written: items, At: f.At}
		it.Type, _, ref, _ = parseType(items)
		if ref != "" {
			b.expand(it, ref, in, t.Status, seen)
		}
		f.Items = it
	}
	f.Count = Bounds{floatOf(r.MinItems), floatOf(r.MaxItems)}
	bounds := Bounds{r.Min, r.Max}
	target := f
	if typ.Base == "array" && f.Items != nil {
		target = f.Items // "Minimum: 1" on an array bounds its items
	}
	switch target.Type.Base {
	case "string":
		target.Length = bounds
	case "integer", "number":
		target.Range = bounds
	}
	return f
}

// expand fills an object Field from the table that describes ref.
func (b *pageBuilder) expand(f *Field, ref, in string, status int, seen []string) {
	f.Type, f.Ref = Type{Base: "object"}, ref
	for _, s := range seen {
		if s == ref {
			return
		}
	}
	if t := b.objectTable(ref, in, status); t != nil {
		f.Props, f.PropsKnown, f.PropsAt = b.fields(t, append(seen, ref)), true, Loc{Line: t.Line}
	}
}

// object builds the Field of a named object table.
func (b *pageBuilder) object(t *docpage.Table, name, in string, seen []string) *Field {
	f := &Field{Name: name, In: in, Ref: name, Type: Type{Base: "object"}, At: Loc{Line: t.Line}, PropsKnown: true,
		PropsAt: Loc{Line: t.Line}}
	f.Props = b.fields(t, append(seen, name))
	return f
}

// objectTable finds the table of an object: in the same section and status
// if there is one, else anywhere on the page.
func (b *pageBuilder) objectTable(name, in string, status int) *docpage.Table {
	var fallback *docpage.Table
	for i := range b.page.Tables {
		t := &b.page.Tables[i]
		if t.Name != name {
			continue
		}
		if t.In == in && t.Status == status {
			return t
		}
		if fallback == nil {
			fallback = t
		}
	}
	return fallback
}

func floatOf(n *int) *float64 {
	if n == nil {
		return nil
	}
	return ptr(float64(*n))
}

// dateFormatRe finds a date and time pattern in a description: "The time
// is in the yyyy-MM-ddTHH:mm:ss format", "in yyyy-MM-dd'T'HH:mm:ss'Z' format".
var dateFormatRe = regexp.MustCompile(`\bin (?:the )?(?:format )?'?(yyyy[-yMdHhmsSTZX:.'/ ]*[yMdHhmsSZX'])'?(?: format)?`)

func dateFormat(desc string) string {
	m := dateFormatRe.FindStringSubmatch(desc)
	if m == nil {
		return ""
	}
	return m[1]
}
