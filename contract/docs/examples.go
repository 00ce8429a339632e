package docs

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// examples checks the page's examples against its own tables.
func (l *linter) examples() {
	for _, ex := range l.page.Examples {
		if ex.Kind == "request" {
			l.requestExample(ex)
		} else {
			l.responseExample(ex)
		}
	}
}

func (l *linter) requestExample(ex docpage.Example) {
	p := l.page
	switch {
	case p.Method == "":
	case ex.Method == "":
		l.add(contract.RuleDocExampleRequestLine, ex.Line, "request", "method", p.Method, "nothing",
			fmt.Sprintf("The request example has no method; the URI section says %s.", p.Method))
	case ex.Method != p.Method:
		l.add(contract.RuleDocExampleRequestLine, ex.Line, "request", "method", p.Method, ex.Method,
			fmt.Sprintf("The request example is a %s; the URI section says %s.", ex.Method, p.Method))
	}
	path, query := splitURL(ex.URL)
	if p.Path != "" {
		if values, ok := matchPath(p.Path, path); !ok {
			l.add(contract.RuleDocExampleRequestLine, ex.Line, "request", "path", p.Path, path,
				fmt.Sprintf("The request example's path %s does not match the URI %s.", path, p.Path))
		} else {
			for _, name := range sortedKeys(values) {
				if f := l.param("path", name); f != nil {
					l.value(values[name], f, ex.Line, nil, "request.path", name)
				}
			}
		}
	}
	l.query(ex, query)
	l.exampleHeaders(ex)
	if ex.Body == "" {
		return
	}
	if l.op.Body == nil {
		l.add(contract.RuleDocExampleUndocumented, ex.BodyLine, "request.body", "", "no request body", "a body",
			"The request example has a body; the page documents no request body parameters.")
		return
	}
	l.body(ex, l.op.Body, "request.body", 0)
}

// query checks the example URL's query parameters against the query table.
func (l *linter) query(ex docpage.Example, raw string) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		l.add(contract.RuleDocExampleRequestLine, ex.Line, "request.query", "", "a query string", raw,
			fmt.Sprintf("The request example's query string %q does not parse: %v.", raw, err))
		return
	}
	for _, k := range sortedKeys(vals) {
		f := l.param("query", k)
		if f == nil {
			l.add(contract.RuleDocExampleUndocumented, ex.Line, "request.query", k, "no such query parameter", k+"="+strings.Join(vals[k], ","),
				fmt.Sprintf("The request example's URL sends the query parameter %s; the page documents no such query parameter.", k))
			continue
		}
		vf := f
		if f.Type.Base == "array" {
			vf = f.Items // nil where the page does not say of what
			l.bounds(make([]any, len(vals[k])), f, ex.Line, "request.query", k, l.what("request.query", k))
		}
		for _, v := range vals[k] {
			if vf != nil {
				l.value(v, vf, ex.Line, nil, "request.query", k)
			}
		}
	}
	for _, f := range l.op.Params {
		if f.In == "query" && f.Required != nil && *f.Required && !vals.Has(f.Name) && ex.URL != "" {
			l.add(contract.RuleDocExampleMissingRequired, ex.Line, "request.query", f.Name, "the query parameter "+f.Name, "nothing",
				fmt.Sprintf("The request example leaves out the query parameter %s, which the table (line %d) marks mandatory.", f.Name, f.At.Line))
		}
	}
}

func (l *linter) param(in, name string) *Field {
	for _, f := range l.op.Params {
		if f.In == in && strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func (l *linter) responseExample(ex docpage.Example) {
	status := ex.Status
	if ex.Body == "" && status == 0 {
		return // "None"
	}
	if status != 0 && l.op.Response(status) == nil {
		l.add(contract.RuleDocExampleStatus, ex.Line, "response.status", statusName(status), "a documented status", statusName(status),
			fmt.Sprintf("The response example has status %d, which the page does not document.", status))
		return
	}
	if ex.Body == "" {
		return
	}
	r := l.op.Response(status)
	if status == 0 {
		r = l.op.Response(successOf(l.op))
	}
	if r == nil || r.Body == nil {
		l.add(contract.RuleDocExampleUndocumented, ex.BodyLine, "response.body", "", "no response body", "a body",
			fmt.Sprintf("The response example for status %s has a body; the page documents no body parameters for it.", statusName(status)))
		return
	}
	l.body(ex, r.Body, "response.body", r.Status)
}

func successOf(op *Operation) int {
	for _, r := range op.Responses {
		if r.Status >= 200 && r.Status < 300 {
			return r.Status
		}
	}
	return 200
}

// body decodes an example body and walks it along the tables.
func (l *linter) body(ex docpage.Example, root *Field, in string, status int) {
	dec := json.NewDecoder(strings.NewReader(ex.Body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		l.add(contract.RuleDocPageWarning, ex.BodyLine, in, "", "a JSON body", "malformed JSON",
			fmt.Sprintf("The %s example's body is not JSON: %v.", strings.TrimSuffix(in, ".body"), err))
		return
	}
	lines := valueLines([]byte(ex.Body))
	l.status = status
	l.value(v, root, ex.BodyLine, lines, in, "")
}

// value checks one example value against its row: type, bounds, values,
// time format, and for objects and arrays what they hold.
func (l *linter) value(v any, f *Field, base int, lines map[string]int, in, ptr string) {
	line := base
	if lines != nil {
		line += lines[ptr]
	}
	if in == "request.path" || in == "request.query" {
		v = fromURL(v.(string), f.Type.Base)
	}
	what := l.what(in, ptr)
	kind := jsonKind(v)
	if f.Type.Base != "" && !kindFits(kind, f.Type.Base) {
		l.add(contract.RuleDocExampleType, line, in, ptr, typeWords(f), kind+" "+short(v),
			fmt.Sprintf("The example gives %s the %s %s; the table (line %d) types it %s.", what, kind, short(v), f.At.Line, typeWords(f)))
		return
	}
	l.bounds(v, f, line, in, ptr, what)
	switch x := v.(type) {
	case map[string]any:
		if !f.PropsKnown {
			return
		}
		for _, p := range f.Props {
			child := ptr + "/" + escape(p.Name)
			if cv, ok := x[p.Name]; ok {
				l.value(cv, p, base, lines, in, child)
			} else if p.Required != nil && *p.Required {
				l.add(contract.RuleDocExampleMissingRequired, line, in, child, "the field "+p.Name, "nothing",
					fmt.Sprintf("The example leaves out %s, which the table (line %d) marks mandatory.", l.what(in, child), p.At.Line))
			}
		}
		for _, k := range sortedKeys(x) {
			if f.Prop(k) == nil {
				child := ptr + "/" + escape(k)
				l.add(contract.RuleDocExampleUndocumented, base+lines[child], in, child, "no such field", k,
					fmt.Sprintf("The example has %s, which no table of the page lists.", l.what(in, child)))
			}
		}
	case []any:
		if f.Items == nil {
			return
		}
		for i, e := range x {
			l.value(e, f.Items, base, lines, in, fmt.Sprintf("%s/%d", ptr, i))
		}
	}
}

// bounds checks lengths, ranges, allowed values and time formats.
func (l *linter) bounds(v any, f *Field, line int, in, ptr, what string) {
	check := func(n float64, b Bounds, unit string) {
		if (b.Min != nil && n < *b.Min) || (b.Max != nil && n > *b.Max) {
			lo, hi := "", ""
			if b.Min != nil {
				lo = num(*b.Min)
			}
			if b.Max != nil {
				hi = num(*b.Max)
			}
			l.add(contract.RuleDocExampleBounds, line, in, ptr, strings.TrimSpace(lo+".."+hi+" "+unit), strings.TrimSpace(num(n)+" "+unit),
				fmt.Sprintf("The example gives %s %s %s; the table (line %d) allows %s..%s.", what, num(n), unit, f.At.Line, lo, hi))
		}
	}
	switch x := v.(type) {
	case string:
		check(float64(utf8.RuneCountInString(x)), f.Length, "characters")
		if re := formatRegexp(f.Format); re != nil && !re.MatchString(x) {
			l.add(contract.RuleDocExampleFormat, line, in, ptr, f.Format, x,
				fmt.Sprintf("The example gives %s %q; its description (line %d) states the format %s.", what, x, f.At.Line, f.Format))
		}
	case json.Number:
		if n, err := x.Float64(); err == nil {
			check(n, f.Range, "")
		}
	case []any:
		check(float64(len(x)), f.Count, "items")
	}
	if len(f.Enum) > 0 {
		if s, ok := scalarOf(v); ok && !contains(f.Enum, s) {
			l.add(contract.RuleDocExampleEnum, line, in, ptr, "one of "+strings.Join(f.Enum, ", "), s,
				fmt.Sprintf("The example gives %s %s; the table (line %d) allows only %s.", what, s, f.At.Line, strings.Join(f.Enum, ", ")))
		}
	}
}

func (l *linter) what(in, ptr string) string { return subject(in, ptr, l.status) }
