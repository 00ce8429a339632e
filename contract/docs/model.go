package docs

import (
	"math"
	"strconv"
	"strings"
)

// Operation is what a page or a spec says about one operation.
type Operation struct {
	Method string
	Path   string
	At     Loc
	// Params are the path, query and header parameters, in order. Headers
	// OpenAPI describes elsewhere (Content-Type, Accept, Authorization) are
	// in Media instead.
	Params []*Field
	Media  []*Field
	// Body is the request body, an object Field; nil when none is documented.
	Body      *Field
	Responses []*Response // in status order
	// Objects are a page's nested object tables by name; nil for a spec.
	Objects map[string]*Field
}

// Response is one documented status and its body.
type Response struct {
	Status int // 0 for a spec's "default"
	At     Loc
	Body   *Field // nil when no body is documented
}

// Loc is where something is: a line of a page, or a JSON pointer into a spec.
type Loc struct {
	Line    int
	Pointer string
}

// Bounds is an inclusive range; a nil end is unbounded (or the default).
type Bounds struct{ Min, Max *float64 }

// Type is a normalized type: a JSON Schema type ("string", "integer",
// "number", "boolean", "object", "array", or "" when unknown) and, for
// numbers, the format ("int32", "int64", "float", "double").
type Type struct {
	Base   string
	Format string
}

// Field is one parameter, property, array item or body.
type Field struct {
	Name string
	In   string // path, query, header, body or response
	// Required is nil when the source does not say (a page's response
	// tables have no Mandatory column).
	Required *bool
	Type     Type
	Written  string // the type as the page writes it; "" for a spec
	// Description is the page's description text (without constraints).
	Description string
	// Format is a string's date or time format: the pattern a page's
	// description states ("The time is in the yyyy-MM-ddTHH:mm:ss format."),
	// or a spec's format (date, date-time, or such a pattern).
	Format string
	Length Bounds // of a string, in characters
	Range  Bounds // of a number
	Count  Bounds // of an array, in items
	// Enum lists the allowed values; EnumDeclared is set when the source
	// declares an enumeration, even an empty one.
	Enum         []string
	EnumDeclared bool
	Default      *string
	// Props are an object's properties; PropsKnown is false where they are
	// not described (a bare "Object" type, an unresolved reference).
	Props      []*Field
	PropsKnown bool
	Items      *Field // an array's items; nil when the type does not say
	Ref        string // the object's name: the page table or spec schema
	At         Loc
	// PropsAt is where the properties are described: a page's object
	// table, a spec schema's properties.
	PropsAt Loc
	// Deviation and CompletedFrom are a spec's x-specdrift-deviation and
	// x-specdrift-completed-from on this element; DeviationRules its
	// x-specdrift-deviation-rules, the rules the deviation is about.
	Deviation      string
	DeviationRules []string
	CompletedFrom  string
}

// Prop returns the property named name, or nil.
func (f *Field) Prop(name string) *Field {
	for _, p := range f.Props {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// Response returns the response of status, or nil.
func (o *Operation) Response(status int) *Response {
	for _, r := range o.Responses {
		if r.Status == status {
			return r
		}
	}
	return nil
}

// TypeString renders the type for a person: "string", "integer (int64)",
// "array of string", "array" when the items are not described.
func (f *Field) TypeString() string {
	if f == nil || f.Type.Base == "" {
		return "unknown"
	}
	s := f.Type.Base
	if f.Type.Format != "" {
		s += " (" + f.Type.Format + ")"
	}
	if f.Type.Base == "array" && f.Items != nil && f.Items.Type.Base != "" {
		s += " of " + f.Items.TypeString()
	}
	if f.Ref != "" && f.Type.Base == "object" {
		s += " " + f.Ref
	}
	return s
}

// scalarTypes maps the type names pages use to types.
var scalarTypes = map[string]Type{
	"string": {"string", ""}, "char": {"string", ""}, "date": {"string", ""},
	"datetime": {"string", ""}, "file": {"string", ""}, "binary": {"string", ""},
	"integer": {"integer", "int32"}, "int": {"integer", "int32"}, "int32": {"integer", "int32"},
	"short": {"integer", "int32"}, "byte": {"integer", "int32"},
	"long": {"integer", "int64"}, "int64": {"integer", "int64"}, "timestamp": {"integer", "int64"},
	"number": {"number", ""}, "bigdecimal": {"number", ""}, "decimal": {"number", ""},
	"float": {"number", "float"}, "double": {"number", "double"},
	"boolean": {"boolean", ""}, "bool": {"boolean", ""},
	"object": {"object", ""}, "map": {"object", ""}, "json": {"object", ""},
	"array": {"array", ""}, "list": {"array", ""},
	"any": {"", ""},
}

// parseType reads a type as a page writes it: the type itself, the type of
// the items as written ("" when not an array or not said), and the object
// name it refers to ("" when none).
func parseType(written string) (t Type, items string, ref string, ok bool) {
	w := strings.TrimSpace(written)
	l := strings.ToLower(w)
	if st, ok := scalarTypes[l]; ok {
		return st, "", "", true
	}
	for _, p := range []string{"array of ", "list of "} {
		if strings.HasPrefix(l, p) {
			return Type{Base: "array"}, singular(w[len(p):]), "", true
		}
	}
	if inner, ok := between(w, "<", ">"); ok {
		switch {
		case strings.HasPrefix(l, "list<"), strings.HasPrefix(l, "array<"), strings.HasPrefix(l, "set<"):
			return Type{Base: "array"}, inner, "", true
		case strings.HasPrefix(l, "map<"):
			return Type{Base: "object"}, "", "", true
		}
	}
	if name, found := strings.CutSuffix(w, " object"); found && name != "" && !strings.ContainsAny(name, " \t") {
		return Type{Base: "object"}, "", name, true
	}
	return Type{}, "", "", false
}

// singular turns the item type of "Array of strings" or "Array of
// Authorisation objects" into "string" or "Authorisation object".
func singular(s string) string {
	s = strings.TrimSpace(s)
	if name, ok := strings.CutSuffix(s, " objects"); ok {
		return name + " object"
	}
	if strings.HasSuffix(s, "s") && !strings.HasSuffix(strings.ToLower(s), "ss") {
		if _, ok := scalarTypes[strings.ToLower(s[:len(s)-1])]; ok {
			return s[:len(s)-1]
		}
		if strings.EqualFold(s, "arrays") {
			return "Array"
		}
	}
	return s
}

func between(s, open, close string) (string, bool) {
	i, j := strings.Index(s, open), strings.LastIndex(s, close)
	if i < 0 || j <= i {
		return "", false
	}
	return strings.TrimSpace(s[i+1 : j]), true
}

// formatRange is the range a number format implies.
func formatRange(format string) (lo, hi float64) {
	switch format {
	case "int32":
		return math.MinInt32, math.MaxInt32
	case "int64":
		return math.MinInt64, math.MaxInt64
	}
	return math.Inf(-1), math.Inf(1)
}

func num(f float64) string {
	if math.IsInf(f, 0) {
		if f > 0 {
			return "∞"
		}
		return "-∞"
	}
	switch {
	case f == math.MaxInt64: // 2^63: the page wrote the int64 limit
		return "9223372036854775807"
	case f == math.MinInt64:
		return "-9223372036854775808"
	case f == math.Trunc(f) && math.Abs(f) < math.MaxInt64:
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func ptr[T any](v T) *T { return &v }

// timeFormat names a date or time format as OpenAPI would: a pattern that
// is an RFC 3339 date ("yyyy-MM-dd") is "date", one that is an RFC 3339
// date-time (with a zone: Z, X, XXX) is "date-time"; other patterns stay as
// they are.
func timeFormat(f string) string {
	p := strings.ReplaceAll(f, "'", "")
	switch {
	case p == "yyyy-MM-dd":
		return "date"
	case strings.HasPrefix(p, "yyyy-MM-ddTHH:mm:ss") && strings.ContainsAny(p[len("yyyy-MM-ddTHH:mm:ss"):], "ZX"):
		return "date-time"
	}
	return f
}
