package docpage

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	annotationRe = regexp.MustCompile(`(?i)(?:^|\s)(Minimum length|Maximum length|Minimum value|Maximum value|Minimum|Maximum|Default value|Default|Array length|Value range|Enumerated values|Enumeration values):`)
	numberRe     = regexp.MustCompile(`^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?`)
	rangeRe      = regexp.MustCompile(`^([-+]?\d+(?:\.\d+)?)\s*(?:to|-|~)\s*([-+]?\d+(?:\.\d+)?)`)
)

// annotation is one "Key: value" constraint found in a description.
type annotation struct {
	key   string // lower case, e.g. "minimum length"
	value string
	text  string // the annotation as written
}

// splitAnnotations splits a description cell into its prose and the
// constraint annotations that follow it.
func splitAnnotations(s string) (string, []annotation) {
	if !strings.Contains(s, ":") {
		return strings.TrimSpace(s), nil // every annotation has a colon
	}
	ms := annotationRe.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return strings.TrimSpace(s), nil
	}
	prose := strings.TrimSpace(s[:ms[0][2]])
	anns := make([]annotation, len(ms))
	for k, m := range ms {
		end := len(s)
		if k+1 < len(ms) {
			end = ms[k+1][2]
		}
		anns[k] = annotation{
			key:   strings.ToLower(s[m[2]:m[3]]),
			value: strings.TrimSpace(s[m[1]:end]),
			text:  strings.TrimSpace(s[m[2]:end]),
		}
	}
	return prose, anns
}

// param turns a row into a Param. strict rows come from one-row-per-line
// pipe tables, whose cell count must match the header.
func (p *parser) param(r row, cols []column, strict bool) Param {
	prm := Param{Name: r[0].text, Line: r[0].line + 1}
	if prm.Name == "" {
		p.warn(r[0].line, "table row without a parameter name")
	}
	if strict && len(r) != len(cols) {
		p.warn(r[0].line, "row %q has %d cells, the header has %d", prm.Name, len(r), len(cols))
	}
	var desc []cell
	var missing []string
	for k, col := range cols {
		if k >= len(r) {
			missing = append(missing, colLabel(col))
			continue
		}
		c := r[k]
		switch col {
		case colMandatory:
			switch {
			case strings.EqualFold(c.text, "yes"):
				prm.Mandatory = ptr(true)
			case strings.EqualFold(c.text, "no"):
				prm.Mandatory = ptr(false)
			default:
				p.warn(c.line, "row %q: Mandatory is %q, not Yes or No", prm.Name, c.text)
			}
		case colType:
			prm.Type = c.text
			if !looksLikeType(c.text) {
				p.warn(c.line, "row %q: %q does not look like a type", prm.Name, c.text)
			}
		case colDesc:
			desc = r[k : k+1]
			if k == len(cols)-1 {
				desc = r[k:]
			}
		}
	}
	if len(missing) > 0 {
		p.warn(r[len(r)-1].line, "row %q has no %s cell", prm.Name, strings.Join(missing, ", "))
	}
	p.describe(&prm, desc)
	return prm
}

func colLabel(c column) string {
	return [...]string{"Parameter", "Mandatory", "Type", "Description", "Status Code"}[c]
}

func ptr[T any](v T) *T { return &v }

// describe fills Description and the constraint fields from the
// description cells of a row.
func (p *parser) describe(prm *Param, cells []cell) {
	var kept []string
	enumMode := false
	for _, c := range cells {
		prose, anns := splitAnnotations(c.text)
		if prose != "" && enumMode {
			prm.Enum = append(prm.Enum, enumItems(prose)...)
			prose = ""
		}
		for _, a := range anns {
			enumMode = false
			switch a.key {
			case "minimum", "minimum length", "minimum value":
				p.bound(&prm.Min, prm.Name, a, c.line)
			case "maximum", "maximum length", "maximum value":
				p.bound(&prm.Max, prm.Name, a, c.line)
			case "default", "default value":
				prm.Default = a.value
			case "array length":
				m := rangeRe.FindStringSubmatch(a.value)
				lo, err1 := strconv.Atoi(safeIndex(m, 1))
				hi, err2 := strconv.Atoi(safeIndex(m, 2))
				if err1 != nil || err2 != nil {
					p.warn(c.line, "row %q: cannot read %q", prm.Name, a.text)
					continue
				}
				prm.MinItems, prm.MaxItems = &lo, &hi
			case "value range":
				prose = strings.TrimSpace(prose + " " + a.text)
				if m := rangeRe.FindStringSubmatch(a.value); m != nil {
					p.bound(&prm.Min, prm.Name, annotation{"value range", m[1], a.text}, c.line)
					p.bound(&prm.Max, prm.Name, annotation{"value range", m[2], a.text}, c.line)
				}
			default: // enumerated values
				prm.EnumDeclared, enumMode = true, true
				prm.Enum = append(prm.Enum, enumItems(a.value)...)
			}
		}
		if prose != "" {
			kept = append(kept, prose)
		}
	}
	prm.Description = strings.Join(kept, "\n")
	if prm.EnumDeclared && len(prm.Enum) == 0 {
		p.warn(prm.Line-1, "row %q: \"Enumerated values:\" lists no values", prm.Name)
	}
}

func safeIndex(m []string, i int) string {
	if i < len(m) {
		return m[i]
	}
	return ""
}

// bound sets a Min or Max from an annotation; a conflicting earlier value
// is reported and replaced.
func (p *parser) bound(dst **float64, name string, a annotation, line int) {
	f, err := strconv.ParseFloat(numberRe.FindString(a.value), 64)
	if err != nil {
		p.warn(line, "row %q: cannot read %q", name, a.text)
		return
	}
	if *dst != nil && **dst != f {
		p.warn(line, "row %q: %q conflicts with an earlier bound %v", name, a.text, **dst)
	}
	*dst = &f
}

// enumItems splits the values of an "Enumerated values:" list: one per
// line, "- a - b" bullets, "a, b", or "a b".
func enumItems(v string) []string {
	v = strings.TrimSpace(v)
	var parts []string
	switch {
	case v == "":
		return nil
	case strings.Contains(v, "\n"):
		parts = strings.Split(v, "\n")
	case strings.HasPrefix(v, "- ") || strings.Contains(v, " - "):
		parts = strings.Split(" "+v, " - ")
	case strings.Contains(v, ","):
		parts = strings.Split(v, ",")
	default:
		parts = strings.Fields(v)
	}
	var out []string
	for _, s := range parts {
		s = strings.TrimSpace(s)
		s = strings.TrimSpace(strings.TrimLeft(s, "-•*"))
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// groupRows groups a stream of cells into rows. A row starts at a name
// followed by Yes/No (tables with a Mandatory column), at a name followed by
// a type (tables with a Type column), or at a status code; cells in between
// are extra description paragraphs and constraint lines.
func groupRows(cells []cell, cols []column) []row {
	has := func(c column) bool {
		for _, x := range cols {
			if x == c {
				return true
			}
		}
		return false
	}
	var rows []row
	for k, c := range cells {
		next := ""
		if k+1 < len(cells) {
			next = cells[k+1].text
		}
		n := 0
		if len(rows) > 0 {
			n = len(rows[len(rows)-1])
		}
		var start bool
		switch {
		case n == 0:
			start = true
		case cols[0] == colCode:
			start = isStatusCode(c.text)
		case has(colMandatory):
			start = looksLikeName(c.text) && isYesNo(next)
		case has(colType):
			start = n >= 2 && looksLikeName(c.text) && looksLikeType(next)
		default:
			start = n >= len(cols)
		}
		if start {
			rows = append(rows, row{c})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], c)
		}
	}
	return rows
}
