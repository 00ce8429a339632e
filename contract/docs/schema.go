package docs

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/specdrift/specdrift/contract/docpage"
)

// component registers an object schema under name (or, when another page
// already describes a different object of that name, under the operation's
// name in front) and returns a $ref to it.
func (im *importer) component(name string, f *Field) *yaml.Node {
	for _, cand := range []string{name, im.opID + name} {
		ptr := "/components/schemas/" + escape(cand)
		if e := im.schemas[cand]; e != nil {
			if e.text == im.peek(f, ptr) {
				return mapping("$ref", str("#"+ptr))
			}
			continue
		}
		e := &schemaEntry{}
		im.schemas[cand], im.order = e, append(im.order, cand) // listed before the objects it refers to
		e.node = im.object(f, ptr)
		e.text = encode(e.node)
		im.origin(ptr, f.At.Line)
		return mapping("$ref", str("#"+ptr))
	}
	// Both names are taken by different objects: describe it in place.
	return im.object(f, "")
}

// peek renders the schema f would get, without registering anything.
func (im *importer) peek(f *Field, ptr string) string {
	saved := &importer{page: im.page, opID: im.opID, origins: map[string]Origin{}, schemas: map[string]*schemaEntry{}}
	for k, v := range im.schemas {
		saved.schemas[k] = v
	}
	saved.order = append(saved.order, im.order...)
	return encode(saved.object(f, ptr))
}

func encode(n *yaml.Node) string {
	b, err := yaml.Marshal(n)
	if err != nil {
		return ""
	}
	return string(b)
}

// object drafts an object schema with its properties. A table that lists
// a name twice gets the first row's property (a YAML mapping cannot hold
// both; the reader warns of a row repeated in a table).
func (im *importer) object(f *Field, ptr string) *yaml.Node {
	n := mapping("type", str("object"))
	var required []*yaml.Node
	props := &yaml.Node{Kind: yaml.MappingNode}
	seen := map[string]bool{}
	for _, p := range f.Props {
		if seen[p.Name] {
			continue
		}
		seen[p.Name] = true
		if p.Required != nil && *p.Required {
			required = append(required, str(p.Name))
		}
		pp := ptr + "/properties/" + escape(p.Name)
		if ptr != "" {
			im.origin(pp, p.At.Line)
		}
		add(props, p.Name, im.schema(p, pp, true))
	}
	if len(required) > 0 {
		add(n, "required", &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: required})
	}
	if len(f.Props) > 0 {
		add(n, "properties", props)
	}
	return n
}

// schema drafts the schema of a field: a $ref for a described object, else
// its type and constraints.
func (im *importer) schema(f *Field, ptr string, describe bool) *yaml.Node {
	if f.Type.Base == "object" && f.Ref != "" && f.PropsKnown {
		return im.component(f.Ref, f)
	}
	n := &yaml.Node{Kind: yaml.MappingNode}
	if f.Type.Base != "" {
		add(n, "type", str(f.Type.Base))
	}
	if format := f.Type.Format; format != "" {
		add(n, "format", str(format))
	} else if f.Format != "" {
		add(n, "format", str(timeFormat(f.Format)))
	}
	desc := ""
	if describe {
		desc = f.Description
	}
	if f.Type.Base == "" && f.Written != "" {
		desc = strings.TrimSpace(desc + "\n(The page types it " + strconv.Quote(f.Written) + ".)")
	}
	if desc != "" {
		add(n, "description", str(desc))
	}
	if f.Length.Min != nil {
		add(n, "minLength", number(*f.Length.Min))
	}
	if f.Length.Max != nil {
		add(n, "maxLength", number(*f.Length.Max))
	}
	if f.Range.Min != nil {
		add(n, "minimum", number(*f.Range.Min))
	}
	if f.Range.Max != nil {
		add(n, "maximum", number(*f.Range.Max))
	}
	if f.Count.Min != nil {
		add(n, "minItems", number(*f.Count.Min))
	}
	if f.Count.Max != nil {
		add(n, "maxItems", number(*f.Count.Max))
	}
	if len(f.Enum) > 0 {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, v := range f.Enum {
			list.Content = append(list.Content, typed(v, f.Type.Base))
		}
		add(n, "enum", list)
	}
	if f.Default != nil {
		add(n, "default", typed(*f.Default, f.Type.Base))
	}
	if f.Type.Base == "array" {
		items := &yaml.Node{Kind: yaml.MappingNode}
		if f.Items != nil {
			items = im.schema(f.Items, ptr+"/items", false)
		}
		add(n, "items", items)
	}
	if f.Type.Base == "object" && f.Ref == "" && f.PropsKnown {
		obj := im.object(f, ptr)
		n.Content = append(n.Content, obj.Content[2:]...) // all but "type: object"
	}
	return n
}

// typed renders a value the page writes as text in the field's type.
func typed(v, base string) *yaml.Node {
	switch base {
	case "integer", "number":
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return number(f)
		}
	case "boolean":
		if b, err := strconv.ParseBool(v); err == nil {
			return boolean(b)
		}
	}
	return str(v)
}

func number(f float64) *yaml.Node {
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(f), 10)}
	}
	if f == math.Trunc(f) { // ±2^63: the page wrote the int64 limits
		v := "9223372036854775807"
		if f < 0 {
			v = "-9223372036854775808"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f, 'g', -1, 64)}
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

// mapping builds a mapping from alternating keys and values.
func mapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	add(n, kv...)
	return n
}

func add(n *yaml.Node, kv ...any) {
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
}

// gerunds turns the verbs that begin page titles into operation verbs.
var gerunds = map[string]string{
	"creating": "Create", "deleting": "Delete", "updating": "Update", "modifying": "Update",
	"querying": "Show", "obtaining": "Show", "getting": "Show", "listing": "List", "confirming": "Confirm",
	"adding": "Add", "removing": "Remove", "canceling": "Cancel", "cancelling": "Cancel",
	"enabling": "Enable", "disabling": "Disable", "applying": "Apply", "renewing": "Renew",
	"authorizing": "Authorize", "binding": "Bind", "unbinding": "Unbind", "setting": "Set",
}

// operationID names a page's operation: as its SDK sample code does, else
// from its title ("Querying the Permission List" → "ListPermissions").
func operationID(p *docpage.Page) string {
	if p.SDKOperation != "" {
		return p.SDKOperation
	}
	var words []string
	for _, w := range strings.FieldsFunc(p.Title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch strings.ToLower(w) {
		case "a", "an", "the", "of":
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return strings.ToLower(p.Method) + "Operation"
	}
	if v, ok := gerunds[strings.ToLower(words[0])]; ok {
		words[0] = v
	}
	if words[0] == "Show" && len(words) > 2 && strings.EqualFold(words[len(words)-1], "list") {
		words = append([]string{"List"}, words[1:len(words)-1]...)
		words[len(words)-1] += "s"
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
