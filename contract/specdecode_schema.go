package contract

import (
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/specdrift/specdrift/contract/internal/jsonpos"
)

// schemaPiece decodes a schema in pieces: first the schema with each of its
// subschemas (properties, items, additionalProperties, not, allOf, anyOf,
// oneOf) replaced by {}, then each subschema the same way. kin-openapi's
// schema decoder reads a schema's whole text four times (as a $ref, as a
// boolean, as a schema and for its extensions) and then each subschema's
// text again, so its cost grows with the depth of nesting; in pieces, each
// level reads its own text. A schema of another shape (a $ref, a repeated
// key) is decoded whole.
type schemaPiece struct {
	n   jsonpos.Node
	ref *openapi3.SchemaRef
}

// UnmarshalJSON decodes the node's text, which is the text given.
func (p *schemaPiece) UnmarshalJSON([]byte) error { return decodeSchema(p.n, p.ref) }

// subschema is one subschema cut out of its schema, and where it goes.
type subschema struct {
	n   jsonpos.Node
	set func(parent *openapi3.Schema, child *openapi3.SchemaRef)
}

func decodeSchema(n jsonpos.Node, ref *openapi3.SchemaRef) error {
	if n.Kind() != '{' {
		return ref.UnmarshalJSON(n.Raw())
	}
	subs, ok := subschemas(n)
	if !ok || len(subs) == 0 {
		return ref.UnmarshalJSON(n.Raw())
	}
	cut := make([]jsonpos.Node, len(subs))
	for i, s := range subs {
		cut[i] = s.n
	}
	if err := ref.UnmarshalJSON(skeleton(n.Raw(), n.Offset(), cut)); err != nil {
		return err
	}
	for _, s := range subs {
		child := &openapi3.SchemaRef{}
		if err := decodeSchema(s.n, child); err != nil {
			return err
		}
		s.set(ref.Value, child)
	}
	return nil
}

// subschemas lists the object-valued subschemas of a schema object; ok is
// false for one that is to be decoded whole.
func subschemas(n jsonpos.Node) (subs []subschema, ok bool) {
	ok = true
	seen := map[string]bool{}
	n.Each(func(key string, v jsonpos.Node) {
		ok = ok && !seen[key] && key != "$ref"
		seen[key] = true
		switch key {
		case "properties":
			if v.Kind() != '{' {
				return
			}
			names := map[string]bool{}
			v.Each(func(name string, c jsonpos.Node) {
				ok = ok && !names[name]
				names[name] = true
				if c.Kind() == '{' {
					subs = append(subs, subschema{c, func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.Properties[name] = r }})
				}
			})
		case "items", "not", "additionalProperties":
			if v.Kind() == '{' {
				subs = append(subs, subschema{v, setter(key)})
			}
		case "allOf", "anyOf", "oneOf":
			if v.Kind() != '[' {
				return
			}
			v.Each(func(tok string, c jsonpos.Node) {
				i, _ := strconv.Atoi(tok)
				if c.Kind() == '{' {
					subs = append(subs, subschema{c, listSetter(key, i)})
				}
			})
		}
	})
	return subs, ok
}

func setter(key string) func(*openapi3.Schema, *openapi3.SchemaRef) {
	switch key {
	case "items":
		return func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.Items = r }
	case "not":
		return func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.Not = r }
	}
	return func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.AdditionalProperties.Schema = r }
}

func listSetter(key string, i int) func(*openapi3.Schema, *openapi3.SchemaRef) {
	switch key {
	case "allOf":
		return func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.AllOf[i] = r }
	case "anyOf":
		return func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.AnyOf[i] = r }
	}
	return func(p *openapi3.Schema, r *openapi3.SchemaRef) { p.OneOf[i] = r }
}
