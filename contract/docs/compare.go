package docs

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Kind is what a Difference is about.
type Kind int

// The kinds of difference.
const (
	MissingInB       Kind = iota // A has a parameter, field or body that B lacks
	MissingInA                   // B has one that A lacks
	Required                     // one says required, the other optional
	TypeKind                     // the types conflict
	ItemType                     // one gives the items' type, the other does not
	Length                       // string lengths differ
	Count                        // array lengths differ
	Range                        // number ranges differ
	Enum                         // enumerations differ
	Default                      // defaults differ
	Format                       // date and time formats differ
	StatusMissingInB             // A documents a status B does not
	StatusMissingInA             // B documents a status A does not
)

// Difference is one thing two models say differently.
type Difference struct {
	Kind    Kind
	In      string // request.path, request.query, request.header, request.body, response.body, response.status
	Pointer string // the parameter name, or a pointer into the body ("/authorisations/*/id")
	Status  int    // for responses
	// A and B are the fields (nil for the side that lacks one); for a
	// missing field, AParent or BParent is the object or operation that
	// lacks it.
	A, B             *Field
	AParent, BParent Loc
	// AState and BState say what each side states, "" when it states
	// nothing about the matter.
	AState, BState string
}

// Options tune a comparison.
type Options struct {
	// Shallow compares fields without their properties: pages compare
	// each named object table on its own.
	Shallow bool
}

// Compare lists what a and b say differently about an operation:
// parameters, request body, statuses and response bodies.
func Compare(a, b *Operation, opts Options) []Difference {
	c := &comparer{opts: opts}
	c.params(a, b)
	for _, m := range a.Media {
		if strings.EqualFold(m.Name, "Content-Type") && a.Body != nil && b.Body == nil {
			c.add(Difference{Kind: MissingInB, In: "request.header", Pointer: m.Name, A: m, BParent: b.At,
				AState: "a Content-Type header for a request body", BState: ""})
		}
	}
	c.body(a.Body, b.Body, a.At, b.At, "request.body", 0)
	for _, ra := range a.Responses {
		rb := b.Response(ra.Status)
		if rb == nil {
			c.add(Difference{Kind: StatusMissingInB, In: "response.status", Pointer: statusName(ra.Status),
				Status: ra.Status, AParent: ra.At, BParent: b.At, AState: "status " + statusName(ra.Status)})
			continue
		}
		c.body(ra.Body, rb.Body, ra.At, rb.At, "response.body", ra.Status)
	}
	for _, rb := range b.Responses {
		if a.Response(rb.Status) == nil {
			c.add(Difference{Kind: StatusMissingInA, In: "response.status", Pointer: statusName(rb.Status),
				Status: rb.Status, AParent: a.At, BParent: rb.At, BState: "status " + statusName(rb.Status)})
		}
	}
	return c.out
}

// CompareFields lists what two fields of the same name say differently.
func CompareFields(a, b *Field, in, pointer string, opts Options) []Difference {
	c := &comparer{opts: opts}
	c.field(a, b, in, pointer, 0)
	return c.out
}

func statusName(s int) string {
	if s == 0 {
		return "default"
	}
	return strconv.Itoa(s)
}

type comparer struct {
	opts Options
	out  []Difference
}

func (c *comparer) add(d Difference) { c.out = append(c.out, d) }

func (c *comparer) params(a, b *Operation) {
	key := func(f *Field) string { return f.In + " " + strings.ToLower(f.Name) }
	inB := map[string]*Field{}
	for _, f := range b.Params {
		inB[key(f)] = f
	}
	matched := map[string]bool{}
	for _, fa := range a.Params {
		fb := inB[key(fa)]
		if fb == nil {
			c.add(Difference{Kind: MissingInB, In: "request." + fa.In, Pointer: fa.Name, A: fa, BParent: b.At,
				AState: fa.In + " parameter " + fa.Name})
			continue
		}
		matched[key(fa)] = true
		c.field(fa, fb, "request."+fa.In, fa.Name, 0)
	}
	for _, fb := range b.Params {
		if !matched[key(fb)] {
			c.add(Difference{Kind: MissingInA, In: "request." + fb.In, Pointer: fb.Name, B: fb, AParent: a.At,
				BState: fb.In + " parameter " + fb.Name})
		}
	}
}

// body compares two bodies, either of which may be absent.
func (c *comparer) body(a, b *Field, atA, atB Loc, in string, status int) {
	switch {
	case a == nil && b == nil:
	case b == nil:
		c.add(Difference{Kind: MissingInB, In: in, Pointer: "", Status: status, A: a, BParent: atB, AState: "a body"})
	case a == nil:
		c.add(Difference{Kind: MissingInA, In: in, Pointer: "", Status: status, B: b, AParent: atA, BState: "a body"})
	default:
		n := len(c.out)
		c.field(a, b, in, "", 0)
		for i := n; i < len(c.out); i++ {
			c.out[i].Status = status
		}
	}
}

const maxDepth = 32

// field compares two fields of the same name and, unless Shallow, their
// properties and items.
func (c *comparer) field(a, b *Field, in, ptr string, depth int) {
	if depth > maxDepth {
		return
	}
	d := Difference{In: in, Pointer: ptr, A: a, B: b}
	if a.Required != nil && b.Required != nil && *a.Required != *b.Required {
		d.Kind, d.AState, d.BState = Required, requiredString(*a.Required), requiredString(*b.Required)
		c.add(d)
	}
	if conflict(a, b) {
		d.Kind, d.AState, d.BState = TypeKind, a.TypeString(), b.TypeString()
		c.add(d)
		if a.Type.Base != b.Type.Base {
			return // nothing else compares across types
		}
		c.constraints(a, b, d) // an array's length, an integer's range still do
		return
	}
	if a.Type.Base == "array" && b.Type.Base == "array" && known(a.Items) != known(b.Items) {
		d.Kind, d.AState, d.BState = ItemType, "", ""
		if known(a.Items) {
			d.AState = a.TypeString()
		} else {
			d.BState = b.TypeString()
		}
		c.add(d)
	}
	c.constraints(a, b, d)
	if a.Items != nil && b.Items != nil {
		c.constraints(a.Items, b.Items, Difference{In: in, Pointer: ptr + "/*", A: a.Items, B: b.Items})
		if !c.opts.Shallow {
			c.props(a.Items, b.Items, in, ptr+"/*", depth+1)
		}
	}
	if !c.opts.Shallow {
		c.props(a, b, in, ptr, depth+1)
	}
}

func known(f *Field) bool { return f != nil && f.Type.Base != "" }

// conflict reports types that cannot both hold: different JSON types,
// different number formats, or arrays of items of different types.
func conflict(a, b *Field) bool {
	if a.Type.Base == "" || b.Type.Base == "" {
		return false
	}
	if a.Type.Base != b.Type.Base {
		return true
	}
	if a.Type.Format != "" && b.Type.Format != "" && a.Type.Format != b.Type.Format {
		return true
	}
	if a.Type.Base == "array" && known(a.Items) && known(b.Items) {
		return conflict(a.Items, b.Items)
	}
	return false
}

func requiredString(r bool) string {
	if r {
		return "required"
	}
	return "optional"
}

// constraints compares lengths, ranges, enumerations and defaults.
func (c *comparer) constraints(a, b *Field, d Difference) {
	base := a.Type.Base
	if base == "" {
		base = b.Type.Base
	}
	if base == "string" || base == "" {
		if sa, sb, diff := bounds(a.Length, b.Length, 0, math.Inf(1), "characters"); diff {
			d.Kind, d.AState, d.BState = Length, sa, sb
			c.add(d)
		}
	}
	if base == "string" || base == "" {
		if fa, fb := timeFormat(a.Format), timeFormat(b.Format); fa != fb {
			d.Kind, d.AState, d.BState = Format, a.Format, b.Format
			c.add(d)
		}
	}
	if base == "array" {
		if sa, sb, diff := bounds(a.Count, b.Count, 0, math.Inf(1), "items"); diff {
			d.Kind, d.AState, d.BState = Count, sa, sb
			c.add(d)
		}
	}
	if base == "integer" || base == "number" {
		format := a.Type.Format
		if format == "" {
			format = b.Type.Format
		}
		lo, hi := formatRange(format)
		if sa, sb, diff := bounds(a.Range, b.Range, lo, hi, ""); diff {
			d.Kind, d.AState, d.BState = Range, sa, sb
			c.add(d)
		}
	}
	if sa, sb := enumString(a), enumString(b); !sameSet(a.Enum, b.Enum) {
		d.Kind, d.AState, d.BState = Enum, sa, sb
		c.add(d)
	}
	if sa, sb := defaultString(a, base), defaultString(b, base); sa != sb {
		d.Kind, d.AState, d.BState = Default, sa, sb
		c.add(d)
	}
}

// bounds compares two ranges whose missing ends default to lo and hi, and
// renders each ("" for a range that states nothing beyond the defaults).
func bounds(a, b Bounds, lo, hi float64, unit string) (string, string, bool) {
	eff := func(x Bounds) (float64, float64) {
		l, h := lo, hi
		if x.Min != nil {
			l = *x.Min
		}
		if x.Max != nil {
			h = *x.Max
		}
		return l, h
	}
	al, ah := eff(a)
	bl, bh := eff(b)
	render := func(l, h float64) string {
		if l == lo && h == hi {
			return ""
		}
		s := num(l) + ".." + num(h)
		if unit != "" {
			s += " " + unit
		}
		return s
	}
	return render(al, ah), render(bl, bh), al != bl || ah != bh
}

// enumString renders an enumeration; an empty one states nothing.
func enumString(f *Field) string {
	if len(f.Enum) == 0 {
		return ""
	}
	return "one of " + strings.Join(f.Enum, ", ")
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// defaultString normalizes a default: numbers as numbers, so that "1000"
// on a page equals 1000 in a spec.
func defaultString(f *Field, base string) string {
	if f.Default == nil {
		return ""
	}
	v := strings.TrimSpace(*f.Default)
	if base == "integer" || base == "number" {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return "default " + num(n)
		}
	}
	return fmt.Sprintf("default %q", v)
}

// props compares the properties of two objects whose properties both are
// known.
func (c *comparer) props(a, b *Field, in, ptr string, depth int) {
	if !a.PropsKnown || !b.PropsKnown {
		return
	}
	for _, pa := range a.Props {
		p := ptr + "/" + escape(pa.Name)
		pb := b.Prop(pa.Name)
		if pb == nil {
			c.add(Difference{Kind: MissingInB, In: in, Pointer: p, A: pa, BParent: b.PropsAt, AState: "field " + pa.Name})
			continue
		}
		c.field(pa, pb, in, p, depth)
	}
	for _, pb := range b.Props {
		if a.Prop(pb.Name) == nil {
			c.add(Difference{Kind: MissingInA, In: in, Pointer: ptr + "/" + escape(pb.Name), B: pb, AParent: a.PropsAt,
				BState: "field " + pb.Name})
		}
	}
}
