package docs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// An enumeration narrower than the description: the field's values, from
// its table ("Enumerated values:") or its description ("vpc indicates
// VPCs", "The value can be SHARED or EXCLUSIVE"), against the kinds of
// thing a description names: a list in parentheses ("ID of the network
// instance (VPC or virtual gateway)") in the field's own description or in
// that of the field whose type it gives (instance_type gives the type of
// instance_id), and, beside a declared enumeration, the values the
// description states.

// enumValue is one allowed value and what the page says it means.
type enumValue struct{ value, meaning string }

var (
	// indicatesRe is a sentence explaining a value: "vpc indicates VPCs".
	// A value is a lower-case or upper-case token, not a word such as
	// "This".
	indicatesRe = regexp.MustCompile(`^([a-z0-9_]+|[A-Z0-9_]+)\s+(?:indicates|means|stands for|refers to)\s+(?:an?\s+|the\s+)?([^.;]+)`)
	// canBeRe is a sentence listing values: "The value can be SHARED or
	// EXCLUSIVE", "Values: a, b".
	canBeRe = regexp.MustCompile(`(?i)\bvalues?\s+(?:can|may|must)\s+be\s+(?:one of\s+)?(?:the following:?\s+)?([^.;]+)`)
	// parenListRe is a list of alternatives in parentheses.
	parenListRe = regexp.MustCompile(`\(([^()]{1,120})\)`)
	altSepRe    = regexp.MustCompile(`\s*,\s*(?:or\s+)?|\s+and/or\s+|\s+or\s+`)
)

// statedValues are the values a description states, or nil.
func statedValues(desc string) []enumValue {
	var out []enumValue
	for _, s := range sentences(desc) {
		if m := indicatesRe.FindStringSubmatch(s); m != nil {
			out = append(out, enumValue{m[1], strings.TrimSpace(m[2])})
			continue
		}
		if m := canBeRe.FindStringSubmatch(s); m != nil {
			parts := alternatives(m[1])
			ok := len(parts) > 1
			for _, p := range parts {
				ok = ok && !strings.ContainsAny(p, " \t")
			}
			for _, p := range parts {
				if ok {
					out = append(out, enumValue{p, ""})
				}
			}
		}
	}
	return out
}

// alternatives splits "A or B", "A, B, or C" into its parts, articles
// dropped; nil when there is no "or".
func alternatives(s string) []string {
	if !strings.Contains(s, " or ") && !strings.Contains(s, " and/or ") {
		return nil
	}
	var out []string
	for _, p := range altSepRe.Split(strings.TrimSpace(s), -1) {
		p = strings.TrimSpace(p)
		for _, a := range []string{"a ", "an ", "the "} {
			p = strings.TrimPrefix(p, a)
		}
		if p == "" || len(strings.Fields(p)) > 4 {
			return nil
		}
		out = append(out, p)
	}
	return out
}

// kindsIn are the alternatives a description lists in parentheses.
func kindsIn(desc string) []string {
	var out []string
	for _, m := range parenListRe.FindAllStringSubmatch(desc, -1) {
		out = append(out, alternatives(m[1])...)
	}
	return out
}

// typeStem is the name of what a field gives the type of: "instance" for
// instance_type or instanceType, "" when the name does not end in type.
func typeStem(name string) string {
	l := strings.ToLower(name)
	if !strings.HasSuffix(l, "type") || len(l) == len("type") {
		return ""
	}
	return strings.TrimRight(name[:len(name)-len("type")], "_- ")
}

// typedBy reports whether a row names the thing stem, or its ID or name
// (instance, instance_id, instanceId, instance_name).
func typedBy(row, stem string) bool {
	r, s := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(row)), strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(stem))
	return r == s || r == s+"id" || r == s+"ids" || r == s+"name"
}

// enumNarrower reports enumerations that allow fewer kinds of things than
// a description names, and names the kinds no value stands for.
func (l *linter) enumNarrower() {
	for ti := range l.page.Tables {
		t := &l.page.Tables[ti]
		for _, r := range t.Rows {
			values := statedValues(r.Description)
			declared := len(r.Enum) > 0
			if declared {
				values = nil
				for _, v := range r.Enum {
					values = append(values, enumValue{v, ""})
				}
			}
			if len(values) == 0 {
				continue
			}
			// the rows whose descriptions name kinds, and the kinds
			type naming struct {
				row   docpage.Param
				kinds []string
			}
			var namings []naming
			own := kindsIn(r.Description)
			if declared {
				for _, v := range statedValues(r.Description) {
					own = append(own, v.value)
				}
			}
			namings = append(namings, naming{r, own})
			if stem := typeStem(r.Name); stem != "" {
				for _, s := range t.Rows {
					if s.Name != r.Name && typedBy(s.Name, stem) {
						namings = append(namings, naming{s, kindsIn(s.Description)})
					}
				}
			}
			var left, where []string
			for _, n := range namings {
				// Only a description that names more kinds than there are
				// values counts: kinds in words ("yearly/monthly or
				// pay-per-use") may well be values in code (prePaid,
				// postPaid) that no word matches.
				if len(distinct(n.kinds)) <= len(values) {
					continue
				}
				bad := false
				for _, k := range n.kinds {
					if !allows(values, k) && !contains(left, k) {
						left, bad = append(left, k), true
					}
				}
				if bad {
					where = append(where, fmt.Sprintf("the description of %s (line %d) names %s", n.row.Name, n.row.Line, quoteList(n.kinds)))
				}
			}
			if len(left) == 0 {
				continue
			}
			in, ptr := rowAt(t, r)
			l.add(contract.RuleDocEnumNarrower, r.Line, in, ptr, "a value for "+strings.Join(left, ", "), valueList(values),
				fmt.Sprintf("%s; %s: %s %s none.",
					capital(strings.Join(where, "; ")), valuesSource(declared, rowSubject(t, r), r.Line, values),
					quoteList(left), hasHave(len(left))))
		}
	}
}

func distinct(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// allows reports whether a kind is one of the values or what one means:
// "VPC" is vpc, which "indicates VPCs".
func allows(values []enumValue, kind string) bool {
	k := strings.Join(words(kind), " ")
	for _, v := range values {
		if k == strings.Join(words(v.value), " ") || v.meaning != "" && k == strings.Join(words(v.meaning), " ") {
			return true
		}
	}
	return false
}

func valueList(vs []enumValue) string {
	var out []string
	for _, v := range vs {
		s := v.value
		if v.meaning != "" {
			s += " (" + v.meaning + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func valuesSource(declared bool, subj string, line int, values []enumValue) string {
	what := "value"
	if len(values) > 1 {
		what = "values"
	}
	if declared {
		return fmt.Sprintf("the enumeration of %s (line %d) allows only the %s %s", subj, line, what, valueList(values))
	}
	return fmt.Sprintf("the description of %s (line %d) states only the %s %s", subj, line, what, valueList(values))
}
