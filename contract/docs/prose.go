package docs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/specdrift/specdrift/contract"
)

// The prose against the tables: what a page says in words that its own
// tables contradict.

// togetherRe is a sentence saying that parameters work only together:
// "The two parameters take effect only when they are used together",
// "marker and limit must be used together".
var togetherRe = regexp.MustCompile(`(?i)\b(?:only|must|have to|need to)\b.*\btogether\b|\btogether\b.*\bonly\b`)

// together reports a parameter that the prose says takes effect only
// together with others while the table gives it a default: a default is in
// effect whether the others are sent or not.
func (l *linter) together() {
	for _, pr := range l.page.Prose {
		if !strings.Contains(strings.ToLower(pr.Text), "together") {
			continue
		}
		ss := sentences(pr.Text)
		for i, s := range ss {
			if !togetherRe.MatchString(s) {
				continue
			}
			// The parameters are named in the sentence, or in the one before
			// it ("Parameters marker and limit are used for pagination
			// query. The two parameters take effect only when ...").
			named := l.namedParams(s)
			if len(named) < 2 && i > 0 {
				named = l.namedParams(ss[i-1] + " " + s)
			}
			if len(named) < 2 {
				continue
			}
			for _, f := range named {
				if f.Default == nil {
					continue
				}
				others := names(named, f)
				def := defaultString(f, f.Type.Base)
				l.add(contract.RuleDocTogetherDefault, pr.Line, inOf(f), f.Name,
					fmt.Sprintf("%s without a default: it takes effect only together with %s", f.Name, others),
					fmt.Sprintf("%s (line %d)", def, f.At.Line),
					fmt.Sprintf("The page's %s text (line %d) says %s take effect only together; the table (line %d) gives %s the %s, which is in effect whether %s is sent or not.",
						pr.Section, pr.Line, andList(named), f.At.Line, f.Name, def, others))
			}
		}
	}
}

// namedParams are the page's parameters and top-level request body fields
// that the text names, in table order.
func (l *linter) namedParams(text string) []*Field {
	var out []*Field
	cands := append([]*Field{}, l.op.Params...)
	if l.op.Body != nil {
		cands = append(cands, l.op.Body.Props...)
	}
	for _, f := range cands {
		if hasWord(text, f.Name) {
			out = append(out, f)
		}
	}
	return out
}

func names(fs []*Field, except *Field) string {
	var out []string
	for _, f := range fs {
		if f != except {
			out = append(out, f.Name)
		}
	}
	return strings.Join(out, ", ")
}

// inOf is the In of findings about a parameter or top-level body field.
func inOf(f *Field) string {
	if f.In == "body" {
		return "request.body"
	}
	return "request." + f.In
}

// conditionalRe is a description that makes a parameter mandatory only
// under a condition: "mandatory when token authentication is used",
// "mandatory if the message body exists", "if ..., this parameter is
// required", "optional when ...".
var conditionalRe = regexp.MustCompile(`(?i)\b(?:mandatory|required|optional)\s+(?:only\s+)?(?:when|if|unless|in case)\b|\b(?:if|when|unless)\b[^.]*\b(?:is|are)\s+(?:mandatory|required|optional)\b`)

// mandatoryConditional reports rows marked mandatory whose description
// makes them mandatory only under a condition.
func (l *linter) mandatoryConditional() {
	for ti := range l.page.Tables {
		t := &l.page.Tables[ti]
		for _, r := range t.Rows {
			if r.Mandatory == nil || !*r.Mandatory {
				continue
			}
			var cond string
			for _, s := range sentences(r.Description) {
				if conditionalRe.MatchString(s) {
					cond = s
					break
				}
			}
			if cond == "" {
				continue
			}
			in, ptr := rowAt(t, r)
			l.add(contract.RuleDocMandatoryConditional, r.Line, in, ptr, "mandatory in every request", cond,
				fmt.Sprintf("The table marks %s mandatory; its description makes it conditional: %q Mark it optional and state the condition, or drop the condition.",
					rowSubject(t, r), cond))
		}
	}
}

// andList names fields as "a and b", "a, b and c".
func andList(fs []*Field) string {
	var ns []string
	for _, f := range fs {
		ns = append(ns, f.Name)
	}
	if len(ns) < 2 {
		return strings.Join(ns, "")
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}
