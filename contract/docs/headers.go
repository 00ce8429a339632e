package docs

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/specdrift/specdrift/contract"
	"github.com/specdrift/specdrift/contract/docpage"
)

// exampleHeaders reports a request example that leaves out a header the
// page marks mandatory, credentials aside (a recording's credentials are
// supplied where it is replayed), or Content-Type where it has a body.
// These are infos: an example is a sketch of a request more often than a
// recording of one, and no build should fail on them.
func (l *linter) exampleHeaders(ex docpage.Example) {
	if ex.URL == "" {
		return
	}
	sent := map[string]bool{}
	for _, h := range ex.Headers {
		sent[strings.ToLower(h.Name)] = true
	}
	for _, f := range append(append([]*Field{}, l.op.Params...), l.op.Media...) {
		if f.In != "header" || sent[strings.ToLower(f.Name)] || credential(f) {
			continue
		}
		switch {
		case strings.EqualFold(f.Name, "Content-Type"):
			// below, whatever the table marks: it is needed with a body
		case f.Required != nil && *f.Required:
			l.add(contract.RuleDocExampleMissingHeader, ex.Line, "request.header", f.Name, "the header "+f.Name, "nothing",
				fmt.Sprintf("The request example leaves out the header %s, which the table (line %d) marks mandatory.", f.Name, f.At.Line))
		}
	}
	if ex.Body == "" || sent["content-type"] {
		return
	}
	msg := "The request example has a body and no Content-Type header to say what it is."
	for _, m := range l.op.Media {
		if strings.EqualFold(m.Name, "Content-Type") {
			msg = fmt.Sprintf("The request example has a body and leaves out the Content-Type header, which the table (line %d) lists.", m.At.Line)
		}
	}
	l.add(contract.RuleDocExampleMissingHeader, ex.Line, "request.header", "Content-Type", "the header Content-Type", "nothing", msg)
}

// credentialRe are the names and words of credentials: Authorization, an
// X-Auth-Token, an API key, a signature, a cookie.
var (
	credentialNameRe = regexp.MustCompile(`(?i)^(?:proxy-)?authorization$|^cookie$|token|api-?key|signature`)
	credentialWordRe = regexp.MustCompile(`(?i)\b(?:token|credentials?|api key|access key|signature)\b`)
)

// credential reports a header that carries credentials, by its name or by
// the first sentence of its description ("User token.").
func credential(f *Field) bool {
	return credentialNameRe.MatchString(f.Name) || credentialWordRe.MatchString(firstSentence(f.Description))
}

// scenarios reports an example heading that lists several scenarios,
// separated by "/", over fewer requests than scenarios. The requests are
// taken to show the scenarios in the heading's order; the rest are named.
func (l *linter) scenarios() {
	exs := l.page.Examples
	for i := 0; i < len(exs); i++ {
		ex := exs[i]
		if ex.Kind != "request" || ex.Title == "" {
			continue
		}
		parts := scenarioList(ex.Title)
		if len(parts) < 2 {
			continue
		}
		n := 1 // the requests under this heading: it and the untitled ones after it
		for j := i + 1; j < len(exs) && exs[j].Kind == "request" && exs[j].Title == ""; j++ {
			n++
		}
		if n >= len(parts) {
			continue
		}
		line := ex.TitleLine
		if line == 0 {
			line = ex.Line
		}
		left := parts[n:]
		l.add(contract.RuleDocExampleScenarios, line, "request", "", fmt.Sprintf("%d requests, one for each scenario", len(parts)),
			plural(n, "request"),
			fmt.Sprintf("The example heading lists %d scenarios and the page gives %s (line %d); %s %s no example: %s.",
				len(parts), plural(n, "request"), ex.Line, plural(len(left), "scenario"), hasHave(len(left)), quoteList(left)))
	}
}

// scenarioList splits a heading at "/" into scenarios, each of two words
// or more; a heading with a single-word part ("VPC/subnet", "TCP/UDP") is
// one scenario.
func scenarioList(title string) []string {
	parts := strings.Split(title, "/")
	if len(parts) < 2 {
		return nil
	}
	for i, p := range parts {
		p = strings.TrimSuffix(strings.TrimSpace(p), ".")
		if len(strings.Fields(p)) < 2 {
			return nil
		}
		parts[i] = p
	}
	return parts
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
